import type { Decimal } from "../../domain/Money.ts"
import type { OrderRequest, Side, SimOrder } from "./SimOrder.ts"

/** Latest prices of one symbol; mark and index default to last when a price event omits them. */
export interface PricePoint {
  readonly time: number
  readonly last: Decimal
  readonly mark: Decimal
  readonly index: Decimal
  /** Relative funding rate per funding interval (0.0001 = 0.01 %); longs pay when positive. */
  readonly fundingRate: Decimal
}

/** Net one-way position; `size` is signed (negative = short). A flat position is removed from the state. */
export interface Position {
  readonly symbol: string
  readonly size: Decimal
  readonly entryPrice: Decimal
  /** Realised P&L since the position opened (fees and funding excluded). */
  readonly realizedPnl: Decimal
  /** Funding booked since the position opened (negative = paid). */
  readonly funding: Decimal
  readonly openedAt: number
  readonly updatedAt: number
}

/** REST v3 `fillType`: liquidation fills close positions at mark when the account falls under maintenance. */
export type FillType = "maker" | "taker" | "liquidation"

export interface Fill {
  readonly fillId: string
  readonly orderId: string
  readonly clientOrderId: string | null
  readonly symbol: string
  readonly side: Side
  readonly size: Decimal
  readonly price: Decimal
  readonly fee: Decimal
  readonly feeCurrency: string
  readonly fillType: FillType
  /** Realised P&L of the part of this fill that reduced the position. */
  readonly realizedPnl: Decimal
  /** Order quantity still open after this fill (WS v1 `remaining_order_qty`). */
  readonly remainingOrderSize: Decimal
  readonly time: number
}

export type LedgerKind = "trade" | "funding" | "liquidation"

/** One USD booking (Kraken account_log / UWS ledgers): the balance change and what caused it. */
export interface LedgerEntry {
  readonly ledgerId: string
  readonly kind: LedgerKind
  readonly time: number
  readonly symbol: string
  readonly currency: string
  /** Balance change: realised P&L − fee for trades, the funding payment for funding. */
  readonly amount: Decimal
  readonly balanceAfter: Decimal
  readonly realizedPnl: Decimal
  readonly fee: Decimal
  readonly fillId: string | null
  readonly tradePrice: Decimal | null
  readonly markPrice: Decimal
  readonly fundingRate: Decimal | null
  /** Funding interval index (floor(time / interval)) for funding entries. */
  readonly fundingInterval: number | null
  readonly oldSize: Decimal
  readonly newSize: Decimal
  readonly oldEntryPrice: Decimal
  readonly newEntryPrice: Decimal
}

/**
 * Why an order was refused or ended. The strings are Derivatives REST v3 statuses (`sendStatus.status`,
 * `editStatus.status`, `cancelStatus.status`); the wire layer maps them to UWS error strings.
 */
export type RejectReason =
  | "invalidArgument"
  | "invalidSize"
  | "invalidPrice"
  | "marketUnavailable"
  | "clientOrderIdAlreadyExist"
  | "insufficientAvailableFunds"
  | "wouldCauseLiquidation"
  | "postWouldExecute"
  | "iocWouldNotExecute"
  | "wouldNotReducePosition"
  | "orderForEditNotFound"
  | "cannotEditTriggerPriceOfTrailingStop"
  | "notFound"

export type CancelReason =
  | "user"
  | "cancelAll"
  /** Market and IOC remainders that found no more liquidity. */
  | "ioc"
  | "wouldNotReducePosition"
  | "amendedBelowFilled"
  | "liquidation"
  | "deadManSwitch"

/** An amend or cancel naming an order that cannot take it; the ids are echoed as given. */
export interface RefusedEdit {
  readonly time: number
  readonly orderId: string | null
  readonly clientOrderId: string | null
  readonly reason: RejectReason
}

export type SimEvent =
  | {
      readonly type: "order_accepted"
      readonly time: number
      readonly order: SimOrder
      readonly reducedSize: Decimal | null
    }
  | {
      readonly type: "order_rejected"
      readonly time: number
      readonly reason: RejectReason
      readonly request: OrderRequest
    }
  | {
      readonly type: "order_triggered"
      readonly time: number
      readonly order: SimOrder
      readonly referencePrice: Decimal
    }
  /** A fill of `order` (the order after the fill); status partially_filled or filled tells which. */
  | { readonly type: "order_filled"; readonly time: number; readonly order: SimOrder; readonly fill: Fill }
  | { readonly type: "order_cancelled"; readonly time: number; readonly order: SimOrder; readonly reason: CancelReason }
  | { readonly type: "order_amended"; readonly time: number; readonly previous: SimOrder; readonly order: SimOrder }
  | ({ readonly type: "amend_rejected" } & RefusedEdit)
  | ({ readonly type: "cancel_rejected" } & RefusedEdit)
  /** The position after a change; `position.size` is zero when it closed. */
  | {
      readonly type: "position_changed"
      readonly time: number
      readonly previousSize: Decimal
      readonly position: Position
    }
  | { readonly type: "ledger"; readonly time: number; readonly entry: LedgerEntry }
  /** A leverage preference set (`leverage`) or removed (null: back to the instrument's max). */
  | {
      readonly type: "leverage_changed"
      readonly time: number
      readonly symbol: string
      readonly leverage: Decimal | null
    }
  | {
      readonly type: "leverage_rejected"
      readonly time: number
      readonly symbol: string
      readonly reason: RejectReason
    }
  | {
      readonly type: "liquidation"
      readonly time: number
      readonly portfolioValue: Decimal
      readonly maintenanceMargin: Decimal
    }

const ORDER_EVENT_TYPES = [
  "order_accepted",
  "order_rejected",
  "order_triggered",
  "order_filled",
  "order_cancelled",
  "order_amended",
  "amend_rejected",
  "cancel_rejected"
] as const

/** The events about orders, kept in the state's order history (REST v3 order events, UWS executions). */
export type OrderEvent = Extract<SimEvent, { readonly type: (typeof ORDER_EVENT_TYPES)[number] }>

const orderEventTypes: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES)

export const isOrderEvent = (event: SimEvent): event is OrderEvent => orderEventTypes.has(event.type)
