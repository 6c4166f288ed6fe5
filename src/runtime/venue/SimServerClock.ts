import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Effect, Either, Layer, Ref, Schedule, Schema } from "effect"
import { decodeSpotResponse } from "../../exchange/kraken/wire/spot/SpotResponse.ts"
import { SPOT_TIME_PATH, SpotTime } from "../../exchange/sim/server/SpotTime.ts"
import { MarketClock } from "../../market/MarketClock.ts"

/** `trading sim-server` did not tell its market time: without it the live process cannot know which bars closed. */
export class MarketTimeUnavailable extends Schema.TaggedError<MarketTimeUnavailable>()("MarketTimeUnavailable", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return (
      `exchange.sim.url: cannot read the market time from ${this.url}${SPOT_TIME_PATH} (${this.reason}); ` +
      "is `trading sim-server` running there?"
    )
  }
}

/** One reading of the server's market time, pinned to the real instant half-way through the request. */
interface Reading {
  readonly marketMs: number
  readonly realMs: number
  readonly speed: number | undefined
}

/** Re-reads the server's time this often (real time), so a drifting or restarted server is followed. */
const RESYNC_EVERY = "30 seconds"
/** How long start-up waits for the server to answer (it may be starting alongside). */
const FIRST_READ = Schedule.spaced("250 millis").pipe(Schedule.intersect(Schedule.recurs(40)))

const readTime = (baseUrl: string) =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const before = yield* Clock.currentTimeMillis
    const response = yield* http.execute(HttpClientRequest.get(`${baseUrl}${SPOT_TIME_PATH}`))
    const text = yield* response.text
    const after = yield* Clock.currentTimeMillis
    if (response.status !== 200) return yield* Effect.fail(`HTTP ${response.status}`)
    const time = yield* Either.mapLeft(decodeSpotResponse(SPOT_TIME_PATH, SpotTime)(text), (e) => e.message)
    return { marketMs: time.unixtime * 1000, realMs: Math.round((before + after) / 2), speed: time.speed } as Reading
  }).pipe(Effect.mapError((e) => (typeof e === "string" ? e : e.message)))

/**
 * The market clock of an external `trading sim-server`: read from its `/0/public/Time` (the venue's market time,
 * and the `speed` it is driven at; `fallbackSpeed` when it does not say), then extrapolated on the real clock and
 * re-read every 30 s. The venue's time moves in its driver's steps (250 ms real, 15 market seconds at speed 60),
 * so this clock is within one step of it either way, as the embedded venue's clock is; Kraken's OHLC rule (the
 * newest bar counts only once a minute has passed) keeps a not-yet-closed bar out. It never runs backwards: a
 * server found behind (restarted) holds the clock until it catches up.
 */
export const simServerClock = (options: {
  readonly baseUrl: string
  readonly fallbackSpeed: number
}): Layer.Layer<MarketClock, MarketTimeUnavailable, HttpClient.HttpClient> =>
  Layer.scoped(
    MarketClock,
    Effect.gen(function* () {
      const baseUrl = options.baseUrl.replace(/\/+$/, "")
      const first = yield* readTime(baseUrl).pipe(
        Effect.retry(FIRST_READ),
        Effect.mapError((reason) => new MarketTimeUnavailable({ url: baseUrl, reason }))
      )
      const speed = first.speed ?? options.fallbackSpeed
      const anchor = yield* Ref.make(first)
      const latest = yield* Ref.make(first.marketMs)
      const extrapolate = (reading: Reading, realMs: number) =>
        Math.floor(reading.marketMs + (realMs - reading.realMs) * speed)
      const now = Effect.gen(function* () {
        const candidate = extrapolate(yield* Ref.get(anchor), yield* Clock.currentTimeMillis)
        return yield* Ref.updateAndGet(latest, (previous) => Math.max(previous, candidate))
      })
      const resync = readTime(baseUrl).pipe(
        Effect.tap((reading) => Ref.set(anchor, reading)),
        Effect.catchAll((reason) => Effect.logWarning(`sim-server market time not re-read (${reason}); extrapolating`))
      )
      yield* Effect.forkScoped(Effect.repeat(resync, Schedule.spaced(RESYNC_EVERY)).pipe(Effect.delay(RESYNC_EVERY)))
      yield* Effect.logInfo(
        `market clock follows ${baseUrl}: ${new Date(first.marketMs).toISOString()} at ${speed}x real time`
      )
      return { now, realDelayMs: (simulatedMs: number) => simulatedMs / speed }
    })
  )
