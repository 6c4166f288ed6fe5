import { describe, expect, it } from "@effect/vitest"
import {
  dailyLossFraction,
  dailyLossLevel,
  openDay,
  realisedOn,
  recordTradePnl,
  rollDay,
  utcDay
} from "../../src/risk/DailyPnl.ts"
import { d } from "./RiskFixtures.ts"

const MIDNIGHT = Date.UTC(2027, 2, 10)
const limits = { daily_loss_limit_pct: 0.05, daily_loss_warning_fraction: 0.7 }

describe("daily P&L ledger", () => {
  it("opens at the day's first equity read and rolls over at midnight UTC only", () => {
    const day = openDay(d(1000), MIDNIGHT + 5)
    expect(utcDay(MIDNIGHT - 1)).toBe(utcDay(MIDNIGHT) - 1)
    expect(rollDay(day, d(900), MIDNIGHT + 86_399_999)).toBe(day)
    expect(rollDay(recordTradePnl(day, d(-10), MIDNIGHT + 6), d(900), MIDNIGHT + 86_400_000)).toEqual(
      openDay(d(900), MIDNIGHT + 86_400_000)
    )
  })

  it("adds only the trades closed on its day, and rebuilds the same total from the trades", () => {
    const trades = [
      { netPnl: d(-20), exitedAt: MIDNIGHT - 1 },
      { netPnl: d(-15), exitedAt: MIDNIGHT + 10 },
      { netPnl: d(5), exitedAt: MIDNIGHT + 20 }
    ]
    const ledger = trades.reduce((s, t) => recordTradePnl(s, t.netPnl, t.exitedAt), openDay(d(1000), MIDNIGHT))
    expect(ledger.realisedPnl.toNumber()).toBe(-10)
    expect(realisedOn(trades, MIDNIGHT + 30).toNumber()).toBe(-10)
  })

  it("grades the loss: ok, warning above 70 % of the limit, breached above it or without a start equity", () => {
    const at = (pnl: number) => dailyLossLevel(recordTradePnl(openDay(d(1000), MIDNIGHT), d(pnl), MIDNIGHT), limits)
    expect([at(10), at(-35), at(-36), at(-50), at(-51)]).toEqual(["ok", "ok", "warning", "warning", "breached"])
    expect(dailyLossLevel(openDay(d(0), MIDNIGHT), limits)).toBe("breached")
    expect(dailyLossFraction(recordTradePnl(openDay(d(1000), MIDNIGHT), d(-50), MIDNIGHT))?.toNumber()).toBe(0.05)
  })
})
