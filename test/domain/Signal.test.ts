import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { NoSignal, Signal, TradeSignal } from "../../src/domain/Signal.ts"
import { rejectedField } from "./support.ts"

const trade = {
  _tag: "TradeSignal",
  timestamp: 1_717_000_000_000,
  symbol: "BTC/USD",
  side: "long",
  entryPrice: "100",
  stopLoss: "97.1",
  takeProfit: "106.5",
  tpCandidates: ["103", "106.5", "110"],
  setupType: "ob",
  regime: "tight_smc",
  higherTfBias: "bullish",
  emaSlope: "up",
  adx: 31.5,
  atr: 4,
  score: 77.4,
  scoreBreakdown: {
    smc: 17,
    fib: 15,
    htf: 20,
    adx: 12,
    cost: 15,
    higherTfBonus: 0.4,
    higherTfPenalty: 0,
    thesisScoreAdjustment: 0
  },
  structure: {
    orderBlock: { type: "bullish", index: 48, timestamp: 1_716_985_600_000, low: 98, high: 100, price: 99 },
    fvg: {
      type: "bullish",
      index: 45,
      timestamp: 1_716_975_000_000,
      bottom: 96,
      top: 97,
      size: 0.0102,
      price: 97
    },
    bos: false
  },
  fibLevels: { "0.618": 99.2 },
  reasoning: ["bias bullish", "order block 98-100"]
}

const rejected = {
  _tag: "NoSignal",
  timestamp: 1_717_000_000_000,
  symbol: "ETH/USD",
  code: "SCORE_BELOW_THRESHOLD",
  regime: "tight_smc",
  higherTfBias: "bearish",
  score: 61,
  scoreBreakdown: trade.scoreBreakdown,
  threshold: 65,
  reasoning: ["score 61 below 65"]
}

const decode = decodeModel(Signal, "Signal")

describe("Signal", () => {
  it("decodes each member of the union by its tag and round-trips", () => {
    const s = Schema.decodeUnknownSync(Signal)(trade)
    const n = Schema.decodeUnknownSync(Signal)(rejected)
    expect(s).toBeInstanceOf(TradeSignal)
    expect(n).toBeInstanceOf(NoSignal)
    expect(Schema.encodeSync(Signal)(s)).toEqual(trade)
    expect(Schema.encodeSync(Signal)(n)).toEqual(rejected)
  })
  it("a no-signal has no entry/stop sentinels: only a rejection code", () => {
    const n = Schema.decodeUnknownSync(Signal)({
      ...rejected,
      code: "NO_DECISION_STRUCTURE",
      regime: "no_4h_structure"
    })
    expect(n._tag === "NoSignal" && n.code).toBe("NO_DECISION_STRUCTURE")
    expect("entryPrice" in n).toBe(false)
  })
  it("rejects levels on the wrong side of entry for each direction", () => {
    expect(rejectedField(decode({ ...trade, stopLoss: "101" }))).toBe("stopLoss")
    expect(rejectedField(decode({ ...trade, side: "short" }))).toBe("stopLoss")
    expect(Either.isRight(decode({ ...trade, side: "short", stopLoss: "103", takeProfit: "94" }))).toBe(true)
  })
  it("names the misspelt structure key (the original's orderblock/order_block bug cannot pass)", () => {
    const { orderBlock, ...rest } = trade.structure
    expect(rejectedField(decode({ ...trade, structure: { ...rest, orderblock: orderBlock } }))).toBe(
      "structure.orderBlock"
    )
  })
  it("an order block exactly on ob setups (the swing model's FVG and BOS setups have none)", () => {
    const { orderBlock, ...rest } = trade.structure
    expect(Either.isRight(decode({ ...trade, setupType: "fvg", structure: rest }))).toBe(true)
    expect(rejectedField(decode({ ...trade, setupType: "bos" }))).toBe("structure.orderBlock")
    expect(orderBlock).toBeDefined()
  })
  it("a zone whose bar has left the analysed window keeps a negative index (a long run must not fail)", () => {
    const slid = { ...trade, structure: { ...trade.structure, fvg: { ...trade.structure.fvg, index: -140 } } }
    const s = Schema.decodeUnknownSync(Signal)(slid)
    expect(s._tag === "TradeSignal" ? s.structure.fvg?.index : undefined).toBe(-140)
    expect(() => Schema.decodeUnknownSync(Signal)({ ...slid, structure: { ...slid.structure, bos: "yes" } })).toThrow()
  })

  it("rejects an unknown rejection code and more than five TP candidates", () => {
    expect(rejectedField(decode({ ...rejected, code: "no valid order block" }))).toBe("code")
    expect(rejectedField(decode({ ...trade, tpCandidates: ["101", "102", "103", "104", "105", "106"] }))).toBe(
      "tpCandidates"
    )
  })
})
