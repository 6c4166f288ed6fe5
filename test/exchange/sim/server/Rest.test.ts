import { Either, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeValue } from "../../../../src/exchange/kraken/wire/DecodeError.ts"
import { AccountsSuccess } from "../../../../src/exchange/kraken/wire/futures/Accounts.ts"
import { FillsSuccess } from "../../../../src/exchange/kraken/wire/futures/Fills.ts"
import { InstrumentsSuccess } from "../../../../src/exchange/kraken/wire/futures/Instruments.ts"
import { OpenOrdersSuccess } from "../../../../src/exchange/kraken/wire/futures/OpenOrders.ts"
import { SendOrderSuccess } from "../../../../src/exchange/kraken/wire/futures/OrderEntry.ts"
import { parseFrame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { AssetPairsResult } from "../../../../src/exchange/kraken/wire/spot/AssetPairs.ts"
import { SpotOhlcResult } from "../../../../src/exchange/kraken/wire/spot/Ohlc.ts"
import { decodeSpotResponse } from "../../../../src/exchange/kraken/wire/spot/SpotResponse.ts"
import { SpotTickerResult } from "../../../../src/exchange/kraken/wire/spot/Ticker.ts"
import { BAR, futuresCall, type Harness, startHarness } from "./Harness.ts"

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})

afterAll(async () => {
  await h.close()
})

/** Decodes a v3 body with its wire schema (decimal-exact), failing the test on a mismatch. */
const v3 = <A, I>(schema: import("effect").Schema.Schema<A, I>, text: string): A =>
  Either.getOrThrow(
    Either.flatMap(
      Either.mapLeft(parseFrame(text), (e) => new Error(e)),
      decodeValue(schema, "v3")
    )
  )

describe("Derivatives REST v3", () => {
  it("refuses a wrong Authent with authenticationError and places orders with a valid one", async () => {
    const params = { orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: "0.01" }
    const forged = await futuresCall(
      h.server,
      "POST",
      "sendorder",
      params,
      Redacted.make(Buffer.alloc(64, 1).toString("base64"))
    )
    expect(forged.body).toMatchObject({ result: "error", error: "authenticationError" })
    expect(h.venue.state.positions.PF_XBTUSD).toBeUndefined()

    const placed = await futuresCall(h.server, "POST", "sendorder", params)
    const send = v3(SendOrderSuccess, placed.text)
    expect(send.sendStatus.status).toBe("placed")
    expect(h.venue.state.positions.PF_XBTUSD!.size.eq("0.01")).toBe(true)

    const fills = v3(FillsSuccess, (await futuresCall(h.server, "GET", "fills")).text)
    expect(fills.fills).toHaveLength(1)
    expect(fills.fills[0]!.order_id).toBe(send.sendStatus.order_id)
  })

  it("reports refusals as statuses and serves accounts, open orders, edits and cancels", async () => {
    const price = h.venue.state.prices.PF_XBTUSD!.last
    const low = price.mul("0.9").toNearest(1).toString()
    const post = await futuresCall(h.server, "POST", "sendorder", {
      orderType: "post",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: "0.01",
      limitPrice: price.mul("1.05").toNearest(1).toString()
    })
    expect(v3(SendOrderSuccess, post.text).sendStatus.status).toBe("postWouldExecute")

    const resting = v3(
      SendOrderSuccess,
      (
        await futuresCall(h.server, "POST", "sendorder", {
          orderType: "lmt",
          symbol: "PF_XBTUSD",
          side: "buy",
          size: "0.02",
          limitPrice: low,
          cliOrdId: "r1"
        })
      ).text
    )
    const open = v3(OpenOrdersSuccess, (await futuresCall(h.server, "GET", "openorders")).text)
    expect(open.openOrders.map((o) => o.order_id)).toEqual([resting.sendStatus.order_id])
    expect(open.openOrders[0]!.limitPrice?.toString()).toBe(low)

    const edit = await futuresCall(h.server, "POST", "editorder", { cliOrdId: "r1", size: "0.03" })
    expect(edit.body).toMatchObject({ result: "success", editStatus: { status: "edited" } })
    expect(h.venue.state.openOrders[0]!.size.eq("0.03")).toBe(true)

    const accounts = v3(AccountsSuccess, (await futuresCall(h.server, "GET", "accounts")).text)
    const flex = accounts.accounts.flex
    expect(flex?.type).toBe("multiCollateralMarginAccount")

    const after = await futuresCall(h.server, "POST", "cancelallordersafter", { timeout: "30" })
    expect(after.body).toMatchObject({ result: "success", status: { triggerTime: "2025-01-01T00:00:30.000Z" } })
    const cancelled = await futuresCall(h.server, "POST", "cancelorder", { order_id: resting.sendStatus.order_id! })
    expect(cancelled.body).toMatchObject({ cancelStatus: { status: "cancelled" } })
    const missing = await futuresCall(h.server, "POST", "cancelorder", { order_id: "nope" })
    expect(missing.body).toMatchObject({ cancelStatus: { status: "notFound" } })
  })

  it("accepts increasing Nonce headers and refuses a replayed one", async () => {
    const call = (nonce: string) => futuresCall(h.server, "GET", "openpositions", {}, undefined, nonce)
    expect((await call("5000")).body).toMatchObject({ result: "success" })
    expect((await call("5001")).body).toMatchObject({ result: "success" })
    expect((await call("5001")).body).toMatchObject({ result: "error", error: "nonceBelowThreshold" })
  })

  it("runs a batchorder instruction by instruction", async () => {
    const low = h.venue.state.prices.PF_XBTUSD!.last.mul("0.8").toNearest(1).toNumber()
    const batch = {
      batchOrder: [
        {
          order: "send",
          order_tag: "1",
          orderType: "lmt",
          symbol: "PF_XBTUSD",
          side: "buy",
          size: 0.01,
          limitPrice: low,
          cliOrdId: "k1"
        },
        {
          order: "send",
          order_tag: "2",
          orderType: "lmt",
          symbol: "PF_XBTUSD",
          side: "buy",
          size: 0.01,
          limitPrice: low + 0.3
        },
        { order: "edit", cliOrdId: "k1", size: 0.02 },
        { order: "cancel", order_id: "missing" }
      ]
    }
    const reply = await futuresCall(h.server, "POST", "batchorder", { json: JSON.stringify(batch) })
    expect(reply.body).toMatchObject({
      result: "success",
      batchStatus: [
        { order_tag: "1", status: "placed" },
        { order_tag: "2", status: "invalidPrice" },
        { status: "edited" },
        { status: "notFound" }
      ]
    })
    expect(h.venue.state.openOrders.map((o) => o.size.toString())).toEqual(["0.02"])
  })

  it("lists instruments without authentication", async () => {
    const response = await fetch(`${h.server.url}/derivatives/api/v3/instruments`)
    const instruments = v3(InstrumentsSuccess, await response.text())
    expect(instruments.instruments.map((i) => i.symbol)).toEqual(["PF_XBTUSD", "PF_ETHUSD"])
  })
})

describe("Spot REST public", () => {
  it("pages OHLC with since = the previous last", async () => {
    h.venue.advanceTo(h.venue.time + 8 * BAR)
    const get = async (query: string) => {
      const text = await (await fetch(`${h.server.url}/0/public/OHLC?${query}`)).text()
      return Either.getOrThrow(decodeSpotResponse("OHLC", SpotOhlcResult)(text))
    }
    const first = await get("pair=XBTUSD&interval=15")
    expect(first.pair).toBe("XXBTZUSD")
    expect(first.candles.length).toBeGreaterThan(100)
    const newest = first.candles[first.candles.length - 1]!
    expect(first.last).toBe(newest.time)
    const empty = await get(`pair=XBTUSD&interval=15&since=${first.last}`)
    expect(empty.candles).toEqual([])
    h.venue.advanceTo(h.venue.time + 2 * BAR)
    const more = await get(`pair=XBTUSD&interval=15&since=${first.last}`)
    expect(more.candles.map((c) => c.time)).toEqual([first.last + 900, first.last + 1800])
    const hourly = await get("pair=XBTUSD&interval=60")
    expect(hourly.candles.every((c) => c.time % 3600 === 0)).toBe(true)
  })

  it("serves charts candles in ms with string prices", async () => {
    const to = Math.floor(h.venue.time / 1000)
    const url = `${h.server.url}/api/charts/v1/trade/PF_XBTUSD/1h?from=${to - 6 * 3600}&to=${to}`
    const body = (await (await fetch(url)).json()) as {
      candles: Array<{ time: number; open: string }>
      more_candles: boolean
    }
    expect(body.more_candles).toBe(false)
    expect(body.candles.length).toBeGreaterThanOrEqual(5)
    expect(body.candles.every((c) => c.time % 3_600_000 === 0 && typeof c.open === "string")).toBe(true)
    expect((await fetch(`${h.server.url}/api/charts/v1/trade/PF_NOPEUSD/1h`)).status).toBe(404)
  })

  it("serves AssetPairs and Ticker, and refuses unknown pairs", async () => {
    const pairs = Either.getOrThrow(
      decodeSpotResponse(
        "AssetPairs",
        AssetPairsResult
      )(await (await fetch(`${h.server.url}/0/public/AssetPairs`)).text())
    )
    expect(Object.keys(pairs)).toEqual(["XXBTZUSD", "XETHZUSD"])
    const ticker = Either.getOrThrow(
      decodeSpotResponse(
        "Ticker",
        SpotTickerResult
      )(await (await fetch(`${h.server.url}/0/public/Ticker?pair=ETHUSD`)).text())
    )
    expect(ticker.XETHZUSD!.c[0].eq(h.venue.state.prices.PF_ETHUSD!.last)).toBe(true)
    const unknown = await (await fetch(`${h.server.url}/0/public/Ticker?pair=NOPEUSD`)).json()
    expect(unknown).toEqual({ error: ["EQuery:Unknown asset pair"] })
  })
})
