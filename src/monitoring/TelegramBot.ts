import type { HttpClient } from "@effect/platform"
import { Clock, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { type BotCommand, HELP_TEXT, parseMessage } from "./BotCommands.ts"
import {
  formatKill,
  formatOrders,
  formatPnl,
  formatPositions,
  formatResume,
  formatStatus,
  formatTrades
} from "./BotReplies.ts"
import { Operator, type OperatorError } from "./OperatorPort.ts"
import { makeTelegramApi, type TelegramApi, type TelegramUpdate } from "./TelegramApi.ts"
import { tracedFn } from "./TracedFn.ts"

export interface BotBackoff {
  readonly initial: Duration.DurationInput
  readonly max: Duration.DurationInput
}

export interface TelegramBotOptions {
  readonly api: TelegramApi
  /** Chats whose commands are answered; every other chat is ignored (and logged). */
  readonly allowedChatIds: ReadonlyArray<string>
  readonly pollTimeoutSeconds: number
  readonly backoff?: BotBackoff
}

/** After a failed poll: 1 s, doubling, at most 60 s; reset by the next successful poll. */
export const DEFAULT_BACKOFF: BotBackoff = { initial: Duration.seconds(1), max: Duration.minutes(1) }

/**
 * Commands older than this are not acted on: after a restart the Bot API may deliver again the last batch the
 * previous process answered but had not yet confirmed, and a replayed /kill or /resume must not take effect. A
 * command dated further than this in the future is ignored too.
 */
export const MAX_COMMAND_AGE_MS = 5 * 60_000

const DEFAULT_TRADES = 10
const MAX_TRADES = 50

/** The delay before poll retry `failures` (1-based). */
export const backoffDelay = (backoff: BotBackoff, failures: number): Duration.Duration =>
  Duration.min(
    Duration.times(Duration.decode(backoff.initial), 2 ** Math.min(failures - 1, 30)),
    Duration.decode(backoff.max)
  )

const tradesLimit = (args: string): number => {
  const requested = Number.parseInt(args, 10)
  return Number.isFinite(requested) && requested > 0 ? Math.min(requested, MAX_TRADES) : DEFAULT_TRADES
}

/** The reply to one command, from the Operator port. */
export const answer = tracedFn("TelegramBot.answer")(function* (command: BotCommand, args: string, chatId: string) {
  const operator = yield* Operator
  const now = yield* Clock.currentTimeMillis
  const reply: Effect.Effect<string, OperatorError> = (() => {
    switch (command) {
      case "status":
        return Effect.map(operator.status, (status) => formatStatus(status, now))
      case "positions":
        return Effect.map(operator.positions, (positions) => formatPositions(positions, now))
      case "trades":
        return Effect.map(operator.trades(tradesLimit(args)), formatTrades)
      case "orders":
        return Effect.map(operator.orders, formatOrders)
      case "pnl":
        return Effect.map(operator.pnl, formatPnl)
      case "kill":
        return Effect.map(
          operator.kill(`telegram chat ${chatId}: ${args === "" ? "no reason given" : args}`),
          formatKill
        )
      case "resume":
        return Effect.map(operator.resume, formatResume)
      case "help":
        return Effect.succeed(HELP_TEXT)
    }
  })()
  return yield* Effect.catchAll(reply, (error) => Effect.succeed(`⚠️ /${command} failed: ${error.reason}`))
})

const handleUpdate = (options: TelegramBotOptions, update: TelegramUpdate) =>
  Effect.gen(function* () {
    const message = update.message
    if (message?.text === undefined) return
    const chatId = String(message.chat.id)
    const parsed = parseMessage(message.text)
    if (parsed._tag === "NotACommand") return
    const now = yield* Clock.currentTimeMillis
    // A date far in the future is as untrustworthy as an old one: a malformed update must not pass as fresh
    if (message.date !== undefined && Math.abs(now - message.date * 1000) > MAX_COMMAND_AGE_MS) {
      const sentAt = new Date(message.date * 1000)
      return yield* Effect.logWarning("stale telegram command ignored").pipe(
        Effect.annotateLogs({
          chat_id: chatId,
          text: message.text,
          sent_at: Number.isNaN(sentAt.getTime()) ? `unix ${message.date}` : sentAt.toISOString()
        })
      )
    }
    if (!options.allowedChatIds.includes(chatId)) {
      return yield* Effect.logWarning("telegram message from a chat not allowed, ignored").pipe(
        Effect.annotateLogs({ chat_id: chatId, from: message.from?.username ?? message.from?.id ?? "unknown" })
      )
    }
    const text =
      parsed._tag === "Unknown"
        ? `Unknown command /${parsed.name}. /help lists the commands.`
        : yield* answer(parsed.command, parsed.args, chatId)
    yield* Effect.logInfo("telegram command").pipe(
      Effect.annotateLogs({ chat_id: chatId, command: parsed._tag === "Command" ? parsed.command : parsed.name })
    )
    yield* options.api.sendMessage({ chatId, text })
  }).pipe(
    // One bad update must not stop the loop or be retried forever: its offset is confirmed either way.
    Effect.catchAllCause((cause) =>
      Effect.logWarning("telegram update not handled", cause).pipe(Effect.annotateLogs({ update_id: update.update_id }))
    )
  )

interface PollState {
  readonly offset: number | undefined
  readonly failures: number
}

const INITIAL_POLL: PollState = { offset: undefined, failures: 0 }

const poll = (options: TelegramBotOptions, state: PollState) =>
  options.api
    .getUpdates({
      ...(state.offset === undefined ? {} : { offset: state.offset }),
      timeoutSeconds: options.pollTimeoutSeconds
    })
    .pipe(
      Effect.flatMap((updates) =>
        Effect.as(
          Effect.forEach(updates, (update) => handleUpdate(options, update), { discard: true }),
          {
            // The next offset confirms every update received so far (the Bot API then forgets them).
            offset: updates.reduce<number | undefined>(
              (next, update) => Math.max(next ?? 0, update.update_id + 1),
              state.offset
            ),
            failures: 0
          }
        )
      ),
      Effect.catchAll((error) => retryLater(options, state, error.message)),
      // A bug set off by a hostile answer must not end the bot: it polls again, with the same backoff
      Effect.catchAllDefect((defect) => retryLater(options, state, `unexpected: ${String(defect)}`))
    )

const retryLater = (options: TelegramBotOptions, state: PollState, error: string) => {
  const failures = state.failures + 1
  const delay = backoffDelay(options.backoff ?? DEFAULT_BACKOFF, failures)
  return Effect.logWarning("telegram getUpdates failed").pipe(
    Effect.annotateLogs({ error, failures, retry_in: Duration.format(delay) }),
    Effect.zipRight(Effect.sleep(delay)),
    Effect.as({ offset: state.offset, failures })
  )
}

/** Long-polls getUpdates and answers commands until interrupted; never fails. */
export const runTelegramBot = (options: TelegramBotOptions): Effect.Effect<never, never, Operator> => {
  const loop = (state: PollState): Effect.Effect<never, never, Operator> => Effect.flatMap(poll(options, state), loop)
  return loop(INITIAL_POLL).pipe(Effect.annotateLogs({ service: "TelegramBot" }))
}

/** The bot as a background fiber of the layer's scope. */
export const telegramBotLayer = (options: TelegramBotOptions): Layer.Layer<never, never, Operator> =>
  Layer.scopedDiscard(Effect.forkScoped(runTelegramBot(options)))

/**
 * The bot as configured: runs when `monitoring.telegram.enabled` and `commands_enabled`; answers `chat_id` and
 * `allowed_chat_ids`.
 */
export const layer: Layer.Layer<never, never, AppConfig | HttpClient.HttpClient | Operator> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const { telegram } = (yield* AppConfig).monitoring
    if (!telegram.enabled || !telegram.commands_enabled || Option.isNone(telegram.bot_token)) return Layer.empty
    const api = yield* makeTelegramApi({ baseUrl: telegram.api_base_url, token: telegram.bot_token.value })
    return telegramBotLayer({
      api,
      allowedChatIds: [...(telegram.chat_id === null ? [] : [telegram.chat_id]), ...telegram.allowed_chat_ids],
      pollTimeoutSeconds: telegram.poll_timeout_seconds
    })
  })
)
