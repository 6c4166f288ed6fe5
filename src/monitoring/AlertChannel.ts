import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Duration, Effect, Redacted, Schema } from "effect"
import { type Alert, formatDiscord, formatTelegram } from "./Alert.ts"
import { ChannelError } from "./ChannelError.ts"
import type { TelegramApi } from "./TelegramApi.ts"
import { tracedFn } from "./TracedFn.ts"

/** One transport alerts are delivered through. */
export interface AlertChannel {
  readonly name: string
  readonly deliver: (alert: Alert) => Effect.Effect<void, ChannelError>
}

export const telegramChannel = (api: TelegramApi, chatId: string): AlertChannel => ({
  name: "telegram",
  deliver: (alert) => api.sendMessage({ chatId, text: formatTelegram(alert), parseMode: "HTML" })
})

const DISCORD_TIMEOUT = Duration.seconds(10)
const RateLimited = Schema.Struct({ retry_after: Schema.Number })

/** A Discord webhook: POST `{content}`, answered 204 (or 200); 429 carries `retry_after` in seconds. */
export const discordChannel = tracedFn("AlertChannel.discord")(function* (webhookUrl: Redacted.Redacted<string>) {
  const client = yield* HttpClient.HttpClient
  const url = Redacted.value(webhookUrl)
  const failure = (description: string, status?: number, retryAfterSeconds?: number) =>
    new ChannelError({
      channel: "discord",
      operation: "webhook",
      // Platform errors quote the URL, whose path is the webhook's credential.
      description: description.replaceAll(url, "<webhook>"),
      ...(status === undefined ? {} : { status }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
    })
  const deliver = (alert: Alert) =>
    Effect.gen(function* () {
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.bodyUnsafeJson({ content: formatDiscord(alert), allowed_mentions: { parse: [] } })
      )
      const response = yield* client.execute(request).pipe(
        Effect.timeoutFail({ duration: DISCORD_TIMEOUT, onTimeout: () => failure("no response in 10s") }),
        Effect.mapError((error) => (error instanceof ChannelError ? error : failure(error.message)))
      )
      if (response.status >= 200 && response.status < 300) return
      const retryAfter = yield* response.json.pipe(
        Effect.flatMap(Schema.decodeUnknown(RateLimited)),
        Effect.map((body) => body.retry_after),
        Effect.orElseSucceed(() => undefined)
      )
      return yield* failure(`HTTP ${response.status}`, response.status, retryAfter)
    })
  return { name: "discord", deliver } satisfies AlertChannel
})
