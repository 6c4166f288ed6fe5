import { Effect, Either, Option } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { PositionId } from "../domain/Position.ts"
import type { Signal } from "../domain/Signal.ts"
import { type SpotSymbol, symbolKey } from "../domain/Symbols.ts"
import { Exchange, type MarketTicker } from "../exchange/Exchange.ts"
import { MANAGED_STATES } from "./Commands.ts"
import { Executor } from "./Executor.ts"
import { PositionRegistry } from "./PositionRegistry.ts"
import { type TrailSettings, trailingStop } from "./Trailing.ts"

/** The ATR each symbol's analysis computed this tick (decision timeframe, the strategy's own period). */
export const atrBySymbol = (signals: ReadonlyArray<Signal>): ReadonlyMap<SpotSymbol, Decimal> =>
  new Map(
    signals.flatMap((s) =>
      s.atr !== undefined && Number.isFinite(s.atr) && s.atr > 0 ? [[s.symbol, new Decimal(s.atr)] as const] : []
    )
  )

/** The price the stop watches: the index (our stops trigger on it), else the mark, else the last trade. */
const stopReference = (ticker: MarketTicker): Decimal =>
  Option.getOrElse(
    Option.orElse(ticker.indexPrice, () => ticker.markPrice),
    () => ticker.last
  )

/**
 * Per tick, outside SAFE_HOLD: ratchets the stop of every open position the trailing rules move (Trailing.ts),
 * through the machine's atomic replacement (the new stop first, the old one cancelled once it works). A position
 * without this tick's ATR, ticker or contract grid keeps its stop; nothing here fails the tick. The ids moved.
 */
export const trailStops = (atr: ReadonlyMap<SpotSymbol, Decimal>, settings: TrailSettings) =>
  Effect.gen(function* () {
    if (!settings.enabled) return []
    const registry = yield* PositionRegistry
    const exchange = yield* Exchange
    const executor = yield* Executor
    const open = (yield* registry.active).filter((p) => MANAGED_STATES.has(p.state) && atr.has(p.symbol))
    if (open.length === 0) return []
    const contracts = yield* Effect.either(exchange.contracts)
    if (Either.isLeft(contracts)) {
      yield* Effect.logWarning(`trailing skipped: no contract grid (${contracts.left.message})`)
      return []
    }
    const grid = new Map(contracts.right.map((c) => [symbolKey(c.symbol), c.tickSize] as const))
    const moved: Array<PositionId> = []
    for (const p of open) {
      const tickSize = grid.get(symbolKey(p.futuresSymbol))
      const ticker = yield* Effect.either(exchange.ticker(p.futuresSymbol))
      if (tickSize === undefined || Either.isLeft(ticker)) continue
      const move = trailingStop(p, { mark: stopReference(ticker.right), atr: atr.get(p.symbol)!, tickSize }, settings)
      if (move === undefined) continue
      yield* Effect.logInfo(
        `trailing ${p.positionId}: stop ${p.stopTarget} → ${move.price} (${move.rule}, ${move.multiplier} × ATR)`
      )
      yield* executor.moveStop(p.positionId, move.price, "trailing").pipe(
        Effect.zipRight(Effect.sync(() => moved.push(p.positionId))),
        Effect.catchAll((e) => Effect.logWarning(`trailing ${p.positionId} refused: ${e.message}`))
      )
    }
    return moved
  }).pipe(Effect.withSpan("StopTrailing.trailStops"), Effect.annotateLogs({ service: "StopTrailing" }))
