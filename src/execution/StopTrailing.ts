import { Effect, Either, Option } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { TriggerReference } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import type { Side } from "../domain/Side.ts"
import type { Signal } from "../domain/Signal.ts"
import { type FuturesSymbol, type SpotSymbol, symbolKey } from "../domain/Symbols.ts"
import { type ContractSpec, Exchange, type MarketTicker } from "../exchange/Exchange.ts"
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

/** A perpetual's contract grid as the tick read it (the decision's market views carry it). */
export interface TrailingMarket {
  readonly futuresSymbol: FuturesSymbol
  readonly contract: ContractSpec
}

/** The price a stop with this trigger reference watches, when the ticker carries it. */
const referencePrice = (ticker: MarketTicker, reference: TriggerReference): Option.Option<Decimal> => {
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
 * The price the trailing rules compare with: the one our stops trigger on, else the closest the ticker has (index,
 * mark, last). Kraken's Unified WebSocket ticker need not carry index or mark prices; without a fallback trailing
 * would be off on the real venue while every simulation trails. `clearOfEveryPrice` keeps a stop moved by a
 * neighbour price from landing beyond any price the ticker has.
 */
export const triggerPrice = (ticker: MarketTicker, reference: TriggerReference): Decimal =>
  Option.getOrElse(
    Option.orElse(referencePrice(ticker, reference), () => Option.orElse(ticker.indexPrice, () => ticker.markPrice)),
    () => ticker.last
  )

/**
 * Whether a new stop lies strictly on the protective side of every price the ticker has (below them for a long,
 * above for a short): a stop at or beyond one of them (the last price spiking past the index in a thin book, say)
 * could trigger at once and close the position by a trailing move. Such a move waits for the next tick.
 */
export const clearOfEveryPrice = (side: Side, stop: Decimal, ticker: MarketTicker): boolean =>
  [Option.some(ticker.last), ticker.markPrice, ticker.indexPrice]
    .flatMap((price) => (Option.isSome(price) ? [price.value] : []))
    .every((price) => (side === "long" ? stop.lt(price) : stop.gt(price)))

/**
 * Per tick, outside SAFE_HOLD: ratchets the stop of every open position the trailing rules move (Trailing.ts),
 * through the machine's atomic replacement (the new stop first, the old one cancelled once it works). The rules
 * compare with the price our stops trigger on (`triggerPrice`), read from the ticker as the stop is moved (the
 * tick's earlier read may be seconds old after its entries and exits); the contract grid comes from the tick's
 * markets. A position without this tick's ATR or market, or whose market data is stale (`fresh`: the tick's
 * feed check), keeps its stop. Nothing here fails the tick. The ids moved.
 */
export const trailStops = (
  atr: ReadonlyMap<SpotSymbol, Decimal>,
  markets: ReadonlyArray<TrailingMarket>,
  fresh: ReadonlySet<SpotSymbol>,
  settings: TrailSettings
) =>
  Effect.gen(function* () {
    if (!settings.enabled) return []
    const registry = yield* PositionRegistry
    const executor = yield* Executor
    const exchange = yield* Exchange
    const bySymbol = new Map(markets.map((m) => [symbolKey(m.futuresSymbol), m] as const))
    const moved: Array<PositionId> = []
    for (const p of yield* registry.active) {
      const positionAtr = atr.get(p.symbol)
      const market = bySymbol.get(symbolKey(p.futuresSymbol))
      if (!MANAGED_STATES.has(p.state) || positionAtr === undefined || market === undefined) continue
      if (!fresh.has(p.symbol)) continue
      const ticker = yield* Effect.either(exchange.ticker(p.futuresSymbol))
      if (Either.isLeft(ticker)) {
        yield* Effect.logDebug(`trailing ${p.positionId} skipped: no ticker (${ticker.left.message})`)
        continue
      }
      const price = triggerPrice(ticker.right, registry.rules.stopTrigger)
      const move = trailingStop(p, { mark: price, atr: positionAtr, tickSize: market.contract.tickSize }, settings)
      if (move === undefined) continue
      if (!clearOfEveryPrice(p.side, move.price, ticker.right)) {
        yield* Effect.logWarning(
          `trailing ${p.positionId}: ${move.price} would not be clear of every price the ticker has; stop kept`
        )
        continue
      }
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
