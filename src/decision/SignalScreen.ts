import { baseAsset, type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { Refusal } from "./DecisionRejection.ts"
import { refusal } from "./DecisionRejection.ts"
import type { DecisionSettings } from "./DecisionSettings.ts"
import type { DecisionSignal, MarketView } from "./DecisionTypes.ts"
import { positionIdFor } from "./EntryIds.ts"
import type { PlannedSignal } from "./EntryPlanning.ts"
import { futuresLevels } from "./FuturesLevels.ts"
import { instrumentOf, markOf } from "./MarketViews.ts"

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Best first: score, newer bar, then fixed tie-breaks, so the kept signal never depends on input order. */
const compareSignals = (a: DecisionSignal, b: DecisionSignal): number =>
  b.score - a.score ||
  b.timestamp - a.timestamp ||
  compareText(a.side, b.side) ||
  compareText(a.symbol, b.symbol) ||
  a.entryPrice.comparedTo(b.entryPrice)

// A venue spec with a zero tick, step or minimum cannot be traded (and is no valid `Instrument`).
const validGrid = (view: MarketView): boolean =>
  view.contract.tickSize.gt(0) && view.contract.sizeStep.gt(0) && view.contract.minSize.gt(0)

/**
 * The signals that may compete this tick: one per symbol key (the auction's contract; the others are
 * `DUPLICATE_SIGNAL`), not on the entry blocklist (§2.9 step 5, checked before the auction so a blocked symbol
 * takes no slot), with a tradeable market; each with its levels on the perpetual's grid.
 */
export const screenSignals = (
  signals: ReadonlyArray<DecisionSignal>,
  markets: ReadonlyMap<SymbolKey, MarketView>,
  settings: DecisionSettings
): { readonly planned: ReadonlyArray<PlannedSignal>; readonly refusals: ReadonlyArray<Refusal> } => {
  const refusals: Array<Refusal> = []
  const bySymbol = new Map<SymbolKey, DecisionSignal>()
  for (const signal of [...signals].sort(compareSignals)) {
    const key = symbolKey(signal.symbol)
    const kept = bySymbol.get(key)
    if (kept === undefined) bySymbol.set(key, signal)
    else {
      const detail = `${signal.side} score ${signal.score} behind ${kept.side} score ${kept.score}`
      refusals.push(refusal(signal, "gate", "DUPLICATE_SIGNAL", detail))
    }
  }
  const blockedSymbols = new Set(settings.execution.entry_blocklist_spot_symbols.map(symbolKey))
  const blockedBases = new Set(settings.execution.entry_blocklist_bases.map((b) => b.toUpperCase()))
  const planned: Array<PlannedSignal> = []
  for (const [key, signal] of bySymbol) {
    const view = markets.get(key)
    if (blockedSymbols.has(key) || blockedBases.has(baseAsset(signal.symbol)))
      refusals.push(refusal(signal, "market", "ENTRY_BLOCKED", `${signal.symbol} is on the entry blocklist`))
    else if (view === undefined)
      refusals.push(refusal(signal, "market", "NO_MARKET", `no contract spec or ticker for ${signal.symbol}`))
    else if (!view.contract.tradeable)
      refusals.push(refusal(signal, "market", "NOT_TRADEABLE", `${view.futuresSymbol} is not open for trading`))
    else if (!validGrid(view))
      refusals.push(refusal(signal, "market", "NOT_TRADEABLE", `${view.futuresSymbol} has a non-positive tick or size`))
    else {
      const tick = view.contract.tickSize
      const levels = futuresLevels(signal, markOf(view), tick, settings.execution.min_tp_distance_pct)
      planned.push({
        key,
        side: signal.side,
        score: signal.score,
        regime: signal.regime,
        setupType: signal.setupType,
        entry: levels.entry,
        stop: levels.stop,
        takeProfit: levels.takeProfit,
        atrRatio: signal.atrRatio,
        signal,
        decisionId: positionIdFor(signal.symbol, signal.timestamp),
        view,
        instrument: instrumentOf(view, settings.risk),
        levels
      })
    }
  }
  return { planned, refusals }
}
