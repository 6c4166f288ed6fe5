import { Schema } from "effect"
import { Decimal, DecimalFromString, NonNegativeDecimal, PositiveDecimal } from "./Money.ts"
import { ClientOrderId, ExchangeOrderId } from "./Order.ts"
import { Side } from "./Side.ts"
import { FuturesSymbol, SpotSymbol } from "./Symbols.ts"
import { EpochMillis } from "./Time.ts"
import { ExitReason } from "./Trade.ts"

/** `pos-<12 hex>`; also the trade id of the trade it becomes. */
export const PositionId = Schema.String.pipe(
  Schema.pattern(/^pos-[0-9a-f]{12}$/),
  Schema.brand("PositionId"),
  Schema.annotations({ identifier: "PositionId" })
)
export type PositionId = typeof PositionId.Type

/** States of the position state machine (trading-core §5.3). */
export const PositionState = Schema.Literal(
  "PENDING",
  "OPEN",
  "PROTECTED",
  "PARTIAL",
  "EXIT_PENDING",
  "CANCEL_PENDING",
  "CLOSED",
  "CANCELLED",
  "ERROR",
  "ORPHANED"
)
export type PositionState = typeof PositionState.Type

const TERMINAL_STATES: ReadonlySet<PositionState> = new Set(["CLOSED", "CANCELLED", "ERROR", "ORPHANED"])

/** A terminal position never changes again; at most one non-terminal position exists per symbol key (invariant A). */
export const isTerminalState = (state: PositionState): boolean => TERMINAL_STATES.has(state)

const PositionFields = Schema.Struct({
  positionId: PositionId,
  symbol: SpotSymbol,
  futuresSymbol: FuturesSymbol,
  side: Side,
  state: PositionState,
  /** Remaining quantity = Σ entry fills − Σ exit fills (invariant B: never negative). */
  size: NonNegativeDecimal,
  /** Quantity planned at entry (immutable after acknowledgement, invariant C). */
  originalSize: PositiveDecimal,
  sizeNotional: NonNegativeDecimal,
  /** Average entry (VWAP of entry fills, the planned entry until the first fill). */
  entryPrice: PositiveDecimal,
  currentMarkPrice: Schema.optional(PositiveDecimal),
  liquidationPrice: Schema.optional(PositiveDecimal),
  unrealizedPnl: DecimalFromString,
  leverage: PositiveDecimal,
  marginUsed: NonNegativeDecimal,
  /** Stop at entry: the R unit and the bound invariant D keeps the stop from crossing. */
  initialStopPrice: PositiveDecimal,
  stopPrice: PositiveDecimal,
  tp1Price: Schema.optional(PositiveDecimal),
  tp2Price: Schema.optional(PositiveDecimal),
  finalTargetPrice: Schema.optional(PositiveDecimal),
  entryOrderId: Schema.optional(ExchangeOrderId),
  entryClientOrderId: Schema.optional(ClientOrderId),
  stopOrderId: Schema.optional(ExchangeOrderId),
  stopClientOrderId: Schema.optional(ClientOrderId),
  tp1OrderId: Schema.optional(ExchangeOrderId),
  tp2OrderId: Schema.optional(ExchangeOrderId),
  /** Funding paid (positive) or received (negative) so far. */
  fundingAccrued: DecimalFromString,
  tp1Filled: Schema.Boolean,
  tp2Filled: Schema.Boolean,
  breakEvenTriggered: Schema.Boolean,
  trailingActive: Schema.Boolean,
  /** A live reduce-only stop is known to be on the exchange for the full remaining size (invariant K). */
  isProtected: Schema.Boolean,
  /** Why the position is (un)protected, e.g. "stop order live" or "stop missing on exchange". */
  protectionReason: Schema.optional(Schema.String),
  setupType: Schema.optional(Schema.String),
  regime: Schema.optional(Schema.String),
  exitReason: Schema.optional(ExitReason),
  openedAt: EpochMillis,
  updatedAt: EpochMillis,
  closedAt: Schema.optional(EpochMillis)
}).pipe(
  Schema.filter((p) => {
    if (p.updatedAt < p.openedAt) return { path: ["updatedAt"], message: "updatedAt is before openedAt" }
    if (p.closedAt !== undefined && p.closedAt < p.openedAt)
      return { path: ["closedAt"], message: "closedAt is before openedAt" }
    const stopOnLossSide = p.side === "long" ? p.initialStopPrice.lt(p.entryPrice) : p.initialStopPrice.gt(p.entryPrice)
    if (p.state === "PENDING" && !stopOnLossSide)
      return {
        path: ["initialStopPrice"],
        message: `a ${p.side} position's initial stop must be on the loss side of entry`
      }
    return undefined
  })
)

/** A managed position: the state machine's record and the positions table row (runtime-and-ops §4). */
export class Position extends Schema.Class<Position>("Position")(PositionFields) {
  /** Fraction of the original size already closed, 0..1 (the `partial_close_pct` column); 0 if size grew by adoption. */
  get partialCloseFraction(): Decimal {
    return Decimal.max(0, this.originalSize.minus(this.size).div(this.originalSize))
  }
}
