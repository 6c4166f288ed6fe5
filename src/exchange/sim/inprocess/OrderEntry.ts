import { Either, Option } from "effect"
import type { Amendment, OrderRef, OrderRequest, PlacedOrder } from "../../Exchange.ts"
import { type OrderEntryError, UnknownResult } from "../../ExchangeErrors.ts"
import { mapKrakenError } from "../../kraken/client/ErrorMapping.ts"
import { exchangeOrderIdOf, toWireOrder } from "../../kraken/client/OrderMapping.ts"
import { UwsError } from "../../kraken/wire/Errors.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import {
  amendOrder as amendEngineOrder,
  cancelAllOrders,
  cancelAllOrdersAfter,
  cancelOrder as cancelEngineOrder,
  type OrderRef as EngineOrderRef
} from "../OrderEdit.ts"
import type { SimVenue } from "../SimVenue.ts"
import { submitOrder } from "../SubmitOrder.ts"
import { toOrderRequest, uwsError } from "../server/OrderMapping.ts"

/**
 * Order entry on a venue in process, answering as the Kraken adapter answers over the simulator's wire: the
 * request goes through the adapter's own wire mapping and the server's, a refusal becomes the server's UWS error
 * string and then the adapter's port error. Each call is one venue step (its events reach the venue's listeners).
 */

type Entry<A> = Either.Either<A, OrderEntryError>

const refused = (operation: string, error: string, clientOrderId?: string): Entry<never> =>
  Either.left(mapKrakenError(operation, error, clientOrderId))

const engineRef = (ref: OrderRef): EngineOrderRef =>
  ref.orderId === undefined ? { clientOrderId: ref.clientOrderId } : { orderId: ref.orderId }

export const placeOrder = (venue: SimVenue, request: OrderRequest, faults?: FaultInjector): Entry<PlacedOrder> => {
  const id = request.clientOrderId
  const wire = toWireOrder(request)
  if (Either.isLeft(wire)) return Either.left(wire.left)
  const engineRequest = toOrderRequest(request.symbol, wire.right)
  if (typeof engineRequest === "string") return refused("placeOrder", engineRequest, id)
  // The server's order-rejection fault strikes before the engine sees the order
  if (faults?.strikes("orderReject")) return refused("placeOrder", UwsError.insufficientMargin, id)
  const { events } = venue.apply((state, time) => submitOrder(state, engineRequest, time))
  for (const event of events) {
    if (event.type === "order_rejected") return refused("placeOrder", uwsError(event.reason), id)
    if (event.type === "order_accepted")
      return Option.match(exchangeOrderIdOf(event.order.orderId), {
        onNone: () =>
          Either.left(new UnknownResult({ operation: "placeOrder", clientOrderId: id, reason: "blank order id" })),
        onSome: (orderId) => Either.right({ clientOrderId: id, orderId })
      })
  }
  return refused("placeOrder", UwsError.invalidOrder, id)
}

export const amendOrder = (venue: SimVenue, ref: OrderRef, amendment: Amendment): Entry<void> => {
  const { events } = venue.apply((state, time) =>
    amendEngineOrder(
      state,
      engineRef(ref),
      {
        ...(amendment.quantity !== undefined && { size: amendment.quantity }),
        ...(amendment.limitPrice !== undefined && { limitPrice: amendment.limitPrice }),
        ...(amendment.triggerPrice !== undefined && { triggerPrice: amendment.triggerPrice })
      },
      time
    )
  )
  const rejection = events.find((e) => e.type === "amend_rejected")
  if (rejection?.type === "amend_rejected") return refused("amendOrder", uwsError(rejection.reason), ref.clientOrderId)
  return events.some((e) => e.type === "order_amended")
    ? Either.void
    : refused("amendOrder", UwsError.unknownOrder, ref.clientOrderId)
}

export const cancelOrder = (venue: SimVenue, ref: OrderRef): Entry<void> => {
  const { events } = venue.apply((state, time) => cancelEngineOrder(state, engineRef(ref), time))
  return events.some((e) => e.type === "cancel_rejected")
    ? refused("cancelOrder", UwsError.unknownOrder, ref.clientOrderId)
    : Either.void
}

/** Cancels every working and untriggered order; how many. */
export const cancelAll = (venue: SimVenue): number =>
  venue.apply((state, time) => cancelAllOrders(state, time)).events.filter((e) => e.type === "order_cancelled").length

/** Arms (or with 0 disarms) the venue's dead man's switch. */
export const cancelAllAfter = (venue: SimVenue, timeoutSeconds: number): void => {
  venue.apply((state, time) => cancelAllOrdersAfter(state, timeoutSeconds * 1000, time))
}
