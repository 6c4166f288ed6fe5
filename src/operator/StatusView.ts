import { type AccountState, marginUsage } from "../domain/AccountState.ts"
import type { Position } from "../domain/Position.ts"
import type { KillSwitchState } from "../safety/KillSwitch.ts"
import type { KillResult, OperatorStatusReport, ResumeResult } from "./Operator.ts"

const iso = (at: number): string => new Date(at).toISOString()

const killSwitchJson = (ks: KillSwitchState) =>
  ks._tag === "Inactive"
    ? { active: false }
    : { active: true, reason: ks.reason, detail: ks.detail, activatedAt: iso(ks.activatedAt), flatten: ks.flatten }

const positionJson = (p: Position) => ({
  symbol: p.symbol,
  futuresSymbol: p.futuresSymbol,
  side: p.side,
  state: p.state,
  size: p.size.toString(),
  entryPrice: p.entryPrice.toString(),
  markPrice: p.currentMarkPrice?.toString() ?? null,
  stopPrice: p.stopPrice.toString(),
  stopOrderId: p.stopOrderId ?? null,
  isProtected: p.isProtected,
  unrealizedPnl: p.unrealizedPnl.toString()
})

/** `trading status --json`: stable keys, money as decimal strings (exact), times as ISO-8601 UTC. */
export const statusJson = (report: OperatorStatusReport): string => {
  const { safety, account } = report
  return JSON.stringify(
    {
      now: iso(report.now),
      mode: report.mode,
      venue: report.venue,
      safety: {
        level: safety.level,
        killSwitch: killSwitchJson(safety.killSwitch),
        peakEquity: safety.peakEquity?.toString() ?? null,
        updatedAt: iso(safety.updatedAt)
      },
      account:
        account === undefined
          ? null
          : {
              at: iso(account.timestamp),
              equity: account.equity.toString(),
              balance: account.balance.toString(),
              marginUsed: account.marginUsed.toString(),
              availableMargin: account.availableMargin.toString(),
              unrealizedPnl: account.unrealizedPnl.toString(),
              marginUsage: marginUsage(account) ?? null
            },
      positions: report.positions.map(positionJson),
      lastTickAt: report.lastTickAt === undefined ? null : iso(report.lastTickAt)
    },
    null,
    2
  )
}

/** Left-aligned plain-text columns, two spaces apart. */
export const textTable = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows.reduce<Array<number>>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), [])
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}

const killSwitchText = (ks: KillSwitchState): string =>
  ks._tag === "Inactive"
    ? "inactive"
    : `ACTIVE ${ks.reason} since ${iso(ks.activatedAt)}${ks.flatten ? " (flatten requested)" : ""}: ${ks.detail}`

const ago = (now: number, at: number): string => `${Math.max(0, Math.round((now - at) / 1000))} s ago`

const accountRows = (account: AccountState | undefined): ReadonlyArray<ReadonlyArray<string>> => {
  if (account === undefined) return [["equity", "no account snapshot yet"]]
  const usage = marginUsage(account)
  return [
    ["equity", `${account.equity.toFixed(2)} USD at ${iso(account.timestamp)}`],
    [
      "margin used",
      `${account.marginUsed.toFixed(2)} USD${usage === undefined ? "" : ` (${(usage * 100).toFixed(1)} %)`}`
    ],
    ["available", `${account.availableMargin.toFixed(2)} USD`]
  ]
}

/** `trading status`: a summary block, then one row per open position with its stop. */
export const statusText = (report: OperatorStatusReport): string => {
  const { safety } = report
  const summary = textTable([
    ["mode", `${report.mode} (venue ${report.venue})`],
    ["safety", safety.level],
    ["kill switch", killSwitchText(safety.killSwitch)],
    ["peak equity", safety.peakEquity === undefined ? "-" : `${safety.peakEquity.toFixed(2)} USD`],
    ...accountRows(report.account),
    [
      "last tick",
      report.lastTickAt === undefined ? "never" : `${iso(report.lastTickAt)} (${ago(report.now, report.lastTickAt)})`
    ]
  ])
  const positions =
    report.positions.length === 0
      ? "no open positions"
      : textTable([
          ["SYMBOL", "SIDE", "STATE", "SIZE", "ENTRY", "MARK", "STOP", "STOP ORDER", "UPNL"],
          ...report.positions.map((p) => [
            p.symbol,
            p.side,
            p.state,
            p.size.toString(),
            p.entryPrice.toString(),
            p.currentMarkPrice?.toString() ?? "-",
            p.stopPrice.toString(),
            p.stopOrderId ?? (p.isProtected ? "yes" : "NONE"),
            p.unrealizedPnl.toFixed(2)
          ])
        ])
  return `${summary}\n\n${positions}`
}

/** What `trading kill` did, in one line. */
export const killText = (result: KillResult): string => {
  const ks = result.record.killSwitch
  const state = killSwitchText(ks)
  return result.alreadyActive
    ? `kill switch was already active, kept: ${state}`
    : `kill switch activated: ${state}. A running live process halts at its next tick; a new start stays halted.`
}

/** What `trading resume` did, in one line. */
export const resumeText = (result: ResumeResult): string =>
  result.cleared
    ? `resumed: cleared ${killSwitchText(result.previous.killSwitch)}, level ${result.previous.level} -> ACTIVE`
    : "nothing to resume: trading was not halted"
