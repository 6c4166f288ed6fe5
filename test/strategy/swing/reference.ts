import type { Bars } from "../../../src/strategy/Types.ts"

/**
 * Batch restatement of smc-definitions §1–3 (the library's whole-history computation), used as an oracle:
 * no forced endpoints and float64 levels, the two deliberate divergences of our causal version.
 */
export interface RefSwing {
  readonly index: number
  readonly kind: "high" | "low"
  readonly price: number
}

export const referenceSwings = (b: Bars, n: number): Array<RefSwing> => {
  const candidates: Array<RefSwing> = []
  for (let i = 2 * n - 1; i <= b.length - 1 - n; i++) {
    let max = Number.NEGATIVE_INFINITY
    let min = Number.POSITIVE_INFINITY
    for (let k = i - n + 1; k <= i + n; k++) {
      max = Math.max(max, b.high[k]!)
      min = Math.min(min, b.low[k]!)
    }
    if (b.high[i] === max) candidates.push({ index: i, kind: "high", price: b.high[i]! })
    else if (b.low[i] === min) candidates.push({ index: i, kind: "low", price: b.low[i]! })
  }
  const out: Array<RefSwing> = []
  for (const c of candidates) {
    const last = out.at(-1)
    if (last === undefined || last.kind !== c.kind) out.push(c)
    else if (c.kind === "high" ? c.price > last.price : c.price < last.price) out[out.length - 1] = c
  }
  return out
}

export interface RefFvg {
  readonly index: number
  readonly direction: "bullish" | "bearish"
  readonly top: number
  readonly bottom: number
  readonly mitigatedAt: number | null
}

export const referenceFvgs = (b: Bars): Array<RefFvg> => {
  const out: Array<RefFvg> = []
  for (let i = 1; i <= b.length - 2; i++) {
    const bull = b.close[i]! > b.open[i]! && b.high[i - 1]! < b.low[i + 1]!
    const bear = b.close[i]! < b.open[i]! && b.low[i - 1]! > b.high[i + 1]!
    if (!bull && !bear) continue
    const top = bull ? b.low[i + 1]! : b.low[i - 1]!
    const bottom = bull ? b.high[i - 1]! : b.high[i + 1]!
    let mitigatedAt: number | null = null
    for (let j = i + 2; j < b.length && mitigatedAt === null; j++) {
      if (bull ? b.low[j]! <= top : b.high[j]! >= bottom) mitigatedAt = j
    }
    out.push({ index: i, direction: bull ? "bullish" : "bearish", top, bottom, mitigatedAt })
  }
  return out
}

export interface RefBreak {
  readonly index: number
  readonly kind: "BOS" | "CHOCH"
  readonly direction: "bullish" | "bearish"
  readonly level: number
  readonly brokenAt: number
}

export const referenceBreaks = (b: Bars, swings: ReadonlyArray<RefSwing>): Array<RefBreak> => {
  const signals: Array<Omit<RefBreak, "brokenAt"> & { brokenAt: number | null; alive: boolean }> = []
  for (let s = 3; s < swings.length; s++) {
    const [a, bb, c, d] = [swings[s - 3]!, swings[s - 2]!, swings[s - 1]!, swings[s]!]
    const [A, B, C, D] = [a.price, bb.price, c.price, d.price]
    let found: { kind: "BOS" | "CHOCH"; direction: "bullish" | "bearish" } | undefined
    if (a.kind === "low" && bb.kind === "high" && c.kind === "low" && d.kind === "high") {
      if (A < C && C < B && B < D) found = { kind: "BOS", direction: "bullish" }
      else if (C < A && A < B && B < D) found = { kind: "CHOCH", direction: "bullish" }
    } else if (a.kind === "high" && bb.kind === "low" && c.kind === "high" && d.kind === "low") {
      if (A > C && C > B && B > D) found = { kind: "BOS", direction: "bearish" }
      else if (C > A && A > B && B > D) found = { kind: "CHOCH", direction: "bearish" }
    }
    if (found !== undefined) signals.push({ index: bb.index, ...found, level: B, brokenAt: null, alive: true })
  }
  for (const sig of signals) {
    for (let j = sig.index + 2; j < b.length; j++) {
      if (sig.direction === "bullish" ? b.close[j]! > sig.level : b.close[j]! < sig.level) {
        sig.brokenAt = j
        break
      }
    }
    if (sig.brokenAt === null) continue
    for (const older of signals) {
      if (older.index < sig.index && older.alive && older.brokenAt !== null && older.brokenAt >= sig.brokenAt)
        older.alive = false
    }
  }
  return signals
    .filter((s) => s.alive && s.brokenAt !== null)
    .map((s) => ({ index: s.index, kind: s.kind, direction: s.direction, level: s.level, brokenAt: s.brokenAt! }))
}
