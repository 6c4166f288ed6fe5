import type { Decimal } from "../domain/Money.ts"
import type { ClientOrderId, ExchangeOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import type { OrderRequest } from "./OrderRequest.ts"

/**
 * A command the effectful shell carries out after a transition is persisted. Placements become write-ahead
 * intents in the same transaction as the record, so none is lost between the decision and the send.
 */
export type PositionEffect =
  | { readonly _tag: "PlaceOrder"; readonly request: OrderRequest }
  | {
      readonly _tag: "CancelOrder"
      readonly positionId: PositionId
      readonly clientOrderId: ClientOrderId
      readonly orderId: ExchangeOrderId | undefined
    }
  /** Change a working order's total quantity in place (a stop larger than the position, resized down). */
  | {
      readonly _tag: "AmendOrder"
      readonly positionId: PositionId
      readonly clientOrderId: ClientOrderId
      readonly orderId: ExchangeOrderId | undefined
      readonly quantity: Decimal
    }
  /** The venue reports more filled than the fills seen: fetch the order's executions and apply them. */
  | {
      readonly _tag: "ReplayFills"
      readonly positionId: PositionId
      readonly clientOrderId: ClientOrderId
      readonly orderId: ExchangeOrderId | undefined
    }
  /** The position is terminal: record its trade once (trade id = position id). */
  | { readonly _tag: "RecordTrade"; readonly positionId: PositionId }
  /** The position holds quantity without a stop the machine may re-place on its own: escalate (§8.5). */
  | {
      readonly _tag: "ProtectionLost"
      readonly positionId: PositionId
      readonly symbol: SpotSymbol
      readonly reason: string
    }
