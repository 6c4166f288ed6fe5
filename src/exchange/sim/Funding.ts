import { Decimal } from "../../domain/Money.ts"
import { type Draft, toCash, writeTable } from "./EngineState.ts"
import { bookLedger, storePosition } from "./Execution.ts"

/**
 * Moves the clock to `now`, booking funding at each interval boundary passed (multiples of `fundingIntervalMs`
 * since the epoch): one ledger entry per symbol with an open position, −size × mark × rate (longs pay a positive
 * rate), at the mark and rate last seen before the boundary. `fundedInterval` keeps it idempotent per
 * (symbol, interval). A `now` earlier than the clock is treated as the clock: time never runs backwards.
 */
export const advanceClock = (draft: Draft, now: number): void => {
  const interval = draft.config.fundingIntervalMs
  const first = Math.floor(draft.time / interval) + 1
  const last = Math.floor(now / interval)
  const symbols = first <= last ? Object.keys(draft.positions).sort() : []
  for (let k = first; k <= last && symbols.length > 0; k++) {
    draft.time = k * interval
    for (const symbol of symbols) {
      const before = draft.positions[symbol]
      const point = draft.prices[symbol]
      if (!before || !point || (draft.fundedInterval[symbol] ?? Number.NEGATIVE_INFINITY) >= k) continue
      const amount = toCash(draft.config, before.size.mul(point.mark).mul(point.fundingRate).neg())
      const after = { ...before, funding: before.funding.plus(amount), updatedAt: draft.time }
      writeTable(draft, "fundedInterval")[symbol] = k
      storePosition(draft, before, after)
      bookLedger(draft, {
        kind: "funding",
        symbol,
        amount,
        realizedPnl: new Decimal(0),
        fee: new Decimal(0),
        fillId: null,
        tradePrice: null,
        fundingRate: point.fundingRate,
        fundingInterval: k,
        before,
        after
      })
    }
  }
  draft.time = Math.max(draft.time, now)
}
