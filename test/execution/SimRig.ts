import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Clock, Deferred, Effect, Layer, Option, Ref, Schedule } from "effect"
import { Decimal, roundPriceToTick } from "../../src/domain/Money.ts"
import { PositionId } from "../../src/domain/Position.ts"
import type { Side } from "../../src/domain/Side.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import { Exchange, type ExchangeService, type OrderRequest } from "../../src/exchange/Exchange.ts"
import { OrderRejected, Transient } from "../../src/exchange/ExchangeErrors.ts"
import { makeKrakenExchange } from "../../src/exchange/kraken/KrakenExchange.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import type { SimServer } from "../../src/exchange/sim/server/SimServer.ts"
import { executionLayer } from "../../src/execution/Execution.ts"
import * as Executor from "../../src/execution/Executor.ts"
import type { EntryPlan, MachineRules } from "../../src/execution/ManagedPosition.ts"
import type { OpenPositionInput } from "../../src/execution/OpenPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import * as Registry from "../../src/execution/PositionRegistry.ts"
import type { ProtectionSettings } from "../../src/execution/ProtectionService.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { getToken, startHarness } from "../exchange/sim/server/Harness.ts"

export const XBT = FuturesSymbol.make("PF_XBTUSD")
export const BTC = SpotSymbol.make("BTC/USD")

/** The simulator's Kraken-wire server on 127.0.0.1 for the test's scope. */
export const simServer = Effect.acquireRelease(
  Effect.promise(() => startHarness()),
  (h) => Effect.promise(() => h.close())
)

/** The real Kraken adapter connected to the simulator server, waiting until its private feed is synced. */
export const krakenOn = (server: SimServer) =>
  Effect.gen(function* () {
    const exchange = yield* makeKrakenExchange({
      publicUrl: server.wsPublicUrl,
      privateUrl: server.wsPrivateUrl,
      token: Effect.tryPromise({
        try: () => getToken(server),
        catch: (e) => new Transient({ operation: "token", reason: String(e) })
      }),
      requestTimeout: "2 seconds",
      pingInterval: "1 second",
      silenceTimeout: "5 seconds",
      reconnect: Schedule.spaced("100 millis"),
      orderRate: { capacity: 100, refillPerSecond: 100 }
    })
    yield* exchange.positions.pipe(
      Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.intersect(Schedule.recurs(250))))
    )
    return exchange
  })

export const tempRegistryFile = () => join(mkdtempSync(join(tmpdir(), "executor-")), "data", "positions.db")

/** A new in-memory database with every repository (a test shares one across its "processes"). */
export const freshStorage = () => StorageLive({ databaseUrl: Option.none(), sqlitePath: ":memory:" })

/** One process lifetime: the executor over `exchange` and the registry file, with the given storage. */
export const processLayer = (
  exchange: ExchangeService,
  registryFile: string,
  storageLayer: ReturnType<typeof freshStorage>,
  settings: Partial<Executor.ExecutorSettings> = {}
) =>
  Executor.layer(settings).pipe(
    Layer.provideMerge(Registry.layer({ filename: registryFile })),
    Layer.provideMerge(Layer.succeed(Exchange, exchange)),
    Layer.provideMerge(storageLayer)
  )

/** A process with every execution service (the live composition), the kill switch in memory. */
export const supervisedLayer = (
  exchange: ExchangeService,
  registryFile: string,
  storageLayer: ReturnType<typeof freshStorage>,
  protection: Partial<ProtectionSettings> = {},
  executor: Partial<Executor.ExecutorSettings> = {},
  rules: MachineRules = DEFAULT_RULES
) =>
  executionLayer({ registryFile, protection, executor, rules }).pipe(
    Layer.provideMerge(Layer.succeed(Exchange, exchange)),
    Layer.provideMerge(SafetyStore.memory({ now: 0 })),
    Layer.provideMerge(storageLayer)
  )

let ids = 0
export const nextPositionId = () => PositionId.make(`pos-${(0xabc000000000 + ++ids).toString(16)}`)

/** An entry plan around the venue's last price: stop 2 % away, TPs 1.5 % and 3 % away, on the tick grid. */
export const planAt = (venue: SimVenue, side: Side, quantity = "0.01"): EntryPlan => {
  const instrument = venue.state.instruments[XBT]!
  const last = venue.state.prices[XBT]!.last
  const at = (pct: number) =>
    roundPriceToTick(last.times(1 + (side === "long" ? pct : -pct) / 100), instrument.tickSize)
  return {
    quantity: new Decimal(quantity),
    entryPrice: last,
    initialStop: at(-2),
    tp1Price: at(1.5),
    tp2Price: at(3),
    tp1Fraction: new Decimal("0.4"),
    tp2Fraction: new Decimal("0.4"),
    sizeStep: instrument.contractStep,
    minSize: instrument.minSize,
    regime: "wide_structure"
  }
}

/** A position to open now (the process clock: intents age by it). */
export const openInput = (venue: SimVenue, side: Side = "long") =>
  Effect.map(
    Clock.currentTimeMillis,
    (at): OpenPositionInput => ({
      positionId: nextPositionId(),
      symbol: BTC,
      futuresSymbol: XBT,
      side,
      plan: planAt(venue, side),
      at
    })
  )

/** The executor's event router running and a position opened through it: where the rig's scenarios start. */
export const openedThroughExecutor = (venue: SimVenue, side: Side = "long") =>
  Effect.gen(function* () {
    const registry = yield* Registry.PositionRegistry
    const executor = yield* Executor.Executor
    yield* executor.eventRouter
    const input = yield* openInput(venue, side)
    yield* executor.open(input)
    return { registry, executor, input }
  })

/** The venue refuses every placement `refuses` matches (as Kraken refuses an order it cannot take). */
export const refusing = (real: ExchangeService, refuses: (request: OrderRequest) => boolean): ExchangeService => ({
  ...real,
  placeOrder: (request) =>
    refuses(request)
      ? Effect.fail(
          new OrderRejected({ operation: "placeOrder", clientOrderId: request.clientOrderId, reason: "test venue" })
        )
      : real.placeOrder(request)
})

export type CrashPoint = "before" | "after"

/**
 * The venue as a process sees it until it dies: the first placement matching `when` dies `before` reaching the
 * venue or `after` the venue took it; from then on every call hangs, as nothing runs in a dead process.
 */
export const crashingExchange = (real: ExchangeService, when: (request: OrderRequest) => boolean, point: CrashPoint) =>
  Effect.gen(function* () {
    const crashed = yield* Deferred.make<void>()
    const dead = yield* Ref.make(false)
    const hangIfDead = <A, E>(effect: Effect.Effect<A, E>) =>
      Effect.flatMap(Ref.get(dead), (isDead) => (isDead ? Effect.never : effect))
    const die = Effect.zipRight(Ref.set(dead, true), Deferred.succeed(crashed, undefined))
    const exchange: ExchangeService = {
      ...real,
      placeOrder: (request) =>
        hangIfDead(
          when(request)
            ? point === "before"
              ? Effect.zipRight(die, Effect.never)
              : Effect.zipRight(Effect.zipRight(real.placeOrder(request), die), Effect.never)
            : real.placeOrder(request)
        ),
      cancelOrder: (ref) => hangIfDead(real.cancelOrder(ref)),
      orderByClientId: (id) => hangIfDead(real.orderByClientId(id))
    }
    return { exchange, crashed: Deferred.await(crashed) }
  })

/** Client ids the venue accepted more than once (over the whole run). */
export const duplicateAcceptances = (venue: SimVenue): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  for (const event of venue.state.orderEvents.toArray()) {
    if (event.type !== "order_accepted" || event.order.clientOrderId === null) continue
    seen.set(event.order.clientOrderId, (seen.get(event.order.clientOrderId) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id)
}

/** Polls `check` every 20 ms until it holds, at most ~10 s (bounded: a failure, never a hang). */
export const until = <E, R>(check: Effect.Effect<boolean, E, R>) =>
  Effect.gen(function* () {
    for (let i = 0; i < 500; i++) {
      if (yield* check) return
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.dieMessage("condition not met within 10 s")
  })
