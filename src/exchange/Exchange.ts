import { Context, Data, type Effect, type Option, type Scope, type Stream } from "effect"
import type { AccountState } from "../domain/AccountState.ts"
import type { Decimal } from "../domain/Money.ts"
import type { ClientOrderId, ExchangeOrderId, Fill, OrderStatus, OrderType, TriggerReference } from "../domain/Order.ts"
import type { OrderSide, Side } from "../domain/Side.ts"
import type { FuturesSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { OrderEntryError, QueryError } from "./ExchangeErrors.ts"

/** What the venue says about a contract: its grid, and where known its contract size and maximum leverage. */
export interface ContractSpec {
  readonly symbol: FuturesSymbol
  readonly tickSize: Decimal
  readonly sizeStep: Decimal
  readonly minSize: Decimal
  /** False while the venue lists the contract as not open for trading. */
  readonly tradeable: boolean
  /** Base units per contract, where the venue says (Kraken: Derivatives REST v3, or its cache, or declared). */
  readonly contractSize?: Decimal | undefined
  /** Maximum leverage of the smallest position, where known; absent = unknown (keep to the configured cap). */
  readonly maxLeverage?: Decimal | undefined
}

/** Level 1 of a contract. Mark, index and funding are optional: not every venue feed carries them. */
export interface MarketTicker {
  readonly symbol: FuturesSymbol
  readonly bid: Decimal
  readonly ask: Decimal
  readonly last: Decimal
  readonly markPrice: Option.Option<Decimal>
  readonly indexPrice: Option.Option<Decimal>
  readonly fundingRate: Option.Option<Decimal>
  readonly volume24h: Option.Option<Decimal>
  readonly receivedAt: EpochMillis
}

/** An open position as the venue reports it; `size` is positive, direction is `side`. */
export interface ExchangePosition {
  readonly symbol: FuturesSymbol
  readonly side: Side
  readonly size: Decimal
  readonly entryPrice: Decimal
  readonly markPrice: Option.Option<Decimal>
  readonly unrealizedPnl: Option.Option<Decimal>
}

/** An order as the venue reports it; orders placed outside this system may lack a client id. */
export interface ExchangeOrder {
  readonly orderId: ExchangeOrderId
  readonly clientOrderId: Option.Option<ClientOrderId>
  readonly symbol: FuturesSymbol
  readonly side: OrderSide
  readonly type: OrderType
  readonly quantity: Decimal
  readonly filledQuantity: Decimal
  readonly averageFillPrice: Option.Option<Decimal>
  readonly limitPrice: Option.Option<Decimal>
  /** Stop / take-profit level; for a trailing stop, the trailing distance. */
  readonly triggerPrice: Option.Option<Decimal>
  readonly reduceOnly: boolean
  readonly postOnly: boolean
  readonly status: OrderStatus
  readonly updatedAt: EpochMillis
}

/** A new order. The client id must be persisted by the caller before the call (it resolves an unknown result). */
export interface OrderRequest {
  readonly clientOrderId: ClientOrderId
  readonly symbol: FuturesSymbol
  readonly side: OrderSide
  readonly type: OrderType
  readonly quantity: Decimal
  /** Required for `limit`. */
  readonly limitPrice?: Decimal | undefined
  /** Required for `stop`, `take_profit` (the level) and `trailing_stop` (the distance). */
  readonly triggerPrice?: Decimal | undefined
  readonly triggerReference?: TriggerReference | undefined
  readonly reduceOnly: boolean
  readonly postOnly: boolean
}

export interface PlacedOrder {
  readonly clientOrderId: ClientOrderId
  readonly orderId: ExchangeOrderId
}

/** Identifies a live order for amend / cancel. */
export type OrderRef =
  | { readonly clientOrderId: ClientOrderId; readonly orderId?: undefined }
  | { readonly orderId: ExchangeOrderId; readonly clientOrderId?: undefined }

/** In-place change; ids stay the same. */
export interface Amendment {
  readonly quantity?: Decimal | undefined
  readonly limitPrice?: Decimal | undefined
  readonly triggerPrice?: Decimal | undefined
}

/** What the venue pushes. Fills may repeat across a resync: apply them idempotently by `fill.fillId`. */
export type ExchangeEvent = Data.TaggedEnum<{
  OrderUpdated: { readonly order: ExchangeOrder }
  FillReceived: { readonly fill: Fill }
  /** None = the venue reports the position closed. */
  PositionChanged: { readonly symbol: FuturesSymbol; readonly position: Option.Option<ExchangePosition> }
  AccountChanged: { readonly account: AccountState }
  /** The private feed is gone: state queries fail and no order should be sent until `Resynced`. */
  FeedLost: { readonly reason: string }
  /** Fresh snapshots of orders, positions and margin arrived: reconcile, then trading may resume. */
  Resynced: { readonly at: EpochMillis }
}>
export const ExchangeEvent = Data.taggedEnum<ExchangeEvent>()

/**
 * The venue as the trading core sees it, in domain types. Every query fails rather than guess: a failed
 * `positions` means "unknown", never "flat". Order entry never retries by itself; an `UnknownResult` is
 * resolved with `orderByClientId` after the next `Resynced`.
 */
export interface ExchangeService {
  /** Grid of every contract the venue lists. */
  readonly contracts: Effect.Effect<ReadonlyArray<ContractSpec>, QueryError>
  /** Keep level-1 data flowing for these contracts (added to what is already watched, kept across reconnects). */
  readonly watchTickers: (symbols: ReadonlyArray<FuturesSymbol>) => Effect.Effect<void, QueryError>
  /** Latest ticker of a watched contract; fails when none has arrived on the current connection. */
  readonly ticker: (symbol: FuturesSymbol) => Effect.Effect<MarketTicker, QueryError>
  /** Equity and margin; fails while the account feed is not synced. */
  readonly account: Effect.Effect<AccountState, QueryError>
  /** Every open position; fails while the position feed is not synced (never an empty list instead). */
  readonly positions: Effect.Effect<ReadonlyArray<ExchangePosition>, QueryError>
  /** Every working order; fails while the order feed is not synced. */
  readonly openOrders: Effect.Effect<ReadonlyArray<ExchangeOrder>, QueryError>
  /**
   * The order with this client id: working, or finished within the last day while we were listening.
   * None = the venue lists no such working order and we saw none finish (so it was never placed, or finished
   * while we were away: reconcile against positions and fills).
   */
  readonly orderByClientId: (id: ClientOrderId) => Effect.Effect<Option.Option<ExchangeOrder>, QueryError>
  /** Places an order; success means the venue acknowledged it (fills arrive as events). */
  readonly placeOrder: (request: OrderRequest) => Effect.Effect<PlacedOrder, OrderEntryError>
  readonly amendOrder: (ref: OrderRef, amendment: Amendment) => Effect.Effect<void, OrderEntryError>
  /** Fails with `OrderNotFound` when the order is already gone. */
  readonly cancelOrder: (ref: OrderRef) => Effect.Effect<void, OrderEntryError>
  /** Cancels every working and untriggered order (stops included); returns how many. */
  readonly cancelAll: Effect.Effect<number, OrderEntryError>
  /** Dead man's switch: the venue cancels all orders unless called again within `timeoutSeconds`; 0 disarms. */
  readonly refreshDeadMansSwitch: (timeoutSeconds: number) => Effect.Effect<void, OrderEntryError>
  /** Subscribes now (no event after this effect is lost) and streams events until the scope closes. */
  readonly events: Effect.Effect<Stream.Stream<ExchangeEvent>, never, Scope.Scope>
}

export class Exchange extends Context.Tag("Exchange")<Exchange, ExchangeService>() {}
