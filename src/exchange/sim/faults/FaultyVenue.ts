import { setLiquidity } from "../EngineState.ts"
import { SimVenue, type SimVenueConfig } from "../SimVenue.ts"
import type { FaultInjector } from "./Faults.ts"

/** A venue under the injector's market faults: its price gaps on every price event, its partial fills. */
export const makeFaultyVenue = (config: Omit<SimVenueConfig, "priceHook">, faults: FaultInjector): SimVenue => {
  const venue = SimVenue.make({ ...config, priceHook: faults.gap })
  const liquidity = faults.liquidity()
  if (liquidity) venue.update((state) => setLiquidity(state, liquidity))
  return venue
}
