import { afterEach, describe, expect, it } from "vitest"
import type { FaultConfig } from "../../../../src/exchange/sim/faults/Faults.ts"
import { BAR, futuresCall, getToken, type Harness, startHarness, WsClient } from "./Harness.ts"

const open: Array<{ close: () => unknown }> = []

const harness = async (faults: Partial<FaultConfig>, heartbeatMs = 1000): Promise<Harness> => {
  const h = await startHarness(faults, heartbeatMs)
  open.push(h)
  return h
}

const client = async (url: string): Promise<WsClient> => {
  const c = await WsClient.open(url)
  open.push(c)
  return c
}

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close()
})

const marketOrder = (token: string, qty: string) => ({
  method: "add_order",
  params: { order_type: "market", side: "buy", order_qty: qty, symbol: "PF_XBTUSD", asset_class: "derivatives", token },
  req_id: 1
})

describe("fault injection", () => {
  it("delays HTTP answers by the configured latency", async () => {
    const h = await harness({ latency: { rate: 1, ms: 200 } })
    const started = Date.now()
    await fetch(`${h.server.url}/0/public/AssetPairs`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect(h.faults.counts.latency).toBe(1)
  })

  it("answers 5xx and rate-limit errors", async () => {
    const down = await harness({ http5xx: { rate: 1 } })
    expect((await fetch(`${down.server.url}/0/public/AssetPairs`)).status).toBe(503)
    const limited = await harness({ rateLimit: { rate: 1 } })
    expect(await (await fetch(`${limited.server.url}/0/public/AssetPairs`)).json()).toEqual({
      error: ["EAPI:Rate limit exceeded"]
    })
    expect((await futuresCall(limited.server, "GET", "accounts")).body).toMatchObject({ error: "apiLimitExceeded" })
  })

  it("never answers a timed-out request", async () => {
    const h = await harness({ timeout: { rate: 1 } })
    await expect(fetch(`${h.server.url}/0/public/AssetPairs`, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
  })

  it("drops a WebSocket connection on a frame", async () => {
    const h = await harness({ wsDrop: { rate: 1 } })
    const c = await client(h.server.wsPublicUrl)
    c.send({ method: "ping", req_id: 1 })
    await expect(c.next((f) => f.method === "pong", 1000)).rejects.toThrow()
    expect(c.closed).toBe(true)
  })

  it("stalls a WebSocket silently: open, but no heartbeat any more", async () => {
    const h = await harness({ wsStall: { rate: 1 } }, 100)
    const c = await client(h.server.wsPublicUrl)
    await c.next((f) => f.channel === "heartbeat", 1000)
    c.send({ method: "ping", req_id: 1 })
    await new Promise((resolve) => setTimeout(resolve, 150))
    const seen = c.frames.length
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(c.frames.length).toBe(seen)
    expect(c.closed).toBe(false)
  })

  it("rejects orders at the configured rate", async () => {
    const h = await harness({ orderReject: { rate: 1 } })
    const c = await client(h.server.wsPrivateUrl)
    c.send(marketOrder(await getToken(h.server), "0.01"))
    const reply = await c.next((f) => f.method === "add_order")
    expect(reply).toMatchObject({ success: false, error: "EOrder:Insufficient margin" })
    expect(h.venue.state.positions.PF_XBTUSD).toBeUndefined()
  })

  it("fills partially with the liquidity fault", async () => {
    const h = await harness({ partialFill: { fillRatio: "0.5" } })
    const c = await client(h.server.wsPrivateUrl)
    c.send(marketOrder(await getToken(h.server), "0.02"))
    await c.next((f) => f.method === "add_order" && f.success === true)
    // A market order is IOC: one price point fills half, the rest is cancelled
    expect(h.venue.state.positions.PF_XBTUSD!.size.toString()).toBe("0.01")
  })

  it("gaps prices, keeping them on the tick grid", async () => {
    const plain = await harness({})
    const gapped = await harness({ priceGap: { rate: 0.2, pct: 3 } })
    for (const h of [plain, gapped]) h.venue.advanceTo(h.venue.time + 8 * BAR)
    const a = plain.venue.state.prices.PF_XBTUSD!.last
    const b = gapped.venue.state.prices.PF_XBTUSD!.last
    expect(gapped.faults.counts.priceGap).toBeGreaterThan(0)
    expect(b.eq(a)).toBe(false)
    expect(b.mod(gapped.venue.state.instruments.PF_XBTUSD!.tickSize).isZero()).toBe(true)
  })
})
