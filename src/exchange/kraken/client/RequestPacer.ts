import { Clock, Duration, Effect, Either, Ref } from "effect"
import { type BucketLimits, fullBucket, takeTokens } from "./TokenBucket.ts"

/** Spaces calls to a venue's public REST: a caller waits for its token instead of being refused. */
export interface RequestPacer {
  /** Runs `effect` once a token is free; callers queue one at a time, so waits never overlap. */
  readonly paced: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * Kraken's public Spot REST allows about one call per second per IP; a small burst lets one tick's handful of
 * requests go out together, after which calls settle at the refill rate.
 */
export const KRAKEN_PUBLIC_REST_LIMITS: BucketLimits = { capacity: 5, refillPerSecond: 1 }

export const makeRequestPacer = (limits: BucketLimits): Effect.Effect<RequestPacer> =>
  Effect.gen(function* () {
    const bucket = yield* Ref.make(fullBucket(limits, yield* Clock.currentTimeMillis))
    const turn = yield* Effect.makeSemaphore(1)

    const take: Effect.Effect<void> = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const taken = takeTokens(yield* Ref.get(bucket), limits, now)
      if (Either.isRight(taken)) return yield* Ref.set(bucket, taken.right)
      yield* Effect.sleep(Duration.millis(taken.left))
      return yield* take
    })

    return { paced: (effect) => Effect.zipRight(turn.withPermits(1)(take), effect) }
  })
