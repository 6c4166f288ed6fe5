import { Cause, Effect, FiberId, HashMap, Layer, List, Logger, LogLevel } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { LoggingConfig } from "../config/schema/RuntimeConfig.ts"
import { collectSecrets, makeRedactor, type Redactor, redactValue } from "./Redaction.ts"

/** Where finished lines go; stdout by default (journald under systemd), a buffer in tests. */
export type LogSink = (line: string) => void

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`)
}

/** The shape of one JSON log line. */
export interface LogRecord {
  readonly timestamp: string
  readonly level: string
  readonly message: string
  readonly annotations: Record<string, unknown>
  readonly spans: Record<string, number>
  readonly fiber: string
  readonly cause?: string
}

const LEVELS: Record<LoggingConfig["level"], LogLevel.LogLevel> = {
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warning: LogLevel.Warning,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal
}

export const logLevelOf = (level: LoggingConfig["level"]): LogLevel.LogLevel => LEVELS[level]

const messageText = (redact: Redactor, message: unknown): string => {
  const parts = Array.isArray(message) ? message : [message]
  return parts
    .map((part) => (typeof part === "string" ? redact(part) : JSON.stringify(redactValue(redact, part))))
    .join(" ")
}

/** Builds the redacted record of one log call; both formats render from it. */
export const toRecord = (redact: Redactor, options: Logger.Logger.Options<unknown>): LogRecord => {
  const now = options.date.getTime()
  const annotations: Record<string, unknown> = {}
  const entries = HashMap.toEntries(options.annotations).sort(([a], [b]) => (a < b ? -1 : 1))
  for (const [key, value] of entries) annotations[key] = redactValue(redact, value)
  const spans: Record<string, number> = {}
  for (const span of List.toArray(options.spans)) spans[redact(span.label)] = now - span.startTime
  const base = {
    timestamp: options.date.toISOString(),
    level: options.logLevel.label,
    message: messageText(redact, options.message),
    annotations,
    spans,
    fiber: FiberId.threadName(options.fiberId)
  }
  return Cause.isEmpty(options.cause) ? base : { ...base, cause: redact(Cause.pretty(options.cause)) }
}

// A final pass over the rendered line catches a secret split across escaped characters by serialisation.
export const renderJson = (redact: Redactor, record: LogRecord): string => redact(JSON.stringify(record))

const prettyValue = (value: unknown): string =>
  typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)

export const renderPretty = (redact: Redactor, record: LogRecord): string => {
  const fields = [
    ...Object.entries(record.annotations).map(([key, value]) => `${key}=${prettyValue(value)}`),
    ...Object.entries(record.spans).map(([label, ms]) => `${label}=${ms}ms`)
  ]
  const head = `${record.timestamp} ${record.level.padEnd(7)} ${record.message}`
  const line = fields.length === 0 ? head : `${head}  ${fields.join(" ")}`
  return redact(record.cause === undefined ? line : `${line}\n${record.cause}`)
}

export const makeLogger = (format: LoggingConfig["format"], redact: Redactor, sink: LogSink) =>
  Logger.make<unknown, void>((options) => {
    const record = toRecord(redact, options)
    sink(format === "json" ? renderJson(redact, record) : renderPretty(redact, record))
  })

/** Replaces Effect's default logger and sets the minimum level. */
export const loggingLayer = (config: LoggingConfig, redact: Redactor, sink: LogSink = stdoutSink): Layer.Layer<never> =>
  Layer.merge(
    Logger.replace(Logger.defaultLogger, makeLogger(config.format, redact, sink)),
    Logger.minimumLogLevel(logLevelOf(config.level))
  )

/** The redactor for a configuration: its credentials plus the common secret patterns. */
export const redactorFor = (config: unknown): Redactor => makeRedactor(collectSecrets(config))

/** Logging as configured (`logging.level`, `logging.format`), redacting every configured credential. */
export const layer = (sink: LogSink = stdoutSink): Layer.Layer<never, never, AppConfig> =>
  Layer.unwrapEffect(Effect.map(AppConfig, (config) => loggingLayer(config.logging, redactorFor(config), sink)))
