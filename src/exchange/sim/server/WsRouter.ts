import { Either } from "effect"
import type { WebSocket } from "ws"
import { invalidArguments, UwsError } from "../../kraken/wire/Errors.ts"
import { type ClientMessage, decodeClientFrame } from "../../kraken/wire/Incoming.ts"
import { parseFrame, stringifyFrame } from "../../kraken/wire/Json.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import type { SimVenue } from "../SimVenue.ts"
import { Channels } from "./Channels.ts"
import { frameRoute } from "./Frames.ts"
import type { TokenStore } from "./Tokens.ts"
import { addOrder, amend, batchAdd, cancel, cancelAll, cancelAllAfter } from "./TradingMethods.ts"
import { WsSession } from "./WsSession.ts"

export interface WsContext {
  readonly venue: SimVenue
  readonly tokens: TokenStore
  readonly faults: FaultInjector
  readonly heartbeatMs: number
  /** Connections served so far (the status frame's `connection_id`). */
  readonly connections: { count: number }
}

const PRIVATE_CHANNELS: ReadonlySet<string> = new Set(["executions", "positions", "margin", "balances"])

const errorFrame = (method: string, reqId: number | undefined, error: string): string =>
  stringifyFrame({ method, ...(reqId !== undefined && { req_id: reqId }), success: false, error })

/** The token a private request carries, if any (every private request puts it in `params.token`). */
const tokenOf = (message: ClientMessage): string | undefined =>
  "params" in message && "token" in message.params ? message.params.token : undefined

const needsToken = (message: ClientMessage): boolean =>
  message.method !== "ping" &&
  (message.method !== "subscribe" && message.method !== "unsubscribe"
    ? true
    : PRIVATE_CHANNELS.has(message.params.channel))

/** Serves one UWS connection on `/v2/public` or `/v2/private`. */
export const serveConnection = (socket: WebSocket, isPrivate: boolean, context: WsContext): void => {
  context.connections.count += 1
  const session = new WsSession(socket, {
    heartbeatMs: context.heartbeatMs,
    faults: context.faults,
    connectionId: context.connections.count
  })
  const channels = new Channels(context.venue, (text) => session.send(text))
  session.onDispose(context.venue.subscribe((events, state) => channels.onStep(events, state)))

  const handle = (message: ClientMessage, reqId: number | undefined): ReadonlyArray<string> => {
    if (needsToken(message)) {
      if (!isPrivate) return [errorFrame(message.method, reqId, UwsError.invalidPermissions)]
      const token = tokenOf(message)
      if (token === undefined || !context.tokens.accept(token, Date.now())) {
        return [errorFrame(message.method, reqId, UwsError.invalidSession)]
      }
    }
    const { venue, faults } = context
    switch (message.method) {
      case "ping":
        session.pong(reqId, Date.now())
        return []
      case "subscribe":
        channels.subscribe(message.params, reqId)
        return []
      case "unsubscribe":
        return [
          stringifyFrame({
            method: "unsubscribe",
            ...(reqId !== undefined && { req_id: reqId }),
            success: true,
            result: { channel: message.params.channel }
          })
        ]
      case "add_order":
        return [addOrder(venue, faults, message.params, reqId)]
      case "batch_add":
        return [batchAdd(venue, faults, message.params, reqId)]
      case "amend_order":
        return [amend(venue, message.params, reqId)]
      case "cancel_order":
        return cancel(venue, message.params, reqId)
      case "cancel_all":
        return [cancelAll(venue, reqId)]
      case "cancel_all_orders_after":
        return [cancelAllAfter(venue, message.params.timeout, reqId)]
    }
  }

  socket.on("message", (data) => {
    if (!session.admit()) return
    const text = data.toString()
    Either.match(decodeClientFrame(text), {
      onLeft: (error) => {
        const route = frameRoute(Either.getOrElse(parseFrame(text), () => ({})))
        session.send(errorFrame(route.method, route.req_id, invalidArguments(error.path || error.detail)))
      },
      onRight: (message) => {
        for (const frame of handle(message, message.req_id)) session.send(frame)
      }
    })
  })
}
