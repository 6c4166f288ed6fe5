import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { inProcessSide, wireSide } from "./ContractSides.ts"
import { type Observation, SCENARIOS, Script, XBT } from "./Scenarios.ts"

/** Observes until the observation equals `expected` (the wire delivers asynchronously), or gives the last one. */
const observeUntil = (script: Script, expected: Observation) =>
  Effect.gen(function* () {
    const target = JSON.stringify(expected)
    let observed = yield* script.observe()
    for (let tries = 0; tries < 200 && JSON.stringify(observed) !== target; tries++) {
      yield* Effect.sleep("25 millis")
      observed = yield* script.observe()
    }
    return observed
  })

describe("contract: the in-process layer answers as the Kraken adapter on the simulator's server", () => {
  for (const scenario of SCENARIOS) {
    it.scopedLive(scenario.name, () =>
      Effect.gen(function* () {
        const local = new Script(yield* inProcessSide(scenario.setup))
        yield* local.side.exchange.watchTickers([XBT])
        yield* scenario.run(local)
        // Published before each call returned: the collecting fiber only needs a turn
        yield* Effect.sleep("20 millis")
        const expected = yield* local.observe()
        scenario.check(expected)

        const wire = new Script(yield* wireSide(scenario.setup))
        yield* wire.side.exchange.watchTickers([XBT])
        yield* scenario.run(wire)
        expect(yield* observeUntil(wire, expected)).toEqual(expected)
      })
    )
  }
})
