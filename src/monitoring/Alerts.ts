import type { HttpClient } from "@effect/platform"
import { Clock, Context, Duration, Effect, Fiber, Layer, Mailbox, Option, Ref, Schedule } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Alert } from "./Alert.ts"
import { type AlertChannel, discordChannel, telegramChannel } from "./AlertChannel.ts"
import type { ChannelError } from "./ChannelError.ts"
import { redactorFor } from "./Logging.ts"
import { recordAlert } from "./Metrics.ts"
import type { Redactor } from "./Redaction.ts"
import { makeTelegramApi } from "./TelegramApi.ts"
import { admit, emptyThrottle, type ThrottlePolicy } from "./Throttle.ts"
import { tracedFn } from "./TracedFn.ts"

/** Counters since start; also exported as metrics. */
export interface AlertStats {
  readonly accepted: number
  readonly duplicates: number
  readonly rateLimited: number
  /**
   * Dropped because the queue was full (channels far behind) or already closed (sent while the layer closes), or
   * still undelivered when the drain at close ran out of time.
   */
  readonly dropped: number
  readonly delivered: number
  /** Deliveries that failed after retries, per channel attempt. */
  readonly failed: number
}

export interface AlertsService {
  /** Never fails and never waits on a channel: the alert is throttled, then queued for a background fiber. */
  readonly send: (alert: Alert) => Effect.Effect<void>
  readonly stats: Effect.Effect<AlertStats>
}

export interface AlertsOptions {
  readonly channels: ReadonlyArray<AlertChannel>
  readonly throttle: ThrottlePolicy
  readonly redact: Redactor
  readonly queueCapacity?: number
  /** Time allowed to deliver what is still queued when the layer closes. */
  readonly drainTimeout?: Duration.DurationInput
}

const zeroStats: AlertStats = { accepted: 0, duplicates: 0, rateLimited: 0, dropped: 0, delivered: 0, failed: 0 }

const OUTCOMES: Record<keyof AlertStats, string> = {
  accepted: "queued",
  duplicates: "duplicate",
  rateLimited: "rate_limited",
  dropped: "dropped",
  delivered: "delivered",
  failed: "failed"
}

const bump = (stats: Ref.Ref<AlertStats>, key: keyof AlertStats, channel?: string, by = 1) =>
  Effect.zipRight(
    Ref.update(stats, (current) => ({ ...current, [key]: current[key] + by })),
    recordAlert(OUTCOMES[key], channel, by)
  )

/** Waits what a rate-limited service asked for (bounded), then backs off exponentially: three attempts in all. */
const deliveryRetry = Schedule.exponential(Duration.seconds(1)).pipe(Schedule.intersect(Schedule.recurs(2)))
const MAX_RETRY_AFTER = Duration.seconds(30)

const deliverWithRetry = (channel: AlertChannel, alert: Alert) =>
  channel.deliver(alert).pipe(
    Effect.tapError((error: ChannelError) =>
      error.retryAfterSeconds === undefined
        ? Effect.void
        : Effect.sleep(Duration.min(Duration.seconds(error.retryAfterSeconds), MAX_RETRY_AFTER))
    ),
    Effect.retry({ schedule: deliveryRetry, while: (error) => error.retryable })
  )

const withSuppressedNote = (alert: Alert, suppressed: number): Alert =>
  suppressed === 0 ? alert : new Alert({ ...alert, text: `${alert.text}\n(${suppressed} similar alert(s) suppressed)` })

/** The service over explicit channels; the worker fiber lives in the surrounding scope. */
export const makeAlerts = tracedFn("Alerts.make")(function* (options: AlertsOptions) {
  const stats = yield* Ref.make(zeroStats)
  const throttle = yield* Ref.make(emptyThrottle)
  // A mailbox rather than a Queue: once ended it refuses new alerts but still hands out those it holds (a shut-down
  // Queue discards them), which is what the drain at close needs. Marked experimental in Effect 3 (pinned ~3.22).
  const mailbox = yield* Mailbox.make<Alert>({ capacity: options.queueCapacity ?? 256, strategy: "dropping" })
  // Alerts queued or in delivery: what a drain that runs out of time leaves undelivered
  const pending = yield* Ref.make(0)
  const drainTimeout = options.drainTimeout ?? Duration.seconds(5)

  const deliver = (alert: Alert) =>
    Effect.forEach(
      options.channels,
      (channel) =>
        deliverWithRetry(channel, alert).pipe(
          Effect.zipRight(bump(stats, "delivered", channel.name)),
          Effect.catchAll((error) =>
            Effect.zipRight(
              bump(stats, "failed", channel.name),
              Effect.logWarning("alert not delivered").pipe(
                Effect.annotateLogs({ channel: channel.name, kind: alert.kind, error: error.message })
              )
            )
          )
        ),
      { concurrency: "unbounded", discard: true }
    )

  const worker = yield* mailbox.take.pipe(
    Effect.flatMap((alert) =>
      Effect.zipRight(
        deliver(alert),
        Ref.update(pending, (n) => n - 1)
      )
    ),
    Effect.forever,
    // Ended (the layer closes) and every alert queued before taken: the worker is done
    Effect.catchTag("NoSuchElementException", () => Effect.void),
    Effect.forkScoped
  )
  // Added after the worker, so it runs before the worker is interrupted: the ended mailbox still hands out what it
  // holds, so the worker delivers what was queued, the alert in flight included (the last alerts of a process, its
  // shutdown or a CLI kill, are not cut off mid-request nor sent twice), for at most the drain timeout.
  yield* Effect.addFinalizer(() =>
    mailbox.end.pipe(
      Effect.zipRight(Fiber.join(worker)),
      // Finalizers run uninterruptibly; the drain must be interruptible for its time limit to apply.
      Effect.interruptible,
      Effect.timeout(drainTimeout),
      Effect.catchTag("TimeoutException", () =>
        Effect.flatMap(Ref.get(pending), (left) =>
          Effect.zipRight(
            bump(stats, "dropped", undefined, left),
            Effect.logWarning("alerts not delivered: the drain at close ran out of time").pipe(
              Effect.annotateLogs({ left, drainTimeout: Duration.format(drainTimeout) })
            )
          )
        )
      )
    )
  )

  const send = (raw: Alert) =>
    Effect.gen(function* () {
      const alert = new Alert({ ...raw, title: options.redact(raw.title), text: options.redact(raw.text) })
      const now = yield* Clock.currentTimeMillis
      const verdict = yield* Ref.modify(throttle, (state) => admit(state, alert, now, options.throttle))
      if (verdict._tag === "Duplicate") return yield* bump(stats, "duplicates")
      if (verdict._tag === "RateLimited") return yield* bump(stats, "rateLimited")
      const queued = yield* mailbox.offer(withSuppressedNote(alert, verdict.suppressedBefore))
      if (queued)
        return yield* Effect.zipRight(
          Ref.update(pending, (n) => n + 1),
          bump(stats, "accepted")
        )
      yield* bump(stats, "dropped")
      yield* Effect.logWarning("alert queue full (or closed), alert dropped").pipe(
        Effect.annotateLogs({ kind: alert.kind })
      )
    }).pipe(Effect.withSpan("Alerts.send"))

  return { send, stats: Ref.get(stats) } satisfies AlertsService
})

/** At most this many non-critical alerts of one kind per throttle window. */
export const PER_KIND_LIMIT = 5

/** The channels `monitoring` enables (a channel needs its credentials; the loader already insists on them). */
export const configuredChannels = tracedFn("Alerts.configuredChannels")(function* (config: AppConfigShape) {
  const { telegram, discord } = config.monitoring
  const channels: Array<AlertChannel> = []
  if (telegram.enabled && Option.isSome(telegram.bot_token) && telegram.chat_id !== null) {
    const api = yield* makeTelegramApi({ baseUrl: telegram.api_base_url, token: telegram.bot_token.value })
    channels.push(telegramChannel(api, telegram.chat_id))
  }
  if (discord.enabled && Option.isSome(discord.webhook_url))
    channels.push(yield* discordChannel(discord.webhook_url.value))
  return channels
})

export class Alerts extends Context.Tag("Alerts")<Alerts, AlertsService>() {
  /** Accepts and discards every alert (no channel enabled, backtests). */
  static readonly noop: Layer.Layer<Alerts> = Layer.succeed(Alerts, {
    send: () => Effect.void,
    stats: Effect.succeed(zeroStats)
  })

  static readonly make = (options: AlertsOptions): Layer.Layer<Alerts> => Layer.scoped(Alerts, makeAlerts(options))

  /** Telegram and Discord as configured; the no-op service when neither is enabled. */
  static readonly layer: Layer.Layer<Alerts, never, AppConfig | HttpClient.HttpClient> = Layer.unwrapEffect(
    Effect.gen(function* () {
      const config = yield* AppConfig
      const channels = yield* configuredChannels(config)
      if (channels.length === 0) return Alerts.noop
      return Alerts.make({
        channels,
        throttle: { windowMs: config.monitoring.alert_throttle_seconds * 1000, perKindLimit: PER_KIND_LIMIT },
        redact: redactorFor(config)
      })
    })
  )
}
