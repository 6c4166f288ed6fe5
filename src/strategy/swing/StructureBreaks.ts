import type { Bars, Direction } from "../Types.ts"
import type { StructureBreak, SwingPoint } from "./Events.ts"

interface Pattern {
  readonly index: number
  readonly kind: "BOS" | "CHOCH"
  readonly direction: Direction
  readonly level: number
  readonly invalidationLevel: number
  readonly patternAt: number
}

/** BOS / CHoCH on the last four swings a, b, c, d (smc-definitions §3); undefined when none matches. */
export const fourSwingPattern = (
  a: SwingPoint,
  b: SwingPoint,
  c: SwingPoint,
  d: SwingPoint
): { kind: "BOS" | "CHOCH"; direction: Direction } | undefined => {
  const [A, B, C, D] = [a.price, b.price, c.price, d.price]
  if (a.kind === "low" && b.kind === "high" && c.kind === "low" && d.kind === "high") {
    if (A < C && C < B && B < D) return { kind: "BOS", direction: "bullish" }
    if (C < A && A < B && B < D) return { kind: "CHOCH", direction: "bullish" }
  }
  if (a.kind === "high" && b.kind === "low" && c.kind === "high" && d.kind === "low") {
    if (A > C && C > B && B > D) return { kind: "BOS", direction: "bearish" }
    if (C > A && A > B && B > D) return { kind: "CHOCH", direction: "bearish" }
  }
  return undefined
}

const breaks = (direction: Direction, close: number, level: number): boolean =>
  direction === "bullish" ? close > level : close < level

/**
 * Causal BOS/CHoCH: the pattern is checked whenever the swing sequence changes; its level counts once a
 * close from b + 2 on is beyond it (close_break = true). When a break becomes known, older patterns broken
 * no earlier are superseded, and still-unbroken older ones are dropped (the reference deletes both).
 * Levels are compared in float64 (the reference rounds them to float32; see docs/STRATEGY.md).
 */
export class StructureTracker {
  readonly all: Array<StructureBreak> = []
  private pending: Array<Pattern> = []
  private lastPatternIndex = -1

  /** Call after the swing sequence changed at bar t (absolute `abs`). */
  onSwing(live: ReadonlyArray<SwingPoint>, bars: Bars, t: number, abs: number): void {
    const len = live.length
    if (len < 4) return
    const b = live[len - 3]!
    if (b.index <= this.lastPatternIndex) return
    const found = fourSwingPattern(live[len - 4]!, b, live[len - 2]!, live[len - 1]!)
    if (found === undefined) return
    this.lastPatternIndex = b.index
    const pattern: Pattern = {
      index: b.index,
      ...found,
      level: b.price,
      invalidationLevel: live[len - 2]!.price,
      patternAt: abs
    }
    // Scan the closes already seen for the break.
    for (let j = b.index + 2; j <= abs; j++) {
      if (breaks(pattern.direction, bars.close[t - (abs - j)]!, pattern.level)) {
        this.confirm(pattern, j, abs)
        return
      }
    }
    this.pending.push(pattern)
  }

  /** Call once per bar, before swings are updated, to detect breaks of pending levels. */
  onBar(bars: Bars, t: number, abs: number): void {
    if (this.pending.length === 0) return
    const close = bars.close[t]!
    for (const p of [...this.pending]) {
      if (p.index + 2 <= abs && this.pending.includes(p) && breaks(p.direction, close, p.level))
        this.confirm(p, abs, abs)
    }
  }

  private confirm(p: Pattern, brokenAt: number, at: number): void {
    this.pending = this.pending.filter((q) => q !== p && q.index > p.index)
    for (const e of this.all) {
      if (e.index < p.index && e.supersededAt === null && e.brokenAt >= brokenAt) e.supersededAt = at
    }
    this.all.push({
      index: p.index,
      kind: p.kind,
      direction: p.direction,
      level: p.level,
      invalidationLevel: p.invalidationLevel,
      brokenAt,
      confirmedAt: Math.max(p.patternAt, brokenAt),
      supersededAt: null
    })
  }
}
