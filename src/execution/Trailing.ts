import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Decimal, roundStopPrice } from "../domain/Money.ts"
import { MANAGED_STATES } from "./Commands.ts"
import { averageEntry, isBetterStop, type ManagedPosition } from "./ManagedPosition.ts"

/** The trailing rules of trading-core §5.6 (rules 3, 4, 7, 8), from `multi_tp` and `execution.trailing_min_move_pct`. */
export interface TrailSettings {
  readonly enabled: boolean
  /** Base distance in ATRs (`trailing_stop_atr_multiplier`; the original hard-coded 1.5 and ignored the key). */
  readonly atrMultiplier: Decimal
  /** Trailing starts once TP1 filled only with an ATR at least this large. */
  readonly activationAtrMin: Decimal
  /** Tighter distances from a profit of `r` initial risks on (empty = off), as configured. */
  readonly progressive: ReadonlyArray<{ readonly r: Decimal; readonly atrMultiplier: Decimal }>
  /** Distance once a runner's final target is reached (`tighten_trail`); undefined = no tightening. */
  readonly finalTargetAtrMultiplier: Decimal | undefined
  /** A move smaller than this fraction of the current stop is not worth a replacement. */
  readonly minMove: Decimal
}

/** Built once with the tick's settings (live and backtest alike). */
export const trailSettingsFromConfig = (config: Pick<AppConfigShape, "multi_tp" | "execution">): TrailSettings => {
  const multiTp = config.multi_tp
  return {
    enabled: multiTp.trailing_stop_enabled,
    atrMultiplier: new Decimal(multiTp.trailing_stop_atr_multiplier),
    activationAtrMin: new Decimal(multiTp.trailing_activation_atr_min),
    progressive: multiTp.progressive_trail_enabled
      ? multiTp.progressive_trail_levels.map((l) => ({
          r: new Decimal(l.r),
          atrMultiplier: new Decimal(l.atr_multiplier)
        }))
      : [],
    finalTargetAtrMultiplier:
      multiTp.final_target_behavior === "tighten_trail"
        ? new Decimal(multiTp.tighten_trail_at_final_target_atr_mult)
        : undefined,
    minMove: new Decimal(config.execution.trailing_min_move_pct)
  }
}

/** What the tick knows of the position's market: the price stops watch, the strategy's ATR and the tick grid. */
export interface TrailMarket {
  readonly mark: Decimal
  readonly atr: Decimal
  readonly tickSize: Decimal
}

export type TrailRule = "trail" | "progressive" | "final_target"

export interface TrailMove {
  readonly price: Decimal
  readonly multiplier: Decimal
  readonly rule: TrailRule
}

/** Profit of the mark in initial risks (the R of §5.6 rule 4); 0 when the plan has no risk. */
export const currentR = (p: ManagedPosition, mark: Decimal): Decimal => {
  const entry = averageEntry(p)
  const risk = entry.minus(p.plan.initialStop).abs()
  if (risk.isZero()) return new Decimal(0)
  return (p.side === "long" ? mark.minus(entry) : entry.minus(mark)).div(risk)
}

/** A runner is kept after both TPs (their fractions leave some size) and its final target is at or behind the mark. */
const finalTargetReached = (p: ManagedPosition, mark: Decimal): boolean => {
  const target = p.plan.finalTarget
  const runner = p.plan.tp1Fraction.plus(p.plan.tp2Fraction).lt(1)
  return runner && target !== undefined && (p.side === "long" ? mark.gte(target) : mark.lte(target))
}

/** The tightest distance that applies now: a tighter rule never loosens the base trail. */
const distance = (p: ManagedPosition, mark: Decimal, settings: TrailSettings) => {
  const r = currentR(p, mark)
  let chosen: { multiplier: Decimal; rule: TrailRule } = { multiplier: settings.atrMultiplier, rule: "trail" }
  for (const level of settings.progressive)
    if (r.gte(level.r) && level.atrMultiplier.lt(chosen.multiplier))
      chosen = { multiplier: level.atrMultiplier, rule: "progressive" }
  const tight = settings.finalTargetAtrMultiplier
  if (tight !== undefined && finalTargetReached(p, mark) && tight.lt(chosen.multiplier))
    chosen = { multiplier: tight, rule: "final_target" }
  return chosen
}

/**
 * The trailing-stop move for this tick (trading-core §5.6, "Do"): once TP1 filled (with an ATR of at least the
 * activation minimum), after break-even, or once trailing is active, the candidate is mark ∓ ATR × the
 * tightest applicable distance (base, progressive level by the current R, final target for a runner), rounded
 * to the tick away from the market. It is taken only if it improves the stop beyond both the current target
 * and the initial stop (invariant D), stays at or beyond the average entry after break-even, and moves the
 * stop by at least `minMove`. Not while another stop move is in flight. Undefined = leave the stop.
 *
 * Levels are not remembered: each tick takes the distance the current R earns. The stop only ratchets, so a
 * pullback below a level never loosens it; only the next move is measured with the wider distance again.
 */
export const trailingStop = (
  p: ManagedPosition,
  market: TrailMarket,
  settings: TrailSettings
): TrailMove | undefined => {
  if (!settings.enabled || !MANAGED_STATES.has(p.state) || !market.atr.gt(0)) return undefined
  if (!p.stopTarget.eq(p.stopPrice)) return undefined
  const active = p.trailingActive || p.breakEvenTriggered || (p.tp1Filled && market.atr.gte(settings.activationAtrMin))
  if (!active) return undefined
  const { multiplier, rule } = distance(p, market.mark, settings)
  const offset = market.atr.times(multiplier)
  const raw = p.side === "long" ? market.mark.minus(offset) : market.mark.plus(offset)
  if (!raw.gt(0)) return undefined
  const price = roundStopPrice(raw, market.tickSize, p.side)
  const floor =
    p.side === "long" ? Decimal.max(p.stopTarget, p.plan.initialStop) : Decimal.min(p.stopTarget, p.plan.initialStop)
  if (!isBetterStop(p.side, price, floor)) return undefined
  const entry = averageEntry(p)
  if (p.breakEvenTriggered && isBetterStop(p.side, entry, price)) return undefined
  if (price.minus(p.stopTarget).abs().lt(p.stopTarget.times(settings.minMove))) return undefined
  return { price, multiplier, rule }
}
