import { Layer, Logger, LogLevel } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"

const levels = {
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warning: LogLevel.Warning,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal
} as const

/** The process logger from `logging.format` (pretty for terminals, JSON lines for production) and `logging.level`. */
export const loggingLayer = (config: AppConfigShape) =>
  Layer.merge(
    Logger.replace(
      Logger.defaultLogger,
      config.logging.format === "json" ? Logger.jsonLogger : Logger.prettyLoggerDefault
    ),
    Logger.minimumLogLevel(levels[config.logging.level])
  )
