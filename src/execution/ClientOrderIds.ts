import { createHash } from "node:crypto"
import { Schema } from "effect"
import { ClientOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"

/** Why an order is sent; with the position id and the attempt number it determines the client order id. */
export const OrderPurpose = Schema.Literal("entry", "stop", "replace-stop", "tp1", "tp2", "exit")
export type OrderPurpose = typeof OrderPurpose.Type

/**
 * The client order id of attempt `seq` of `purpose` for a position: the same inputs always give the same id
 * (a retry after a crash reuses it, so the venue refuses a duplicate), and a new attempt gets a new id (so a
 * replacement never collides with its still-open predecessor, trading-core §6.2). The id is shaped as a UUID
 * (RFC 9562 version 8, hash-derived) because the Unified WebSocket recommends UUIDs for `cl_ord_id` and the
 * v3 REST `cliOrdId` takes up to 100 characters; the readable form lives in the intent record.
 */
export const clientOrderIdFor = (positionId: PositionId, purpose: OrderPurpose, seq: number): ClientOrderId => {
  const hex = createHash("sha256").update(`${positionId}:${purpose}:${seq}`).digest("hex")
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16)
  return ClientOrderId.make(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  )
}

/** Human-readable label of an attempt, `<purpose>-<positionId>-<seq>`, for logs and the intent table. */
export const orderLabel = (positionId: PositionId, purpose: OrderPurpose, seq: number): string =>
  `${purpose}-${positionId}-${seq}`
