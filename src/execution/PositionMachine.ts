import { Either } from "effect"
import { Decimal } from "../domain/Money.ts"
import { isTerminalState } from "../domain/Position.ts"
import {
  onCancelEntry,
  onConfirmIntent,
  onEscalateExit,
  onMoveStop,
  onRequestExit,
  onRetryProtection
} from "./Commands.ts"
import { onAccepted, onAmended, onClosed, onFilled, onRejected } from "./ExchangeEvents.ts"
import { checkInvariants } from "./Invariants.ts"
import type { MachineRules, ManagedPosition } from "./ManagedPosition.ts"
import { step } from "./Orders.ts"
import type { PositionEffect } from "./PositionEffect.ts"
import { eventId, type PositionEvent } from "./PositionEvent.ts"
import { syncProtection } from "./ProtectionPlan.ts"
import { onQuantityObserved } from "./Reconcile.ts"
import { onBackfillTakeProfits } from "./TakeProfitBackfill.ts"
import type { Handled } from "./Transition.ts"
import type { TransitionError } from "./TransitionError.ts"

export const DEFAULT_RULES: MachineRules = {
  dustQuantity: new Decimal("0.0001"),
  orphanAfterMisses: 2,
  breakEvenMinExitFraction: new Decimal("0.3"),
  stopTrigger: "index",
  takeProfitMaxFailures: 3,
  takeProfitMinDistance: new Decimal("0.003")
}

export interface Transition {
  readonly record: ManagedPosition
  readonly effects: ReadonlyArray<PositionEffect>
  /** The event identity to persist with the record; undefined when nothing is to be recorded. */
  readonly processedEventId: string | undefined
}

const handle = (p: ManagedPosition, event: PositionEvent, rules: MachineRules): Handled => {
  switch (event._tag) {
    case "OrderAccepted":
      return onAccepted(p, event)
    case "OrderFilled":
      return onFilled(p, event, rules)
    case "OrderRejected":
      return onRejected(p, event, rules)
    case "OrderClosed":
      return onClosed(p, event, rules)
    case "OrderAmended":
      return onAmended(p, event)
    case "MoveStop":
      return onMoveStop(p, event)
    case "RequestExit":
      return onRequestExit(p, event, rules)
    case "EscalateExit":
      return onEscalateExit(p, event, rules)
    case "CancelEntry":
      return onCancelEntry(p, event)
    case "ConfirmIntent":
      return onConfirmIntent(p, event)
    case "RetryProtection":
      return onRetryProtection(p, event, rules)
    case "BackfillTakeProfits":
      return onBackfillTakeProfits(p, event, rules)
    case "QuantityObserved":
      return onQuantityObserved(p, event, rules)
  }
}

/**
 * The position state machine (trading-core §5.3): applies one event and returns the new record with the
 * commands the shell must carry out. An event whose identity was already processed changes nothing. Every
 * transition ends with the protection plan (stop for the full remaining quantity, TP ladder once) and is
 * checked against the invariants before it is accepted.
 */
export const transition = (
  p: ManagedPosition,
  event: PositionEvent,
  rules: MachineRules = DEFAULT_RULES
): Either.Either<Transition, TransitionError> => {
  const id = eventId(event)
  if (p.processedEventIds.includes(id)) return Either.right({ record: p, effects: [], processedEventId: undefined })
  return Either.flatMap(handle(p, event, rules), (handled): Either.Either<Transition, TransitionError> => {
    if (handled.deferred === true || handled.record === p)
      return Either.right({ record: p, effects: handled.effects, processedEventId: undefined })
    const synced = isTerminalState(handled.record.state) ? step(handled.record) : syncProtection(handled.record, rules)
    const record: ManagedPosition = {
      ...synced.record,
      updatedAt: Math.max(p.updatedAt, event.at),
      processedEventIds: [...p.processedEventIds, id]
    }
    return Either.map(checkInvariants(p, record, rules), (checked) => ({
      record: checked,
      effects: [...handled.effects, ...synced.effects],
      processedEventId: id
    }))
  })
}
