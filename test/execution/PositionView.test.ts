import { describe, expect, it } from "@effect/vitest"
import { positionViewOf } from "../../src/execution/PositionView.ts"
import { accepted, apply, d, filled, openLong, pending, placements, rejected } from "./fixtures.ts"

const text = (value: { toString(): string } | undefined) => value?.toString()

describe("positionViewOf", () => {
  it("a pending entry holds nothing: size 0 of the planned quantity, unprotected, the entry order named", () => {
    const { record, entry } = pending()
    const view = positionViewOf(record, d(101), d(2))
    expect([view.state, text(view.size), text(view.originalSize), text(view.entryPrice)]).toEqual([
      "PENDING",
      "0",
      "1",
      "100"
    ])
    expect([text(view.sizeNotional), text(view.marginUsed), text(view.unrealizedPnl)]).toEqual(["0", "0", "0"])
    expect(view.entryClientOrderId).toBe(entry.clientOrderId)
    expect(view.stopClientOrderId).toBeUndefined()
    expect([view.isProtected, view.protectionReason]).toEqual([false, "no quantity held"])
  })

  it("a filled, protected long: P&L, notional and margin from the mark, plan levels, venue order ids", () => {
    const { record, entry, stop, tp1, tp2 } = openLong()
    const view = positionViewOf(record, d(102), d(4))
    expect([view.state, text(view.size), text(view.entryPrice), text(view.currentMarkPrice)]).toEqual([
      "OPEN",
      "1",
      "100",
      "102"
    ])
    expect([text(view.unrealizedPnl), text(view.sizeNotional), text(view.marginUsed), text(view.leverage)]).toEqual([
      "2",
      "102",
      "25.5",
      "4"
    ])
    expect(
      [view.initialStopPrice, view.stopPrice, view.tp1Price, view.tp2Price, view.finalTargetPrice].map(text)
    ).toEqual(["95", "95", "105", "110", "115"])
    expect([view.entryOrderId, view.stopOrderId, view.tp1OrderId, view.tp2OrderId]).toEqual(
      [entry, stop, tp1, tp2].map((r) => `ex-${r.clientOrderId}`)
    )
    expect([view.isProtected, view.protectionReason]).toEqual([true, "stop order working for the full size"])
    expect([text(view.fundingAccrued), view.regime, view.openedAt, view.updatedAt]).toEqual([
      "0",
      "wide_structure",
      record.openedAt,
      record.updatedAt
    ])
  })

  it("without a mark: no P&L, notional at the average entry", () => {
    const view = positionViewOf(openLong().record, undefined, d(2))
    expect([view.currentMarkPrice, text(view.unrealizedPnl), text(view.sizeNotional), text(view.marginUsed)]).toEqual([
      undefined,
      "0",
      "100",
      "50"
    ])
  })

  it("a short gains when the mark falls", () => {
    const { record, entry } = pending("short")
    const open = apply(apply(record, accepted(entry)).record, filled(entry, 1, 100)).record
    expect(text(positionViewOf(open, d(97), d(1)).unrealizedPnl)).toBe("3")
    expect(text(positionViewOf(open, d(103), d(1)).unrealizedPnl)).toBe("-3")
  })

  it("after TP1: the remaining size, the old stop still protecting until its replacement is acknowledged", () => {
    const { record, stop, tp1 } = openLong()
    const hit = apply(record, filled(tp1, "0.4", 105))
    const view = positionViewOf(hit.record, d(105), d(1))
    expect([view.state, text(view.size), text(view.originalSize), view.tp1Filled, view.breakEvenTriggered]).toEqual([
      "PARTIAL",
      "0.6",
      "1",
      true,
      true
    ])
    expect([view.stopClientOrderId, text(view.stopPrice), view.isProtected]).toEqual([stop.clientOrderId, "95", true])
    const [replacement] = placements(hit.effects)
    const moved = positionViewOf(apply(hit.record, accepted(replacement!)).record, d(105), d(1))
    expect([moved.stopClientOrderId, text(moved.stopPrice), moved.isProtected]).toEqual([
      replacement?.clientOrderId,
      "100",
      true
    ])
  })

  it("a rejected stop leaves the held quantity unprotected and says why", () => {
    const { record, entry } = pending()
    const fill = apply(apply(record, accepted(entry)).record, filled(entry, 1, 100))
    const [stop] = placements(fill.effects)
    const waiting = positionViewOf(fill.record, undefined, d(1))
    expect([waiting.isProtected, waiting.protectionReason]).toEqual([false, "stop placement awaiting acknowledgement"])
    const refused = positionViewOf(apply(fill.record, rejected(stop!)).record, undefined, d(1))
    expect([refused.isProtected, refused.protectionReason]).toEqual([false, "no working stop"])
  })
})
