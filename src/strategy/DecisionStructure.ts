import type { OriginalGap } from "./OriginalFvg.ts"
import { findOrderBlock, type OrderBlock, obDisplayPrice, originalBos } from "./OriginalStructure.ts"
import type { SeriesAnalyzer } from "./SeriesAnalyzer.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { StructureBreak } from "./swing/Events.ts"
import type { SwingEngine } from "./swing/SwingEngine.ts"
import type { Bars, Direction } from "./Types.ts"

/** A BOS/CHoCH of the swing model, with series indices. */
export interface DecisionBreak {
  readonly kind: "BOS" | "CHOCH"
  readonly direction: Direction
  /** The broken swing's bar and level. */
  readonly index: number
  readonly openTime: number
  readonly level: number
  /** Swing c of the pattern: a close past it undoes the break. */
  readonly invalidationLevel: number
  readonly brokenAt: number
}

/** What the decision timeframe offers in the bias direction. */
export interface DecisionStructure {
  readonly orderBlock: OrderBlock | undefined
  readonly fvg: OriginalGap | undefined
  readonly bos: boolean
  /** Swing model only: the most recent live BOS/CHoCH (any direction) known within the lookback. */
  readonly lastBreak: DecisionBreak | undefined
}

/** The original model (spec §3.4): OB scan, FVG tracker, 3-vs-7-bar BOS. */
const originalStructure = (
  bars: Bars,
  analyzer: SeriesAnalyzer,
  direction: Direction,
  params: StrategyParams
): DecisionStructure => {
  const gap = analyzer.fvg?.latest(direction)
  return {
    orderBlock: findOrderBlock(bars, bars.length, direction, params),
    fvg: gap === undefined ? undefined : { ...gap, index: gap.index - analyzer.base },
    bos: originalBos(bars, bars.length, direction, params.bos_confirmation_candles),
    lastBreak: undefined
  }
}

/**
 * The swing model: the most recent unmitigated order block and fair value gap of the bias direction, whether
 * a BOS/CHoCH of that direction is live, and the latest live BOS/CHoCH of either direction, each known within
 * the last `orderblock_lookback` bars.
 */
const swingStructure = (
  bars: Bars,
  analyzer: SeriesAnalyzer,
  engine: SwingEngine,
  direction: Direction,
  params: StrategyParams
): DecisionStructure => {
  const last = bars.length - 1
  const base = analyzer.base
  const recent = (confirmedAt: number) => last - (confirmedAt - base) <= params.orderblock_lookback
  const ob = engine.orderBlocks.latestUnmitigated(direction)
  const gap = engine.fvgs.latestOpen(direction)
  const gapMiddleClose = gap === undefined ? 0 : Math.abs(bars.close[gap.index - base] ?? 0)
  const gapSize = gap === undefined ? 0 : (gap.top - gap.bottom) / (gapMiddleClose !== 0 ? gapMiddleClose : gap.top)
  // Breaks are recorded in the order they became known: walk back over the recent ones only.
  let bos = false
  let latest: StructureBreak | undefined
  const breaks = engine.structure.all
  for (let k = breaks.length - 1; k >= 0 && recent(breaks[k]!.confirmedAt); k--) {
    const e = breaks[k]!
    if (e.supersededAt !== null) continue
    if (e.direction === direction) bos = true
    // The latest break bar decides the structure's current direction (on ties the later level).
    if (
      latest === undefined ||
      e.brokenAt > latest.brokenAt ||
      (e.brokenAt === latest.brokenAt && e.index > latest.index)
    )
      latest = e
  }
  const obIndex = ob === undefined ? -1 : ob.index - base
  return {
    orderBlock:
      ob === undefined || obIndex < 0 || !recent(ob.confirmedAt)
        ? undefined
        : {
            direction,
            index: obIndex,
            openTime: bars.openTime[obIndex]!,
            low: ob.bottom,
            high: ob.top,
            price: obDisplayPrice(ob.bottom, ob.top, bars.open[obIndex]!, direction, params)
          },
    fvg:
      gap === undefined || gap.index - base < 0 || !recent(gap.confirmedAt) || gapSize < params.fvg_min_size_pct
        ? undefined
        : {
            direction,
            index: gap.index - base,
            openTime: bars.openTime[gap.index - base]!,
            bottom: gap.bottom,
            top: gap.top,
            size: gapSize,
            price: direction === "bullish" ? gap.top : gap.bottom
          },
    bos,
    lastBreak:
      latest === undefined || latest.index - base < 0
        ? undefined
        : {
            kind: latest.kind,
            direction: latest.direction,
            index: latest.index - base,
            openTime: bars.openTime[latest.index - base]!,
            level: latest.level,
            invalidationLevel: latest.invalidationLevel,
            brokenAt: latest.brokenAt - base
          }
  }
}

export const decisionStructure = (
  bars: Bars,
  analyzer: SeriesAnalyzer,
  direction: Direction,
  params: StrategyParams
): DecisionStructure =>
  params.structure_model === "swing" && analyzer.swing !== undefined
    ? swingStructure(bars, analyzer, analyzer.swing, direction, params)
    : originalStructure(bars, analyzer, direction, params)
