import { Schema } from "effect"
import { duration, int, nonEmptyString, nullable, positive, positiveInt, secret, url } from "./Fields.ts"

/** `runtime:` — the tick and background loop intervals (spec/runtime-and-ops.md §1–§2). */
export const RuntimeConfig = Schema.Struct({
  tick_interval_seconds: duration,
  shutdown_timeout_seconds: duration,
  protection_monitor_interval_seconds: duration,
  order_poll_interval_seconds: duration,
  discovery_refresh_hours: duration,
  instrument_spec_refresh_hours: duration,
  instrument_spec_min_count: positiveInt,
  regression_monitor_interval_seconds: duration,
  halted_retry_seconds: duration,
  decision_trace_interval_minutes: duration
})

export interface RuntimeConfig extends Schema.Schema.Type<typeof RuntimeConfig> {}

/** Days of history kept per table; `null` keeps everything (spec/runtime-and-ops.md §4). */
export const RetentionConfig = Schema.Struct({
  candles_15m_days: nullable(positive),
  candles_1h_days: nullable(positive),
  candles_4h_days: nullable(positive),
  candles_1d_days: nullable(positive),
  decision_trace_days: nullable(positive)
})

/** `storage:` — SQLite files by default; a PostgreSQL URL in `database_url` selects PostgreSQL. */
export const StorageConfig = Schema.Struct({
  sqlite_path: nonEmptyString,
  positions_db_path: nonEmptyString,
  database_url: secret(url(["postgres", "postgresql"])),
  retention: RetentionConfig
})

export interface StorageConfig extends Schema.Schema.Type<typeof StorageConfig> {}

export const LoggingConfig = Schema.Struct({
  level: Schema.Literal("trace", "debug", "info", "warning", "error", "fatal"),
  format: Schema.Literal("pretty", "json"),
  /** Level of the per-symbol decision trace lines of each tick (below `level` they are not written). */
  decision_trace: Schema.Literal("debug", "info")
})

export interface LoggingConfig extends Schema.Schema.Type<typeof LoggingConfig> {}

/** Telegram chat ids are numbers in the API but often written as strings; both decode to a string. */
const ChatId = Schema.Union(
  nonEmptyString,
  Schema.transform(Schema.Int, Schema.String, { strict: true, decode: (id) => String(id), encode: Number })
)

/** `monitoring:` — alert transports and throttling (spec/runtime-and-ops.md §5). */
export const MonitoringConfig = Schema.Struct({
  telegram: Schema.Struct({
    enabled: Schema.Boolean,
    bot_token: secret(nonEmptyString),
    chat_id: nullable(ChatId),
    commands_enabled: Schema.Boolean,
    /** Other chats the bot answers besides `chat_id` (alerts go to `chat_id` only). */
    allowed_chat_ids: Schema.Array(ChatId),
    /** The Bot API root; http is accepted for a local Bot API server or a test double. */
    api_base_url: url(["https", "http"]),
    poll_timeout_seconds: int(1, 50)
  }),
  discord: Schema.Struct({
    enabled: Schema.Boolean,
    webhook_url: secret(url(["https"]))
  }),
  alert_throttle_seconds: Schema.Finite.pipe(Schema.nonNegative()),
  daily_summary_enabled: Schema.Boolean
})

export interface MonitoringConfig extends Schema.Schema.Type<typeof MonitoringConfig> {}

export const DashboardConfig = Schema.Struct({
  enabled: Schema.Boolean,
  host: nonEmptyString,
  port: int(1, 65535),
  /** Bearer token for the acting endpoints (kill, resume); without one they are disabled. */
  token: secret(nonEmptyString)
})

export interface DashboardConfig extends Schema.Schema.Type<typeof DashboardConfig> {}
