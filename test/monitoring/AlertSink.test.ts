import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { Position } from "../../src/domain/Position.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { alertOf, positionEvents, TradingEvent } from "../../src/monitoring/TradingEvent.ts"
import { btcLong, ethTrade } from "./OperatorFixtures.ts"
import { recordingAlertSink } from "./RecordingAlerts.ts"

const changed = (fields: Partial<ConstructorParameters<typeof Position>[0]>) => new Position({ ...btcLong, ...fields })
const tags = (events: ReadonlyArray<TradingEvent>) => events.map((event) => event._tag)

describe("positionEvents", () => {
  const pending = changed({ state: "PENDING", size: new Decimal(0), isProtected: false })

  it("the first fill is an entry, whether or not the record was seen before", () => {
    expect(tags(positionEvents(undefined, btcLong))).toEqual(["Entry"])
    expect(tags(positionEvents(pending, changed({ state: "OPEN", isProtected: false })))).toEqual(["Entry"])
    expect(positionEvents(undefined, pending)).toEqual([])
    expect(positionEvents(btcLong, btcLong)).toEqual([])
  })

  it("a new stop level says why it moved", () => {
    const breakEven = changed({ stopPrice: new Decimal("64000"), breakEvenTriggered: true })
    const [moved] = positionEvents(btcLong, breakEven)
    expect(moved).toEqual(
      TradingEvent.StopMoved({ position: breakEven, previousStop: btcLong.stopPrice, reason: "break-even" })
    )
    const trailed = changed({ stopPrice: new Decimal("64500"), breakEvenTriggered: true, trailingActive: true })
    expect(positionEvents(breakEven, trailed)).toMatchObject([{ _tag: "StopMoved", reason: "trailing" }])
  })

  it("a take-profit fill reports the level, the size it closed and the level's price", () => {
    const afterTp1 = changed({ tp1Filled: true, size: new Decimal("0.25"), stopPrice: new Decimal("64000") })
    const events = positionEvents(btcLong, afterTp1)
    expect(tags(events)).toEqual(["StopMoved", "TakeProfitHit"])
    const hit = events[1]
    expect(hit?._tag === "TakeProfitHit" && [hit.level, hit.filledSize.toString(), hit.price.toString()]).toEqual([
      "TP1",
      "0.25",
      "66000"
    ])
  })

  it("losing a known stop with quantity held is a naked position; not yet protected after entry is not", () => {
    const lost = changed({ isProtected: false, protectionReason: "stop missing on exchange" })
    expect(positionEvents(btcLong, lost)).toEqual([
      TradingEvent.NakedPosition({
        symbol: "BTC/USD",
        detail: "long 0.5 without a live stop: stop missing on exchange"
      })
    ])
    const filledUnprotected = changed({ state: "OPEN", isProtected: false })
    expect(tags(positionEvents(pending, filledUnprotected))).toEqual(["Entry"])
    expect(positionEvents(lost, changed({ isProtected: false, size: new Decimal(0), state: "CLOSED" }))).toEqual([])
  })
})

describe("AlertSink", () => {
  it.effect("turns each event into its templated alert and error bursts into one repeated_errors alert", () => {
    const { sent, layer } = recordingAlertSink()
    return Effect.gen(function* () {
      const sink = yield* AlertSink
      const events = [
        TradingEvent.Entry({ position: btcLong }),
        TradingEvent.Exit({ trade: ethTrade }),
        TradingEvent.Halt({ level: "HALTED", reasons: ["margin 85%"] }),
        TradingEvent.Kill({ reason: "MANUAL", cancelledOrders: 2 }),
        TradingEvent.Resume({ detail: "operator resume" })
      ]
      yield* Effect.forEach(events, sink.notify)
      yield* sink.reportError("timeout", "openOrders timed out")
      yield* sink.reportError("timeout", "openOrders timed out again")
      expect(sent.map((alert) => alert.kind)).toEqual(["entry", "exit", "halt", "kill", "resume", "repeated_errors"])
      expect(sent.slice(0, 5)).toEqual(events.map(alertOf))
      expect(sent[3]?.text).toBe("MANUAL\n2 order(s) cancelled; stops kept")
      expect(sent[5]?.text).toBe("2 in 60s; last: openOrders timed out again")
    }).pipe(Effect.provide(layer))
  })
})
