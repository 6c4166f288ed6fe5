import { randomUUID } from "node:crypto"
import type { AddressInfo } from "node:net"
import { Effect, Either, type Scope } from "effect"
import { type WebSocket, WebSocketServer } from "ws"
import { UwsError } from "../../../src/exchange/kraken/wire/Errors.ts"
import { JsonNumber, parseFrame, stringifyFrame } from "../../../src/exchange/kraken/wire/Json.ts"

/** A client frame as received (fractions arrive as their exact text). */
export type Frame = Record<string, unknown> & { readonly method?: string; readonly req_id?: number }

/** A resting order of the loopback venue, in wire field names. */
export interface VenueOrder {
  order_id: string
  cl_ord_id?: string | undefined
  symbol: string
  side: string
  order_type: string
  order_qty: string
  limit_price?: string | undefined
  trigger_price?: string | undefined
  reduce_only: boolean
  post_only: boolean
  cum_qty: string
}

export interface UwsScript {
  /** Heartbeat period while subscribed; 0 = never. */
  readonly heartbeatMs?: number
  /** Tokens the private feed accepts; every other token is refused with `ESession:Invalid session`. */
  readonly acceptToken?: (token: string) => boolean
  /** Called first for every client frame: frames to answer with, or undefined for the default behaviour. */
  readonly intercept?: (frame: Frame, venue: UwsServer) => ReadonlyArray<unknown> | undefined
  readonly instrumentPairs?: ReadonlyArray<unknown>
  /** Fill price of market orders. */
  readonly marketPrice?: string
}

export interface UwsServer {
  readonly url: string
  /** Every client frame, with the index of the connection it came on. */
  readonly received: Array<{ readonly connection: number; readonly frame: Frame }>
  readonly orders: Map<string, VenueOrder>
  readonly connections: () => number
  readonly openClients: () => number
  /** Sends a frame to every open client. */
  readonly push: (frame: unknown) => void
  /** Cuts every client connection abruptly. */
  readonly dropAll: () => void
  /** While true the server sends nothing at all (a silently dead connection). */
  silent: boolean
  /** What the next positions / margin snapshot says (tests change it between connections). */
  positions: ReadonlyArray<unknown>
  margin: Readonly<Record<string, unknown>>
  /** Dead man's switch timeout last armed (seconds), if any. */
  deadMansSwitch: number | undefined
}

const num = (text: string | number) => new JsonNumber(String(text))
const now = () => new Date().toISOString()

const orderExecution = (o: VenueOrder, exec_type: string, order_status: string, extra: object = {}) => ({
  exec_type,
  order_id: o.order_id,
  ...(o.cl_ord_id === undefined ? {} : { cl_ord_id: o.cl_ord_id }),
  symbol: o.symbol,
  side: o.side,
  order_type: o.order_type,
  order_qty: num(o.order_qty),
  ...(o.limit_price === undefined ? {} : { limit_price: num(o.limit_price) }),
  ...(o.trigger_price === undefined
    ? {}
    : { triggers: { reference: "last", price: num(o.trigger_price), price_type: "static" } }),
  order_status,
  cum_qty: num(o.cum_qty),
  reduce_only: o.reduce_only,
  post_only: o.post_only,
  timestamp: now(),
  ...extra
})

const text = (v: unknown): string | undefined =>
  typeof v === "string" || typeof v === "number" ? String(v) : undefined

/** A Unified WebSocket stand-in on 127.0.0.1 with a tiny order book-less venue behind it. Closed with the scope. */
export const uwsServer = (script: UwsScript = {}): Effect.Effect<UwsServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const clients = new Set<WebSocket>()
    let accepted = 0
    const wss = yield* Effect.acquireRelease(
      Effect.async<WebSocketServer>((resume) => {
        const s: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, (): void =>
          resume(Effect.succeed(s))
        )
      }),
      (s) =>
        Effect.async<void>((resume) => {
          for (const c of s.clients) c.terminate()
          s.close(() => resume(Effect.void))
        })
    )
    const server: UwsServer = {
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      received: [],
      orders: new Map(),
      connections: () => accepted,
      openClients: () => clients.size,
      push: (frame) => {
        if (server.silent) return
        for (const c of clients) c.send(stringifyFrame(frame))
      },
      dropAll: () => {
        for (const c of clients) c.terminate()
      },
      silent: false,
      positions: [],
      margin: {},
      deadMansSwitch: undefined
    }

    const respond = (frame: Frame, result: unknown) => ({
      method: frame.method,
      req_id: frame.req_id,
      success: true,
      result,
      time_in: now(),
      time_out: now()
    })
    const refuse = (frame: Frame, error: string) => ({
      method: frame.method,
      req_id: frame.req_id,
      success: false,
      error
    })
    const executions = (type: string, data: ReadonlyArray<unknown>) => ({ channel: "executions", type, data })

    const place = (frame: Frame, p: Record<string, unknown>): Array<unknown> => {
      const trigger = p.triggers as Record<string, unknown> | undefined
      const o: VenueOrder = {
        order_id: randomUUID(),
        cl_ord_id: text(p.cl_ord_id),
        symbol: text(p.symbol) ?? "",
        side: text(p.side) ?? "",
        order_type: text(p.order_type) ?? "",
        order_qty: text(p.order_qty) ?? "0",
        limit_price: text(p.limit_price),
        trigger_price: text(trigger?.price),
        reduce_only: p.reduce_only === true,
        post_only: p.post_only === true,
        cum_qty: "0"
      }
      const ack = respond(frame, {
        order_id: o.order_id,
        ...(o.cl_ord_id === undefined ? {} : { cl_ord_id: o.cl_ord_id })
      })
      if (o.order_type !== "market") {
        server.orders.set(o.order_id, o)
        return [ack, executions("update", [orderExecution(o, "new", "new")])]
      }
      const price = script.marketPrice ?? "100"
      const filled = { ...o, cum_qty: o.order_qty }
      const fill = orderExecution(filled, "trade", "filled", {
        exec_id: randomUUID(),
        last_qty: num(o.order_qty),
        last_price: num(price),
        avg_price: num(price),
        liquidity_ind: "t",
        fees: [{ asset: "USD", qty: num("0.05") }]
      })
      return [ack, executions("update", [orderExecution(o, "new", "new"), fill])]
    }

    const find = (id: unknown, byClient: boolean): VenueOrder | undefined =>
      [...server.orders.values()].find((o) => (byClient ? o.cl_ord_id : o.order_id) === id)

    const cancelled = (o: VenueOrder) => {
      server.orders.delete(o.order_id)
      return orderExecution(o, "canceled", "canceled")
    }

    const subscribed = (frame: Frame, p: Record<string, unknown>): Array<unknown> => {
      const channel = text(p.channel) ?? ""
      const ack = respond(frame, { channel, snapshot: true })
      switch (channel) {
        case "instrument":
          return [ack, { channel, type: "snapshot", data: { assets: [], pairs: script.instrumentPairs ?? [] } }]
        case "executions":
          return [
            ack,
            executions(
              "snapshot",
              [...server.orders.values()].map((o) => orderExecution(o, "status", "new"))
            )
          ]
        case "positions":
          return [ack, { channel, type: "snapshot", data: { futures: server.positions, options: [] } }]
        case "margin":
          return [ack, { channel, type: "multi_collateral", data: [server.margin] }]
        default:
          return [ack]
      }
    }

    const standard = (frame: Frame): ReadonlyArray<unknown> => {
      const p = (frame.params ?? {}) as Record<string, unknown>
      const token = text(p.token)
      if (token !== undefined && script.acceptToken !== undefined && !script.acceptToken(token))
        return [refuse(frame, UwsError.invalidSession)]
      switch (frame.method) {
        case "ping":
          return [{ method: "pong", req_id: frame.req_id, time_in: now(), time_out: now() }]
        case "subscribe":
          return subscribed(frame, p)
        case "add_order":
          return place(frame, p)
        case "batch_add": {
          const legs = (p.orders as ReadonlyArray<Record<string, unknown>>).map((leg) =>
            place(frame, { ...leg, symbol: p.symbol })
          )
          const acks = legs.map((l) => (l[0] as { result: unknown }).result)
          return [respond(frame, acks), ...legs.flatMap((l) => l.slice(1))]
        }
        case "amend_order": {
          const o = p.order_id === undefined ? find(p.cl_ord_id, true) : find(p.order_id, false)
          if (o === undefined) return [refuse(frame, UwsError.unknownOrder)]
          o.order_qty = text(p.order_qty) ?? o.order_qty
          o.limit_price = text(p.limit_price) ?? o.limit_price
          o.trigger_price = text(p.trigger_price) ?? o.trigger_price
          return [
            respond(frame, { amend_id: "", order_id: o.order_id }),
            executions("update", [orderExecution(o, "amended", "new")])
          ]
        }
        case "cancel_order": {
          const byClient = p.cl_ord_id !== undefined
          const ids = (byClient ? p.cl_ord_id : p.order_id) as ReadonlyArray<string>
          const targets = ids.map((id) => find(id, byClient))
          if (targets.some((o) => o === undefined)) return [refuse(frame, UwsError.unknownOrder)]
          const done = targets.flatMap((o) => (o === undefined ? [] : [cancelled(o)]))
          return [respond(frame, {}), executions("update", done)]
        }
        case "cancel_all": {
          const done = [...server.orders.values()].map(cancelled)
          return [respond(frame, { count: done.length }), ...(done.length > 0 ? [executions("update", done)] : [])]
        }
        case "cancel_all_orders_after": {
          server.deadMansSwitch = Number(p.timeout)
          return [respond(frame, { currentTime: now(), triggerTime: now() })]
        }
        default:
          return [refuse(frame, UwsError.invalidArguments)]
      }
    }

    wss.on("connection", (socket) => {
      const connection = ++accepted
      clients.add(socket)
      let beat: NodeJS.Timeout | undefined
      socket.on("close", () => {
        clients.delete(socket)
        clearInterval(beat)
      })
      socket.on("message", (data) => {
        const parsed = parseFrame(data.toString())
        if (Either.isLeft(parsed)) return
        const frame = parsed.right as Frame
        server.received.push({ connection, frame })
        if (server.silent) return
        const replies = script.intercept?.(frame, server) ?? standard(frame)
        for (const r of replies) socket.send(stringifyFrame(r))
        if (frame.method === "subscribe" && beat === undefined && (script.heartbeatMs ?? 0) > 0) {
          beat = setInterval(() => {
            if (!server.silent) socket.send(stringifyFrame({ channel: "heartbeat" }))
          }, script.heartbeatMs)
        }
      })
    })
    return server
  })
