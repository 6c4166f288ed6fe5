import { Effect, Option } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { TriggerReference } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import type { Signal } from "../domain/Signal.ts"
import { type FuturesSymbol, type SpotSymbol, symbolKey } from "../domain/Symbols.ts"
import type { ContractSpec, MarketTicker } from "../exchange/Exchange.ts"
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

/** A perpetual's grid and ticker as the tick read them (the decision's market views carry both). */
export interface TrailingMarket {
  readonly futuresSymbol: FuturesSymbol
  readonly contract: ContractSpec
  readonly ticker: MarketTicker
}

/** The price a stop with this trigger reference watches, when the ticker carries it. */
export const triggerPrice = (ticker: MarketTicker, reference: TriggerReference): Option.Option<Decimal> => {
  switch (reference) {
    case "last":
      return Option.some(ticker.last)
    case "mark":
      return ticker.markPrice
    case "index":
      return ticker.indexPrice
  }
}

/**
 * Per tick, outside SAFE_HOLD: ratchets the stop of every open position the trailing rules move (Trailing.ts),
 * through the machine's atomic replacement (the new stop first, the old one cancelled once it works). The rules
 * compare with the price our stops trigger on (`MachineRules.stopTrigger`). A position without this tick's ATR
 * or market, or whose ticker lacks that price, keeps its stop: a stop moved by another price could land beyond
 * the one it watches and fire at once, while keeping it loses no protection. Nothing here fails the tick. The
 * ids moved.
 */
export const trailStops = (
  atr: ReadonlyMap<SpotSymbol, Decimal>,
  markets: ReadonlyArray<TrailingMarket>,
  settings: TrailSettings
) =>
  Effect.gen(function* () {
    if (!settings.enabled) return []
    const registry = yield* PositionRegistry
    const executor = yield* Executor
    const reference = registry.rules.stopTrigger
    const bySymbol = new Map(markets.map((m) => [symbolKey(m.futuresSymbol), m] as const))
    const moved: Array<PositionId> = []
    for (const p of yield* registry.active) {
      const positionAtr = atr.get(p.symbol)
      const market = bySymbol.get(symbolKey(p.futuresSymbol))
      if (!MANAGED_STATES.has(p.state) || positionAtr === undefined || market === undefined) continue
      const price = triggerPrice(market.ticker, reference)
      if (Option.isNone(price)) {
        yield* Effect.logWarning(`trailing ${p.positionId} skipped: the ticker has no ${reference} price`)
        continue
      }
      const move = trailingStop(
        p,
        { mark: price.value, atr: positionAtr, tickSize: market.contract.tickSize },
        settings
      )
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
