import type { Decimal } from "../domain/Money.ts"
import type { Order } from "../domain/Order.ts"
import type { Position } from "../domain/Position.ts"
import type { Trade } from "../domain/Trade.ts"
import type { KillOutcome, OperatorPnl, OperatorStatus, ResumeOutcome } from "./OperatorPort.ts"

/** Replies are plain text (no parse mode), so nothing needs escaping; Telegram caps a message at 4096 characters. */
export const MESSAGE_LIMIT = 4096

const usd = (value: Decimal): string => `${value.isNegative() ? "-" : ""}$${value.abs().toFixed(2)}`
const signedUsd = (value: Decimal): string => (value.isNegative() ? usd(value) : `+${usd(value)}`)
const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`

/** "3h 05m" style age; "now" under a minute. */
export const age = (now: number, since: number): string => {
  const minutes = Math.max(0, Math.floor((now - since) / 60_000))
  if (minutes < 1) return "now"
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  if (days > 0) return `${days}d ${hours}h`
  return hours > 0 ? `${hours}h ${String(rest).padStart(2, "0")}m` : `${rest}m`
}

const ago = (now: number, since: number): string => {
  const elapsed = age(now, since)
  return elapsed === "now" ? "just now" : `${elapsed} ago`
}

/** Joins entries, cutting whole lines to stay within one message and saying how many were left out. */
export const fitMessage = (header: string, lines: ReadonlyArray<string>): string => {
  let text = header
  for (const [index, line] of lines.entries()) {
    const more = `\n… and ${lines.length - index} more`
    if (text.length + line.length + 1 + more.length > MESSAGE_LIMIT) return text + more
    text += `\n${line}`
  }
  return text
}

export const formatStatus = (status: OperatorStatus, now: number): string =>
  [
    `Mode: ${status.mode} · safety ${status.safetyLevel}`,
    status.killSwitch.active
      ? `Kill switch: ON ${ago(now, status.killSwitch.since)} (${status.killSwitch.reason})`
      : "Kill switch: off",
    `Equity: ${usd(status.equity)} · available margin ${usd(status.availableMargin)} · margin used ${pct(status.marginUsage)}`,
    `Open: ${status.openPositions} position(s), ${status.openOrders} order(s)`,
    `Last tick: ${status.lastTickAt === undefined ? "none yet" : ago(now, status.lastTickAt)}`,
    `Up: ${age(now, status.startedAt)}`
  ].join("\n")

const positionLine = (position: Position, now: number): string => {
  const targets = [position.tp1Price, position.tp2Price, position.finalTargetPrice]
    .filter((price) => price !== undefined)
    .map((price) => price.toString())
  const mark = position.currentMarkPrice === undefined ? "" : ` mark ${position.currentMarkPrice.toString()}`
  return [
    `${position.symbol} ${position.side.toUpperCase()} ${position.size.toString()} @ ${position.entryPrice.toString()}${mark}`,
    `  stop ${position.stopPrice.toString()}${position.isProtected ? "" : " (NOT PROTECTED)"}` +
      (targets.length === 0 ? "" : ` · TP ${targets.join(" / ")}`),
    `  uPnL ${signedUsd(position.unrealizedPnl)} · ${position.state} · ${age(now, position.openedAt)}`
  ].join("\n")
}

export const formatPositions = (positions: ReadonlyArray<Position>, now: number): string =>
  positions.length === 0
    ? "No open positions."
    : fitMessage(
        `${positions.length} open position(s):`,
        positions.map((position) => positionLine(position, now))
      )

const tradeLine = (trade: Trade): string =>
  `${new Date(trade.exitedAt).toISOString().slice(0, 16).replace("T", " ")} ${trade.symbol} ${trade.side} ` +
  `${trade.entryPrice.toString()} → ${trade.exitPrice.toString()} ${signedUsd(trade.netPnl)} (${trade.exitReason})`

export const formatTrades = (trades: ReadonlyArray<Trade>): string =>
  trades.length === 0 ? "No closed trades yet." : fitMessage(`Last ${trades.length} trade(s):`, trades.map(tradeLine))

const orderLine = (order: Order): string => {
  const price = order.triggerPrice ?? order.limitPrice
  return (
    `${order.symbol} ${order.side} ${order.type} ${order.quantity.toString()}` +
    `${price === undefined ? "" : ` @ ${price.toString()}`}${order.reduceOnly ? " reduce-only" : ""} · ${order.status}` +
    (order.filledQuantity.isZero() ? "" : ` (filled ${order.filledQuantity.toString()})`)
  )
}

export const formatOrders = (orders: ReadonlyArray<Order>): string =>
  orders.length === 0 ? "No open orders." : fitMessage(`${orders.length} open order(s):`, orders.map(orderLine))

export const formatPnl = (pnl: OperatorPnl): string =>
  [
    `Equity: ${usd(pnl.equity)}`,
    `Today: ${signedUsd(pnl.realizedToday)} realized over ${pnl.tradesToday} trade(s), ${pnl.winsToday} won`,
    `Unrealized: ${signedUsd(pnl.unrealized)}`,
    `Realized total: ${signedUsd(pnl.realizedTotal)}`
  ].join("\n")

export const formatKill = (outcome: KillOutcome): string =>
  outcome.alreadyActive
    ? "Kill switch was already active."
    : `Kill switch ACTIVE: new entries stopped, ${outcome.cancelledOrders} order(s) cancelled, stops kept.`

export const formatResume = (outcome: ResumeOutcome): string =>
  outcome.resumed ? `Trading resumed: ${outcome.detail}` : `Not resumed: ${outcome.detail}`
