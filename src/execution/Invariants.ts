import { Either } from "effect"
import { isTerminalState } from "../domain/Position.ts"
import {
  isBetterStop,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { holdsQuantity } from "./ProtectionPlan.ts"
import { InvariantViolation } from "./TransitionError.ts"

type Check = (before: ManagedPosition, after: ManagedPosition, rules: MachineRules) => string | undefined

const notLooser = (p: ManagedPosition, price: typeof p.stopPrice, reference: typeof p.stopPrice) =>
  price.eq(reference) || isBetterStop(p.side, price, reference)

// Invariant letters follow trading-core §5.4; A and E span positions (see Admission.ts).
const CHECKS: ReadonlyArray<readonly [string, Check]> = [
  ["B", (_, a) => (remainingQuantity(a).isNegative() ? `remaining ${remainingQuantity(a)} is negative` : undefined)],
  [
    "C",
    (b, a) =>
      a.plan !== b.plan || a.positionId !== b.positionId || a.side !== b.side || a.futuresSymbol !== b.futuresSymbol
        ? "entry parameters changed"
        : undefined
  ],
  [
    "D",
    (b, a) =>
      !notLooser(a, a.stopPrice, b.stopPrice) || !notLooser(a, a.stopPrice, a.plan.initialStop)
        ? `stop moved from ${b.stopPrice} to ${a.stopPrice}`
        : !notLooser(a, a.stopTarget, a.stopPrice)
          ? `stop target ${a.stopTarget} is looser than the live stop ${a.stopPrice}`
          : undefined
  ],
  [
    "K",
    (_, a, rules) =>
      holdsQuantity(a, rules) &&
      !a.stopRetryBlocked &&
      !ordersWithRole(a, "stop").some((o) => o.status === "requested" || o.status === "working")
        ? "a position holding quantity has no stop live or requested"
        : undefined
  ],
  [
    "terminal",
    (b, a) =>
      isTerminalState(b.state) && a.state !== b.state ? `${b.state} is terminal, became ${a.state}` : undefined
  ],
  [
    "flat",
    (_, a, rules) =>
      a.entryFills.length > 0 && !isTerminalState(a.state) && !holdsQuantity(a, rules)
        ? `${a.state} with no remaining quantity`
        : undefined
  ]
]

/** Every per-position invariant, checked after every transition (`before` is the record it started from). */
export const checkInvariants = (
  before: ManagedPosition,
  after: ManagedPosition,
  rules: MachineRules
): Either.Either<ManagedPosition, InvariantViolation> => {
  for (const [invariant, check] of CHECKS) {
    const detail = check(before, after, rules)
    if (detail !== undefined)
      return Either.left(new InvariantViolation({ positionId: after.positionId, invariant, detail }))
  }
  return Either.right(after)
}
