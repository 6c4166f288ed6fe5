import { Either, Schema } from "effect"
import { isTerminalState } from "../domain/Position.ts"
import { Side } from "../domain/Side.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { ManagedPosition } from "./ManagedPosition.ts"
import { InvariantViolation } from "./TransitionError.ts"

/** The registry refuses a new position for the symbol (trading-core §5.8). */
export class EntryRefused extends Schema.TaggedError<EntryRefused>()("EntryRefused", {
  symbol: Schema.String,
  side: Side,
  reason: Schema.Literal("position_exists", "opposite_position", "exchange_exposure"),
  positionId: Schema.optional(Schema.String)
}) {
  override get message() {
    const why =
      this.reason === "position_exists"
        ? `position ${this.positionId} is already open`
        : this.reason === "opposite_position"
          ? `the opposite position ${this.positionId} must close first`
          : "the exchange holds exposure the registry does not know"
    return `no new ${this.side} for ${this.symbol}: ${why}`
  }
}

/**
 * Entry admission across positions: invariant A (one non-terminal position per symbol key), invariant E (no
 * opposite side until the current one is terminal) and, as defence in depth, no entry while the last
 * reconciliation saw live exchange exposure for the key (§10 lesson 2).
 */
export const admitEntry = (
  positions: ReadonlyArray<ManagedPosition>,
  exchangeExposure: ReadonlySet<SymbolKey>,
  symbol: string,
  side: Side
): Either.Either<void, EntryRefused> => {
  const key = symbolKey(symbol)
  const active = positions.find((p) => !isTerminalState(p.state) && symbolKey(p.symbol) === key)
  if (active !== undefined)
    return Either.left(
      new EntryRefused({
        symbol,
        side,
        reason: active.side === side ? "position_exists" : "opposite_position",
        positionId: active.positionId
      })
    )
  return exchangeExposure.has(key)
    ? Either.left(new EntryRefused({ symbol, side, reason: "exchange_exposure" }))
    : Either.void
}

/** Invariant A over a set of records: the keys held by more than one non-terminal position. */
export const registryViolations = (positions: ReadonlyArray<ManagedPosition>): ReadonlyArray<InvariantViolation> => {
  const byKey = new Map<SymbolKey, Array<ManagedPosition>>()
  for (const p of positions.filter((q) => !isTerminalState(q.state))) {
    const key = symbolKey(p.symbol)
    byKey.set(key, [...(byKey.get(key) ?? []), p])
  }
  return [...byKey.entries()]
    .filter(([, held]) => held.length > 1)
    .map(
      ([key, held]) =>
        new InvariantViolation({
          positionId: held.map((p) => p.positionId).join(","),
          invariant: "A",
          detail: `${held.length} non-terminal positions for ${key}`
        })
    )
}
