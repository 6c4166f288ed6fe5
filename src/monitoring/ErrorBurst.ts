/** Recent error times per error kind; a burst raises one `repeated_errors` alert. */
export type ErrorBurstState = ReadonlyMap<string, ReadonlyArray<number>>

export interface ErrorBurstPolicy {
  readonly threshold: number
  readonly windowMs: number
}

export const emptyErrorBurst: ErrorBurstState = new Map()

/**
 * Records one error of `kind` at `now`. Returns the count when it reaches the threshold within the window (and
 * forgets those errors, so the next alert needs a new burst), otherwise undefined.
 */
export const recordError = (
  state: ErrorBurstState,
  kind: string,
  now: number,
  policy: ErrorBurstPolicy
): [number | undefined, ErrorBurstState] => {
  const recent = [...(state.get(kind) ?? []).filter((at) => now - at < policy.windowMs), now]
  const next = new Map(state)
  if (recent.length >= policy.threshold) {
    next.delete(kind)
    return [recent.length, next]
  }
  next.set(kind, recent)
  return [undefined, next]
}
