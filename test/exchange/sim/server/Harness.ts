import { Either, Redacted } from "effect"
import WebSocket from "ws"
import { authent, authentInputOf } from "../../../../src/exchange/kraken/auth/FuturesSign.ts"
import { spotApiSign, spotFormBody } from "../../../../src/exchange/kraken/auth/SpotSign.ts"
import { decodeServerFrame } from "../../../../src/exchange/kraken/wire/Incoming.ts"
import { parseFrame, stringifyFrame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { syntheticBars } from "../../../../src/exchange/sim/BarSource.ts"
import { setLiquidity } from "../../../../src/exchange/sim/EngineState.ts"
import { type FaultConfig, FaultInjector } from "../../../../src/exchange/sim/faults/Faults.ts"
import { SimVenue } from "../../../../src/exchange/sim/SimVenue.ts"
import type { Credentials } from "../../../../src/exchange/sim/server/Http.ts"
import { type SimServer, startSimServer } from "../../../../src/exchange/sim/server/SimServer.ts"
import { createSyntheticMarket } from "../../../../src/market/SyntheticMarket.ts"

/** 2025-01-01T00:00:00Z; the synthetic market starts two days earlier so OHLC has history. */
export const T0 = Date.UTC(2025, 0, 1)
export const BAR = 900_000

export const credentials: Credentials = {
  apiKey: "test-key",
  apiSecret: Redacted.make(Buffer.alloc(64, 7).toString("base64"))
}

export const makeVenue = (faults: FaultInjector, seed = 42): SimVenue => {
  const market = createSyntheticMarket({ seed, startMs: T0 - 2 * 86_400_000, symbols: ["BTC/USD", "ETH/USD"] })
  const venue = SimVenue.make({
    symbols: ["BTC/USD", "ETH/USD"],
    source: syntheticBars(market),
    startMs: T0,
    priceHook: faults.gap
  })
  const liquidity = faults.liquidity()
  if (liquidity) venue.update((state) => setLiquidity(state, liquidity))
  return venue
}

export interface Harness {
  readonly venue: SimVenue
  readonly server: SimServer
  readonly faults: FaultInjector
  readonly close: () => Promise<void>
}

export const startHarness = async (faultConfig: Partial<FaultConfig> = {}, heartbeatMs = 1000): Promise<Harness> => {
  const faults = new FaultInjector({ seed: 1, ...faultConfig })
  const venue = makeVenue(faults)
  const server = await startSimServer({ venue, credentials, faults, seed: 1, port: 0, heartbeatMs })
  return { venue, server, faults, close: () => server.close() }
}

type Frame = Record<string, unknown>

/** A `ws` client that keeps every frame, checks each against the wire schemas, and awaits frames by predicate. */
export class WsClient {
  readonly frames: Array<Frame> = []
  readonly invalid: Array<string> = []
  private waiters: Array<() => void> = []
  closed = false

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = data.toString()
      if (Either.isLeft(decodeServerFrame(text))) this.invalid.push(text)
      const parsed = parseFrame(text)
      if (Either.isRight(parsed)) this.frames.push(parsed.right as Frame)
      for (const wake of this.waiters.splice(0)) wake()
    })
    socket.on("close", () => {
      this.closed = true
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  static open(url: string): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      socket.once("open", () => resolve(new WsClient(socket)))
      socket.once("error", reject)
    })
  }

  send(message: unknown): void {
    this.socket.send(stringifyFrame(message))
  }

  /** The first frame (from `from` on) matching `predicate`; rejects after `timeoutMs`. */
  async next(predicate: (frame: Frame) => boolean, timeoutMs = 2000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.frames.slice(from).find(predicate)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0 || this.closed) throw new Error(`no matching frame; got ${JSON.stringify(this.frames.slice(-5))}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Sends a request with `req_id` and awaits its response. */
  async request(method: string, params: Frame | undefined, reqId: number): Promise<Frame> {
    this.send({ method, ...(params && { params }), req_id: reqId })
    return this.next((f) => f.method === method && f.req_id === reqId)
  }

  close(): void {
    this.socket.terminate()
  }
}

let nonce = 1_700_000_000_000

export const nextNonce = (): string => String(++nonce)

/** `POST /0/private/GetWebSocketsToken` signed with `secret` (the server's own unless told). */
export const tokenRequest = async (
  server: SimServer,
  options: { nonce?: string; secret?: Redacted.Redacted<string>; key?: string } = {}
): Promise<Frame> => {
  const n = options.nonce ?? nextNonce()
  const body = spotFormBody(n)
  const sign = spotApiSign(options.secret ?? credentials.apiSecret, {
    uriPath: "/0/private/GetWebSocketsToken",
    nonce: n,
    postBody: body
  })
  const response = await fetch(`${server.url}/0/private/GetWebSocketsToken`, {
    method: "POST",
    headers: {
      "API-Key": options.key ?? credentials.apiKey,
      "API-Sign": sign,
      "content-type": "application/x-www-form-urlencoded"
    },
    body
  })
  return (await response.json()) as Frame
}

export const getToken = async (server: SimServer): Promise<string> => {
  const reply = await tokenRequest(server)
  const result = reply.result as { token: string }
  return result.token
}

/** A Derivatives v3 call with a valid (or forged) Authent; parameters in the body for POST. */
export const futuresCall = async (
  server: SimServer,
  method: "GET" | "POST",
  endpoint: string,
  params: Record<string, string> = {},
  secret: Redacted.Redacted<string> = credentials.apiSecret,
  nonce?: string
): Promise<{ status: number; body: Frame; text: string }> => {
  const encoded = new URLSearchParams(params).toString()
  const path = `/derivatives/api/v3/${endpoint}${method === "GET" && encoded ? `?${encoded}` : ""}`
  const body = method === "POST" ? encoded : ""
  const signature = authent(secret, authentInputOf({ requestPath: path, body, nonce }))
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      APIKey: credentials.apiKey,
      Authent: signature,
      "content-type": "application/x-www-form-urlencoded",
      ...(nonce !== undefined && { Nonce: nonce })
    },
    ...(method === "POST" && { body })
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as Frame, text }
}
