import { expect } from "@effect/vitest"
import { Either } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { type ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { PositionId } from "../../src/domain/Position.ts"
import type { Side } from "../../src/domain/Side.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import type { ExitReason } from "../../src/domain/Trade.ts"
import type { EntryPlan, ManagedPosition } from "../../src/execution/ManagedPosition.ts"
import { openPosition } from "../../src/execution/OpenPosition.ts"
import type { OrderRequest } from "../../src/execution/OrderRequest.ts"
import type { PositionEffect } from "../../src/execution/PositionEffect.ts"
import type { PositionEvent } from "../../src/execution/PositionEvent.ts"
import { DEFAULT_RULES, type Transition, transition } from "../../src/execution/PositionMachine.ts"
import type { TransitionError } from "../../src/execution/TransitionError.ts"

export const d = (value: string | number) => new Decimal(value)
export const T0 = 1_767_225_600_000
export const POSITION_ID = PositionId.make("pos-0123456789ab")

export const plan = (overrides: Partial<EntryPlan> = {}): EntryPlan => ({
  quantity: d(1),
  entryPrice: d(100),
  initialStop: d(95),
  tp1Price: d(105),
  tp2Price: d(110),
  finalTarget: d(115),
  tp1Fraction: d("0.4"),
  tp2Fraction: d("0.4"),
  sizeStep: d("0.001"),
  minSize: d("0.001"),
  regime: "wide_structure",
  ...overrides
})

/** A fresh PENDING position and its entry request. */
export const pending = (side: Side = "long", overrides: Partial<EntryPlan> = {}) => {
  const sidePlan =
    side === "long"
      ? plan(overrides)
      : plan({ initialStop: d(105), tp1Price: d(95), tp2Price: d(90), finalTarget: d(85), ...overrides })
  const opened = Either.getOrThrow(
    openPosition(
      {
        positionId: POSITION_ID,
        symbol: SpotSymbol.make("BTC/USD"),
        futuresSymbol: FuturesSymbol.make("PF_XBTUSD"),
        side,
        plan: sidePlan,
        at: T0
      },
      DEFAULT_RULES
    )
  )
  return { record: opened.record, entry: placements(opened.effects)[0]! }
}

export const placements = (effects: ReadonlyArray<PositionEffect>): ReadonlyArray<OrderRequest> =>
  effects.flatMap((e) => (e._tag === "PlaceOrder" ? [e.request] : []))

export const cancels = (effects: ReadonlyArray<PositionEffect>): ReadonlyArray<ClientOrderId> =>
  effects.flatMap((e) => (e._tag === "CancelOrder" ? [e.clientOrderId] : []))

export const tags = (effects: ReadonlyArray<PositionEffect>) => effects.map((e) => e._tag)

/** Applies an event that must be accepted. */
export const apply = (record: ManagedPosition, event: PositionEvent): Transition => {
  const result = transition(record, event)
  if (Either.isLeft(result)) throw new Error(`expected the event to apply: ${result.left.message}`)
  return result.right
}

export const reject = (record: ManagedPosition, event: PositionEvent): TransitionError => {
  const result = transition(record, event)
  expect(Either.isLeft(result)).toBe(true)
  return Either.getOrThrowWith(Either.flip(result), () => new Error("unreachable"))
}

let clock = T0
const at = () => {
  clock += 1_000
  return clock
}

export const accepted = (request: OrderRequest | ClientOrderId): PositionEvent => {
  const clientOrderId = typeof request === "string" ? request : request.clientOrderId
  return { _tag: "OrderAccepted", clientOrderId, orderId: ExchangeOrderId.make(`ex-${clientOrderId}`), at: at() }
}

export const filled = (
  request: OrderRequest,
  quantity: string | number,
  price: string | number,
  fillId?: string
): PositionEvent => ({
  _tag: "OrderFilled",
  fillId: fillId ?? `fill-${request.clientOrderId}-${quantity}`,
  clientOrderId: request.clientOrderId,
  quantity: d(quantity),
  price: d(price),
  fee: d(0),
  at: at()
})

export const closed = (
  request: OrderRequest,
  status: "filled" | "cancelled" | "expired",
  filledQuantity: string | number
): PositionEvent => ({
  _tag: "OrderClosed",
  clientOrderId: request.clientOrderId,
  status,
  filledQuantity: d(filledQuantity),
  at: at()
})

export const rejected = (request: OrderRequest, reason = "wouldNotReducePosition"): PositionEvent => ({
  _tag: "OrderRejected",
  clientOrderId: request.clientOrderId,
  reason,
  at: at()
})

const commandId = () => {
  const time = at()
  return { commandId: `command-${time}`, at: time }
}

export const moveStop = (
  price: string | number,
  reason: "break_even" | "trailing" | "manual" = "trailing"
): PositionEvent => ({
  _tag: "MoveStop",
  price: d(price),
  reason,
  ...commandId()
})

export const requestExit = (reason: ExitReason = "strategic_close"): PositionEvent => ({
  _tag: "RequestExit",
  reason,
  ...commandId()
})

export const cancelEntry = (): PositionEvent => ({ _tag: "CancelEntry", ...commandId() })
export const confirmIntent = (): PositionEvent => ({ _tag: "ConfirmIntent", ...commandId() })
export const retryProtection = (): PositionEvent => ({ _tag: "RetryProtection", ...commandId() })

export const observed = (quantity: string | number, price?: string | number): PositionEvent => {
  const time = at()
  return {
    _tag: "QuantityObserved",
    observationId: `obs-${time}`,
    quantity: d(quantity),
    ...(price === undefined ? {} : { price: d(price) }),
    at: time
  }
}

/** A long of 1 BTC filled at 100, with its stop acknowledged and TP1/TP2 resting. */
export const openLong = () => {
  const { record, entry } = pending()
  const fill = apply(apply(record, accepted(entry)).record, filled(entry, 1, 100))
  const [stop, tp1, tp2] = placements(fill.effects)
  let r = fill.record
  for (const request of [stop!, tp1!, tp2!]) r = apply(r, accepted(request)).record
  return { record: r, entry, stop: stop!, tp1: tp1!, tp2: tp2! }
}
