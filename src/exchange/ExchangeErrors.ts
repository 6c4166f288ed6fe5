import { Schema } from "effect"

/**
 * Failures of the `Exchange` port, venue-agnostic. `operation` names the port method (`placeOrder`,
 * `positions`, ...). Only `Transient` and `RateLimited` are worth retrying as is; `UnknownResult` must be
 * resolved by looking the order up by its client id, never by resending it.
 */

/** The venue (or our own order-entry budget) refused the call for its rate; nothing was done. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  operation: Schema.String,
  reason: Schema.String,
  /** How long until a retry can succeed, when known. */
  retryAfterMs: Schema.optional(Schema.Number),
  /** True when our own order-entry budget refused the call: it never reached the venue. */
  local: Schema.optional(Schema.Boolean)
}) {
  override get message(): string {
    const wait = this.retryAfterMs === undefined ? "" : ` (retry in ${this.retryAfterMs} ms)`
    return `${this.operation} rate limited: ${this.reason}${wait}`
  }
}

/** Credentials, signature, nonce, token or permissions were refused: an operator problem, not retryable. */
export class AuthFailed extends Schema.TaggedError<AuthFailed>()("AuthFailed", {
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation} authentication failed: ${this.reason}`
  }
}

/** Not enough funds or margin for the order; it was not placed. */
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>()("InsufficientFunds", {
  operation: Schema.String,
  clientOrderId: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation}${this.clientOrderId === undefined ? "" : ` ${this.clientOrderId}`}: ${this.reason}`
  }
}

/** The venue refused the order or request; `reason` is its own text (e.g. `EOrder:Post only order`). */
export class OrderRejected extends Schema.TaggedError<OrderRejected>()("OrderRejected", {
  operation: Schema.String,
  clientOrderId: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  override get message(): string {
    const id = this.clientOrderId === undefined ? "" : ` ${this.clientOrderId}`
    return `${this.operation}${id} rejected by the venue: ${this.reason}`
  }
}

/** Amend or cancel of an order the venue does not know (already filled, cancelled or never placed). */
export class OrderNotFound extends Schema.TaggedError<OrderNotFound>()("OrderNotFound", {
  operation: Schema.String,
  order: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation}: no live order ${this.order} (${this.reason})`
  }
}

/**
 * A failure that did nothing and may succeed later: not connected, state not (re)synced yet, venue busy,
 * network error before the request left. A query failing this way means "unknown", never "empty".
 */
export class Transient extends Schema.TaggedError<Transient>()("Transient", {
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation} failed (retryable): ${this.reason}`
  }
}

/** A venue message did not decode; `field` is the dotted path of the offending value. */
export class ExchangeDecodeError extends Schema.TaggedError<ExchangeDecodeError>()("ExchangeDecodeError", {
  operation: Schema.String,
  source: Schema.String,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.operation}: cannot decode ${this.source} at ${this.field === "" ? "(root)" : this.field}: ${this.detail}`
  }
}

/**
 * The request may or may not have taken effect (timed out, or the connection dropped after sending).
 * For an order: look it up by `clientOrderId` once the feed has resynced; never resend it blindly.
 */
export class UnknownResult extends Schema.TaggedError<UnknownResult>()("UnknownResult", {
  operation: Schema.String,
  clientOrderId: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  override get message(): string {
    const id = this.clientOrderId === undefined ? "" : ` ${this.clientOrderId}`
    return `${this.operation}${id}: outcome unknown (${this.reason}); resolve by client order id lookup`
  }
}

/** Every failure of an order-entry call. */
export type OrderEntryError =
  | RateLimited
  | AuthFailed
  | InsufficientFunds
  | OrderRejected
  | OrderNotFound
  | Transient
  | UnknownResult
  | ExchangeDecodeError

/** Every failure of a query: its answer is unknown. */
export type QueryError = RateLimited | AuthFailed | Transient | ExchangeDecodeError
