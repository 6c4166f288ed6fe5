// Synthetic market generation (`npx tsx bench/synthetic-market.bench.ts`): 45 symbols × 400 days of 15m bars from a
// fresh seeded market, then the same range aggregated to 4h. Figures printed, nothing asserted.
import { timeframeMs } from "../src/domain/Timeframe.ts"
import { createSyntheticMarket } from "../src/market/SyntheticMarket.ts"
import { throughputLine, timed } from "./measure.ts"

const SYMBOLS = 45
const DAYS = 400
const START = Date.UTC(2025, 0, 1)
const END = START + DAYS * 86_400_000

const market = createSyntheticMarket({ seed: 42, startMs: START })
const symbols = market.symbols.length >= SYMBOLS ? market.symbols.slice(0, SYMBOLS) : market.symbols
const extra = Array.from({ length: SYMBOLS - symbols.length }, (_, i) => `SYN${i}/USD`)
const universe = [...symbols, ...extra]

const generate = (timeframe: "15m" | "4h") =>
  timed(() => universe.reduce((bars, symbol) => bars + market.candles(symbol, timeframe, START, END).length, 0))

const first = generate("15m")
const expected = SYMBOLS * ((DAYS * 86_400_000) / timeframeMs["15m"])
console.log(`synthetic market: ${SYMBOLS} symbols × ${DAYS} days, ${first.value.toLocaleString("en-US")} 15m bars`)
if (first.value !== expected) console.log(`  (expected ${expected.toLocaleString("en-US")} bars)`)
console.log(throughputLine("synthetic 15m generation (cold)", first.value, first.ms, "bars"))
const again = generate("15m")
console.log(throughputLine("synthetic 15m read (same market, warm)", again.value, again.ms, "bars"))
const h4 = generate("4h")
console.log(throughputLine("synthetic 4h aggregation", h4.value, h4.ms, "bars"))
