import { FetchHttpClient } from "@effect/platform"
import { Effect, Option, Queue, Redacted, Schedule, type Scope, Stream } from "effect"
import type { Decimal } from "../../../../src/domain/Money.ts"
import type { ExchangeEvent, ExchangeService } from "../../../../src/exchange/Exchange.ts"
import { memoryNonceStore } from "../../../../src/exchange/kraken/client/NonceStore.ts"
import { makeSpotRestClient } from "../../../../src/exchange/kraken/client/SpotRestClient.ts"
import { makeKrakenExchange } from "../../../../src/exchange/kraken/KrakenExchange.ts"
import { memoryBars, type VolumeBar } from "../../../../src/exchange/sim/BarSource.ts"
import { setLiquidity } from "../../../../src/exchange/sim/EngineState.ts"
import { FaultInjector } from "../../../../src/exchange/sim/faults/Faults.ts"
import { makeSimExchange } from "../../../../src/exchange/sim/inprocess/SimExchange.ts"
import { SimVenue } from "../../../../src/exchange/sim/SimVenue.ts"
import { startSimServer } from "../../../../src/exchange/sim/server/SimServer.ts"
import { awaitItem } from "../../../support/kraken/Await.ts"

export const BAR_MS = 900_000
export const HOUR_MS = 3_600_000

/**
 * Market time of the contract venues: the last hour boundary before the wall clock, so that the Kraken adapter
 * (which ages finished orders by the wall clock) and the in-process layer (by market time) keep the same orders.
 */
export const START = Math.floor(Date.now() / HOUR_MS) * HOUR_MS

/** The time `minutes` into the venue (bars are 15 minutes). */
export const at = (minutes: number): number => START + minutes * 60_000

type Ohlc = readonly [open: number, high: number, low: number, close: number]

/**
 * BTC/USD bars (PF_XBTUSD: tick 1, step 0.0001). The intrabar path of an up bar is open → low → high → close,
 * of a down bar open → high → low → close, at 0, 5, 10 and 14:59.999 minutes into the bar.
 */
const BARS: ReadonlyArray<Ohlc> = [
  [50_000, 50_100, 49_900, 50_000], // 0: up (flat) bar
  [50_000, 50_600, 49_950, 50_500], // 1: up
  [50_500, 50_550, 49_800, 49_900], // 2: down
  [48_000, 48_100, 47_900, 48_000], // 3: gaps down 1 900 at its open
  ...Array.from({ length: 8 }, (): Ohlc => [48_000, 48_000, 48_000, 48_000]) // 4-11: flat until 3 h
]

const bars: ReadonlyArray<VolumeBar> = BARS.map(([open, high, low, close], i) => ({
  openTime: START + i * BAR_MS,
  open,
  high,
  low,
  close,
  volume: 1
}))

export interface VenueSetup {
  /** Fills per price point limited to this share of the order (partial fills). */
  readonly fillRatio?: Decimal
}

export const makeContractVenue = (setup: VenueSetup = {}): SimVenue => {
  const venue = SimVenue.make({ symbols: ["BTC/USD"], source: memoryBars("15m", { "BTC/USD": bars }), startMs: START })
  if (setup.fillRatio) venue.update((s) => setLiquidity(s, { maxFillSize: null, fillRatio: setup.fillRatio! }))
  return venue
}

/** One way of reaching a venue: the port, a way to move market time, and every event after sync. */
export interface ContractSide {
  readonly exchange: ExchangeService
  readonly advanceTo: (timeMs: number) => Effect.Effect<void>
  readonly events: () => ReadonlyArray<ExchangeEvent>
}

const collect = (exchange: ExchangeService) =>
  Effect.gen(function* () {
    const log: Array<ExchangeEvent> = []
    const queue = yield* Queue.unbounded<ExchangeEvent>()
    yield* Effect.forkScoped(
      Stream.runForEach(yield* exchange.events, (e) =>
        Effect.zipRight(
          Effect.sync(() => log.push(e)),
          Queue.offer(queue, e)
        )
      )
    )
    return { log, queue }
  })

/** The in-process layer over a fresh venue. */
export const inProcessSide = (setup: VenueSetup = {}): Effect.Effect<ContractSide, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { exchange, control } = yield* makeSimExchange(makeContractVenue(setup))
    const { log } = yield* collect(exchange)
    return { exchange, advanceTo: (t) => Effect.asVoid(control.advanceTo(t)), events: () => log }
  })

const SECRET = Redacted.make(Buffer.alloc(64, 9).toString("base64"))

/** The Kraken adapter connected to the simulator's server (127.0.0.1) over a fresh venue, synced. */
export const wireSide = (setup: VenueSetup = {}): Effect.Effect<ContractSide, never, Scope.Scope> =>
  Effect.gen(function* () {
    const venue = makeContractVenue(setup)
    const server = yield* Effect.acquireRelease(
      Effect.promise(() =>
        startSimServer({
          venue,
          credentials: { apiKey: "contract", apiSecret: SECRET },
          faults: new FaultInjector({ seed: 1 }),
          seed: 1,
          port: 0,
          heartbeatMs: 200
        })
      ),
      (s) => Effect.promise(() => s.close())
    )
    const spot = yield* makeSpotRestClient({
      baseUrl: server.url,
      credentials: Option.some({
        apiKey: Redacted.make("contract"),
        apiSecret: SECRET,
        nonces: yield* memoryNonceStore
      })
    }).pipe(Effect.provide(FetchHttpClient.layer))
    const exchange = yield* makeKrakenExchange({
      publicUrl: server.wsPublicUrl,
      privateUrl: server.wsPrivateUrl,
      token: Effect.map(spot.webSocketsToken, (t) => t.token),
      requestTimeout: "2 seconds",
      pingInterval: "1 second",
      silenceTimeout: "5 seconds",
      reconnect: Schedule.spaced("100 millis"),
      orderRate: { capacity: 1000, refillPerSecond: 1000 }
    })
    const { log, queue } = yield* collect(exchange)
    yield* awaitItem(queue, (e) => e._tag === "Resynced", "5 seconds")
    const synced = log.length
    return {
      exchange,
      advanceTo: (t) => Effect.sync(() => venue.advanceTo(t)),
      events: () => log.slice(synced)
    }
  })
