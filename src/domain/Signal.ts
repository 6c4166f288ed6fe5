import { Schema } from "effect"
import { PositiveDecimal } from "./Money.ts"
import { Side } from "./Side.ts"
import { SpotSymbol } from "./Symbols.ts"
import { EpochMillis } from "./Time.ts"

export const Bias = Schema.Literal("bullish", "bearish", "neutral")
export type Bias = typeof Bias.Type

export const EmaSlope = Schema.Literal("up", "down", "flat")
export type EmaSlope = typeof EmaSlope.Type

export const SetupType = Schema.Literal("ob", "fvg", "bos", "trend")
export type SetupType = typeof SetupType.Type

/** Regime of a tradeable setup (strategy §3.5). */
export const TradeRegime = Schema.Literal("tight_smc", "wide_structure")
export type TradeRegime = typeof TradeRegime.Type

/** Regime tag of a no-signal: a trade regime or one of the data / structure conditions of §3.14. */
export const NoSignalRegime = Schema.Literal(
  "tight_smc",
  "wide_structure",
  "no_data",
  "consolidation",
  "no_4h_structure"
)
export type NoSignalRegime = typeof NoSignalRegime.Type

/** Machine-readable reason for a no-signal, in the engine's evaluation order (strategy §3.14), plus the zone check. */
export const RejectionCode = Schema.Literal(
  "MISSING_DATA",
  "NO_DAILY_DATA",
  "NO_DECISION_STRUCTURE",
  "HTF_OUTSIDE_WEEKLY_ZONE",
  "STRUCTURE_CHANGE_UNCONFIRMED",
  "INDICATORS_UNAVAILABLE",
  "ADX_BELOW_THRESHOLD",
  "NO_FIB_LEVELS",
  "NOT_IN_FIB_ZONE",
  "DIRECTION_CONFLICT",
  "SCORE_BELOW_THRESHOLD",
  "DUPLICATE_STRUCTURE",
  "PRICE_OUTSIDE_ZONE"
)
export type RejectionCode = typeof RejectionCode.Type

const Price = Schema.Finite.pipe(Schema.positive())
const Direction = Schema.Literal("bullish", "bearish")

/**
 * Bar index in the analysed window. A zone the incremental analysis still tracks after its bar left the window
 * (the candle store keeps a bounded number of bars) has a negative index; `timestamp` is its absolute time.
 */
const WindowIndex = Schema.Int

/** Order block on the decision timeframe; levels are analysis floats (only entry/stop/TP become decimals). */
export const OrderBlock = Schema.Struct({
  type: Direction,
  index: WindowIndex,
  timestamp: EpochMillis,
  low: Price,
  high: Price,
  price: Price
})
export type OrderBlock = typeof OrderBlock.Type

export const FairValueGap = Schema.Struct({
  type: Direction,
  index: WindowIndex,
  timestamp: EpochMillis,
  bottom: Price,
  top: Price,
  size: Schema.Finite.pipe(Schema.nonNegative()),
  price: Price
})
export type FairValueGap = typeof FairValueGap.Type

/**
 * The structure behind a signal: the order block traded on (present exactly when the setup type is `ob`, the
 * `original` model's only setup), the fair value gap found, whether a BOS was found.
 */
export const StructureRecord = Schema.Struct({
  orderBlock: Schema.optional(OrderBlock),
  fvg: Schema.optional(FairValueGap),
  bos: Schema.Boolean
})
export type StructureRecord = typeof StructureRecord.Type

/** Points per scoring component (strategy §5); their sum plus adjustments is the score. */
export const ScoreBreakdown = Schema.Struct({
  smc: Schema.Finite,
  fib: Schema.Finite,
  htf: Schema.Finite,
  adx: Schema.Finite,
  cost: Schema.Finite,
  higherTfBonus: Schema.Finite,
  higherTfPenalty: Schema.Finite,
  thesisScoreAdjustment: Schema.Finite,
  /** Cost of a reconfirmation in the tolerance band around the zone (strategy §3.7). */
  entryTolerancePenalty: Schema.optional(Schema.Finite)
})
export type ScoreBreakdown = typeof ScoreBreakdown.Type

const TradeSignalFields = Schema.Struct({
  /** Open time of the last decision bar. */
  timestamp: EpochMillis,
  symbol: SpotSymbol,
  side: Side,
  entryPrice: PositiveDecimal,
  stopLoss: PositiveDecimal,
  takeProfit: PositiveDecimal,
  /** Up to 5 swing levels beyond entry, nearest first. */
  tpCandidates: Schema.Array(PositiveDecimal).pipe(Schema.maxItems(5)),
  setupType: SetupType,
  /** Identity of the setup (type, side, structure bar): one setup is emitted once (strategy §10.1 #1). */
  setupId: Schema.optional(Schema.String),
  regime: TradeRegime,
  higherTfBias: Bias,
  emaSlope: EmaSlope,
  adx: Schema.Finite,
  atr: Schema.Finite.pipe(Schema.positive()),
  atrRatio: Schema.optional(Schema.Finite),
  score: Schema.Finite,
  scoreBreakdown: ScoreBreakdown,
  structure: StructureRecord,
  fibLevels: Schema.Record({ key: Schema.String, value: Schema.Finite }),
  reasoning: Schema.Array(Schema.String)
}).pipe(
  Schema.filter((s) => {
    const ordered =
      s.side === "long"
        ? s.stopLoss.lt(s.entryPrice) && s.entryPrice.lt(s.takeProfit)
        : s.takeProfit.lt(s.entryPrice) && s.entryPrice.lt(s.stopLoss)
    if (!ordered)
      return {
        path: ["stopLoss"],
        message: `a ${s.side} signal needs ${s.side === "long" ? "stop < entry < take profit" : "take profit < entry < stop"}`
      }
    // An order-block setup carries its block and no other setup does: a misspelt key cannot pass unnoticed.
    const ob = s.setupType === "ob"
    return ob === (s.structure.orderBlock !== undefined)
      ? undefined
      : {
          path: ["structure", "orderBlock"],
          message: ob ? "an ob signal needs its order block" : `a ${s.setupType} signal carries no order block`
        }
  })
)

/** A tradeable setup: levels always on the right sides of entry, so no sentinel values exist. */
export class TradeSignal extends Schema.TaggedClass<TradeSignal>()("TradeSignal", TradeSignalFields) {}

/** No setup this evaluation, with the reason as a code; carries whatever was computed before the rejection. */
export class NoSignal extends Schema.TaggedClass<NoSignal>()("NoSignal", {
  timestamp: EpochMillis,
  symbol: SpotSymbol,
  code: RejectionCode,
  regime: NoSignalRegime,
  higherTfBias: Schema.optional(Bias),
  adx: Schema.optional(Schema.Finite),
  atr: Schema.optional(Schema.Finite),
  score: Schema.optional(Schema.Finite),
  scoreBreakdown: Schema.optional(ScoreBreakdown),
  threshold: Schema.optional(Schema.Finite),
  reasoning: Schema.Array(Schema.String)
}) {}

/** The strategy's answer for one symbol and decision bar. */
export const Signal = Schema.Union(TradeSignal, NoSignal)
export type Signal = typeof Signal.Type
