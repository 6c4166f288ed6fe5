import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema } from "effect"
import { seriesFromCandles } from "../../src/domain/CandleSeries.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { Position } from "../../src/domain/Position.ts"
import { AccountStateRepository } from "../../src/storage/AccountStateRepository.ts"
import { CandleRepository, UPSERT_BATCH_SIZE } from "../../src/storage/CandleRepository.ts"
import { runMigrations } from "../../src/storage/Migrations.ts"
import { PositionRepository } from "../../src/storage/PositionRepository.ts"
import { type Repositories, RepositoriesLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { TradeRepository } from "../../src/storage/TradeRepository.ts"
import { accountState, candle, event, HOUR, position, positionFields, T0, trade } from "./fixtures.ts"

/**
 * The repository cases, run once per database. `freshDatabase` must give an empty, private database each time
 * it is built, so every case starts from nothing.
 */
export const repositorySuite = (freshDatabase: () => Layer.Layer<SqlClient.SqlClient, unknown>) => {
  const withStorage = <A, E>(effect: Effect.Effect<A, E, Repositories | SqlClient.SqlClient>) =>
    Effect.provide(effect, RepositoriesLive.pipe(Layer.provideMerge(freshDatabase())))

  it.effect("migrations apply once and are idempotent", () =>
    Effect.gen(function* () {
      const first = yield* runMigrations
      const second = yield* runMigrations
      expect(first.map(([id]) => id)).toEqual([1, 2])
      expect(second).toEqual([])
      // The repositories build on an already migrated database, and the tables are usable
      const counted = yield* Effect.provide(
        Effect.flatMap(CandleRepository, (repo) => repo.count("BTC/USD", "1h")),
        RepositoriesLive
      )
      expect(counted).toBe(0)
    }).pipe(Effect.provide(freshDatabase()))
  )

  it.effect("candle upsert inserts, then replaces a bar with the same key", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        yield* repo.upsertMany([candle(0), candle(1)])
        yield* repo.upsertMany([candle(1, { close: 99.5, volume: 1234.5 }), candle(2)])
        expect(yield* repo.count("BTC/USD", "1h")).toBe(3)
        const stored = yield* repo.range("BTC/USD", "1h", { from: T0, to: T0 + 3 * HOUR })
        expect(stored.map((c) => [c.openTime, c.close, c.volume])).toEqual([
          [T0, 105, 10],
          [T0 + HOUR, 99.5, 1234.5],
          [T0 + 2 * HOUR, 107, 12]
        ])
      })
    )
  )

  it.effect("candle range is [from, to), oldest first, one series only; latest is the newest N", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        yield* repo.upsertMany([
          candle(3),
          candle(0),
          candle(2),
          candle(1),
          candle(4),
          candle(1, { symbol: "ETH/USD" }),
          candle(0, { timeframe: "4h" })
        ])
        const range = yield* repo.range("BTC/USD", "1h", { from: T0 + HOUR, to: T0 + 3 * HOUR })
        expect(range.map((c) => c.openTime)).toEqual([T0 + HOUR, T0 + 2 * HOUR])
        expect(range.every((c) => c.symbol === "BTC/USD" && c.timeframe === "1h")).toBe(true)
        expect(yield* repo.range("BTC/USD", "1h", { from: T0 + HOUR, to: T0 + HOUR })).toEqual([])
        const latest = yield* repo.latest("BTC/USD", "1h", 2)
        expect(latest.map((c) => c.openTime)).toEqual([T0 + 3 * HOUR, T0 + 4 * HOUR])
        expect((yield* repo.latest("ETH/USD", "1h", 10)).map((c) => c.openTime)).toEqual([T0 + HOUR])
        expect(yield* repo.latest("SOL/USD", "1h", 10)).toEqual([])
      })
    )
  )

  it.effect("candle float64 values round-trip bit for bit", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        const bar = candle(0, {
          open: 0.1 + 0.2,
          high: 123456.78901234567,
          low: 3e-9,
          close: 1 / 3,
          volume: Math.PI * 1e12
        })
        yield* repo.upsertMany([bar])
        const [stored] = yield* repo.latest("BTC/USD", "1h", 1)
        expect(stored).toEqual(bar)
        expect(Object.is(stored?.open, 0.1 + 0.2)).toBe(true)
      })
    )
  )

  it.effect("candle series upsert stores columns exactly, floats bit for bit", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        // Awkward float64 values: shortest-repr edge cases, tiny and huge magnitudes
        const values = Array.from({ length: 200 }, (_, i) => (i + 1) * 0.1 + (i % 7) / 3 + 1e-9 * i)
        const bars = values.map((v, i) =>
          candle(i, { open: v, high: v * 1.5, low: v / 1.5, close: v, volume: v * 1e7 })
        )
        yield* repo.upsertSeries(seriesFromCandles("BTC/USD", "1h", bars))
        const stored = yield* repo.range("BTC/USD", "1h", { from: T0, to: T0 + 200 * HOUR })
        expect(stored).toEqual(bars)
      })
    )
  )

  it.effect("candle series upsert refuses an unsound series whole, naming the bar", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        const bad = seriesFromCandles("BTC/USD", "1h", [candle(0), candle(1)])
        bad.high[1] = (bad.low[1] ?? 0) / 2
        const error = yield* Effect.flip(repo.upsertSeries(bad))
        expect(error._tag).toBe("CandleRejected")
        expect(error.openTime).toBe(T0 + HOUR)
        expect(error.message).toContain("BTC/USD 1h")
        expect(yield* repo.count("BTC/USD", "1h")).toBe(0)
      })
    )
  )

  it.effect("candle upsert handles more bars than one batch", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        const total = UPSERT_BATCH_SIZE * 2 + 37
        yield* repo.upsertMany(Array.from({ length: total }, (_, i) => candle(i)))
        expect(yield* repo.count("BTC/USD", "1h")).toBe(total)
        const [last] = yield* repo.latest("BTC/USD", "1h", 1)
        expect(last?.openTime).toBe(T0 + (total - 1) * HOUR)
      })
    )
  )

  it.effect("candle retention deletes one timeframe's bars older than the cutoff", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        yield* repo.upsertMany([
          candle(0),
          candle(1),
          candle(2),
          candle(0, { symbol: "ETH/USD" }),
          candle(0, { timeframe: "4h" })
        ])
        expect(yield* repo.deleteOlderThan("1h", T0 + 2 * HOUR)).toBe(3)
        expect((yield* repo.latest("BTC/USD", "1h", 10)).map((c) => c.openTime)).toEqual([T0 + 2 * HOUR])
        expect(yield* repo.count("ETH/USD", "1h")).toBe(0)
        expect(yield* repo.count("BTC/USD", "4h")).toBe(1)
        expect(yield* repo.deleteOlderThan("1h", T0 + 2 * HOUR)).toBe(0)
      })
    )
  )

  it.effect("stored series list every (symbol, timeframe) with its bar count and span", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* CandleRepository
        expect(yield* repo.storedSeries).toEqual([])
        yield* repo.upsertMany([
          candle(5, { timeframe: "4h" }),
          candle(0, { timeframe: "4h" }),
          candle(2),
          candle(1),
          candle(3),
          candle(0, { symbol: "ETH/USD", timeframe: "1d" }),
          candle(0, { timeframe: "15m" })
        ])
        expect(yield* repo.storedSeries).toEqual([
          { symbol: "BTC/USD", timeframe: "15m", bars: 1, firstOpenTime: T0, lastOpenTime: T0 },
          { symbol: "BTC/USD", timeframe: "1h", bars: 3, firstOpenTime: T0 + HOUR, lastOpenTime: T0 + 3 * HOUR },
          { symbol: "BTC/USD", timeframe: "4h", bars: 2, firstOpenTime: T0, lastOpenTime: T0 + 20 * HOUR },
          { symbol: "ETH/USD", timeframe: "1d", bars: 1, firstOpenTime: T0, lastOpenTime: T0 }
        ])
      })
    )
  )

  it.effect("trade amounts round-trip exactly and an insert is idempotent by trade id", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* TradeRepository
        const original = trade({ entryPrice: "0.123456789012345678", netPnl: "-12345678901.000000000000000001" })
        expect(yield* repo.insert(original)).toBe(true)
        expect(yield* repo.insert(trade({ netPnl: "999" }))).toBe(false)
        const stored = Option.getOrThrow(yield* repo.byId(original.tradeId))
        expect(stored.entryPrice.toString()).toBe("0.123456789012345678")
        expect(stored.netPnl.toString()).toBe("-12345678901.000000000000000001")
        expect(stored.netPnl.eq(new Decimal("-12345678901.000000000000000001"))).toBe(true)
        expect(stored).toEqual(original)
        expect(yield* repo.byId("pos-00000000ffff")).toEqual(Option.none())
      })
    )
  )

  it.effect("trades list newest first and by symbol over [from, to) of exit time", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* TradeRepository
        const exitsAt = (id: string, symbol: string, hours: number) =>
          trade({ tradeId: id, symbol, exitedAt: T0 + hours * HOUR })
        yield* Effect.forEach(
          [
            exitsAt("a", "BTC/USD", 2),
            exitsAt("b", "BTC/USD", 4),
            exitsAt("c", "ETH/USD", 3),
            exitsAt("d", "BTC/USD", 6)
          ],
          repo.insert
        )
        expect((yield* repo.recent(3)).map((t) => t.tradeId)).toEqual(["d", "b", "c"])
        // From an exit time on (inclusive), newest first, capped
        expect((yield* repo.exitedSince(T0 + 3 * HOUR, 10)).map((t) => t.tradeId)).toEqual(["d", "b", "c"])
        expect((yield* repo.exitedSince(T0 + 3 * HOUR, 2)).map((t) => t.tradeId)).toEqual(["d", "b"])
        expect(yield* repo.exitedSince(T0 + 7 * HOUR, 10)).toEqual([])
        const btc = yield* repo.bySymbol("BTC/USD", { from: T0 + 2 * HOUR, to: T0 + 6 * HOUR })
        expect(btc.map((t) => t.tradeId)).toEqual(["a", "b"])
      })
    )
  )

  it.effect("events are written, read by type, time and decision, and pruned by type and age", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* SystemEventRepository
        const details = { score: 0.725, reasons: ["bos", "ob"], note: `quote " and \\ slash`, nested: { ok: true } }
        const traced = event({ timestamp: T0 + HOUR, symbol: "BTC/USD", decisionId: "d-1", details })
        yield* repo.append(event({ timestamp: T0 + 2 * HOUR, decisionId: "d-2" }))
        yield* repo.append(traced)
        yield* repo.append(event({ timestamp: T0 + HOUR, eventType: "signal_generated", decisionId: "d-1" }))
        yield* repo.append(event({ timestamp: T0 + 3 * HOUR }))
        yield* repo.append(event({ timestamp: T0, eventType: "error", details: { message: "boom" } }))

        const traces = yield* repo.byType("decision_trace", { from: T0 + HOUR, to: T0 + 3 * HOUR })
        expect(traces.map((e) => e.timestamp)).toEqual([T0 + HOUR, T0 + 2 * HOUR])
        expect(traces[0]).toEqual(traced)
        expect(traces[1]?.symbol).toBeUndefined()
        const decision = yield* repo.byDecision("d-1")
        expect(decision.map((e) => e.eventType)).toEqual(["decision_trace", "signal_generated"])

        expect(yield* repo.prune("decision_trace", T0 + 3 * HOUR)).toBe(2)
        const left = yield* repo.byType("decision_trace", { from: 0, to: T0 + 10 * HOUR })
        expect(left.map((e) => e.timestamp)).toEqual([T0 + 3 * HOUR])
        expect(yield* repo.byType("signal_generated", { from: 0, to: T0 + 10 * HOUR })).toHaveLength(1)
        expect(yield* repo.byType("error", { from: 0, to: T0 + 10 * HOUR })).toHaveLength(1)
      })
    )
  )

  it.effect("account state latest is the newest snapshot, the last written on a tie", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* AccountStateRepository
        expect(yield* repo.latest).toEqual(Option.none())
        yield* repo.append(accountState(T0 + 2 * HOUR, "1010.5"))
        yield* repo.append(accountState(T0 + HOUR, "1005"))
        expect(Option.map(yield* repo.latest, (s) => s.equity.toString())).toEqual(Option.some("1010.5"))
        const tie = accountState(T0 + 2 * HOUR, "1011.000000000000000001")
        yield* repo.append(tie)
        expect(yield* repo.latest).toEqual(Option.some(tie))
      })
    )
  )

  it.effect("a position snapshot is upserted by symbol, cleared fields included, and removed", () =>
    withStorage(
      Effect.gen(function* () {
        const repo = yield* PositionRepository
        const opened = position()
        yield* repo.upsert(opened)
        yield* repo.upsert(position({ symbol: "BTC/USD", futuresSymbol: "PF_XBTUSD", positionId: "pos-00000000000b" }))
        expect(yield* repo.get("ETH/USD")).toEqual(Option.some(opened))

        const { tp1Price: _tp1, protectionReason: _reason, ...rest } = positionFields
        const updated = Schema.decodeUnknownSync(Position)({
          ...rest,
          size: "0.75",
          isProtected: false,
          tp2Filled: true,
          closedAt: T0 + 2 * HOUR
        })
        yield* repo.upsert(updated)
        const stored = Option.getOrThrow(yield* repo.get("ETH/USD"))
        expect(stored).toEqual(updated)
        expect(stored.tp1Price).toBeUndefined()
        expect(stored.isProtected).toBe(false)
        expect(stored.fundingAccrued.toString()).toBe("0.123456789012345678")
        expect((yield* repo.list).map((p) => p.symbol)).toEqual(["BTC/USD", "ETH/USD"])

        const sql = yield* SqlClient.SqlClient
        const [pct] = yield* sql<{
          partialClosePct: string
        }>`SELECT partial_close_pct FROM positions WHERE symbol = 'ETH/USD'`
        expect(new Decimal(pct?.partialClosePct ?? "NaN").toString()).toBe("0.625")

        expect(yield* repo.remove("ETH/USD")).toBe(true)
        expect(yield* repo.remove("ETH/USD")).toBe(false)
        expect((yield* repo.list).map((p) => p.symbol)).toEqual(["BTC/USD"])
      })
    )
  )
}
