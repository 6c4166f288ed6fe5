import { Context, Effect, Layer } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import { parseSpotSymbol, type SpotSymbol, type UnrecognisedSymbol } from "../../domain/Symbols.ts"

/** `exchange.sim.symbols` in the one spot form: the universe of the simulated venues. */
export const universeOf = (config: AppConfigShape): Effect.Effect<ReadonlyArray<SpotSymbol>, UnrecognisedSymbol> =>
  Effect.forEach(config.exchange.sim.symbols, (symbol) => parseSpotSymbol(symbol))

/**
 * The symbols the live loop ticks over, read afresh by every tick: fixed for the simulated venues, discovered and
 * refreshed on `exchange.venue: kraken`, live and paper (see DiscoveredUniverse.ts).
 */
export class TradingUniverse extends Context.Tag("TradingUniverse")<
  TradingUniverse,
  { readonly symbols: Effect.Effect<ReadonlyArray<SpotSymbol>> }
>() {
  /** `exchange.sim.symbols`, the same on every tick. */
  static readonly fixed = (config: AppConfigShape): Layer.Layer<TradingUniverse, UnrecognisedSymbol> =>
    Layer.effect(
      TradingUniverse,
      Effect.map(universeOf(config), (symbols) => ({ symbols: Effect.succeed(symbols) }))
    )
}
