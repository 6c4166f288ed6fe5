import type { ServerResponse } from "node:http"
import { Effect, type Scope } from "effect"
import { sendJson, startLoopbackServer } from "./LoopbackServer.ts"

export interface SentMessage {
  readonly chat_id: string | number
  readonly text: string
  readonly parse_mode?: string
}

export interface ScriptedFailure {
  readonly status: number
  readonly description: string
  readonly retryAfter?: number
}

/** A Telegram Bot API double speaking the real wire format: POST /bot<token>/<method>, `{ok, result}` envelopes. */
export interface FakeBotApi {
  readonly baseUrl: string
  readonly token: string
  readonly sent: Array<SentMessage>
  /** Every Bot API method called, in order, failed calls included. */
  readonly calls: Array<string>
  /** Parameters of every getUpdates call answered, in order. */
  readonly polls: Array<{ readonly offset?: number; readonly timeout?: number }>
  /** Queues a text message from a chat as the next update, sent now or at `sentAt` (epoch ms). */
  readonly receive: (chatId: number, text: string, sentAt?: number) => void
  /** The next `count` calls to `method` fail with this error. */
  readonly failNext: (method: string, count: number, failure: ScriptedFailure) => void
}

interface Waiter {
  readonly response: ServerResponse
  readonly timer: ReturnType<typeof setTimeout>
}

export const startFakeBotApi = (token: string): Effect.Effect<FakeBotApi, never, Scope.Scope> =>
  Effect.gen(function* () {
    const sent: Array<SentMessage> = []
    const calls: Array<string> = []
    const polls: Array<{ offset?: number; timeout?: number }> = []
    let pending: Array<{ update_id: number; message: object }> = []
    let nextUpdateId = 1000
    let nextMessageId = 1
    const failures = new Map<string, Array<ScriptedFailure>>()
    const waiters = new Set<Waiter>()

    const answerUpdates = (response: ServerResponse) => sendJson(response, 200, { ok: true, result: pending })

    const baseUrl = yield* startLoopbackServer(({ method, path, body }, response) => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(path)
      if (method !== "POST" || match === null)
        return sendJson(response, 404, { ok: false, error_code: 404, description: "Not Found" })
      if (match[1] !== token)
        return sendJson(response, 401, { ok: false, error_code: 401, description: "Unauthorized" })
      const apiMethod = match[2] ?? ""
      calls.push(apiMethod)
      const failure = failures.get(apiMethod)?.shift()
      if (failure !== undefined) {
        return sendJson(response, failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description,
          ...(failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } })
        })
      }
      const params: Record<string, unknown> = typeof body === "object" && body !== null ? { ...body } : {}
      if (apiMethod === "sendMessage") {
        const chatId = params.chat_id
        if ((typeof chatId !== "string" && typeof chatId !== "number") || typeof params.text !== "string") {
          return sendJson(response, 400, {
            ok: false,
            error_code: 400,
            description: "Bad Request: message text is empty"
          })
        }
        sent.push({
          chat_id: chatId,
          text: params.text,
          ...(typeof params.parse_mode === "string" ? { parse_mode: params.parse_mode } : {})
        })
        return sendJson(response, 200, {
          ok: true,
          result: {
            message_id: nextMessageId++,
            chat: { id: params.chat_id },
            date: Math.floor(Date.now() / 1000),
            text: params.text
          }
        })
      }
      if (apiMethod === "getUpdates") {
        const offset = typeof params.offset === "number" ? params.offset : undefined
        const timeout = typeof params.timeout === "number" ? params.timeout : undefined
        polls.push({ ...(offset === undefined ? {} : { offset }), ...(timeout === undefined ? {} : { timeout }) })
        // An offset confirms every update before it (the Bot API forgets them).
        if (offset !== undefined) pending = pending.filter((update) => update.update_id >= offset)
        if (pending.length > 0 || !timeout) return answerUpdates(response)
        const waiter: Waiter = {
          response,
          timer: setTimeout(() => {
            waiters.delete(waiter)
            answerUpdates(response)
          }, timeout * 1000)
        }
        waiters.add(waiter)
        return
      }
      return sendJson(response, 404, { ok: false, error_code: 404, description: "Not Found: method not found" })
    })

    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const waiter of waiters) clearTimeout(waiter.timer)
      })
    )

    const receive = (chatId: number, text: string, sentAt = Date.now()) => {
      pending.push({
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(sentAt / 1000),
          chat: { id: chatId, type: "private" },
          from: { id: chatId },
          text
        }
      })
      for (const waiter of waiters) {
        clearTimeout(waiter.timer)
        answerUpdates(waiter.response)
      }
      waiters.clear()
    }

    const failNext = (method: string, count: number, failure: ScriptedFailure) =>
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: count }, () => failure)])

    return { baseUrl, token, sent, calls, polls, receive, failNext }
  })
