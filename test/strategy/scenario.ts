import { SpotSymbol } from "../../src/domain/Symbols.ts"
import type { StrategyInputs } from "../../src/strategy/Analyze.ts"
import type { Bars } from "../../src/strategy/Types.ts"
import { barsOf, type Row } from "./bars.ts"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const START = Date.UTC(2024, 0, 1)

/** Price mirror around `k / 2`: a bullish scenario becomes its bearish twin (high ↔ low, open/close flipped). */
const mirror =
  (k: number) =>
  (r: Row): Row => [k - r[0], k - r[2], k - r[1], k - r[3]]

/**
 * A hand-built long setup on 4h bars: a rise 100 → 200, a pullback of 2 per bar to a down bar whose high
 * sits on the 0.618 Fibonacci level of the window, a displacement bar closing far above it, then flat bars.
 */
export const decisionRows = (): Array<Row> => {
  const rows: Array<Row> = []
  for (let i = 0; i < 40; i++) {
    const o = 100 + 2.5 * i
    rows.push([o, o + 3, o - 0.5, o + 2.5])
  }
  for (let i = 0; i < 17; i++) {
    const o = 200 - 2 * i
    rows.push([o, o + 0.5, o - 2.5, o - 2])
  }
  // Fib window = last 58 bars: low 112.5 − 0.5 = 112 at bar 5, high 200.5 at bar 39; 0.618 → 166.69.
  rows.push([166.5, 167, 164, 164.5]) // order-block candidate (down bar), high 167
  rows.push([164.5, 174, 164.3, 173.5]) // displacement
  for (let i = 0; i < 4; i++) rows.push([172.8, 173.4, 172.5, 173])
  return rows
}

/** Rising daily closes (bullish against the EMA200) and a steadily rising 1h series (ADX near 100). */
const dailyRows = (): Array<Row> => Array.from({ length: 250 }, (_, i): Row => [100 + i, 101.5 + i, 99.5 + i, 101 + i])
const hourlyRows = (): Array<Row> =>
  Array.from({ length: 120 }, (_, i): Row => [150 + i, 151.2 + i, 149.8 + i, 151 + i])

export interface Scenario {
  readonly inputs: StrategyInputs
  readonly decision: Bars
}

const scenarioOf = (map: (r: Row) => Row): Scenario => {
  const decision = barsOf(decisionRows().map(map), 4 * HOUR, START + 250 * DAY)
  return {
    decision,
    inputs: {
      symbol: SpotSymbol.make("BTC/USD"),
      daily: barsOf(dailyRows().map(map), DAY, START),
      decision,
      hourly: barsOf(hourlyRows().map(map), HOUR, START + 250 * DAY),
      m15: barsOf([map([170, 171, 169, 170])], 15 * 60_000, START + 260 * DAY)
    }
  }
}

export const longScenario = (): Scenario => scenarioOf((r) => r)
/** The mirror image around 200: every bullish element becomes bearish. */
export const shortScenario = (): Scenario => scenarioOf(mirror(400))

/** The long scenario's daily, 1h and 15m series with other decision rows (4h bars from the same start). */
export const withDecisionRows = (rows: ReadonlyArray<Row>, m15?: ReadonlyArray<Row>): StrategyInputs => {
  const long = longScenario()
  const decision = barsOf(rows, 4 * HOUR, long.decision.openTime[0]!)
  return {
    ...long.inputs,
    decision,
    ...(m15 === undefined ? {} : { m15: barsOf(m15, 15 * 60_000, decision.openTime[decision.length - 1]!) })
  }
}

/**
 * The long scenario followed by a zigzag whose 1-bar fractals make higher highs and lows, then an outside
 * bar (bar 72) with a lower high (174.5) and a lower low (170.5): the tracker flips BULLISH → BEARISH on the
 * last bar, confirmed (its high 171.2 stays within 0.5 % of the break price 170.5), against a bullish bias.
 */
export const bearishFlipRows = (): Array<Row> => [
  ...decisionRows(),
  [173, 173.5, 171, 171.5],
  [171.5, 172, 170, 170.5], // low fractal 170
  [170.5, 171.8, 170.2, 171.6],
  [171.6, 174, 171.5, 173.8], // high fractal 174
  [173.8, 173.9, 171.5, 171.8],
  [171.8, 172.2, 171, 171.2], // low fractal 171: higher low
  [171.2, 172.1, 171.1, 172],
  [172, 174.6, 171.9, 174.1], // high fractal 174.6: higher high → BULLISH
  [174.1, 174.3, 172, 172.3],
  [172.3, 174.5, 170.5, 170.8], // outside bar: lower high 174.5, lower low 170.5 → BEARISH
  [170.8, 171.2, 170.6, 171]
]

/**
 * The mirror situation: lower highs (174 → 172.8) and lows (169 → 168.5) after the order block, then an
 * outside bar (bar 72) with a higher high (173, the break price) and a higher low (168.6): BEARISH → BULLISH
 * on the last bar, confirmed (its low 172.2 ≥ 0.995 × 173), in the bias direction.
 */
export const bullishFlipRows = (): Array<Row> => [
  ...decisionRows(),
  [173, 173.3, 171, 171.4],
  [171.4, 174, 171.2, 173.5], // high fractal 174
  [173.5, 173.6, 170, 170.4],
  [170.4, 170.8, 169, 169.5], // low fractal 169
  [169.5, 170.7, 169.3, 170.6],
  [170.6, 172.8, 170.4, 172.5], // high fractal 172.8: lower high
  [172.5, 172.6, 169.5, 169.8],
  [169.8, 170, 168.5, 168.8], // low fractal 168.5: lower low → BEARISH
  [168.8, 169.6, 168.7, 169.4],
  [169.4, 173, 168.6, 172.5], // outside bar: higher high 173, higher low 168.6 → BULLISH
  [172.5, 172.9, 172.2, 172.7]
]

/** A 40-bar decline (from 160, 1 per bar) to a V bottom at bar 40 (low 116) and a rise of 2 per bar to bar 47. */
const declineThenRise = (): Array<Row> => [
  ...Array.from({ length: 40 }, (_, i): Row => [160 - i, 161 - i, 158.5 - i, 159 - i]),
  ...Array.from({ length: 8 }, (_, k): Row => [118 + 2 * k, 120.5 + 2 * k, 116 + 2 * k, 120 + 2 * k])
]

/**
 * Swing model, swing_length 2: no swing high is ever closed above (no order block, no BOS), and a bullish
 * fair value gap [152.3, 154] at bar 57 that nothing touches afterwards. Fibonacci window: high 192 (bar 5),
 * low 116 (bar 40); the gap's top 154 sits on the 0.5 level.
 */
export const swingFvgRows = (): Array<Row> => [
  ...Array.from({ length: 40 }, (_, i): Row => [200 - 2 * i, 202 - 2 * i, 197.5 - 2 * i, 198 - 2 * i]),
  ...Array.from({ length: 16 }, (_, k): Row => [118 + 2 * k, 120.5 + 2 * k, 116 + 2 * k, 120 + 2 * k]),
  [150, 152.3, 148, 151.8], // h[i − 1] = 152.3
  [151.8, 157, 150.3, 156.8], // bullish middle bar (57)
  [156.8, 158, 154, 157.5], // l[i + 1] = 154 > 152.3: the gap
  [157.5, 158.5, 155, 157.8], // swing high 158.5, never closed above
  [157.8, 158.3, 155.2, 157.6],
  [157.6, 158.1, 155.4, 157.4],
  [157.4, 157.9, 155.6, 157.2],
  [157.2, 157.7, 155.8, 157]
]

/**
 * Swing model, swing_length 2: swings a = 116 (bar 40), b = 137 (48), c = 128 (51), d = 143 (55), a bullish
 * BOS of 137 closed through at bar 53 and known at bar 57 (when d is confirmed). The order block it created
 * (bar 51, 128–131) is traded through by a wick to 127.5 at bar 58, and every gap is touched, so only the
 * break is left. Fibonacci window: high 156 (bar 5), low 116; the last close 136 sits on the 0.5 level.
 */
export const swingBosRows = (): Array<Row> => [
  ...declineThenRise(),
  [134, 137, 132.5, 135.5], // b: swing high 137
  [135.5, 136, 132, 132.5],
  [132.5, 133, 129.5, 130],
  [130, 131, 128, 130.5], // c: swing low 128
  [130.5, 134, 129.5, 133.5],
  [133.5, 138, 133, 137.6], // closes above 137: the break
  [137.6, 141, 137, 140.5],
  [140.5, 143, 139.5, 141], // d: swing high 143
  [141, 142, 136, 136.5],
  [136.5, 137, 132, 132.5],
  [132.5, 133, 127.5, 131.5], // wick below the order block, close above c
  [131.5, 134, 131, 133.5],
  [133.5, 136.5, 133, 136]
]
