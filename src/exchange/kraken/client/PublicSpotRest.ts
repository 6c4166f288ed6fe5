import type { HttpClient } from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { makeRequestPacer } from "./RequestPacer.ts"
import { makeSpotRestClient, SpotRest } from "./SpotRestClient.ts"
import type { BucketLimits } from "./TokenBucket.ts"

/**
 * Spot REST's public calls only (pairs, prices, candles) at the URL `baseUrl` reads, never signed whatever keys
 * are configured; each request waits for a token of `limits` (none = unpaced).
 */
export const publicSpotRestLayer = <R>(
  baseUrl: Effect.Effect<string, never, R>,
  limits: Option.Option<BucketLimits>
): Layer.Layer<SpotRest, never, R | HttpClient.HttpClient> =>
  Layer.effect(
    SpotRest,
    Effect.gen(function* () {
      const url = yield* baseUrl
      const pacer = Option.isSome(limits) ? { pacer: yield* makeRequestPacer(limits.value) } : {}
      return yield* makeSpotRestClient({ baseUrl: url, credentials: Option.none(), ...pacer })
    })
  )
