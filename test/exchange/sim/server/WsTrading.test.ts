import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Decimal } from "../../../../src/domain/Money.ts"
import { BAR, getToken, type Harness, startHarness, T0, tokenRequest, WsClient } from "./Harness.ts"

const SYMBOL = "PF_XBTUSD"

let h: Harness
let client: WsClient
let token: string

const last = (): Decimal => h.venue.state.prices[SYMBOL]!.last
const tick = (): Decimal => h.venue.state.instruments[SYMBOL]!.tickSize
/** A price `pct` percent away from the last, on the tick grid. */
const away = (pct: number): string =>
  last()
    .mul(1 + pct / 100)
    .toNearest(tick())
    .toString()

const order = (fields: Record<string, unknown>) => ({
  symbol: SYMBOL,
  asset_class: "derivatives",
  token,
  side: "buy",
  order_qty: "0.01",
  ...fields
})

const executions = (from = 0) =>
  client.frames
    .slice(from)
    .filter((f) => f.channel === "executions")
    .flatMap((f) => f.data as Array<Record<string, unknown>>)

beforeAll(async () => {
  h = await startHarness()
  token = await getToken(h.server)
  client = await WsClient.open(h.server.wsPrivateUrl)
})

afterAll(async () => {
  client.close()
  await h.close()
})

describe("GetWebSocketsToken", () => {
  it("refuses a wrong signature, a wrong key and a replayed nonce", async () => {
    const { Redacted } = await import("effect")
    const forged = await tokenRequest(h.server, { secret: Redacted.make(Buffer.alloc(64, 9).toString("base64")) })
    expect(forged.error).toEqual(["EAPI:Invalid signature"])
    expect((await tokenRequest(h.server, { key: "other" })).error).toEqual(["EAPI:Invalid key"])
    const ok = await tokenRequest(h.server, { nonce: "1800000000000" })
    expect(ok.error).toEqual([])
    expect((await tokenRequest(h.server, { nonce: "1800000000000" })).error).toEqual(["EAPI:Invalid nonce"])
  })

  it("refuses private requests with an unknown token and private channels on the public path", async () => {
    const reply = await client.request("subscribe", { channel: "executions", token: "nope" }, 1)
    expect(reply).toMatchObject({ success: false, error: "ESession:Invalid session" })
    const pub = await WsClient.open(h.server.wsPublicUrl)
    const refused = await pub.request("subscribe", { channel: "executions", token }, 2)
    expect(refused).toMatchObject({ success: false, error: "EAccount:Invalid permissions" })
    pub.close()
  })
})

describe("private trading over the Unified WebSocket", () => {
  it("sends the executions snapshot, then order updates, all valid wire frames", async () => {
    const ack = await client.request("subscribe", { channel: "executions", token, snap_orders: true }, 10)
    expect(ack.success).toBe(true)
    const snapshot = await client.next((f) => f.channel === "executions" && f.type === "snapshot")
    expect(snapshot.data).toEqual([])

    const from = client.frames.length
    const added = await client.request(
      "add_order",
      order({ order_type: "limit", limit_price: away(-10), cl_ord_id: "a1" }),
      11
    )
    expect(added).toMatchObject({ success: true, result: { cl_ord_id: "a1" } })
    const orderId = (added.result as { order_id: string }).order_id
    await client.next((f) => f.channel === "executions" && f.type === "update", 2000, from)
    expect(executions(from)).toContainEqual(
      expect.objectContaining({ exec_type: "new", order_id: orderId, order_status: "new" })
    )

    const amended = await client.request(
      "amend_order",
      { order_id: orderId, limit_price: away(-9), asset_class: "derivatives", token },
      12
    )
    expect(amended).toMatchObject({ success: true, result: { order_id: orderId } })

    const cancelled = await client.request(
      "cancel_order",
      { order_id: [orderId], asset_class: "derivatives", token },
      13
    )
    expect(cancelled).toMatchObject({ success: true, result: { order_id: orderId } })
    const again = await client.request("cancel_order", { order_id: [orderId], asset_class: "derivatives", token }, 14)
    expect(again).toMatchObject({ success: false, error: "EOrder:Unknown order" })
    await client.next((f) => f.channel === "executions" && JSON.stringify(f.data).includes('"canceled"'), 2000, from)
    expect(client.invalid).toEqual([])
  })

  it("fills a market order and reports the trade with fees", async () => {
    const from = client.frames.length
    const reply = await client.request("add_order", order({ order_type: "market" }), 20)
    expect(reply.success).toBe(true)
    await client.next((f) => f.channel === "executions" && JSON.stringify(f.data).includes('"trade"'), 2000, from)
    const trade = executions(from).find((e) => e.exec_type === "trade")!
    expect(trade).toMatchObject({ order_status: "filled", last_qty: "0.01", liquidity_ind: "t" })
    const price = new Decimal(String(trade.last_price))
    expect(price.eq(last())).toBe(true)
    expect(
      new Decimal(String((trade.fees as Array<{ qty: number }>)[0]!.qty)).eq(price.mul("0.01").mul("0.0005"))
    ).toBe(true)
    expect(h.venue.state.positions[SYMBOL]!.size.eq("0.01")).toBe(true)
  })

  it("sends positions, margin and balances snapshots, then updates after a fill", async () => {
    const sub = (channel: string, reqId: number) =>
      client.request(
        "subscribe",
        { channel, token, ...(channel !== "balances" && { asset_class: "derivatives" }) },
        reqId
      )
    expect((await sub("positions", 21)).success).toBe(true)
    expect((await sub("margin", 22)).success).toBe(true)
    expect((await sub("balances", 23)).success).toBe(true)
    expect(await sub("margin", 24)).toMatchObject({ success: false, error: "Already subscribed to margin channel" })
    const positions = await client.next((f) => f.channel === "positions" && f.type === "snapshot")
    expect(positions.data).toMatchObject({ futures: [{ symbol: SYMBOL, size: "0.01" }] })
    const from = client.frames.length
    await client.request("add_order", order({ order_type: "market", side: "sell" }), 25)
    const update = await client.next((f) => f.channel === "positions" && f.type === "update", 2000, from)
    expect(update.data).toMatchObject({ futures: [{ symbol: SYMBOL, size: 0 }] })
    const balance = await client.next((f) => f.channel === "balances" && f.type === "update", 2000, from)
    const usd = h.venue.state.balances.USD!
    expect(new Decimal(String((balance.data as Array<{ balance: unknown }>)[0]!.balance)).eq(usd)).toBe(true)
    await client.next((f) => f.channel === "margin", 2000, from)
    expect(client.invalid).toEqual([])
  })

  it("refuses bad orders with the Kraken error strings", async () => {
    const offGrid = await client.request(
      "add_order",
      order({ order_type: "limit", limit_price: last().plus(tick().div(3)).toString() }),
      30
    )
    expect(offGrid).toMatchObject({ success: false, error: "EOrder:Invalid price" })
    const post = await client.request(
      "add_order",
      order({ order_type: "limit", limit_price: away(5), post_only: true }),
      31
    )
    expect(post).toMatchObject({ success: false, error: "EOrder:Post only order" })
    const huge = await client.request("add_order", order({ order_type: "market", order_qty: "1000" }), 32)
    expect(huge).toMatchObject({ success: false, error: "EOrder:Insufficient margin" })
    const garbage = await client.request("add_order", { symbol: SYMBOL, token }, 33)
    expect(garbage).toMatchObject({ success: false })
    expect(String(garbage.error)).toMatch(/^EGeneral:Invalid arguments/)
  })

  it("batch_add places every leg or none; cancel_all counts them", async () => {
    const legs = [
      { order_type: "limit", side: "buy", order_qty: "0.01", limit_price: away(-20), cl_ord_id: "b1" },
      { order_type: "limit", side: "buy", order_qty: "0.01", limit_price: away(-21), cl_ord_id: "b2" }
    ]
    const batch = await client.request(
      "batch_add",
      { symbol: SYMBOL, asset_class: "derivatives", token, orders: legs },
      40
    )
    expect(batch).toMatchObject({ success: true, result: [{ cl_ord_id: "b1" }, { cl_ord_id: "b2" }] })
    const bad = [
      { ...legs[0], cl_ord_id: "b4" },
      { ...legs[1], limit_price: away(5), post_only: true, cl_ord_id: "b3" }
    ]
    const refused = await client.request(
      "batch_add",
      { symbol: SYMBOL, asset_class: "derivatives", token, orders: bad },
      41
    )
    expect(refused).toMatchObject({ success: false, error: "EOrder:Post only order" })
    expect(h.venue.state.openOrders).toHaveLength(2)
    const all = await client.request("cancel_all", { asset_class: "derivatives", token }, 42)
    expect(all).toMatchObject({ success: true, result: { count: 2 } })
  })

  it("arms the dead man's switch, which cancels as market time passes", async () => {
    await client.request("add_order", order({ order_type: "limit", limit_price: away(-15) }), 50)
    const armed = await client.request("cancel_all_orders_after", { timeout: 60, token }, 51)
    expect(armed).toMatchObject({ success: true })
    expect(h.venue.state.openOrders).toHaveLength(1)
    h.venue.advanceTo(h.venue.time + 61_000)
    expect(h.venue.state.openOrders).toHaveLength(0)
  })

  it("triggers a stop as the price driver walks the bars", async () => {
    await client.request("add_order", order({ order_type: "market" }), 59)
    expect(h.venue.state.positions[SYMBOL]!.size.eq("0.01")).toBe(true)
    // A sell stop just under the price: some later bar's low goes below it (the market keeps moving)
    const from = client.frames.length
    const stop = await client.request(
      "add_order",
      order({ order_type: "stop-loss", side: "sell", reduce_only: true, triggers: { price: away(-0.05) } }),
      60
    )
    expect(stop.success).toBe(true)
    for (let i = 1; i <= 96 && h.venue.state.openOrders.length > 0; i++) h.venue.advanceTo(T0 + i * BAR)
    await client.next((f) => f.channel === "executions" && JSON.stringify(f.data).includes('"filled"'), 2000, from)
    const kinds = executions(from).map((e) => e.exec_type)
    expect(kinds).toEqual(expect.arrayContaining(["new", "status", "trade"]))
    expect(h.venue.state.positions[SYMBOL]).toBeUndefined()
  })
})

describe("connection plumbing", () => {
  it("answers ping and sends heartbeats while idle", async () => {
    const pub = await WsClient.open(h.server.wsPublicUrl)
    pub.send({ method: "ping", req_id: 7 })
    const pong = await pub.next((f) => f.method === "pong")
    expect(pong.req_id).toBe(7)
    const beat = await pub.next((f) => f.channel === "heartbeat", 2500)
    expect(beat).toEqual({ channel: "heartbeat" })
    pub.close()
  })

  it("serves instrument, ticker and ohlc snapshots on the public path", async () => {
    const pub = await WsClient.open(h.server.wsPublicUrl)
    pub.send({ method: "subscribe", params: { channel: "instrument", asset_class: "derivatives" } })
    const instruments = await pub.next((f) => f.channel === "instrument")
    expect(JSON.stringify(instruments.data)).toContain(SYMBOL)
    pub.send({ method: "subscribe", params: { channel: "ticker", asset_class: "derivatives", symbol: [SYMBOL] } })
    const ticker = await pub.next((f) => f.channel === "ticker")
    expect(new Decimal(String((ticker.data as Array<{ last: number }>)[0]!.last)).eq(last())).toBe(true)
    pub.send({
      method: "subscribe",
      params: { channel: "ohlc", asset_class: "derivatives", symbol: [SYMBOL], interval: 15 }
    })
    const candles = await pub.next((f) => f.channel === "ohlc" && f.type === "snapshot")
    expect((candles.data as Array<unknown>).length).toBeGreaterThan(0)
    const seen = pub.frames.length
    h.venue.advanceTo(h.venue.time + BAR)
    await pub.next((f) => f.channel === "ticker" && f.type === "update", 2000, seen)
    expect(pub.invalid).toEqual([])
    pub.close()
  })
})
