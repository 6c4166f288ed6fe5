import { Either, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { authent, authentInputOf } from "../../../../src/exchange/kraken/auth/FuturesSign.ts"
import { decodeFrame } from "../../../../src/exchange/kraken/wire/DecodeError.ts"
import { LeveragePreferencesSuccess } from "../../../../src/exchange/kraken/wire/futures/LeveragePreferences.ts"
import { credentials, futuresCall, type Harness, startHarness } from "./Harness.ts"

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})

afterAll(async () => {
  await h.close()
})

const PATH = "/derivatives/api/v3/leveragepreferences"

/** `PUT /leveragepreferences` with its parameters as a form body (api-go, python-kraken-sdk), signed by `secret`. */
const put = async (params: Record<string, string>, secret = credentials.apiSecret) => {
  const body = new URLSearchParams(params).toString()
  const response = await fetch(`${h.server.url}${PATH}`, {
    method: "PUT",
    headers: {
      APIKey: credentials.apiKey,
      Authent: authent(secret, authentInputOf({ requestPath: PATH, body })),
      "content-type": "application/x-www-form-urlencoded"
    },
    body
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const preferences = async () =>
  Either.getOrThrow(
    decodeFrame(LeveragePreferencesSuccess, "v3")((await futuresCall(h.server, "GET", "leveragepreferences")).text)
  ).leveragePreferences.map((p) => [p.symbol, p.maxLeverage.toString()])

describe("simulator Derivatives REST v3 leverage preferences", () => {
  it("verifies Authent, sets from a form body, lists only symbols with a preference, and clears", async () => {
    const forged = await put(
      { symbol: "PF_XBTUSD", maxLeverage: "5" },
      Redacted.make(Buffer.alloc(64, 1).toString("base64"))
    )
    expect(forged.body).toMatchObject({ result: "error", error: "authenticationError" })
    expect(h.venue.state.leverage).toEqual({})

    expect(await put({ symbol: "PF_XBTUSD", maxLeverage: "5" })).toMatchObject({
      status: 200,
      body: { result: "success" }
    })
    expect(await preferences()).toEqual([["PF_XBTUSD", "5"]])

    expect((await put({ symbol: "PF_XBTUSD" })).body).toMatchObject({ result: "success" })
    expect(await preferences()).toEqual([])
  })

  it("refuses with Kraken's codes: 87 unknown contract, 41 would cause liquidation; invalidArgument above the maximum", async () => {
    expect(await put({ symbol: "PF_NOPEUSD", maxLeverage: "5" })).toMatchObject({
      status: 400,
      body: { result: "error", errors: [{ code: 87 }] }
    })
    expect((await put({ symbol: "PF_XBTUSD", maxLeverage: "1000" })).body).toMatchObject({ error: "invalidArgument" })

    // A position worth about three times the equity is only allowed while leverage stays above 3
    const price = h.venue.state.prices.PF_XBTUSD!.mark
    const size = (30_000 / price.toNumber()).toFixed(4)
    const placed = await futuresCall(h.server, "POST", "sendorder", {
      orderType: "mkt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size
    })
    expect(placed.body).toMatchObject({ sendStatus: { status: "placed" } })
    expect(await put({ symbol: "PF_XBTUSD", maxLeverage: "1" })).toMatchObject({
      status: 400,
      body: { result: "error", errors: [{ code: 41 }] }
    })
    expect(h.venue.state.leverage).toEqual({})
    expect((await put({ symbol: "PF_XBTUSD", maxLeverage: "10" })).body).toMatchObject({ result: "success" })
    expect(h.venue.state.leverage.PF_XBTUSD?.toString()).toBe("10")
  })
})
