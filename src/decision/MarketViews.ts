import { Option } from "effect"
import { Instrument } from "../domain/Instrument.ts"
import { Decimal } from "../domain/Money.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import { dec, type RiskParams } from "../risk/RiskParams.ts"
import type { MarketView } from "./DecisionTypes.ts"

/** The perpetual's reference price: its mark when the feed carries one, else the last trade. */
export const markOf = (view: MarketView): Decimal => Option.getOrElse(view.ticker.markPrice, () => view.ticker.last)

/** Spot price for the basis guard: the caller's, else the ticker's index, else its last trade. */
export const spotOf = (view: MarketView): Decimal =>
  view.spot ?? Option.getOrElse(view.ticker.indexPrice, () => view.ticker.last)

/**
 * The risk manager's instrument for a market: the venue's grid, linear contracts (contract size 1, trading-core
 * §0), leverage left to the risk parameters (`unknown` mode: the decision never sets venue leverage).
 */
export const instrumentOf = (view: MarketView, params: RiskParams): Instrument =>
  Instrument.make({
    symbol: view.symbol,
    futuresSymbol: view.futuresSymbol,
    tickSize: view.contract.tickSize,
    contractSize: new Decimal(1),
    sizeStep: view.contract.sizeStep,
    minSize: view.contract.minSize,
    maxLeverage: dec(params.max_leverage),
    leverageMode: "unknown",
    allowedLeverages: [],
    ...(view.tier === undefined ? {} : { tier: view.tier })
  })

/** Markets by symbol key; with two views of one key the first futures symbol (text order) wins. */
export const marketsByKey = (views: ReadonlyArray<MarketView>): ReadonlyMap<SymbolKey, MarketView> => {
  const byKey = new Map<SymbolKey, MarketView>()
  for (const view of [...views].sort((a, b) =>
    a.futuresSymbol < b.futuresSymbol ? -1 : a.futuresSymbol > b.futuresSymbol ? 1 : 0
  )) {
    const key = symbolKey(view.symbol)
    if (!byKey.has(key)) byKey.set(key, view)
  }
  return byKey
}
