import { FetchHttpClient, HttpClient, UrlParams } from "@effect/platform"
import { Effect, Layer, Redacted } from "effect"
import { syntheticBars } from "../../../src/exchange/sim/BarSource.ts"
import { FaultInjector } from "../../../src/exchange/sim/faults/Faults.ts"
import { SimVenue } from "../../../src/exchange/sim/SimVenue.ts"
import { startSimServer } from "../../../src/exchange/sim/server/SimServer.ts"
import { createSyntheticMarket } from "../../../src/market/SyntheticMarket.ts"

/** 2025-01-01T00:00:00Z: the venue opens here, with ten days of synthetic history behind it. */
export const T0 = Date.UTC(2025, 0, 1)
export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** The simulated Kraken on 127.0.0.1 over BTC/USD and ETH/USD; the market is the truth its bars come from. */
export const simKraken = Effect.acquireRelease(
  Effect.promise(async () => {
    const symbols = ["BTC/USD", "ETH/USD"]
    const market = createSyntheticMarket({ seed: 42, startMs: T0 - 10 * DAY, symbols })
    const venue = SimVenue.make({ symbols, source: syntheticBars(market), startMs: T0 })
    const credentials = { apiKey: "key", apiSecret: Redacted.make(Buffer.alloc(64, 7).toString("base64")) }
    const server = await startSimServer({ venue, credentials, faults: new FaultInjector({ seed: 1 }), seed: 1 })
    return { market, venue, server }
  }),
  ({ server }) => Effect.promise(server.close)
)

/** The fetch client, recording every request as `path?query` so a test can count what went over the wire. */
export const recordingHttp = (log: Array<string>) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.tapRequest(client, (request) =>
        Effect.sync(() => log.push(`${new URL(request.url).pathname}?${UrlParams.toString(request.urlParams)}`))
      )
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))
