import { Decimal } from "../domain/Money.ts"
import { NoSignal, type Signal, TradeSignal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import type { Evaluation, Setup } from "./Evaluate.ts"
import { FIB_RATIOS, type FibLevels } from "./Fibonacci.ts"
import type { Score } from "./Scoring.ts"

/** Analysis floats enter decimal arithmetic through their shortest repr, as in the original (spec §0). */
const dec = (x: number): Decimal => new Decimal(String(x))

const breakdown = (s: Score) => ({
  smc: s.smc,
  fib: s.fib,
  htf: s.htf,
  adx: s.adx,
  cost: s.cost,
  higherTfBonus: s.higherTfBonus,
  higherTfPenalty: s.higherTfPenalty,
  thesisScoreAdjustment: s.thesisScoreAdjustment,
  entryTolerancePenalty: s.entryTolerancePenalty
})

export const fibRecord = (fib: FibLevels): Record<string, number> => {
  const record: Record<string, number> = {
    swing_high: fib.swingHigh,
    swing_low: fib.swingLow,
    range: fib.range,
    ote_low: fib.oteLow,
    ote_high: fib.oteHigh
  }
  FIB_RATIOS.forEach((r, k) => {
    record[String(r)] = fib.levels[k]!
  })
  return record
}

const tradeSignal = (symbol: SpotSymbol, e: Setup): TradeSignal => {
  const fvg = e.structure.fvg
  const ob = e.orderBlock
  return TradeSignal.make({
    timestamp: e.timestamp,
    symbol,
    side: e.side,
    entryPrice: dec(e.levels.entry),
    stopLoss: dec(e.levels.stop),
    takeProfit: dec(e.levels.takeProfit),
    tpCandidates: e.levels.tpCandidates.map(dec),
    setupType: e.setupType,
    setupId: e.setupId,
    regime: e.regime,
    higherTfBias: e.bias,
    emaSlope: e.emaSlope,
    adx: e.adx,
    atr: e.atr,
    ...(Number.isFinite(e.atrRatio) ? { atrRatio: e.atrRatio } : {}),
    score: e.score.total,
    scoreBreakdown: breakdown(e.score),
    structure: {
      ...(ob === undefined
        ? {}
        : {
            orderBlock: {
              type: ob.direction,
              index: ob.index,
              timestamp: ob.openTime,
              low: ob.low,
              high: ob.high,
              price: ob.price
            }
          }),
      ...(fvg === undefined
        ? {}
        : {
            fvg: {
              type: fvg.direction,
              index: fvg.index,
              timestamp: fvg.openTime,
              bottom: fvg.bottom,
              top: fvg.top,
              size: fvg.size,
              price: fvg.price
            }
          }),
      bos: e.structure.bos
    },
    fibLevels: e.fib === undefined ? {} : fibRecord(e.fib),
    reasoning: e.reasoning
  })
}

const finite = <K extends string>(key: K, x: number | undefined): { [k in K]?: number } =>
  (x !== undefined && Number.isFinite(x) ? { [key]: x } : {}) as { [k in K]?: number }

/** The domain record of an evaluation: a TradeSignal, or a NoSignal carrying its code and what was computed. */
export const toSignal = (symbol: SpotSymbol, e: Evaluation): Signal =>
  e.kind === "trade"
    ? tradeSignal(symbol, e)
    : // Built from typed fields with non-finite numbers dropped: validation would only cost time per tick.
      new NoSignal(
        {
          timestamp: e.timestamp,
          symbol,
          code: e.code,
          regime: e.regime,
          ...(e.bias === undefined ? {} : { higherTfBias: e.bias }),
          ...finite("adx", e.adx),
          ...finite("atr", e.atr),
          ...(e.score === undefined ? {} : { score: e.score.total, scoreBreakdown: breakdown(e.score) }),
          ...finite("threshold", e.threshold),
          reasoning: e.reasoning
        },
        true
      )
