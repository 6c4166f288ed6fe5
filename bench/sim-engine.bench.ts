// Simulated venue matching throughput (`npx tsx bench/sim-engine.bench.ts`): price events per second through the
// pure engine with open positions and resting orders on every symbol. Figures printed, nothing asserted.
import { Decimal } from "../src/domain/Money.ts"
import { Random } from "../src/domain/Random.ts"
import {
  advancePrice,
  createEngine,
  type EngineState,
  makeInstrument,
  type OrderRequest,
  submitOrder
} from "../src/exchange/sim/SimEngine.ts"
import { latencyLine, throughputLine, timed, timedWithCpu } from "./measure.ts"

interface Scenario {
  readonly label: string
  readonly symbols: number
  readonly events: number
  /** The resting orders of one symbol around a start price of 100. */
  readonly orders: (symbol: string) => ReadonlyArray<OrderRequest>
  /** The next price from the previous one and a uniform draw in [-0.5, 0.5). */
  readonly walk: (previous: number, draw: number) => number
}

const START = Date.UTC(2025, 0, 1)
const price = (x: number) => new Decimal(x.toFixed(2))
const size = new Decimal("0.01")

/** A backtest's shape: a long position per symbol with its protection (stop, take-profit, trailing stop) and a
 * small ladder of limits each side. */
const protectedPosition = (symbol: string): ReadonlyArray<OrderRequest> => [
  { symbol, side: "buy", type: "market", size: new Decimal("0.05") },
  { symbol, side: "sell", type: "stop", size: new Decimal("0.05"), triggerPrice: price(95), reduceOnly: true },
  { symbol, side: "sell", type: "take_profit", size: new Decimal("0.05"), triggerPrice: price(105), reduceOnly: true },
  { symbol, side: "sell", type: "trailing_stop", size, trailingOffset: { unit: "percent", value: new Decimal(3) } },
  ...[0.98, 0.99, 1.01, 1.02].map(
    (f): OrderRequest => ({ symbol, side: f < 1 ? "buy" : "sell", type: "limit", size, limitPrice: price(100 * f) })
  )
]

/** Many symbols, no positions at first: a ladder of 3 limits each side plus a stop 5 % beyond each. */
const ladder = (symbol: string): ReadonlyArray<OrderRequest> =>
  [0.97, 0.98, 0.99, 1.01, 1.02, 1.03].flatMap(
    (f): Array<OrderRequest> => [
      { symbol, side: f < 1 ? "buy" : "sell", type: "limit", size, limitPrice: price(100 * f) },
      { symbol, side: f < 1 ? "sell" : "buy", type: "stop", size, triggerPrice: price(100 * f + (f < 1 ? -5 : 5)) }
    ]
  )

/** Steps of ±0.2 % at most; the first pulled back towards 100 so most orders keep resting through the run. */
const meanReverting = (previous: number, draw: number) => previous + 0.05 * (100 - previous) + previous * draw * 0.004
const randomWalk = (previous: number, draw: number) => Math.max(1, previous * (1 + draw * 0.004))

const scenarios: ReadonlyArray<Scenario> = [
  { label: "10 symbols", symbols: 10, events: 100_000, orders: protectedPosition, walk: meanReverting },
  { label: "45 symbols", symbols: 45, events: 45_000, orders: ladder, walk: randomWalk }
]

const run = (scenario: Scenario): void => {
  const symbols = Array.from({ length: scenario.symbols }, (_, i) => `PF_S${i}USD`)
  let state: EngineState = createEngine({
    instruments: symbols.map((symbol, i) =>
      makeInstrument({
        symbol,
        base: `S${i}`,
        tickSize: "0.01",
        contractStep: "0.001",
        maxLeverage: 50,
        maintenanceMarginRate: "0.01",
        makerFeeRate: "0.0002",
        takerFeeRate: "0.0005"
      })
    ),
    balances: { USD: 100_000_000 },
    time: START
  })
  for (const symbol of symbols) state = advancePrice(state, { symbol, time: START, last: price(100) }).state
  for (const order of symbols.flatMap(scenario.orders)) state = submitOrder(state, order, START).state
  const resting = state.openOrders.length
  const positions = Object.keys(state.positions).length

  const random = new Random(7, "sim-engine-bench")
  const last = symbols.map(() => 100)
  const samples: Array<number> = []
  let emitted = 0
  const total = timedWithCpu(() => {
    for (let n = 0; n < scenario.events; n++) {
      const k = n % symbols.length
      last[k] = scenario.walk(last[k] ?? 100, random.float() - 0.5)
      const event = { symbol: symbols[k] ?? "", time: START + 1_000 * (n + 1), last: price(last[k] ?? 100) }
      const step = timed(() => advancePrice(state, event))
      state = step.value.state
      emitted += step.value.events.length
      samples.push(step.ms)
    }
  })

  const label = `sim engine ${scenario.label}`
  console.log(
    `${label}: ${positions} positions and ${resting} resting orders at start, ` +
      `${Object.keys(state.positions).length} and ${state.openOrders.length} at end, ` +
      `${emitted.toLocaleString("en-US")} events emitted (fills, triggers, ledger)`
  )
  console.log(throughputLine(`${label} price events (wall clock)`, scenario.events, total.ms, "events"))
  console.log(throughputLine(`${label} price events (CPU time)`, scenario.events, total.cpuMs, "events"))
  console.log(latencyLine(`${label} advancePrice`, samples))
}

for (const scenario of scenarios) run(scenario)
