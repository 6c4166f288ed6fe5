import { Schema } from "effect"

export const AlertSeverity = Schema.Literal("info", "warning", "critical")
export type AlertSeverity = typeof AlertSeverity.Type

/** What happened; throttling and de-duplication are per kind (spec runtime-and-ops §5). */
export const AlertKind = Schema.Literal(
  "startup",
  "shutdown",
  "entry",
  "exit",
  "stop_moved",
  "take_profit_hit",
  "naked_position",
  "exit_quarantined",
  "execution_invariant",
  "halt",
  "kill",
  "resume",
  "daily_summary",
  "repeated_errors",
  "error"
)
export type AlertKind = typeof AlertKind.Type

export class Alert extends Schema.Class<Alert>("Alert")({
  severity: AlertSeverity,
  kind: AlertKind,
  title: Schema.String,
  text: Schema.String,
  symbol: Schema.optional(Schema.String)
}) {}

const ICONS: Record<AlertSeverity, string> = { info: "ℹ️", warning: "⚠️", critical: "🚨" }

const truncate = (text: string, limit: number): string => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`)

const escapeHtml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

const heading = (alert: Alert, title: string): string =>
  `${ICONS[alert.severity]} ${title}${alert.symbol === undefined ? "" : ` · ${alert.symbol}`}`

/** Telegram's HTML parse mode; a message holds at most 4096 characters. */
export const TELEGRAM_TEXT_LIMIT = 4096
export const formatTelegram = (alert: Alert): string =>
  truncate(`${heading(alert, `<b>${escapeHtml(alert.title)}</b>`)}\n${escapeHtml(alert.text)}`, TELEGRAM_TEXT_LIMIT)

/** Discord markdown; webhook content holds at most 2000 characters. */
export const DISCORD_CONTENT_LIMIT = 2000
export const formatDiscord = (alert: Alert): string =>
  truncate(`${heading(alert, `**${alert.title}**`)}\n${alert.text}`, DISCORD_CONTENT_LIMIT)
