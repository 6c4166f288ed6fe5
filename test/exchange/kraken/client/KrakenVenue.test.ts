import { mkdtemp, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted, Schedule } from "effect"
import { testConfigLayer, testConfigSync } from "../../../../src/config/TestConfig.ts"
import { Exchange } from "../../../../src/exchange/Exchange.ts"
import { KrakenExchangeLive, krakenEndpoints, SpotRestLive } from "../../../../src/exchange/kraken/KrakenVenue.ts"
import { eventually } from "../../../support/kraken/Await.ts"
import { spotRestServer, TEST_API_KEY, TEST_API_SECRET } from "../../../support/kraken/SpotRestServer.ts"
import { uwsServer } from "../../../support/kraken/UwsServer.ts"
import { MARGIN } from "./KrakenExchangeSupport.ts"

describe("KrakenVenue", () => {
  it.scopedLive("K50 wired from config: signed token over Spot REST, persisted nonce, private feed synced", () =>
    Effect.gen(function* () {
      const spot = yield* spotRestServer()
      const venue = yield* uwsServer({ heartbeatMs: 50, acceptToken: (t) => t === "token-1" })
      venue.margin = MARGIN
      venue.positions = [{ symbol: "PF_ETHUSD", size: 2, entry_price: 3000.25 }]
      const market = yield* uwsServer({ heartbeatMs: 50 })
      const nonceFile = join(yield* Effect.promise(() => mkdtemp(join(tmpdir(), "venue-"))), "kraken-nonce")
      const config = testConfigLayer({
        config: {
          exchange: {
            venue: "kraken",
            kraken: {
              spot_rest_url: spot.url,
              ws_public_url: market.url,
              ws_private_url: venue.url,
              api_key: TEST_API_KEY,
              api_secret: Redacted.value(TEST_API_SECRET)
            }
          }
        }
      })
      const layer = KrakenExchangeLive.pipe(
        Layer.provide(SpotRestLive(nonceFile)),
        Layer.provide(Layer.merge(config, FetchHttpClient.layer))
      )
      // The layer's connections live only while the provided effect runs.
      const positions = yield* Effect.flatMap(Exchange, (exchange) =>
        exchange.positions.pipe(
          Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.intersect(Schedule.recurs(150))))
        )
      ).pipe(Effect.provide(layer))
      expect(positions.map((p) => [p.symbol, p.side, p.size.toString(), p.entryPrice.toString()])).toEqual([
        ["PF_ETHUSD", "long", "2", "3000.25"]
      ])
      yield* eventually(() => venue.openClients() === 0 && market.openClients() === 0)
      expect(spot.tokensIssued()).toBe(1)
      expect(yield* Effect.promise(() => readFile(nonceFile, "utf8"))).toBe(String(spot.nonces[0]))
    })
  )

  it("K51 a wire simulator is reached on the same paths as Kraken; the embedded one has no endpoints", () => {
    const exchange = testConfigSync({
      config: { exchange: { venue: "sim", sim: { url: "http://127.0.0.1:8790/" } } }
    }).exchange
    expect(krakenEndpoints(exchange)).toEqual(
      Option.some({
        spotRestUrl: "http://127.0.0.1:8790",
        wsPublicUrl: "ws://127.0.0.1:8790/v2/public",
        wsPrivateUrl: "ws://127.0.0.1:8790/v2/private"
      })
    )
    const embedded = testConfigSync({ config: { exchange: { venue: "sim", sim: { url: null } } } }).exchange
    expect(krakenEndpoints(embedded)).toEqual(Option.none())
    const kraken = testConfigSync({ config: { exchange: { venue: "kraken" } } }).exchange
    expect(Option.map(krakenEndpoints(kraken), (e) => e.wsPrivateUrl)).toEqual(
      Option.some("wss://uws.kraken.com/v2/private")
    )
  })
})
