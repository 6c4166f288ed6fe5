import type { Alert, AlertKind } from "./Alert.ts"

/** `windowMs` from `monitoring.alert_throttle_seconds` (0 disables throttling). */
export interface ThrottlePolicy {
  readonly windowMs: number
  /** Alerts of one kind per window; critical alerts are exempt (only exact duplicates of them are dropped). */
  readonly perKindLimit: number
}

interface KindWindow {
  readonly start: number
  readonly count: number
  /** Alerts of this kind dropped since the last one sent: reported with the next one. */
  readonly suppressed: number
}

export interface ThrottleState {
  readonly lastSent: ReadonlyMap<string, number>
  readonly kinds: ReadonlyMap<AlertKind, KindWindow>
}

export const emptyThrottle: ThrottleState = { lastSent: new Map(), kinds: new Map() }

export type Verdict =
  | { readonly _tag: "Send"; readonly suppressedBefore: number }
  | { readonly _tag: "Duplicate" }
  | { readonly _tag: "RateLimited" }

const dedupKey = (alert: Alert): string => [alert.kind, alert.symbol ?? "", alert.title, alert.text].join("\u0000")

const suppress = (state: ThrottleState, kind: AlertKind, window: KindWindow): ThrottleState => ({
  lastSent: state.lastSent,
  kinds: new Map(state.kinds).set(kind, { ...window, suppressed: window.suppressed + 1 })
})

/**
 * Decides whether an alert goes out at `now`: an identical alert sent within the window is a duplicate; beyond
 * `perKindLimit` alerts of one kind in a window the rest are rate limited and counted for the next message.
 */
export const admit = (
  state: ThrottleState,
  alert: Alert,
  now: number,
  policy: ThrottlePolicy
): [Verdict, ThrottleState] => {
  if (policy.windowMs <= 0) return [{ _tag: "Send", suppressedBefore: 0 }, state]
  const fresh = (at: number) => now - at < policy.windowMs
  const key = dedupKey(alert)
  const previous = state.kinds.get(alert.kind)
  const window =
    previous !== undefined && fresh(previous.start)
      ? previous
      : { start: now, count: 0, suppressed: previous?.suppressed ?? 0 }
  const sentAt = state.lastSent.get(key)
  if (sentAt !== undefined && fresh(sentAt)) return [{ _tag: "Duplicate" }, suppress(state, alert.kind, window)]
  if (alert.severity !== "critical" && window.count >= policy.perKindLimit) {
    return [{ _tag: "RateLimited" }, suppress(state, alert.kind, window)]
  }
  const lastSent = new Map([...state.lastSent].filter(([, at]) => fresh(at))).set(key, now)
  const kinds = new Map(state.kinds).set(alert.kind, { start: window.start, count: window.count + 1, suppressed: 0 })
  return [
    { _tag: "Send", suppressedBefore: window.suppressed },
    { lastSent, kinds }
  ]
}
