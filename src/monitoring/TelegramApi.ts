import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Array as Arr, Duration, Effect, Either, Option, Redacted, Schema } from "effect"
import { ChannelError } from "./ChannelError.ts"
import { REDACTED } from "./Redaction.ts"
import { tracedFn } from "./TracedFn.ts"

/** The parts of a Bot API Update the bot reads (other fields and update types are ignored). */
export const TelegramUpdate = Schema.Struct({
  update_id: Schema.Int,
  message: Schema.optional(
    Schema.Struct({
      message_id: Schema.Int,
      /** Unix seconds. */
      date: Schema.optional(Schema.Int),
      chat: Schema.Struct({ id: Schema.Union(Schema.Int, Schema.String) }),
      from: Schema.optional(Schema.Struct({ id: Schema.Int, username: Schema.optional(Schema.String) })),
      text: Schema.optional(Schema.String)
    })
  )
})
export type TelegramUpdate = typeof TelegramUpdate.Type

const Envelope = Schema.Struct({
  ok: Schema.Boolean,
  result: Schema.optional(Schema.Unknown),
  error_code: Schema.optional(Schema.Int),
  description: Schema.optional(Schema.String),
  parameters: Schema.optional(Schema.Struct({ retry_after: Schema.optional(Schema.Number) }))
})

const decodeEnvelope = Schema.decodeUnknown(Envelope)
const decodeUpdateList = Schema.decodeUnknown(Schema.Array(Schema.Unknown))
const decodeUpdate = Schema.decodeUnknownEither(TelegramUpdate)
const decodeUpdateId = Schema.decodeUnknownOption(TelegramUpdate.pick("update_id"))

/**
 * One update as the bot can use it. A malformed one is kept as its bare `update_id` (never acted on, but its
 * offset is confirmed) and logged: decoding the batch as a whole let one bad update refuse every later poll.
 */
const readUpdate = (raw: unknown): Effect.Effect<Option.Option<TelegramUpdate>> =>
  Either.match(decodeUpdate(raw), {
    onRight: (update) => Effect.succeed(Option.some(update)),
    // The parse error is not rendered: it quotes the value, and printing a 10,000-deep one overflows the stack
    onLeft: () => {
      const id = decodeUpdateId(raw)
      return Effect.logWarning("malformed telegram update skipped").pipe(
        Effect.annotateLogs({
          update_id: Option.match(id, { onNone: () => "unreadable", onSome: (u) => String(u.update_id) })
        }),
        Effect.as(id)
      )
    }
  })

export interface TelegramApiOptions {
  readonly baseUrl: string
  readonly token: Redacted.Redacted<string>
}

export interface TelegramApi {
  /** Long polling: the server holds the request up to `timeoutSeconds` when no update is pending. */
  readonly getUpdates: (params: {
    readonly offset?: number
    readonly timeoutSeconds: number
  }) => Effect.Effect<ReadonlyArray<TelegramUpdate>, ChannelError>
  readonly sendMessage: (params: {
    readonly chatId: string
    readonly text: string
    readonly parseMode?: "HTML"
  }) => Effect.Effect<void, ChannelError>
}

/** Extra time over the long-polling timeout before a getUpdates request counts as lost. */
const GRACE = Duration.seconds(10)

/** A Bot API client (POST /bot<token>/<method> with a JSON body, `{ok, result}` envelopes). */
export const makeTelegramApi = tracedFn("TelegramApi.make")(function* (options: TelegramApiOptions) {
  const client = yield* HttpClient.HttpClient
  const token = Redacted.value(options.token)
  const root = `${options.baseUrl.replace(/\/+$/, "")}/bot${token}`
  // Platform error messages quote the URL, which carries the token.
  const scrub = (text: string) => text.replaceAll(token, REDACTED)

  const call = (method: string, body: Record<string, unknown>, timeout: Duration.Duration) =>
    Effect.gen(function* () {
      const failure = (description: string, status?: number, retryAfterSeconds?: number) =>
        new ChannelError({
          channel: "telegram",
          operation: method,
          description: scrub(description),
          ...(status === undefined ? {} : { status }),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
        })
      const response = yield* client
        .execute(HttpClientRequest.post(`${root}/${method}`).pipe(HttpClientRequest.bodyUnsafeJson(body)))
        .pipe(
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => failure(`no response in ${Duration.format(timeout)}`)
          }),
          Effect.mapError((error) => (error instanceof ChannelError ? error : failure(error.message)))
        )
      const json = yield* Effect.mapError(response.json, (error) => failure(error.message, response.status))
      const envelope = yield* Effect.mapError(decodeEnvelope(json), () =>
        failure("response is not a Bot API envelope", response.status)
      )
      if (!envelope.ok) {
        return yield* failure(
          envelope.description ?? "ok is false",
          envelope.error_code ?? response.status,
          envelope.parameters?.retry_after
        )
      }
      return envelope.result
    })

  const getUpdates: TelegramApi["getUpdates"] = ({ offset, timeoutSeconds }) =>
    call(
      "getUpdates",
      { ...(offset === undefined ? {} : { offset }), timeout: timeoutSeconds, allowed_updates: ["message"] },
      Duration.sum(Duration.seconds(timeoutSeconds), GRACE)
    ).pipe(
      Effect.flatMap((result) =>
        Effect.mapError(
          decodeUpdateList(result),
          () => new ChannelError({ channel: "telegram", operation: "getUpdates", description: "result is not a list" })
        )
      ),
      Effect.flatMap((raws) => Effect.map(Effect.forEach(raws, readUpdate), Arr.getSomes))
    )

  const sendMessage: TelegramApi["sendMessage"] = ({ chatId, text, parseMode }) =>
    call(
      "sendMessage",
      { chat_id: chatId, text, ...(parseMode === undefined ? {} : { parse_mode: parseMode }) },
      GRACE
    ).pipe(Effect.asVoid)

  return { getUpdates, sendMessage } satisfies TelegramApi
})
