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
