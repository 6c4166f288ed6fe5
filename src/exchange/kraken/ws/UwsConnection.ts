import {
  Clock,
  Data,
  Deferred,
  Duration,
  Effect,
  Either,
  Option,
  PubSub,
  Queue,
  Ref,
  Schedule,
  Schema,
  type Scope
} from "effect"
import WebSocket from "ws"
import { decodeValue, KrakenDecodeError } from "../wire/DecodeError.ts"
import { FrameHeader } from "../wire/Envelope.ts"
import { ChannelData } from "../wire/Incoming.ts"
import { parseFrame, stringifyFrame } from "../wire/Json.ts"
import type { SubscribeParams } from "../wire/Subscribe.ts"
import {
  InvalidRequest,
  NoResponse,
  NotConnected,
  type RequestError,
  UndecodableResponse,
  VenueRefused
} from "./ConnectionErrors.ts"
import { type Method, type Outcome, type ResultOf, Subscribe } from "./Methods.ts"

export interface UwsConnectionOptions {
  /** For logs: `public` or `private`. */
  readonly name: string
  readonly url: string
  /** Fetched before every connection attempt (a fresh token per connection); None for the public feed. */
  readonly token: Option.Option<Effect.Effect<string, unknown>>
  /** Subscriptions sent after every (re)connect, built with that connection's token ("" when public). */
  readonly subscriptions: (token: string) => Effect.Effect<ReadonlyArray<SubscribeParams>>
  readonly requestTimeout: Duration.DurationInput
  /** Application ping period. */
  readonly pingInterval: Duration.DurationInput
  /** Total silence (no heartbeat, no data, no pong) after which the connection is treated as dead. */
  readonly silenceTimeout: Duration.DurationInput
  /** Delay between reconnect attempts; reset once a connection is up and subscribed. */
  readonly reconnect: Schedule.Schedule<unknown, unknown>
}

/** What a connection reports, in order. `epoch` counts successful connections. */
export type ConnectionEvent = Data.TaggedEnum<{
  /** Connected and every subscription acknowledged; snapshots follow. */
  Connected: { readonly epoch: number }
  Disconnected: { readonly epoch: number; readonly reason: string }
  Message: { readonly epoch: number; readonly message: ChannelData }
  /** A channel frame that did not decode (it is dropped). */
  Undecodable: { readonly epoch: number; readonly channel: string; readonly detail: string }
}>
export const ConnectionEvent = Data.taggedEnum<ConnectionEvent>()

export interface UwsConnection {
  /** Sends a method with the current token; `params` is built from it. */
  readonly request: <P, PI, Resp extends Outcome, RespI>(
    method: Method<P, PI, Resp, RespI>,
    params: (token: string) => P
  ) => Effect.Effect<ResultOf<Resp>, RequestError>
  /** Subscribes now; every event after this effect is delivered to the returned queue until the scope closes. */
  readonly events: Effect.Effect<Queue.Dequeue<ConnectionEvent>, never, Scope.Scope>
  /** Drops the current connection (e.g. after an undecodable private frame); it reconnects and resubscribes. */
  readonly reconnect: (reason: string) => Effect.Effect<void>
  /** Sends the subscription on the live connection now (callers also add it to `subscriptions` for reconnects). */
  readonly subscribe: (params: (token: string) => SubscribeParams) => Effect.Effect<void, RequestError>
  /** Starts connecting (and keeps reconnecting) until the scope closes; subscribe to `events` first. */
  readonly start: Effect.Effect<void, never, Scope.Scope>
}

type Inbound = { readonly _tag: "Text"; readonly text: string } | { readonly _tag: "Closed"; readonly reason: string }

interface Live {
  readonly socket: WebSocket
  readonly token: string
  readonly epoch: number
  readonly ready: boolean
}

class SessionEnded extends Data.TaggedError("SessionEnded")<{ readonly reason: string }> {}

const reasonOf = (e: unknown): string =>
  e instanceof Error ? e.message : typeof e === "object" && e !== null && "message" in e ? String(e.message) : String(e)

/** The channel a frame claims, for logs, when its header cannot be decoded. */
const channelNameOf = (frame: unknown): string =>
  typeof frame === "object" && frame !== null && "channel" in frame && typeof frame.channel === "string"
    ? frame.channel
    : "unknown"

// "Already subscribed" means the venue still has it: harmless on a resubscribe.
const harmlessSubscribeError = (error: string): boolean => error.startsWith("Already subscribed")

const openSocket = (url: string, inbound: Queue.Queue<Inbound>): Effect.Effect<WebSocket, SessionEnded, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<WebSocket, SessionEnded>((resume) => {
      const socket = new WebSocket(url)
      socket.on("message", (data, isBinary) => {
        if (!isBinary) inbound.unsafeOffer({ _tag: "Text", text: data.toString() })
      })
      socket.on("close", (code, reason) => inbound.unsafeOffer({ _tag: "Closed", reason: `closed ${code} ${reason}` }))
      socket.on("error", (e) => {
        inbound.unsafeOffer({ _tag: "Closed", reason: e.message })
        resume(Effect.fail(new SessionEnded({ reason: e.message })))
      })
      socket.once("open", () => resume(Effect.succeed(socket)))
      return Effect.sync(() => socket.terminate())
    }),
    (socket) => Effect.sync(() => socket.terminate())
  )

// A decoded response is one of its schema's two branches; TypeScript cannot narrow a generic union itself.
const resultOf = <Resp extends Outcome>(method: string, outcome: Resp): Effect.Effect<ResultOf<Resp>, VenueRefused> =>
  outcome.success
    ? Effect.succeed(outcome.result as ResultOf<Resp>)
    : Effect.fail(new VenueRefused({ method, error: outcome.error }))

// Every part of a session runs until it fails; the first failure ends the session and interrupts the rest.
const firstToEnd = <E>(parts: ReadonlyArray<Effect.Effect<never, E>>): Effect.Effect<never, E> =>
  parts.reduce<Effect.Effect<never, E>>((a, b) => Effect.raceFirst(a, b), Effect.never)

/**
 * One Unified WebSocket feed that stays up: connects (fresh token), subscribes, pings, watches for silence,
 * correlates responses by `req_id`, and on any failure reconnects with backoff and subscribes again.
 */
export const makeUwsConnection = (options: UwsConnectionOptions): Effect.Effect<UwsConnection> =>
  Effect.gen(function* () {
    const hub = yield* PubSub.unbounded<ConnectionEvent>()
    const live = yield* Ref.make(Option.none<Live>())
    const kick = yield* Ref.make(Option.none<Deferred.Deferred<never, SessionEnded>>())
    const pending = new Map<number, Deferred.Deferred<unknown, NoResponse>>()
    let nextReqId = 1
    let epochs = 0

    const send = (socket: WebSocket, frame: string) =>
      Effect.async<void, NoResponse>((resume) => {
        socket.send(frame, (e) =>
          resume(e ? Effect.fail(new NoResponse({ method: "send", reason: e.message })) : Effect.void)
        )
      })

    const roundTrip = <P, PI, Resp extends Outcome, RespI>(
      conn: Live,
      method: Method<P, PI, Resp, RespI>,
      params: P
    ): Effect.Effect<ResultOf<Resp>, RequestError> => {
      const reqId = nextReqId++
      return Effect.gen(function* () {
        const encoded = yield* Schema.encode(method.params)(params).pipe(
          Effect.mapError((e) => new InvalidRequest({ method: method.method, detail: e.message }))
        )
        const reply = yield* Deferred.make<unknown, NoResponse>()
        pending.set(reqId, reply)
        yield* send(conn.socket, stringifyFrame({ method: method.method, params: encoded, req_id: reqId })).pipe(
          Effect.mapError((e) => new NotConnected({ method: method.method, reason: e.reason }))
        )
        const raw = yield* Deferred.await(reply).pipe(
          Effect.timeoutFail({
            duration: options.requestTimeout,
            onTimeout: () =>
              new NoResponse({
                method: method.method,
                reason: `no response within ${Duration.format(options.requestTimeout)}`
              })
          })
        )
        const outcome = yield* decodeValue(
          method.response,
          method.method
        )(raw).pipe(Effect.mapError((error) => new UndecodableResponse({ method: method.method, error })))
        return yield* resultOf(method.method, outcome)
      }).pipe(Effect.ensuring(Effect.sync(() => pending.delete(reqId))))
    }

    const request: UwsConnection["request"] = (method, params) =>
      Effect.flatMap(Ref.get(live), (current) =>
        Option.isSome(current) && current.value.ready
          ? roundTrip(current.value, method, params(current.value.token))
          : Effect.fail(new NotConnected({ method: method.method, reason: `${options.name} feed not connected` }))
      )

    const route = (epoch: number, text: string) =>
      Effect.gen(function* () {
        const parsed = parseFrame(text)
        if (Either.isLeft(parsed)) return yield* Effect.logWarning(`${options.name}: unparseable frame: ${parsed.left}`)
        const header = decodeValue(FrameHeader, `${options.name} frame`)(parsed.right)
        // Wrong types in the routing fields (a `type: 7` on an executions frame): unreadable, like a bad body
        if (Either.isLeft(header)) {
          const channel = channelNameOf(parsed.right)
          return yield* PubSub.publish(
            hub,
            ConnectionEvent.Undecodable({ epoch, channel, detail: header.left.message })
          )
        }
        const { req_id, method, channel } = header.right
        if (method !== undefined && req_id !== undefined) {
          const waiter = pending.get(req_id)
          if (waiter !== undefined) yield* Deferred.succeed(waiter, parsed.right)
          return
        }
        if (channel === undefined) {
          // Every venue frame names a channel or a method: one with neither is unreadable, never silently dropped
          if (method !== undefined) return
          const error = new KrakenDecodeError({ source: `${options.name} frame`, path: "channel", detail: "missing" })
          return yield* PubSub.publish(
            hub,
            ConnectionEvent.Undecodable({ epoch, channel: "unknown", detail: error.message })
          )
        }
        const data = decodeValue(ChannelData, `${channel} channel`)(parsed.right)
        yield* PubSub.publish(
          hub,
          Either.isRight(data)
            ? ConnectionEvent.Message({ epoch, message: data.right })
            : ConnectionEvent.Undecodable({ epoch, channel, detail: data.left.message })
        )
      })

    const session = Effect.gen(function* () {
      // Bounded like every request: a token call that is never answered must end this attempt, not the feed
      const token = Option.isSome(options.token)
        ? yield* options.token.value.pipe(
            Effect.mapError((e) => new SessionEnded({ reason: `token: ${reasonOf(e)}` })),
            Effect.timeoutFail({
              duration: options.requestTimeout,
              onTimeout: () => new SessionEnded({ reason: "token: no answer within the request timeout" })
            })
          )
        : ""
      const inbound = yield* Queue.unbounded<Inbound>()
      const socket = yield* openSocket(options.url, inbound)
      const epoch = ++epochs
      const lastSeen = yield* Ref.make(yield* Clock.currentTimeMillis)
      const ended = yield* Deferred.make<never, SessionEnded>()
      yield* Ref.set(kick, Option.some(ended))
      const conn: Live = { socket, token, epoch, ready: false }
      yield* Ref.set(live, Option.some(conn))

      const reader = Effect.forever(
        Effect.gen(function* () {
          const item = yield* Queue.take(inbound)
          if (item._tag === "Closed") return yield* new SessionEnded({ reason: item.reason })
          yield* Ref.set(lastSeen, yield* Clock.currentTimeMillis)
          yield* route(epoch, item.text)
        })
      )
      const silence = Duration.toMillis(options.silenceTimeout)
      const watchdog = Effect.forever(
        Effect.gen(function* () {
          yield* Effect.sleep(Duration.millis(Math.max(10, silence / 4)))
          const quiet = (yield* Clock.currentTimeMillis) - (yield* Ref.get(lastSeen))
          if (quiet > silence) return yield* new SessionEnded({ reason: `no message for ${quiet} ms` })
        })
      )
      const pinger = Effect.forever(
        Effect.sleep(options.pingInterval).pipe(
          Effect.zipRight(send(socket, stringifyFrame({ method: "ping", req_id: nextReqId++ })).pipe(Effect.ignore))
        )
      )
      const subscribeAll = Effect.gen(function* () {
        const subs = yield* options.subscriptions(token)
        yield* Effect.forEach(
          subs,
          (params) =>
            roundTrip(conn, Subscribe, params).pipe(
              Effect.catchIf(
                (e) => e._tag === "VenueRefused" && harmlessSubscribeError(e.error),
                () => Effect.void
              ),
              Effect.mapError((e) => new SessionEnded({ reason: `subscribe ${params.channel}: ${reasonOf(e)}` }))
            ),
          { concurrency: "unbounded", discard: true }
        )
        yield* Ref.set(live, Option.some({ ...conn, ready: true }))
        yield* PubSub.publish(hub, ConnectionEvent.Connected({ epoch }))
        return yield* Effect.never
      })
      return yield* firstToEnd([reader, watchdog, pinger, subscribeAll, Deferred.await(ended)]).pipe(
        Effect.ensuring(
          Effect.gen(function* () {
            yield* Ref.set(live, Option.none())
            for (const waiter of pending.values()) {
              yield* Deferred.fail(waiter, new NoResponse({ method: "pending", reason: "connection lost" }))
            }
            pending.clear()
          })
        ),
        Effect.tapError((e) => PubSub.publish(hub, ConnectionEvent.Disconnected({ epoch, reason: e.reason })))
      )
    }).pipe(Effect.scoped)

    const loop = Effect.gen(function* () {
      const backoff = yield* Schedule.driver(options.reconnect)
      for (;;) {
        const before = epochs
        const result = yield* Effect.either(session)
        const reason = Either.isLeft(result) ? result.left.reason : "session ended"
        yield* Effect.logWarning(`${options.name} feed lost: ${reason}`)
        if (epochs !== before) yield* backoff.reset
        yield* backoff.next(undefined).pipe(Effect.ignore)
      }
    })

    return {
      start: Effect.asVoid(Effect.forkScoped(loop)),
      request,
      events: PubSub.subscribe(hub),
      reconnect: (reason) =>
        Effect.flatMap(Ref.get(kick), (d) =>
          Option.isSome(d) ? Deferred.fail(d.value, new SessionEnded({ reason })).pipe(Effect.asVoid) : Effect.void
        ),
      subscribe: (params) =>
        request(Subscribe, params).pipe(
          Effect.catchIf(
            (e) => e._tag === "VenueRefused" && harmlessSubscribeError(e.error),
            () => Effect.void
          ),
          Effect.asVoid
        )
    }
  })
