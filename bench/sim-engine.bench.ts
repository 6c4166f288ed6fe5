// Simulated venue matching throughput (`npx tsx bench/sim-engine.bench.ts`): price events per second through the
// pure engine with resting limits and stops on every symbol. Figures printed, nothing asserted.
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
import { latencyLine, throughputLine, timed } from "./measure.ts"

const SYMBOLS = 45
const EVENTS = 9_000
const START = Date.UTC(2025, 0, 1)
const symbols = Array.from({ length: SYMBOLS }, (_, i) => `PF_S${i}USD`)

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

const price = (x: number) => new Decimal(x.toFixed(2))
for (const symbol of symbols) state = advancePrice(state, { symbol, time: START, last: price(100) }).state

// Per symbol: a ladder of resting limits both sides and stops 5 % beyond them, a few of which trade.
const orders: Array<OrderRequest> = symbols.flatMap((symbol) =>
  [0.97, 0.98, 0.99, 1.01, 1.02, 1.03].flatMap(
    (f): Array<OrderRequest> => [
      { symbol, side: f < 1 ? "buy" : "sell", type: "limit", size: new Decimal("0.01"), limitPrice: price(100 * f) },
      {
        symbol,
        side: f < 1 ? "sell" : "buy",
        type: "stop",
        size: new Decimal("0.01"),
        triggerPrice: price(100 * f + (f < 1 ? -5 : 5))
      }
    ]
  )
)
for (const order of orders) state = submitOrder(state, order, START).state
const resting = state.openOrders.length

const random = new Random(7, "sim-engine-bench")
const rnd = () => random.float()
const last = symbols.map(() => 100)
const samples: Array<number> = []
let events = 0
const total = timed(() => {
  for (let n = 0; n < EVENTS; n++) {
    const k = n % SYMBOLS
    last[k] = Math.max(1, (last[k] ?? 100) * (1 + (rnd() - 0.5) * 0.004))
    const step = timed(() =>
      advancePrice(state, { symbol: symbols[k] ?? "", time: START + 1_000 * (n + 1), last: price(last[k] ?? 100) })
    )
    state = step.value.state
    events += step.value.events.length
    samples.push(step.ms)
  }
})

console.log(`sim engine: ${SYMBOLS} symbols, ${resting} resting orders at start, ${state.openOrders.length} at end`)
console.log(throughputLine("sim engine price events", EVENTS, total.ms, "events"))
console.log(latencyLine("sim engine advancePrice", samples))
console.log(`sim engine emitted ${events.toLocaleString("en-US")} events (fills, triggers, ledger)`)
