import { Duration, Effect, Option, Schedule, type Scope } from "effect"
import { isOrderDone, type OrderStatus } from "../../domain/Order.ts"
import { Exchange, ExchangeEvent } from "../../exchange/Exchange.ts"
import { Executor } from "../../execution/Executor.ts"
import { isLive, type TrackedOrder } from "../../execution/ManagedPosition.ts"
import { PositionRegistry } from "../../execution/PositionRegistry.ts"

/** What one poll found: orders looked up on the venue, and updates the push feed had not delivered. */
export interface PollReport {
  readonly checked: number
  readonly routed: number
}

/**
 * Whether the venue's answer tells the position something its record lacks: a final status (filled, cancelled,
 * expired, rejected) for an order still live in the record, or an acknowledgement the record is still waiting for.
 */
const isNews = (tracked: TrackedOrder, venueStatus: OrderStatus) =>
  isOrderDone(venueStatus) || tracked.status === "requested"

/**
 * One order-status poll (runtime-and-ops §1.5, every `runtime.order_poll_interval_seconds`): every live order of
 * every active position is looked up on the venue by its client id, and what the push feed missed is routed as
 * the venue event it should have been, through the executor's own router (idempotent: a duplicate changes
 * nothing). Then the executor settles: placements that ended without an answer are resolved and fills a final
 * status announced are replayed. A backstop only; the push feed stays the fast path.
 */
export const pollOrders = Effect.gen(function* () {
  const exchange = yield* Exchange
  const executor = yield* Executor
  const live = (yield* (yield* PositionRegistry).active).flatMap((p) => p.orders.filter(isLive))
  let routed = 0
  for (const tracked of live) {
    const found = yield* exchange.orderByClientId(tracked.clientOrderId)
    if (Option.isNone(found) || !isNews(tracked, found.value.status)) continue
    yield* executor.route(ExchangeEvent.OrderUpdated({ order: found.value }))
    routed++
  }
  yield* executor.settle
  if (routed > 0) yield* Effect.logWarning(`order polling routed ${routed} update(s) the push feed had not delivered`)
  return { checked: live.length, routed } satisfies PollReport
}).pipe(Effect.withSpan("runtime.pollOrders"))

/**
 * The polling loop in a fiber of the caller's scope, every `interval` (real time). A failed poll (the feed
 * resyncing, the venue down) is logged and the next one runs on schedule.
 */
export const startOrderPolling = (
  interval: Duration.DurationInput
): Effect.Effect<void, never, Exchange | Executor | PositionRegistry | Scope.Scope> =>
  pollOrders.pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("order poll failed; the next one runs on schedule", cause)),
    Effect.repeat(Schedule.spaced(interval)),
    Effect.delay(Duration.decode(interval)),
    Effect.annotateLogs({ service: "OrderPolling" }),
    Effect.forkScoped,
    Effect.asVoid
  )
