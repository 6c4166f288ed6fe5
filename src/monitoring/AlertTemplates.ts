import type { Decimal } from "../domain/Money.ts"
import type { Position } from "../domain/Position.ts"
import type { EpochMillis } from "../domain/Time.ts"
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

/**
 * A close that failed `attempts` times and is quarantined (ExitEscalation): the bot sends no more closes for the
 * position, so only the operator can finish it.
 */
export const exitQuarantinedAlert = (symbol: string, positionId: string, attempts: number): Alert =>
  new Alert({
    severity: "critical",
    kind: "exit_quarantined",
    symbol,
    title: "Close failed: position quarantined",
    text: [
      `${attempts} close attempts of position ${positionId} failed; the bot sends no more closes for it.`,
      "Its stop stays on the venue, and the symbol takes no new entry while the position is open.",
      "Action: check the position on the venue and close it by hand (reduce-only), or find why the closes fail."
    ].join("\n")
  })

export const executionInvariantAlert = (positionId: string, detail: string): Alert =>
  new Alert({
    severity: "critical",
    kind: "execution_invariant",
    title: "Execution invariant broken",
    text: [
      `An exchange event for position ${positionId} was refused: applying it would break an invariant (${detail}).`,
      "The position's record is unchanged, so it may now differ from the venue; the reconciler compares them every tick.",
      "Action: check the position and its stop on the venue, and the log around this time."
    ].join("\n")
  })

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

/** What `trading live` reports once it is ready to trade (start-up phase `ready`). */
export interface StartupFacts {
  readonly mode: string
  readonly venue: string
  readonly symbols: number
  readonly equity: Decimal
  readonly positions: number
  readonly openOrders: number
}

export const startupAlert = (facts: StartupFacts): Alert =>
  new Alert({
    severity: "info",
    kind: "startup",
    title: `Started: ${facts.mode} on ${facts.venue}`,
    text:
      `ready · ${facts.symbols} symbol(s) · equity $${facts.equity.toFixed(2)} · ` +
      `${facts.positions} position(s), ${facts.openOrders} open order(s)`
  })

/** The live process stopped: `failure` is the first line of its cause when it did not stop cleanly. */
export const shutdownAlert = (ticks: number, failure?: string): Alert =>
  new Alert({
    severity: failure === undefined ? "warning" : "critical",
    kind: "shutdown",
    title: failure === undefined ? "Stopped" : "Stopped on an error",
    text: [`after ${ticks} tick(s)`, ...(failure === undefined ? [] : [failure])].join("\n")
  })

/**
 * A kill switch latched by the operator: `trading kill` in its own process, or Telegram's /kill or the dashboard
 * inside the live process; the live process acts on it at its next tick.
 */
export const operatorKillAlert = (kill: {
  readonly detail: string
  readonly flatten: boolean
  /** Flattening added to a switch already latched without it (rather than the switch latched). */
  readonly escalated: boolean
  /** Where it was issued, shown in the title: "trading kill", "Telegram", "dashboard". */
  readonly source: string
  /** When it was latched (or escalated), shown last: two kills in one throttle window then never read as duplicates. */
  readonly at: EpochMillis
}): Alert =>
  new Alert({
    severity: "critical",
    kind: "kill",
    title: kill.escalated ? `Kill switch: flatten added (${kill.source})` : `Kill switch activated (${kill.source})`,
    text: [
      kill.detail,
      kill.escalated
        ? "flatten added to the active kill switch: every position is closed at the next tick"
        : kill.flatten
          ? "flatten: every position is closed at the next tick"
          : "next tick: entries and take-profits cancelled, stops kept",
      `${kill.escalated ? "escalated" : "latched"} ${new Date(kill.at).toISOString()}`
    ].join("\n")
  })

export const resumeAlert = (detail: string): Alert =>
  new Alert({ severity: "warning", kind: "resume", title: "Trading resumed", text: detail })

/** A halt cleared by the operator (`trading resume`, Telegram's /resume, the dashboard), shaped like its kill. */
export const operatorResumeAlert = (resume: {
  readonly detail: string
  /** Where it was issued, shown first: "trading resume", "Telegram", "dashboard". */
  readonly source: string
  /** When it was cleared, shown last, for the same reason as the kill's latch time. */
  readonly at: EpochMillis
}): Alert => resumeAlert(`${resume.source}: ${resume.detail}\ncleared ${new Date(resume.at).toISOString()}`)

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
