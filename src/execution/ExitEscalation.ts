import type { EpochMillis } from "../domain/Time.ts"
import { type ManagedPosition, ordersWithRole } from "./ManagedPosition.ts"

/**
 * How hard a close is pushed (trading-core §6.6): the first close is NORMAL, the next two attempts AGGRESSIVE and
 * EMERGENCY (each a reduce-only market order for the remaining size), then QUARANTINE: no more automatic
 * closes, the operator is alerted, and the symbol takes no new entry while the position stays open (invariant A).
 */
export type ExitLevel = "aggressive" | "emergency"

export interface ExitEscalationSettings {
  /** How long one close attempt may stay unresolved before the next level. */
  readonly timeoutMs: number
  /** Close attempts (exit orders) after which a still stuck close is quarantined. */
  readonly maxAttempts: number
}

export const DEFAULT_EXIT_ESCALATION: ExitEscalationSettings = { timeoutMs: 60_000, maxAttempts: 3 }

/** The close attempts of the current close: exit orders placed since it began (an earlier close's do not count). */
export const exitAttempts = (p: ManagedPosition): number => ordersWithRole(p, "exit").length - (p.exitOrdersBefore ?? 0)

export type ExitEscalation =
  | { readonly _tag: "Wait" }
  | { readonly _tag: "Resend"; readonly level: ExitLevel }
  | { readonly _tag: "Quarantine" }

/**
 * What to do with a position in EXIT_PENDING whose last close attempt was sent at `lastAttemptAt`: wait while
 * it is younger than the timeout; else send the next level's close, or quarantine once the attempts are spent.
 */
export const exitEscalation = (
  p: ManagedPosition,
  lastAttemptAt: EpochMillis,
  now: EpochMillis,
  settings: ExitEscalationSettings
): ExitEscalation => {
  if (p.state !== "EXIT_PENDING" || now - lastAttemptAt < settings.timeoutMs) return { _tag: "Wait" }
  const attempts = exitAttempts(p)
  if (attempts >= settings.maxAttempts) return { _tag: "Quarantine" }
  return { _tag: "Resend", level: attempts <= 1 ? "aggressive" : "emergency" }
}
