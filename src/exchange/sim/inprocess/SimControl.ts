import { Context, type Effect } from "effect"
import type { ExchangeEvent } from "../../Exchange.ts"
import type { SimVenue } from "../SimVenue.ts"

/** The virtual clock of an in-process simulated venue: market time moves only when the caller says so. */
export interface SimControlService {
  readonly venue: SimVenue
  /** Market time the venue has reached (epoch ms). */
  readonly now: Effect.Effect<number>
  /**
   * Walks market time to `timeMs` (an earlier time is a no-op): prices move along the intrabar path, orders
   * trigger and fill, funding books. Every resulting `ExchangeEvent` is published to the `events` streams before
   * this returns, and is returned too, in publication order.
   */
  readonly advanceTo: (timeMs: number) => Effect.Effect<ReadonlyArray<ExchangeEvent>>
}

export class SimControl extends Context.Tag("SimControl")<SimControl, SimControlService>() {}
