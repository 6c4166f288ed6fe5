import { describe, expect, it } from "@effect/vitest"
import { parseMessage } from "../../src/monitoring/BotCommands.ts"
import {
  age,
  fitMessage,
  formatKill,
  formatOrders,
  formatPnl,
  formatPositions,
  formatStatus,
  formatTrades,
  MESSAGE_LIMIT
} from "../../src/monitoring/BotReplies.ts"
import { baseStatus, btcLong, btcStop, ethTrade, NOW } from "./OperatorFixtures.ts"

describe("parseMessage", () => {
  it("maps the spec's aliases", () => {
    const commands = ["/s", "/status", "/pos", "/p", "/positions", "/t", "/trades", "/start", "/help", "/pnl"].map(
      (text) => {
        const parsed = parseMessage(text)
        return parsed._tag === "Command" ? parsed.command : parsed._tag
      }
    )
    expect(commands).toEqual([
      "status",
      "status",
      "positions",
      "positions",
      "positions",
      "trades",
      "trades",
      "help",
      "help",
      "pnl"
    ])
  })

  it("drops the @BotName suffix, ignores case and keeps the arguments", () => {
    expect(parseMessage("/KILL@trading_bot  margin looks wrong ")).toEqual({
      _tag: "Command",
      command: "kill",
      args: "margin looks wrong"
    })
  })

  it("tells unknown commands from plain text", () => {
    expect(parseMessage("/buy BTC")).toEqual({ _tag: "Unknown", name: "buy" })
    expect(parseMessage("hello /status")).toEqual({ _tag: "NotACommand" })
  })
})

describe("replies", () => {
  it("status shows mode, safety, equity, margin and ages", () => {
    expect(formatStatus(baseStatus, NOW)).toBe(
      [
        "Mode: paper · safety ACTIVE",
        "Kill switch: off",
        "Equity: $10250.50 · available margin $7500.00 · margin used 26.8%",
        "Open: 1 position(s), 1 order(s)",
        "Last tick: just now",
        "Up: 1d 2h"
      ].join("\n")
    )
    const killed = formatStatus(
      { ...baseStatus, killSwitch: { active: true, reason: "MANUAL", since: NOW - 90_000 }, lastTickAt: undefined },
      NOW
    )
    expect(killed).toContain("Kill switch: ON 1m ago (MANUAL)")
    expect(killed).toContain("Last tick: none yet")
  })

  it("positions show side, size, entry, mark, stop, targets and unrealized P&L", () => {
    expect(formatPositions([btcLong], NOW)).toBe(
      [
        "1 open position(s):",
        "BTC/USD LONG 0.5 @ 64000 mark 65000",
        "  stop 63000 · TP 66000 / 68000",
        "  uPnL +$500.00 · PROTECTED · 3h 05m"
      ].join("\n")
    )
    expect(formatPositions([], NOW)).toBe("No open positions.")
  })

  it("trades, orders, pnl and kill", () => {
    expect(formatTrades([ethTrade])).toBe(
      "Last 1 trade(s):\n2026-03-02 11:00 ETH/USD short 3000 → 3100 -$205.00 (stop_loss)"
    )
    expect(formatOrders([btcStop])).toBe("1 open order(s):\nPF_XBTUSD sell stop 0.5 @ 63000 reduce-only · new")
    expect(
      formatPnl({
        equity: baseStatus.equity,
        realizedToday: ethTrade.netPnl,
        unrealized: btcLong.unrealizedPnl,
        realizedTotal: ethTrade.netPnl.neg(),
        tradesToday: 1,
        winsToday: 0
      })
    ).toBe(
      "Equity: $10250.50\nToday: -$205.00 realized over 1 trade(s), 0 won\nUnrealized: +$500.00\nRealized total: +$205.00"
    )
    expect(formatKill({ alreadyActive: false, cancelledOrders: 3 })).toContain("3 order(s) cancelled, stops kept")
  })

  it("fits long lists into one message and says how many were left out", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${"x".repeat(40)}`)
    const text = fitMessage("header", lines)
    expect(text.length).toBeLessThanOrEqual(MESSAGE_LIMIT)
    const shown = text.split("\n").filter((line) => line.startsWith("line ")).length
    expect(text.endsWith(`… and ${500 - shown} more`)).toBe(true)
  })

  it("ages", () => {
    expect([age(NOW, NOW - 59_000), age(NOW, NOW - 61_000), age(NOW, NOW - 3_660_000), age(NOW, NOW + 5)]).toEqual([
      "now",
      "1m",
      "1h 01m",
      "now"
    ])
  })
})
