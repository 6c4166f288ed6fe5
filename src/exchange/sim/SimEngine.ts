/**
 * The simulated Kraken Futures venue's matching engine: pure, deterministic, no Effect, no clock, no randomness.
 * Every step takes an `EngineState` and returns `{ state, events }`; the input state is never changed, ids come
 * from counters in the state, and the same inputs give the same state and events byte for byte.
 *
 * Model, in short (details at each function):
 * - No order book: orders execute against each symbol's last price. Market executions (market orders, triggered
 *   stops and take-profits without a limit) take at the last price, so a gap through a stop fills at the gap
 *   price. A limit that crosses on arrival takes at the last price; a resting limit is made at its own price.
 * - A step runs: clock to `time` (funding boundaries booked on the way) → dead man's switch → the step's work →
 *   liquidation check. A price event's work: new prices, trailing stops follow, triggers fire, executable orders
 *   fill (acceptance order, one liquidity allowance per order per price point).
 * - One-way net positions per symbol, cross margin at each symbol's leverage (its maximum unless set), USD
 *   settlement of P&L, fees and funding, each rounded to `cashDecimals` so balances are exact sums of the ledger;
 *   other collateral valued at its instrument's index without haircut. Margin for orders is priced at the mark.
 * - Time never runs backwards: a step given an earlier time runs at the engine's current time.
 *
 * Cost: a step copies only the tables it writes and shares the rest with the input state; a price step works only
 * the orders of its symbol (OrderIndex.ts) and settles the liquidation check in float64 unless the account is
 * near maintenance (MarginScreen.ts); margin figures are cached by identity of their inputs (Margin.ts). None of
 * this changes a result: test/exchange/sim/Equivalence.test.ts pins long seeded sessions byte for byte.
 */
export {
  createEngine,
  type EngineConfig,
  type EngineInit,
  type EngineState,
  HOUR_MS,
  type Liquidity,
  type StepResult,
  sequenceId,
  setLiquidity
} from "./EngineState.ts"
export { History } from "./History.ts"
export {
  type Bar,
  intrabarEvents,
  intrabarPath,
  mergedIntrabarEvents,
  type PathPoint,
  type SymbolBars
} from "./IntrabarPath.ts"
export { setLeverage } from "./Leverage.ts"
export {
  type AccountView,
  type CurrencyBalance,
  currencyPrice,
  type MarginSummary,
  marginSummary,
  type PositionRisk,
  positionRisk,
  type SymbolMargin,
  symbolMargin
} from "./Margin.ts"
export {
  type AmendRequest,
  amendOrder,
  cancelAllOrders,
  cancelAllOrdersAfter,
  cancelOrder,
  findOrder,
  type OrderRef
} from "./OrderEdit.ts"
export { unrealizedPnl } from "./PositionMath.ts"
export { advancePrice, advanceTime, type PriceEvent } from "./PriceFeed.ts"
export type {
  CancelReason,
  Fill,
  FillType,
  LedgerEntry,
  LedgerKind,
  OrderEvent,
  Position,
  PricePoint,
  RefusedEdit,
  RejectReason,
  SimEvent
} from "./SimEvent.ts"
export { isOrderEvent } from "./SimEvent.ts"
export {
  ceilToStep,
  type DecimalInput,
  defaultInstruments,
  floorToStep,
  isOnGrid,
  makeInstrument,
  type SimInstrument,
  type SimInstrumentInput
} from "./SimInstrument.ts"
export {
  averagePrice,
  type OrderRequest,
  type OrderStatus,
  type OrderType,
  remaining,
  type Side,
  type SimOrder,
  type TimeInForce,
  type TrailingOffset,
  type TriggerReference
} from "./SimOrder.ts"
export { submitOrder } from "./SubmitOrder.ts"
