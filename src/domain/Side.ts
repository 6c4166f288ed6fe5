import { Schema } from "effect"

/** Direction of a position or signal. */
export const Side = Schema.Literal("long", "short")
export type Side = typeof Side.Type

/** Direction of an order on the wire. */
export const OrderSide = Schema.Literal("buy", "sell")
export type OrderSide = typeof OrderSide.Type

/** The order side that opens a position of `side`. */
export const entryOrderSide = (side: Side): OrderSide => (side === "long" ? "buy" : "sell")

/** The order side that reduces or closes a position of `side` (always sent reduce-only). */
export const exitOrderSide = (side: Side): OrderSide => (side === "long" ? "sell" : "buy")

export const oppositeSide = (side: Side): Side => (side === "long" ? "short" : "long")
