import type { MultiTpConfig } from "../config/schema/ExecutionConfig.ts"
import { type Decimal, roundPriceToTick } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { TradeRegime } from "../domain/Signal.ts"
import { dec } from "../risk/RiskParams.ts"
import { beyondEntry, type FuturesLevels } from "./FuturesLevels.ts"

/** The target part of an `EntryPlan`. */
export interface TargetLadder {
  readonly tp1Price?: Decimal
  readonly tp2Price?: Decimal
  readonly finalTarget?: Decimal
  readonly tp1Fraction: Decimal
  readonly tp2Fraction: Decimal
}

/** Close fractions (§5.5): the regime's split when regime sizing is on, else the base split. */
const splitFor = (regime: TradeRegime, config: MultiTpConfig) =>
  config.regime_runner_sizing_enabled ? config.regime_runner_overrides[regime] : config

/**
 * The TP ladder of trading-core §5.5. Runner mode (`runner_has_fixed_tp` false): two targets, filled first by
 * the structural levels (nearest first), the free slots at `tp1_r` / `tp2_r` × R, sorted toward profit; the
 * final target is entry ± `runner_r` × R. Legacy mode: a third slot at `runner_r` × R, and the final target is
 * the last one. With `multi_tp` off the signal's own target closes the whole position.
 */
export const takeProfitLadder = (
  side: Side,
  regime: TradeRegime,
  levels: FuturesLevels,
  tick: Decimal,
  config: MultiTpConfig
): TargetLadder => {
  const { entry, stop } = levels
  if (!config.enabled) {
    return { tp1Price: levels.takeProfit, finalTarget: levels.takeProfit, tp1Fraction: dec(1), tp2Fraction: dec(0) }
  }
  const risk = entry.minus(stop).abs()
  const away = (multiple: number) =>
    roundPriceToTick(side === "long" ? entry.plus(risk.times(multiple)) : entry.minus(risk.times(multiple)), tick)
  const multiples = [config.tp1_r, config.tp2_r, config.runner_r]
  const slots = config.runner_has_fixed_tp ? 3 : 2
  const structural = levels.structuralTargets.slice(0, slots)
  const targets = [...structural, ...multiples.slice(structural.length, slots).map(away)]
    .filter((price) => beyondEntry(side, entry, price))
    .sort((a, b) => (side === "long" ? a.comparedTo(b) : b.comparedTo(a)))
  const split = splitFor(regime, config)
  const final = config.runner_has_fixed_tp ? targets[slots - 1] : away(config.runner_r)
  const [tp1Price, tp2Price] = targets
  return {
    ...(tp1Price === undefined ? {} : { tp1Price }),
    ...(tp2Price === undefined ? {} : { tp2Price }),
    ...(final === undefined || !beyondEntry(side, entry, final) ? {} : { finalTarget: final }),
    tp1Fraction: dec(split.tp1_pct),
    tp2Fraction: dec(split.tp2_pct)
  }
}
