import { Effect, Either, Option, Ref } from "effect"
import type { Decimal } from "../domain/Money.ts"
import type { Position } from "../domain/Position.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { Trade } from "../domain/Trade.ts"
import { Exchange } from "../exchange/Exchange.ts"
import type { ManagedPosition } from "../execution/ManagedPosition.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import { positionViewOf } from "../execution/PositionView.ts"
import { AlertSink } from "../monitoring/AlertSink.ts"
import { positionEvents, TradingEvent } from "../monitoring/TradingEvent.ts"
import { PositionRepository } from "../storage/PositionRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"

/** Trades read back each call to find the ones recorded since the last: far more than close between two ticks. */
const TRADE_WINDOW = 50

/**
 * Ids of the trades already reported (the last call's window); `undefined` until the first call. Position views
 * need no memory: the positions table holds the last call's views, also across a restart.
 */
export type OperatorMemory = Ref.Ref<ReadonlySet<string> | undefined>

export const makeOperatorMemory: Effect.Effect<OperatorMemory> = Ref.make<ReadonlySet<string> | undefined>(undefined)

/** Marks by symbol key from the venue's positions; none when the venue does not answer (the view goes without). */
const venueMarks = Effect.gen(function* () {
  const answer = yield* Effect.either((yield* Exchange).positions)
  if (Either.isLeft(answer)) {
    yield* Effect.logWarning(`operator view without marks: ${answer.left.message}`)
    return new Map<SymbolKey, Decimal>()
  }
  return new Map(
    answer.right.flatMap((p) =>
      Option.match(p.markPrice, { onNone: () => [], onSome: (mark) => [[symbolKey(p.symbol), mark] as const] })
    )
  )
})

const viewOf = (record: ManagedPosition, mark: Decimal | undefined, leverage: Decimal) =>
  Effect.try(() => positionViewOf(record, mark, leverage)).pipe(
    Effect.map(Option.some),
    Effect.catchAll((error) =>
      Effect.as(
        Effect.logWarning(`position ${record.positionId} has no operator view: ${error.message}`),
        Option.none()
      )
    )
  )

/**
 * Trades to report as exits: those the last call did not see. On the first call (after a start) only the trades
 * of positions the stored view still shows open: they closed since the last process reported them.
 */
const newTrades = (
  window: ReadonlyArray<Trade>,
  seen: ReadonlySet<string> | undefined,
  stored: ReadonlyArray<Position>
): ReadonlyArray<Trade> => {
  const storedIds = new Set<string>(stored.map((p) => p.positionId))
  const isNew = (t: Trade) => (seen === undefined ? storedIds.has(t.tradeId) : !seen.has(t.tradeId))
  return window.filter(isNew).reverse()
}

/**
 * Brings the operator's surfaces up to date with the registry, once per tick: each active position's view is
 * written to the positions table (rows of symbols with no active position are removed), the changes since the
 * stored view go out as alerts (entry, stop moved, take-profit, lost stop), and each trade recorded since the last
 * call as an exit alert. Never fails: a failure is logged and the next tick tries again.
 */
export const syncOperatorView = (
  memory: OperatorMemory,
  leverage: Decimal
): Effect.Effect<void, never, PositionRegistry | PositionRepository | TradeRepository | AlertSink | Exchange> =>
  Effect.gen(function* () {
    const table = yield* PositionRepository
    const sink = yield* AlertSink
    const records = yield* (yield* PositionRegistry).active
    const marks = yield* venueMarks
    const stored = yield* table.list
    const storedBySymbol = new Map<string, Position>(stored.map((p) => [p.symbol, p]))

    for (const record of records) {
      const view = yield* viewOf(record, marks.get(symbolKey(record.symbol)), leverage)
      if (Option.isNone(view)) continue
      const before = storedBySymbol.get(record.symbol)
      yield* table.upsert(view.value)
      const events = positionEvents(before?.positionId === record.positionId ? before : undefined, view.value)
      yield* Effect.forEach(events, sink.notify, { discard: true })
    }
    const activeSymbols = new Set<string>(records.map((r) => r.symbol))
    yield* Effect.forEach(
      stored.filter((p) => !activeSymbols.has(p.symbol)),
      (p) => table.remove(p.symbol),
      { discard: true }
    )

    const window = yield* (yield* TradeRepository).recent(TRADE_WINDOW)
    const exits = newTrades(window, yield* Ref.get(memory), stored)
    yield* Effect.forEach(exits, (trade) => sink.notify(TradingEvent.Exit({ trade })), { discard: true })
    yield* Ref.set(memory, new Set(window.map((t) => t.tradeId)))
  }).pipe(
    Effect.catchAllCause((cause) => Effect.logError("operator view not updated; retrying next tick", cause)),
    Effect.withSpan("runtime.operatorSync")
  )
