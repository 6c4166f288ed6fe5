import { Effect, Either, Option } from "effect"
import { ClientOrderId, Order } from "../domain/Order.ts"
import type { ExchangeOrder, ExchangeService } from "../exchange/Exchange.ts"
import { OperatorError } from "../monitoring/OperatorPort.ts"

/**
 * The client id shown for an order the venue lists without one (placed outside this system, e.g. by hand on the
 * venue's site). Our own ids are `<purpose>-<positionId>-<seq>`, so the `external:` prefix never collides with one.
 */
export const externalClientOrderId = (order: ExchangeOrder): ClientOrderId =>
  ClientOrderId.make(`external:${order.orderId}`.slice(0, 100).replace(/[^A-Za-z0-9_.:-]/g, "_"))

/**
 * The venue's view of a working order as a domain Order. The venue reports neither the creation time nor the
 * fills nor the trigger reference: `createdAt` is its last update, `fills` is empty (the fill total is in
 * `filledQuantity`), the reference is left out. Left: why the venue's order is not a valid domain Order.
 */
export const domainOrderOf = (order: ExchangeOrder): Either.Either<Order, string> =>
  Either.try({
    try: () =>
      new Order({
        clientOrderId: Option.getOrElse(order.clientOrderId, () => externalClientOrderId(order)),
        orderId: order.orderId,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        quantity: order.quantity,
        limitPrice: Option.getOrUndefined(order.limitPrice),
        triggerPrice: Option.getOrUndefined(order.triggerPrice),
        reduceOnly: order.reduceOnly,
        postOnly: order.postOnly,
        status: order.status,
        filledQuantity: order.filledQuantity,
        averageFillPrice: Option.getOrUndefined(order.averageFillPrice),
        fills: [],
        createdAt: order.updatedAt,
        updatedAt: order.updatedAt
      }),
    catch: (error) => `order ${order.orderId}: ${error instanceof Error ? error.message : String(error)}`
  })

/** Every working order on the venue; fails while the venue's order feed is not synced (unknown, never "none"). */
export const venueOpenOrders = (
  exchange: ExchangeService
): Effect.Effect<ReadonlyArray<ExchangeOrder>, OperatorError> =>
  Effect.mapError(exchange.openOrders, (error) => new OperatorError({ operation: "orders", reason: error.message }))

/** The working orders as domain Orders; one the venue reports in a shape no Order can take fails the list, named. */
export const toDomainOrders = (
  orders: ReadonlyArray<ExchangeOrder>
): Effect.Effect<ReadonlyArray<Order>, OperatorError> =>
  Effect.forEach(orders, (order) =>
    Either.match(domainOrderOf(order), {
      onLeft: (reason) => Effect.fail(new OperatorError({ operation: "orders", reason })),
      onRight: Effect.succeed
    })
  )
