import { Either } from "effect"
import type { ManagedPosition } from "./ManagedPosition.ts"
import type { Step } from "./Orders.ts"
import type { PositionEvent } from "./PositionEvent.ts"
import { InvalidTransition, type TransitionError } from "./TransitionError.ts"

/** What a handler returns: the new record and its commands, or why the event does not apply. */
export type Handled = Either.Either<Step, TransitionError>

export const invalid = (p: ManagedPosition, event: PositionEvent, reason: string): Handled =>
  Either.left(new InvalidTransition({ positionId: p.positionId, state: p.state, event: event._tag, reason }))

/** The record without an exit reason (an exit that was cancelled or rejected). */
export const withoutExitReason = (p: ManagedPosition): ManagedPosition => {
  const { exitReason: _dropped, ...rest } = p
  return rest
}
