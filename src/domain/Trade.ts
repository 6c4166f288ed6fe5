import { Schema } from "effect"
import { DecimalFromString, NonNegativeDecimal, PositiveDecimal } from "./Money.ts"
import { Side } from "./Side.ts"
import { SpotSymbol } from "./Symbols.ts"
import { EpochMillis } from "./Time.ts"

/** Why a position ended: a closed set, so loss-streak and cooldown rules match values, not text (strategy §4). */
export const ExitReason = Schema.Literal(
  "stop_loss",
  "trailing_stop",
  "take_profit",
  "final_target",
  "premise_invalidation",
  "no_signal_close",
  "strategic_close",
  "kill_switch",
  "emergency",
  "margin_critical",
  "liquidation",
  "reconciliation",
  "manual"
)
export type ExitReason = typeof ExitReason.Type

const TradeFields = Schema.Struct({
  /** = the position id it closes (one trade per terminal position). */
  tradeId: Schema.NonEmptyTrimmedString,
  symbol: SpotSymbol,
  side: Side,
  /** VWAP of entry fills. */
  entryPrice: PositiveDecimal,
  /** VWAP of exit fills. */
  exitPrice: PositiveDecimal,
  size: PositiveDecimal,
  /** entry notional = size × entry price × contract size. */
  sizeNotional: NonNegativeDecimal,
  leverage: PositiveDecimal,
  grossPnl: DecimalFromString,
  fees: NonNegativeDecimal,
  /** Funding paid (positive) or received (negative). */
  funding: DecimalFromString,
  /** gross − fees − funding. */
  netPnl: DecimalFromString,
  enteredAt: EpochMillis,
  exitedAt: EpochMillis,
  holdingPeriodHours: Schema.Finite.pipe(Schema.nonNegative()),
  exitReason: ExitReason,
  makerFills: Schema.Int.pipe(Schema.nonNegative()),
  takerFills: Schema.Int.pipe(Schema.nonNegative())
}).pipe(
  Schema.filter((t) =>
    t.exitedAt >= t.enteredAt
      ? undefined
      : { path: ["exitedAt"], message: `exitedAt ${t.exitedAt} is before enteredAt ${t.enteredAt}` }
  )
)

/** A completed round trip, as recorded once per terminal position (trades table, runtime-and-ops §4). */
export class Trade extends Schema.Class<Trade>("Trade")(TradeFields) {}
