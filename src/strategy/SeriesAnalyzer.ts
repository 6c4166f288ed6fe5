import { Adx, Atr, AtrRatio, CloseEma, Rsi } from "./Indicators.ts"
import { OriginalFvgTracker } from "./OriginalFvg.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import { SwingEngine } from "./swing/SwingEngine.ts"
import type { Bars } from "./Types.ts"

export interface AnalyzerFeatures {
  /** EMA(`ema_period`) of closes and its slope (the daily bias). */
  readonly ema?: boolean
  /** ADX(`adx_period`) (the 1h filter). */
  readonly adx?: boolean
  /** The original model's FVG tracker (decision timeframe). */
  readonly originalFvg?: boolean
  /** The swing model's primitives (decision timeframe). */
  readonly swing?: boolean
  /** RSI(`rsi_period`) keeping `rsi_divergence_lookback` values (the divergence note, decision timeframe). */
  readonly rsi?: boolean
}

/**
 * Incremental analysis of one symbol's series on one timeframe: every indicator and structure tracker is
 * an accumulator, and `advance` feeds only the bars newer than the last one seen. A fresh analyzer
 * advanced over a whole series and one advanced bar by bar are the same code path, hence identical.
 *
 * The analyzer is owned by one caller and mutated in place (copying it per tick would cost more than the
 * analysis). Indices of recorded events are absolute: counted from the first bar this analyzer saw;
 * `base` converts them to indices of the series last passed to `advance`.
 */
export class SeriesAnalyzer {
  /** ATR and its ratio are always kept; the rest only when asked for (each timeframe has its role). */
  readonly atr: Atr
  readonly atrRatio = new AtrRatio(20)
  readonly ema: CloseEma | undefined
  readonly adx: Adx | undefined
  /** The original model's FVG tracker. */
  readonly fvg: OriginalFvgTracker | undefined
  /** The swing model's primitives. */
  readonly swing: SwingEngine | undefined
  readonly rsi: Rsi | undefined
  /** Bars processed so far. */
  bars = 0
  /** Absolute index of bar 0 of the series last advanced over. */
  base = 0
  private lastOpenTime = Number.NaN

  constructor(params: StrategyParams, features: AnalyzerFeatures) {
    this.atr = new Atr(params.atr_period)
    this.ema = features.ema ? new CloseEma(params.ema_period) : undefined
    this.adx = features.adx ? new Adx(params.adx_period) : undefined
    this.fvg = features.originalFvg ? new OriginalFvgTracker(params.fvg_min_size_pct) : undefined
    this.swing = features.swing ? new SwingEngine(params.swing_length) : undefined
    this.rsi = features.rsi ? new Rsi(params.rsi_period, params.rsi_divergence_lookback) : undefined
  }

  /**
   * Feed the bars of `series` newer than the last one processed. False when the series does not contain
   * that bar (other data, or history rewritten): the caller must start a fresh analyzer.
   */
  advance(series: Bars): boolean {
    let start = 0
    if (this.bars > 0) {
      // Usually the series is the one seen last time plus new bars: check that position before searching.
      const guess = this.bars - 1 - this.base
      const p = series.openTime[guess] === this.lastOpenTime ? guess : lastIndexOf(series, this.lastOpenTime)
      if (p < 0) return false
      start = p + 1
      this.base = this.bars - start
    }
    for (let t = start; t < series.length; t++) this.push(series, t)
    return true
  }

  private push(bars: Bars, t: number): void {
    const high = bars.high[t]!
    const low = bars.low[t]!
    const close = bars.close[t]!
    this.atr.push(high, low, close)
    this.atrRatio.push(this.atr.raw)
    this.ema?.push(close)
    this.adx?.push(high, low, close)
    this.rsi?.push(close)
    this.fvg?.push(bars, t, this.bars)
    this.swing?.push(bars, t, this.bars)
    this.lastOpenTime = bars.openTime[t]!
    this.bars++
  }
}

/** Position of the bar opened at `openTime` (binary search; series are sorted by open time), or −1. */
const lastIndexOf = (series: Bars, openTime: number): number => {
  let lo = 0
  let hi = series.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = series.openTime[mid]!
    if (v === openTime) return mid
    if (v < openTime) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
