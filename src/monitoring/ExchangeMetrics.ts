import { Effect, Stream } from "effect"
import type { ExchangeEvent, ExchangeService } from "../exchange/Exchange.ts"
import type { OrderEntryError } from "../exchange/ExchangeErrors.ts"
import { type OrderResult, recordApiError, recordOrder, recordOrders } from "./Metrics.ts"

/**
 * The `trading_api_errors_total{kind}` label of a failed venue call, or undefined for a refusal that proves the
 * venue answered (a rejected order, no funds, an order already gone): those are order results, not API errors.
 */
export const apiErrorKind = (error: OrderEntryError): string | undefined => {
  switch (error._tag) {
    case "RateLimited":
      // Our own order budget's refusal never reached the venue: not an API error
      return error.local === true ? undefined : "rate_limited"
    case "AuthFailed":
      return "auth"
    case "Transient":
      return "transient"
    case "UnknownResult":
      return "unknown_result"
    case "ExchangeDecodeError":
      return "decode"
    case "InsufficientFunds":
    case "OrderRejected":
    case "OrderNotFound":
      return undefined
  }
}

/** The order result of a failed placement: refused by the venue, or not known to have reached it. */
const placementFailure = (error: OrderEntryError): OrderResult =>
  error._tag === "OrderRejected" || error._tag === "InsufficientFunds" ? "rejected" : "failed"

const countFailure = (error: OrderEntryError): Effect.Effect<void> => {
  const kind = apiErrorKind(error)
  return kind === undefined ? Effect.void : recordApiError(kind)
}

/** Orders seen filled, remembered so a resync's repeated update is not counted twice; bounded. */
const FILLED_MEMORY = 2_048

/**
 * The exchange port counting what it does in the metrics: every order-entry call's failure by API error kind,
 * placements as `placed`, `rejected` or `failed`, cancels (one by one or all at once) as `cancelled`, and each order
 * the venue reports filled once as `filled` (from the event stream the executor subscribes to).
 */
export const meteredExchange = (inner: ExchangeService): ExchangeService => {
  const filled = new Set<string>()
  const countFill = (event: ExchangeEvent): Effect.Effect<void> => {
    if (event._tag !== "OrderUpdated" || event.order.status !== "filled" || filled.has(event.order.orderId)) {
      return Effect.void
    }
    filled.add(event.order.orderId)
    if (filled.size > FILLED_MEMORY) filled.delete(filled.values().next().value ?? "")
    return recordOrder("filled")
  }
  return {
    ...inner,
    placeOrder: (request) =>
      inner.placeOrder(request).pipe(
        Effect.tapBoth({
          onSuccess: () => recordOrder("placed"),
          onFailure: (error) => Effect.zipRight(recordOrder(placementFailure(error)), countFailure(error))
        })
      ),
    amendOrder: (ref, amendment) => Effect.tapError(inner.amendOrder(ref, amendment), countFailure),
    cancelOrder: (ref) =>
      inner
        .cancelOrder(ref)
        .pipe(Effect.tapBoth({ onSuccess: () => recordOrder("cancelled"), onFailure: countFailure })),
    cancelAll: inner.cancelAll.pipe(
      Effect.tapBoth({ onSuccess: (count) => recordOrders("cancelled", count), onFailure: countFailure })
    ),
    refreshDeadMansSwitch: (timeoutSeconds) =>
      Effect.tapError(inner.refreshDeadMansSwitch(timeoutSeconds), countFailure),
    events: Effect.map(inner.events, Stream.tap(countFill))
  }
}
