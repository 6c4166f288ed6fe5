import { createServer } from "node:http"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import * as DashboardServer from "../../src/dashboard/DashboardServer.ts"
import { EquityHistoryLive } from "../../src/dashboard/EquityHistory.ts"
import { AccountState } from "../../src/domain/AccountState.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { Signal } from "../../src/domain/Signal.ts"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import { AccountStateRepository } from "../../src/storage/AccountStateRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { NOW, testOperator } from "../monitoring/OperatorFixtures.ts"

export { NOW }
export const HOUR = 3_600_000

/** Every GET route the dashboard serves. */
export const GET_PATHS = [
  "/",
  "/api/status",
  "/api/positions",
  "/api/orders",
  "/api/trades",
  "/api/pnl",
  "/api/equity",
  "/api/events",
  "/healthz",
  "/metrics"
]
export const TOKEN = "dash-token-5f1c9e7a2b"

const encodeSignal = Schema.encodeSync(Signal)

/** A long trade signal as StrategyEngine records it (decoded first, so the fixture is a valid Signal). */
export const solSignal = Schema.decodeUnknownSync(Signal)({
  _tag: "TradeSignal",
  timestamp: NOW - 2 * HOUR,
  symbol: "SOL/USD",
  side: "long",
  entryPrice: "142.5",
  stopLoss: "138.2",
  takeProfit: "151.9",
  tpCandidates: ["151.9"],
  setupType: "ob",
  regime: "tight_smc",
  higherTfBias: "bullish",
  emaSlope: "up",
  adx: 27.5,
  atr: 3.1,
  score: 71.5,
  scoreBreakdown: {
    smc: 30,
    fib: 15,
    htf: 15,
    adx: 10,
    cost: 1.5,
    higherTfBonus: 0,
    higherTfPenalty: 0,
    thesisScoreAdjustment: 0
  },
  structure: {
    orderBlock: { type: "bullish", index: 240, timestamp: NOW - 8 * HOUR, low: 139, high: 141, price: 140 },
    bos: true
  },
  fibLevels: { "0.618": 140.1 },
  reasoning: ["bullish order block retested", "price in OTE zone"]
})

export const ethNoSignal = Schema.decodeUnknownSync(Signal)({
  _tag: "NoSignal",
  timestamp: NOW - HOUR,
  symbol: "ETH/USD",
  code: "SCORE_BELOW_THRESHOLD",
  regime: "tight_smc",
  score: 48,
  threshold: 60,
  reasoning: ["score 48.0 below threshold 60.0"]
})

const event = (timestamp: number, signal: Signal) =>
  new SystemEvent({
    timestamp,
    eventType: signal._tag === "TradeSignal" ? "signal_generated" : "decision_trace",
    symbol: signal.symbol,
    details: { signal: encodeSignal(signal) }
  })

const snapshot = (timestamp: number, equity: string) =>
  new AccountState({
    timestamp,
    equity: new Decimal(equity),
    balance: new Decimal(equity),
    marginUsed: new Decimal("2750"),
    availableMargin: new Decimal("7500"),
    unrealizedPnl: new Decimal("0")
  })

/** Equity over the last day, hourly, plus one snapshot older than the chart's 7-day window. */
export const EQUITY_SNAPSHOTS = [
  snapshot(NOW - 8 * 24 * HOUR, "9000"),
  ...Array.from({ length: 24 }, (_, i) => snapshot(NOW - (24 - i) * HOUR, (10_000 + 12 * i + (i % 5) * 7).toFixed(2))),
  snapshot(NOW, "10250.5")
]

const seed = Effect.gen(function* () {
  const accounts = yield* AccountStateRepository
  const events = yield* SystemEventRepository
  yield* Effect.forEach(EQUITY_SNAPSHOTS, accounts.append)
  yield* events.append(event(NOW - 2 * HOUR, solSignal))
  yield* events.append(event(NOW - HOUR, ethNoSignal))
  // Outside the 24 h window, and a type the panel does not show.
  yield* events.append(event(NOW - 30 * HOUR, ethNoSignal))
  yield* events.append(new SystemEvent({ timestamp: NOW - HOUR, eventType: "startup", details: { version: "1" } }))
})

/** Migrated in-memory SQLite with the repositories and the equity history, seeded. */
export const seededStorage = Layer.effectDiscard(seed).pipe(
  Layer.provideMerge(Layer.merge(RepositoriesLive, EquityHistoryLive)),
  Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

export interface ServerOptions {
  readonly token?: string
  readonly failing?: boolean
}

/** The dashboard on a real Node server at 127.0.0.1 (port from the OS) over the test Operator and seeded storage. */
export const dashboardServer = (options: ServerOptions = {}) => {
  const operator = testOperator({ failing: options.failing === true })
  const layer = DashboardServer.layer({
    token: Option.map(Option.fromNullable(options.token), Redacted.make),
    staleAfter: 180_000,
    refreshSeconds: 1,
    loopbackOnly: true
  }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })),
    Layer.provide(Layer.merge(operator.layer, seededStorage))
  )
  return { calls: operator.calls, layer }
}

/** http://127.0.0.1:<port> of the server in context. */
export const baseUrl = HttpServer.addressWith((address) =>
  Effect.succeed(address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : "unix-socket")
)
