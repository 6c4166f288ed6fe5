import type { HttpClient } from "@effect/platform"
import type { ServeError } from "@effect/platform/HttpServerError"
import type { SqlClient } from "@effect/sql"
import { Layer } from "effect"
import type { AppConfig } from "../config/AppConfig.ts"
import { DashboardLive } from "../dashboard/DashboardServer.ts"
import { EquityHistoryLive } from "../dashboard/EquityHistory.ts"
import type { Exchange } from "../exchange/Exchange.ts"
import { OperatorPortLive } from "../operator/OperatorPortLive.ts"
import type { SafetyStore } from "../safety/SafetyStore.ts"
import type { AccountStateRepository } from "../storage/AccountStateRepository.ts"
import type { PositionRepository } from "../storage/PositionRepository.ts"
import type { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import type { TradeRepository } from "../storage/TradeRepository.ts"
import { AlertSink } from "./AlertSink.ts"
import { Alerts } from "./Alerts.ts"
import * as DailySummary from "./DailySummary.ts"
import { alertingOperator } from "./OperatorAlerting.ts"
import type { Operator } from "./OperatorPort.ts"
import * as TelegramBot from "./TelegramBot.ts"

/** Alerts and the sink the tick calls; the channels are the ones `monitoring` enables (none: alerts are dropped). */
const alerting: Layer.Layer<Alerts | AlertSink, never, AppConfig | HttpClient.HttpClient> = AlertSink.layer.pipe(
  Layer.provideMerge(Alerts.layer)
)

/**
 * Everything the operator sees and acts through, over an Operator port, each part only when configured: the
 * dashboard with /healthz and /metrics (`dashboard.enabled`, on `dashboard.host:port`), the Telegram bot
 * (`monitoring.telegram.enabled` and `commands_enabled`), the daily summary (`monitoring.daily_summary_enabled`)
 * and the alert channels. A kill or resume from the dashboard or the bot also goes out as an alert (OperatorAlerting).
 * Everything stops when the layer's scope closes: servers and the bot first, then the
 * alerts still queued are delivered (for at most five seconds). Fails only when the dashboard cannot listen.
 */
export const OperatorSurfaces: Layer.Layer<
  Alerts | AlertSink,
  ServeError,
  AppConfig | HttpClient.HttpClient | Operator | SystemEventRepository | SqlClient.SqlClient
> = Layer.mergeAll(
  DashboardLive.pipe(Layer.provide(EquityHistoryLive), Layer.provide(alertingOperator("dashboard"))),
  TelegramBot.layer.pipe(Layer.provide(alertingOperator("Telegram"))),
  DailySummary.layer
).pipe(Layer.provideMerge(alerting))

/**
 * The surfaces of the live process with their Operator port over its Exchange and database. Provide it once,
 * next to the trading services; the tick takes `AlertSink` (or `Alerts`) from it.
 */
export const OperatorSurfacesLive: Layer.Layer<
  Alerts | AlertSink | Operator,
  ServeError,
  | AppConfig
  | HttpClient.HttpClient
  | Exchange
  | SafetyStore
  | AccountStateRepository
  | PositionRepository
  | SystemEventRepository
  | TradeRepository
  | SqlClient.SqlClient
> = OperatorSurfaces.pipe(Layer.provideMerge(OperatorPortLive))
