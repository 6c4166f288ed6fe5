import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { harness } from "./KrakenExchangeSupport.ts"

describe("the private feed's WebSocket token", () => {
  it.scopedLive("K70 a token request that is never answered ends that attempt; the next one connects and syncs", () =>
    Effect.gen(function* () {
      let calls = 0
      // The first GetWebSocketsToken hangs forever (a venue that reads the request and never answers)
      const token = Effect.suspend(() => (++calls === 1 ? Effect.never : Effect.succeed(`token-${calls}`)))
      const { exchange } = yield* harness({}, undefined, true, { token })
      expect(calls).toBeGreaterThanOrEqual(2)
      expect((yield* exchange.account).equity.toString()).toBe("10000.5")
    })
  )
})
