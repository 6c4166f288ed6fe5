// SQLite candle storage (`npx tsx bench/storage.bench.ts`): upsertSeries of 45 symbols × 2,000 15m bars into a
// temporary database file (insert, then the same bars again as updates), then range reads. Figures printed.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { Effect, Option } from "effect"
import { timeframeMs } from "../src/domain/Timeframe.ts"
import { createSyntheticMarket } from "../src/market/SyntheticMarket.ts"
import { CandleRepository } from "../src/storage/CandleRepository.ts"
import { StorageLive } from "../src/storage/Storage.ts"
import { latencyLine, throughputLine } from "./measure.ts"

const SYMBOLS = 45
const BARS = 2_000
const STEP = timeframeMs["15m"]
const START = Date.UTC(2025, 0, 1)
const END = START + BARS * STEP

const market = createSyntheticMarket({ seed: 11, startMs: START })
const universe = Array.from({ length: SYMBOLS }, (_, i) => market.symbols[i] ?? `SYN${i}/USD`)
const history = universe.map((symbol) => market.candles(symbol, "15m", START, END))
const rows = history.reduce((n, s) => n + s.length, 0)

const elapsed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = performance.now()
    const value = yield* effect
    return { ms: performance.now() - start, value }
  })

const program = Effect.gen(function* () {
  const repository = yield* CandleRepository
  const upsertAll = Effect.forEach(history, (s) => repository.upsertSeries(s), { discard: true })
  const insert = yield* elapsed(upsertAll)
  console.log(throughputLine("sqlite upsertSeries (insert)", rows, insert.ms, "rows"))
  const update = yield* elapsed(upsertAll)
  console.log(throughputLine("sqlite upsertSeries (same bars again, update)", rows, update.ms, "rows"))

  const full = yield* Effect.forEach(universe, (symbol) =>
    elapsed(repository.range(symbol, "15m", { from: START, to: END }))
  )
  const read = full.reduce((n, r) => n + r.value.length, 0)
  console.log(
    latencyLine(
      `sqlite range read, ${BARS} bars per call`,
      full.map((r) => r.ms)
    )
  )
  console.log(
    throughputLine(
      "sqlite range read",
      read,
      full.reduce((t, r) => t + r.ms, 0),
      "rows"
    )
  )
  const window = yield* Effect.forEach(universe, (symbol) =>
    elapsed(repository.range(symbol, "15m", { from: END - 250 * STEP, to: END }))
  )
  console.log(
    latencyLine(
      "sqlite range read, newest 250 bars per call",
      window.map((r) => r.ms)
    )
  )
})

const dir = mkdtempSync(path.join(tmpdir(), "bench-storage-"))
try {
  await Effect.runPromise(
    program.pipe(
      Effect.provide(StorageLive({ databaseUrl: Option.none(), sqlitePath: path.join(dir, "bench.db") })),
      Effect.scoped
    )
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
