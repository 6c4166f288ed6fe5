import { createSyntheticMarket, type SyntheticMarket } from "../../market/SyntheticMarket.ts"
import { LISTING_LOOKAHEAD_MS } from "./SimVenue.ts"

/*
 * Bounds of a simulated venue that runs for days (the venue embedded in `trading live`, `trading sim-server`):
 * without them a 24/7 process holds every bar, fill and funding entry since it started.
 */

/**
 * Closed orders, fills, ledger entries and order events the venue keeps (each, the newest; `historyLimit`): far
 * above what a soak episode makes.
 */
export const LONG_RUN_HISTORY_LIMIT = 10_000

export interface LongRunMarketOptions {
  readonly seed: number
  /** Market time the venue opens at. */
  readonly openMs: number
  /** History behind the opening: the market starts this long before it. */
  readonly leadMs: number
  readonly symbols?: ReadonlyArray<string>
}

/**
 * The synthetic market of a venue opening with `leadMs` of history: older bars are forgotten (`retainMs`), but
 * never the history the venue opened with, behind its time. The newest bar the market made is at most the
 * listing's look-ahead past the venue's time (later reads end at its time), hence that much more is kept.
 */
export const longRunMarket = (options: LongRunMarketOptions): SyntheticMarket =>
  createSyntheticMarket({
    seed: options.seed,
    startMs: options.openMs - options.leadMs,
    retainMs: options.leadMs + LISTING_LOOKAHEAD_MS,
    ...(options.symbols !== undefined && { symbols: options.symbols })
  })
