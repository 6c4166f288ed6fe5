import type { Decimal } from "../domain/Money.ts"
import type { Position } from "../domain/Position.ts"
import type { Trade } from "../domain/Trade.ts"
import type { SafetyLevel } from "../safety/SafetyLevel.ts"
import { Alert } from "./Alert.ts"
import type { OperatorPnl } from "./OperatorPort.ts"

/** The alerts the runtime raises, built from domain data so every transport words them the same way. */

const usd = (value: Decimal): string => `${value.isNegative() ? "-" : "+"}$${value.abs().toFixed(2)}`

export const entryAlert = (position: Position): Alert => {
  const targets = [position.tp1Price, position.tp2Price, position.finalTargetPrice].filter(
    (price) => price !== undefined
  )
  return new Alert({
    severity: "info",
    kind: "entry",
    symbol: position.symbol,
    title: `Entry ${position.side.toUpperCase()}`,
    text: [
      `${position.size.toString()} @ ${position.entryPrice.toString()} (${position.leverage.toString()}x)`,
      `stop ${position.stopPrice.toString()}${targets.length === 0 ? "" : ` · TP ${targets.join(" / ")}`}`,
      ...(position.setupType === undefined ? [] : [`setup ${position.setupType}`])
    ].join("\n")
  })
}

export const exitAlert = (trade: Trade): Alert =>
  new Alert({
    severity: trade.netPnl.isNegative() ? "warning" : "info",
    kind: "exit",
    symbol: trade.symbol,
    title: `Exit ${trade.side.toUpperCase()} ${usd(trade.netPnl)}`,
    text:
      `${trade.entryPrice.toString()} → ${trade.exitPrice.toString()} · ${trade.exitReason} · ` +
      `held ${trade.holdingPeriodHours.toFixed(1)}h · fees $${trade.fees.toFixed(2)}`
  })

export const stopMovedAlert = (position: Position, previousStop: Decimal, reason: string): Alert =>
  new Alert({
    severity: "info",
    kind: "stop_moved",
    symbol: position.symbol,
    title: "Stop moved",
    text: `${previousStop.toString()} → ${position.stopPrice.toString()} (${reason})`
  })

export const takeProfitAlert = (position: Position, level: string, filledSize: Decimal, price: Decimal): Alert =>
  new Alert({
    severity: "info",
    kind: "take_profit_hit",
    symbol: position.symbol,
    title: `Take-profit ${level} hit`,
    text: `${filledSize.toString()} filled @ ${price.toString()} · ${position.size.toString()} left, stop ${position.stopPrice.toString()}`
  })

export const nakedPositionAlert = (symbol: string, detail: string): Alert =>
  new Alert({ severity: "critical", kind: "naked_position", symbol, title: "Position without a stop", text: detail })

export const haltAlert = (level: SafetyLevel, reasons: ReadonlyArray<string>): Alert =>
  new Alert({
    severity: level === "DEGRADED" ? "warning" : "critical",
    kind: "halt",
    title: `Safety ${level}`,
    text: reasons.length === 0 ? "no reason given" : reasons.join("\n")
  })

export const killAlert = (reason: string, cancelledOrders: number): Alert =>
  new Alert({
    severity: "critical",
    kind: "kill",
    title: "Kill switch activated",
    text: `${reason}\n${cancelledOrders} order(s) cancelled; stops kept`
  })

export const resumeAlert = (detail: string): Alert =>
  new Alert({ severity: "warning", kind: "resume", title: "Trading resumed", text: detail })

export const dailySummaryAlert = (day: string, pnl: OperatorPnl): Alert =>
  new Alert({
    severity: "info",
    kind: "daily_summary",
    title: `Daily summary ${day}`,
    text: [
      `Realized ${usd(pnl.realizedToday)} over ${pnl.tradesToday} trade(s), ${pnl.winsToday} won`,
      `Unrealized ${usd(pnl.unrealized)} · equity $${pnl.equity.toFixed(2)}`
    ].join("\n")
  })

export const repeatedErrorsAlert = (kind: string, count: number, windowSeconds: number, lastMessage: string): Alert =>
  new Alert({
    severity: "warning",
    kind: "repeated_errors",
    title: `Repeated ${kind} errors`,
    text: `${count} in ${windowSeconds}s; last: ${lastMessage}`
  })
