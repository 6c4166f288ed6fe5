import { Schema } from "effect"
import { PositiveDecimal } from "../domain/Money.ts"
import { ClientOrderId, OrderType, TriggerReference } from "../domain/Order.ts"
import { PositionId } from "../domain/Position.ts"
import { OrderSide } from "../domain/Side.ts"
import { FuturesSymbol } from "../domain/Symbols.ts"
import { OrderPurpose } from "./ClientOrderIds.ts"

/** An order the machine wants on the venue; the write-ahead intent stores it before it is sent. */
export const OrderRequest = Schema.Struct({
  clientOrderId: ClientOrderId,
  positionId: PositionId,
  purpose: OrderPurpose,
  seq: Schema.Int.pipe(Schema.nonNegative()),
  symbol: FuturesSymbol,
  side: OrderSide,
  type: OrderType,
  quantity: PositiveDecimal,
  limitPrice: Schema.optional(PositiveDecimal),
  triggerPrice: Schema.optional(PositiveDecimal),
  triggerReference: Schema.optional(TriggerReference),
  reduceOnly: Schema.Boolean
})
export type OrderRequest = typeof OrderRequest.Type
