import { Effect, type Scope } from "effect"
import { sendJson, startLoopbackServer } from "../support/telegram/LoopbackServer.ts"

export type DiscordReply = { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 } | "hang"

/** A Discord webhook double: POST /api/webhooks/<id>/<token> with `{content}` → 204 No Content. */
export const startFakeDiscord = (path = "/api/webhooks/42/webhook-token-abc") =>
  Effect.gen(function* () {
    const contents: Array<string> = []
    const script: Array<DiscordReply> = []
    let attempts = 0
    const baseUrl = yield* startLoopbackServer(({ method, path: requested, body }, response) => {
      attempts++
      if (method !== "POST" || requested !== path)
        return sendJson(response, 404, { message: "Unknown Webhook", code: 10015 })
      const reply = script.shift()
      if (reply === "hang") return
      if (reply?.status === 429) {
        return sendJson(response, 429, {
          message: "You are being rate limited.",
          retry_after: reply.retryAfter,
          global: false
        })
      }
      if (reply?.status === 500) return sendJson(response, 500, { message: "Internal Server Error" })
      const content = typeof body === "object" && body !== null && "content" in body ? body.content : undefined
      if (typeof content !== "string")
        return sendJson(response, 400, { message: "Cannot send an empty message", code: 50006 })
      contents.push(content)
      response.writeHead(204)
      response.end()
    })
    return {
      url: `${baseUrl}${path}`,
      contents,
      script: (...replies: Array<DiscordReply>) => void script.push(...replies),
      attempts: () => attempts
    }
  }) satisfies Effect.Effect<unknown, never, Scope.Scope>
