import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { WebSocketServer } from "ws"
import type { FaultInjector } from "../faults/Faults.ts"
import type { SimVenue } from "../SimVenue.ts"
import { charts } from "./Charts.ts"
import { routeDerivatives } from "./FuturesRest.ts"
import { type Credentials, type HttpReply, type HttpRequest, json } from "./Http.ts"
import { getWebSocketsToken, NonceGuard, spotAssetPairs, spotError, spotOhlc, spotTicker } from "./SpotRest.ts"
import { spotTime } from "./SpotTime.ts"
import { TokenStore } from "./Tokens.ts"
import { serveConnection } from "./WsRouter.ts"

export interface SimServerOptions {
  readonly venue: SimVenue
  readonly credentials: Credentials
  readonly faults: FaultInjector
  readonly seed: number
  readonly host?: string
  /** 0 = any free port. */
  readonly port?: number
  /** Idle time before a WebSocket heartbeat; Kraken sends one about every second. */
  readonly heartbeatMs?: number
  /** Market milliseconds per real millisecond the venue is driven at, reported by `/0/public/Time`. */
  readonly speed?: number
}

export interface SimServer {
  readonly url: string
  readonly wsPublicUrl: string
  readonly wsPrivateUrl: string
  readonly port: number
  readonly close: () => Promise<void>
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

/**
 * The Kraken-wire server: Spot REST (`/0/...`, with `/0/public/Time` on the market clock), Derivatives REST v3
 * (`/derivatives/api/v3/...`) and the Unified WebSocket (`/v2/public`, `/v2/private`) on one port, over one
 * venue. HTTP faults apply per request.
 */
export const startSimServer = async (options: SimServerOptions): Promise<SimServer> => {
  const { venue, credentials, faults } = options
  const tokens = new TokenStore(options.seed)
  const nonces = new NonceGuard()
  const futuresNonces = new NonceGuard()
  const route = (request: HttpRequest): HttpReply => {
    if (request.method === "GET" && request.path.startsWith("/api/charts/v1/")) {
      return charts(venue, request.path, request.query)
    }
    if (request.path.startsWith("/derivatives/"))
      return routeDerivatives(request, { venue, credentials, faults, nonces: futuresNonces })
    switch (`${request.method} ${request.path}`) {
      case "POST /0/private/GetWebSocketsToken":
        return getWebSocketsToken(request, credentials, nonces, tokens)
      case "GET /0/public/OHLC":
        return spotOhlc(venue, request)
      case "GET /0/public/AssetPairs":
        return spotAssetPairs(venue)
      case "GET /0/public/Ticker":
        return spotTicker(venue, request)
      case "GET /0/public/Time":
        return spotTime(venue, options.speed)
      default:
        return { status: 404, body: "Not Found", contentType: "text/plain" }
    }
  }
  const http: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (faults.strikes("timeout")) return // read, never answered
      const url = new URL(req.url ?? "/", "http://sim")
      const request: HttpRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body
      }
      const reply = faults.strikes("http5xx")
        ? { status: 503, body: "Service Unavailable", contentType: "text/plain" }
        : faults.strikes("rateLimit")
          ? request.path.startsWith("/derivatives/")
            ? json(200, JSON.stringify({ result: "error", error: "apiLimitExceeded" }))
            : spotError("EAPI:Rate limit exceeded")
          : route(request)
      setTimeout(() => {
        res.writeHead(reply.status, { "content-type": reply.contentType ?? "application/json" })
        res.end(reply.body)
      }, faults.latencyMs())
    })
  })
  const wss = new WebSocketServer({ noServer: true })
  const context = { venue, tokens, faults, heartbeatMs: options.heartbeatMs ?? 1000, connections: { count: 0 } }
  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://sim").pathname
    if (path !== "/v2/public" && path !== "/v2/private") {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, path === "/v2/private", context))
  })
  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject)
    http.listen(options.port ?? 0, host, resolve)
  })
  const port = (http.address() as AddressInfo).port
  const base = `${host}:${port}`
  return {
    url: `http://${base}`,
    wsPublicUrl: `ws://${base}/v2/public`,
    wsPrivateUrl: `ws://${base}/v2/private`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        http.closeAllConnections()
        http.close(() => resolve())
      })
  }
}
