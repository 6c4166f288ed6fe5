import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, Option, Redacted } from "effect"
import { testConfigSync } from "../../../../src/config/TestConfig.ts"
import { Decimal } from "../../../../src/domain/Money.ts"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import {
  ALL_DERIVATIVES_CAPABILITIES,
  type DerivativesCapabilities
} from "../../../../src/exchange/kraken/derivatives/DerivativesCapability.ts"
import {
  type DerivativesCredentials,
  makeDerivativesRestClient
} from "../../../../src/exchange/kraken/derivatives/DerivativesRestClient.ts"
import { derivativesRestOptionsOf } from "../../../../src/exchange/kraken/derivatives/DerivativesRestConfig.ts"
import { recordingHttp } from "../../../market/support/SimKraken.ts"
import { loopbackHttpServer } from "../../../support/kraken/HttpServer.ts"
import { BAR, credentials, futuresCall, type Harness, startHarness, T0 } from "../../sim/server/Harness.ts"

const XBT = FuturesSymbol.make("PF_XBTUSD")
const keys: DerivativesCredentials = { apiKey: Redacted.make(credentials.apiKey), apiSecret: credentials.apiSecret }

/** The simulator's Kraken wire on 127.0.0.1, closed with the test's scope. */
const harness = Effect.acquireRelease(
  Effect.promise(() => startHarness()),
  (h: Harness) => Effect.promise(h.close)
)

/** A client of `url` over a fetch client that records every request path, with its log lines kept. */
const clientOf = (url: string, capabilities: DerivativesCapabilities, keyPair = Option.some(keys)) =>
  Effect.gen(function* () {
    const requests: Array<string> = []
    const logs: Array<string> = []
    const capture = Logger.replace(
      Logger.defaultLogger,
      Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`))
    )
    const client = yield* makeDerivativesRestClient({ baseUrl: url, capabilities, credentials: keyPair }).pipe(
      Effect.provide(recordingHttp(requests))
    )
    // The client holds its HTTP client; a call's warnings go to the logger it runs under
    const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.provide(effect, capture)
    return { client, requests, logs, run }
  })

const order = (h: Harness, side: string, size: string, cliOrdId?: string) =>
  Effect.promise(() =>
    futuresCall(h.server, "POST", "sendorder", {
      orderType: "mkt",
      symbol: "PF_XBTUSD",
      side,
      size,
      ...(cliOrdId !== undefined && { cliOrdId })
    })
  )

describe("Derivatives REST v3 fill history against the simulator", () => {
  it.scoped("K91 decodes every fill field exactly, newest first, and pages back with lastFillTime", () =>
    Effect.gen(function* () {
      const h = yield* harness
      yield* order(h, "buy", "0.03", "entry-k70")
      h.venue.advanceTo(T0 + BAR)
      yield* order(h, "sell", "0.01")
      const { client, requests } = yield* clientOf(h.server.url, ALL_DERIVATIVES_CAPABILITIES)
      const fills = yield* client.fillHistory()
      const venueFills = [...h.venue.state.fills.toArray()].reverse()
      expect(fills).toHaveLength(2)
      fills.forEach((fill, i) => {
        const truth = venueFills[i]!
        expect(fill.fillId).toBe(truth.fillId)
        expect(fill.orderId).toBe(truth.orderId)
        expect(fill.symbol).toBe("PF_XBTUSD")
        expect(fill.side).toBe(truth.side)
        expect(fill.size.toString()).toBe(truth.size.toString())
        expect(fill.price.toString()).toBe(truth.price.toString())
        expect(fill.fillTime).toBe(truth.time)
        expect(fill.fillType).toBe(truth.fillType)
      })
      expect(fills.map((f) => [f.side, f.clientOrderId])).toEqual([
        ["sell", undefined],
        ["buy", "entry-k70"]
      ])
      // The newest fill's time as lastFillTime: only the older one comes back
      const older = yield* client.fillHistory(fills[0]!.fillTime)
      expect(older.map((f) => f.fillId)).toEqual([fills[1]!.fillId])
      expect(requests).toEqual([
        "/derivatives/api/v3/fills?",
        `/derivatives/api/v3/fills?lastFillTime=${encodeURIComponent(new Date(fills[0]!.fillTime).toISOString())}`
      ])
    })
  )

  it.scoped("K92 a wrong key pair is AuthFailed; without a key pair nothing is sent", () =>
    Effect.gen(function* () {
      const h = yield* harness
      const forged = { ...keys, apiSecret: Redacted.make(Buffer.alloc(64, 1).toString("base64")) }
      const wrong = yield* clientOf(h.server.url, ALL_DERIVATIVES_CAPABILITIES, Option.some(forged))
      const refused = yield* Effect.flip(wrong.client.fillHistory())
      expect(refused._tag).toBe("AuthFailed")
      expect(refused.message).toContain("authenticationError")
      expect(refused.message).not.toContain(Redacted.value(forged.apiSecret))

      const keyless = yield* clientOf(h.server.url, ALL_DERIVATIVES_CAPABILITIES, Option.none())
      const unavailable = yield* Effect.flip(keyless.client.leveragePreferences)
      expect(unavailable._tag).toBe("DerivativesUnavailable")
      expect(unavailable.message).toContain("futures_api_key")
      expect(keyless.requests).toEqual([])
    })
  )
})

describe("Derivatives REST v3 leverage preferences against the simulator", () => {
  it.scoped("K93 sets, reads and clears a symbol's maximum leverage; refusals carry Kraken's reason", () =>
    Effect.gen(function* () {
      const h = yield* harness
      const { client, requests } = yield* clientOf(h.server.url, ALL_DERIVATIVES_CAPABILITIES)
      expect(yield* client.leveragePreferences).toEqual([])

      yield* client.setMaxLeverage(XBT, Option.some(new Decimal("10")))
      expect(h.venue.state.leverage.PF_XBTUSD?.toString()).toBe("10")
      const set = yield* client.leveragePreferences
      expect(set.map((p) => [p.symbol, p.maxLeverage.toString()])).toEqual([["PF_XBTUSD", "10"]])

      const unknown = yield* Effect.flip(client.setMaxLeverage(FuturesSymbol.make("PF_NOPEUSD"), Option.none()))
      expect(unknown.message).toContain("contract does not exist")
      const tooHigh = yield* Effect.flip(client.setMaxLeverage(XBT, Option.some(new Decimal("1000"))))
      expect(tooHigh.message).toContain("invalidArgument")
      expect(h.venue.state.leverage.PF_XBTUSD?.toString()).toBe("10")

      // No maxLeverage: back to cross margin, so no longer listed
      yield* client.setMaxLeverage(XBT, Option.none())
      expect(yield* client.leveragePreferences).toEqual([])
      expect(requests.filter((r) => r.startsWith("/derivatives/api/v3/leveragepreferences?maxLeverage"))).toEqual([])
      expect(requests).toContain("/derivatives/api/v3/leveragepreferences?symbol=PF_XBTUSD&maxLeverage=10")
    })
  )
})

describe("Derivatives REST v3 private capabilities switched off or retired", () => {
  it.scoped("K94 a 410 (or 404) retires each capability alone, with one warning, then no more requests", () =>
    Effect.gen(function* () {
      let status = 410
      let body = "Gone"
      const host = yield* loopbackHttpServer(() => ({ status, body }))
      const { client, requests, logs, run } = yield* clientOf(host.url, ALL_DERIVATIVES_CAPABILITIES)
      const first = yield* Effect.flip(run(client.fillHistory()))
      expect(first._tag).toBe("DerivativesUnavailable")
      const again = yield* Effect.flip(run(client.fillHistory(T0)))
      expect(again.message).toBe(
        "Kraken Derivatives REST capability fillHistory unavailable: endpoint retired by Kraken"
      )
      expect(requests).toHaveLength(1)
      expect([...(yield* client.retired)]).toEqual(["fillHistory"])

      // A 404 carrying a v3 refusal of the request (one unknown contract) is not the endpoint gone
      status = 404
      body = JSON.stringify({ result: "error", errors: [{ code: 87, message: "contract does not exist" }] })
      const refusal = yield* Effect.flip(run(client.setMaxLeverage(XBT, Option.none())))
      expect(refusal._tag).toBe("Transient")
      expect(refusal.message).toContain("contract does not exist")
      expect(requests).toHaveLength(2)

      // Leverage preferences are still tried on their own; a bare 404 on their fixed path retires them too
      body = "Not Found"
      expect((yield* Effect.flip(run(client.leveragePreferences)))._tag).toBe("DerivativesUnavailable")
      expect((yield* Effect.flip(run(client.setMaxLeverage(XBT, Option.none()))))._tag).toBe("DerivativesUnavailable")
      expect(requests).toHaveLength(3)
      expect(new Set(yield* client.retired)).toEqual(new Set(["fillHistory", "leveragePreferences"]))
      const warnings = logs.filter((l) => l.startsWith("WARN") && l.includes("decommissioned"))
      expect(warnings).toHaveLength(2)
      expect(warnings[0]).toContain("HTTP 410 for fillHistory")
      expect(warnings[1]).toContain("HTTP 404 for leveragePreferences")
    })
  )

  it.scoped(
    "K95 exchange.kraken.derivatives_rest and the futures key pair from config: a switch off sends nothing",
    () =>
      Effect.gen(function* () {
        const h = yield* harness
        const env = {
          KRAKEN_FUTURES_API_KEY: credentials.apiKey,
          KRAKEN_FUTURES_API_SECRET: keys.apiSecret.pipe(Redacted.value)
        }
        const kraken = (patch: Record<string, boolean>) =>
          testConfigSync({ env, config: { exchange: { kraken: { derivatives_rest: patch } } } }).exchange.kraken
        const requests: Array<string> = []
        const clientFor = (patch: Record<string, boolean>) =>
          makeDerivativesRestClient(derivativesRestOptionsOf(kraken(patch), h.server.url)).pipe(
            Effect.provide(recordingHttp(requests))
          )

        // Shipped: every switch on, and the configured key pair signs (the simulator checks Authent)
        const shipped = yield* clientFor({})
        yield* order(h, "buy", "0.01")
        expect(yield* shipped.fillHistory()).toHaveLength(1)
        expect(yield* shipped.leveragePreferences).toEqual([])
        expect(requests).toHaveLength(2)

        requests.length = 0
        const off = yield* clientFor({ fill_history: false, leverage_preferences: false })
        for (const call of [off.fillHistory(), off.leveragePreferences, off.setMaxLeverage(XBT, Option.none())]) {
          const error = yield* Effect.flip(call)
          expect(error.message).toContain("disabled by configuration")
        }
        expect(requests).toEqual([])
        // The switch that stayed on still calls v3
        expect((yield* off.instruments).length).toBeGreaterThan(0)
        expect(requests).toEqual(["/derivatives/api/v3/instruments?"])
        const noSpecs = yield* clientFor({ instrument_specs: false })
        expect((yield* Effect.flip(noSpecs.instruments))._tag).toBe("DerivativesUnavailable")
        expect(requests).toHaveLength(1)
      })
  )
})
