import { Clock, Console, Effect, Redacted, Schedule } from "effect"
import { Random } from "../../../domain/Random.ts"
import { timeframeMs } from "../../../domain/Timeframe.ts"
import { type BarSource, syntheticBars } from "../BarSource.ts"
import { csvBars } from "../CsvBars.ts"
import { type FaultSettings, formatFaultSpec } from "../faults/FaultSpec.ts"
import { FaultInjector } from "../faults/Faults.ts"
import { makeFaultyVenue } from "../faults/FaultyVenue.ts"
import { LONG_RUN_HISTORY_LIMIT, longRunMarket } from "../LongRunning.ts"
import type { SimVenue } from "../SimVenue.ts"
import type { Credentials } from "./Http.ts"
import { type SimServer, startSimServer } from "./SimServer.ts"

export interface SimServerSettings {
  readonly port: number
  readonly host?: string
  readonly seed: number
  readonly apiKey?: string
  /** Base64; default derived from the seed. */
  readonly apiSecret?: string
  readonly data: "synthetic" | (string & {})
  /** Market milliseconds per wall millisecond. */
  readonly speed: number
  /** Spot universe; default the synthetic market's (or every pair of the directory). */
  readonly symbols?: ReadonlyArray<string>
  readonly faults?: FaultSettings
  readonly balances?: Readonly<Record<string, string>>
  /** Days of market history before the venue's first price, which the OHLC endpoints serve; default 30. */
  readonly historyDays?: number
}

export const DEFAULT_HISTORY_DAYS = 30
const historyMs = (settings: SimServerSettings) => (settings.historyDays ?? DEFAULT_HISTORY_DAYS) * 86_400_000
/** How often the price driver catches market time up with the clock. */
const DRIVER_INTERVAL = "250 millis"

const defaultSecret = (seed: number): string => {
  const random = new Random(seed, "api-secret")
  const bytes = Buffer.alloc(64)
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32BE(random.uint32(), i)
  return bytes.toString("base64")
}

const sourceOf = (settings: SimServerSettings, nowMs: number) =>
  settings.data === "synthetic"
    ? Effect.succeed(
        syntheticBars(
          longRunMarket({
            seed: settings.seed,
            openMs: nowMs,
            leadMs: historyMs(settings),
            ...(settings.symbols !== undefined && { symbols: settings.symbols })
          })
        )
      )
    : csvBars(settings.data)

/** The venue opens one history window after the data starts (synthetic: now), on a bar boundary. */
const openingTime = (source: BarSource, nowMs: number, settings: SimServerSettings): number => {
  const bar = timeframeMs[source.timeframe]
  const start = settings.data === "synthetic" ? nowMs : source.startMs + historyMs(settings)
  return Math.floor(start / bar) * bar
}

export interface RunningSimServer {
  readonly server: SimServer
  readonly venue: SimVenue
  readonly credentials: Credentials
  /** Catches market time up with the clock: opening time + elapsed × speed. */
  readonly drive: Effect.Effect<void>
}

/** Builds the venue and starts the server in the scope (closed with it); market time does not move yet. */
export const startSimVenueServer = (settings: SimServerSettings) =>
  Effect.gen(function* () {
    const wallStart = yield* Clock.currentTimeMillis
    const source = yield* sourceOf(settings, wallStart)
    const faults = new FaultInjector({ ...settings.faults, seed: settings.seed })
    const startMs = openingTime(source, wallStart, settings)
    const venue = makeFaultyVenue(
      {
        symbols: settings.symbols ?? source.symbols,
        source,
        startMs,
        historyLimit: LONG_RUN_HISTORY_LIMIT,
        ...(settings.balances !== undefined && { balances: settings.balances })
      },
      faults
    )
    const credentials: Credentials = {
      apiKey: settings.apiKey ?? "sim-api-key",
      apiSecret: Redacted.make(settings.apiSecret ?? defaultSecret(settings.seed))
    }
    const server = yield* Effect.acquireRelease(
      Effect.promise(() =>
        startSimServer({
          venue,
          credentials,
          faults,
          seed: settings.seed,
          speed: settings.speed,
          port: settings.port,
          ...(settings.host !== undefined && { host: settings.host })
        })
      ),
      (s) => Effect.promise(() => s.close())
    )
    const drive = Effect.map(Clock.currentTimeMillis, (now) => {
      venue.advanceTo(startMs + Math.floor((now - wallStart) * settings.speed))
    })
    return { server, venue, credentials, drive } satisfies RunningSimServer
  })

/**
 * `trading sim-server`: starts the Kraken-wire server, prints its URLs and the credentials it accepts, then
 * drives market time at `speed` × the clock until interrupted (the server closes with the scope).
 */
export const runSimServer = (settings: SimServerSettings) =>
  Effect.gen(function* () {
    const { server, venue, credentials, drive } = yield* startSimVenueServer(settings)
    yield* Console.log(
      [
        `Simulated Kraken venue on ${server.url}`,
        `  Spot REST:        ${server.url}/0/...`,
        `  Derivatives REST: ${server.url}/derivatives/api/v3/...`,
        `  WebSocket:        ${server.wsPublicUrl}  ${server.wsPrivateUrl}`,
        `  API key:          ${credentials.apiKey}`,
        `  API secret:       ${Redacted.value(credentials.apiSecret)}`,
        `  Contracts:        ${venue.listings.map((l) => l.futures).join(", ")}`,
        `  History:          ${settings.historyDays ?? DEFAULT_HISTORY_DAYS} days before the first price`,
        `  Faults:           ${formatFaultSpec(settings.faults ?? {}) || "none"}`
      ].join("\n")
    )
    return yield* drive.pipe(Effect.repeat(Schedule.spaced(DRIVER_INTERVAL)), Effect.andThen(Effect.never))
  }).pipe(Effect.scoped)
