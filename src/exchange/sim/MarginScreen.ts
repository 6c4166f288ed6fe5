import { type Decimal, ZERO } from "../../domain/Money.ts"
import { cachedByIdentity } from "./IdentityCache.ts"
import { type AccountView, currencyPrice } from "./Margin.ts"
import type { Position, PricePoint } from "./SimEvent.ts"

/**
 * The liquidation check runs after every step, and its exact Decimal figures cost far more than the rest of a
 * price step. Almost always the account is nowhere near maintenance, which float64 can tell for certain: this
 * screen computes portfolio value − maintenance margin in floating point and answers true only when the result
 * exceeds 1e-9 × the sum of the magnitudes of every term. Float64 rounding (2^-53 per conversion and operation)
 * and Decimal's own rounding (28 digits) are each below 1e-13 of that sum for any realistic number of terms, so
 * then the exact comparison is certain to agree; anything closer (or not finite) goes to the exact figures.
 */

// Decimals are immutable and shared between states (a position's size, an instrument's rate): converted once
const float = cachedByIdentity((value: Decimal): number => value.toNumber())

/** One position's unrealised P&L − maintenance margin, and the magnitude of its parts. */
interface PositionTerm {
  readonly point: PricePoint | undefined
  readonly rate: Decimal | undefined
  readonly excess: number
  readonly magnitude: number
}

// A price step moves one symbol: every other position's term is reused while its position and price are the same
const terms = new WeakMap<Position, PositionTerm>()

const positionTerm = (view: AccountView, position: Position): PositionTerm => {
  const point = view.prices[position.symbol]
  const rate = view.instruments[position.symbol]?.maintenanceMarginRate
  const cached = terms.get(position)
  if (cached !== undefined && cached.point === point && cached.rate === rate) return cached
  const mark = float(point?.mark ?? ZERO)
  const entry = float(position.entryPrice)
  const size = float(position.size)
  const maintenance = Math.abs(size) * mark * float(rate ?? ZERO)
  const term = {
    point,
    rate,
    excess: (mark - entry) * size - maintenance,
    magnitude: (Math.abs(mark) + Math.abs(entry)) * Math.abs(size) + Math.abs(maintenance)
  }
  terms.set(position, term)
  return term
}

/** True when the portfolio value is certainly at or above the maintenance margin (false = compute it exactly). */
export const surelyAboveMaintenance = (view: AccountView): boolean => {
  let excess = 0
  let magnitude = 0
  for (const currency in view.balances) {
    const value = float(view.balances[currency] ?? ZERO) * float(currencyPrice(view, currency))
    excess += value
    magnitude += Math.abs(value)
  }
  for (const symbol in view.positions) {
    const position = view.positions[symbol]
    if (!position) continue
    const term = positionTerm(view, position)
    excess += term.excess
    magnitude += term.magnitude
  }
  return Number.isFinite(excess) && Number.isFinite(magnitude) && excess > magnitude * 1e-9
}
