import type { OperatorStatus } from "./OperatorPort.ts"

export type HealthState = "ready" | "degraded" | "halted"

export interface Health {
  readonly status: HealthState
  readonly reasons: ReadonlyArray<string>
  readonly safetyLevel: OperatorStatus["safetyLevel"]
  readonly killSwitch: boolean
  readonly lastTickAt: number | null
}

/**
 * `halted` when the kill switch is on or safety is HALTED/EMERGENCY; `degraded` when safety is DEGRADED or no tick
 * completed within `staleAfterMs`; otherwise `ready`.
 */
export const healthOf = (status: OperatorStatus, now: number, staleAfterMs: number): Health => {
  const halted: Array<string> = []
  const degraded: Array<string> = []
  if (status.killSwitch.active) halted.push(`kill switch active: ${status.killSwitch.reason}`)
  if (status.safetyLevel === "HALTED" || status.safetyLevel === "EMERGENCY") halted.push(`safety ${status.safetyLevel}`)
  if (status.safetyLevel === "DEGRADED") degraded.push("safety DEGRADED")
  const tickReference = status.lastTickAt ?? status.startedAt
  if (now - tickReference > staleAfterMs) {
    degraded.push(
      status.lastTickAt === undefined
        ? `no tick completed in ${Math.round((now - status.startedAt) / 1000)}s since start`
        : `last tick ${Math.round((now - status.lastTickAt) / 1000)}s ago`
    )
  }
  return {
    status: halted.length > 0 ? "halted" : degraded.length > 0 ? "degraded" : "ready",
    reasons: [...halted, ...degraded],
    safetyLevel: status.safetyLevel,
    killSwitch: status.killSwitch.active,
    lastTickAt: status.lastTickAt ?? null
  }
}

/** Load balancers and uptime checks read the status code: a halted system answers 503. */
export const httpStatusOf = (health: Health): number => (health.status === "halted" ? 503 : 200)
