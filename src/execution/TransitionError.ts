import { Schema } from "effect"
import { PositionState } from "../domain/Position.ts"

/** The event does not apply to the position in its state (logged and dropped; the record is unchanged). */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  positionId: Schema.String,
  state: PositionState,
  event: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `position ${this.positionId} in ${this.state} cannot take ${this.event}: ${this.reason}`
  }
}

/** A transition would break an invariant of trading-core §5.4: the shell halts trading instead of saving it. */
export class InvariantViolation extends Schema.TaggedError<InvariantViolation>()("InvariantViolation", {
  positionId: Schema.String,
  invariant: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `position ${this.positionId} breaks invariant ${this.invariant}: ${this.detail}`
  }
}

export type TransitionError = InvalidTransition | InvariantViolation

/** The parameters of a new position are inconsistent (trading-core §5.2): no position is created. */
export class InvalidEntryPlan extends Schema.TaggedError<InvalidEntryPlan>()("InvalidEntryPlan", {
  positionId: Schema.String,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `position ${this.positionId} plan.${this.field}: ${this.detail}`
  }
}
