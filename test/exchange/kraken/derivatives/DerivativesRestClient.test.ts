import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger } from "effect"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import { ALL_DERIVATIVES_CAPABILITIES } from "../../../../src/exchange/kraken/derivatives/DerivativesCapability.ts"
import { makeDerivativesRestClient } from "../../../../src/exchange/kraken/derivatives/DerivativesRestClient.ts"
import { type LoopbackResponse, loopbackHttpServer } from "../../../support/kraken/HttpServer.ts"

const XBT = FuturesSymbol.make("PF_XBTUSD")
const HOUR = 3_600_000

/** A charts host answering with `reply` and recording each path and query. */
const chartsHost = (reply: (path: string) => LoopbackResponse) =>
  Effect.gen(function* () {
    const seen: Array<string> = []
    const server = yield* loopbackHttpServer((r) => {
      seen.push(`${r.path}?${r.query.toString()}`)
      return reply(r.path)
    })
    const client = yield* makeDerivativesRestClient({ baseUrl: server.url, capabilities: ALL_DERIVATIVES_CAPABILITIES })
    return { client, seen }
  }).pipe(Effect.provide(FetchHttpClient.layer), Effect.provide(Logger.remove(Logger.defaultLogger)))

const candle = (timeMs: number) => ({ time: timeMs, open: "1.5", high: "2", low: "1", close: "1.75", volume: 3 })

describe("DerivativesRestClient charts", () => {
  it.scoped("K61 pages on more_candles from after the newest candle, decimals exact, oldest first", () =>
    Effect.gen(function* () {
      let calls = 0
      const { client, seen } = yield* chartsHost(() => {
        const first = ++calls === 1
        const page = first ? [candle(0), candle(HOUR)] : [candle(2 * HOUR)]
        return { status: 200, body: JSON.stringify({ candles: page, more_candles: first }) }
      })
      const candles = yield* client.chartCandles(XBT, "1h", 0, 2 * HOUR)
      expect(candles.map((c) => c.time)).toEqual([0, HOUR, 2 * HOUR])
      expect(candles[0]?.close.toString()).toBe("1.75")
      expect(seen).toEqual([
        "/api/charts/v1/trade/PF_XBTUSD/1h?from=0&to=7200",
        "/api/charts/v1/trade/PF_XBTUSD/1h?from=7200&to=7200"
      ])
    })
  )

  it.scoped("K62 a 404 is one unknown series (asked again next time); a 410 retires the capability for good", () =>
    Effect.gen(function* () {
      let status = 404
      const { client, seen } = yield* chartsHost(() => ({ status, body: "{}" }))
      const missing = yield* Effect.flip(client.chartCandles(XBT, "1h", 0, HOUR))
      expect(missing._tag).toBe("Transient")
      status = 410
      const retired = yield* Effect.flip(client.chartCandles(XBT, "1h", 0, HOUR))
      expect(retired._tag).toBe("DerivativesUnavailable")
      const again = yield* Effect.flip(client.chartCandles(XBT, "1h", 0, HOUR))
      expect(again.message).toBe("Kraken Derivatives REST capability charts unavailable: endpoint retired by Kraken")
      expect(seen).toHaveLength(2)
      expect([...(yield* client.retired)]).toEqual(["charts"])
    })
  )
})
