import { Either } from "effect"

/** Order-entry budget: `capacity` requests at once, refilled continuously at `refillPerSecond`. */
export interface BucketLimits {
  readonly capacity: number
  readonly refillPerSecond: number
}

export interface TokenBucket {
  readonly tokens: number
  readonly at: number
}

export const fullBucket = (limits: BucketLimits, now: number): TokenBucket => ({ tokens: limits.capacity, at: now })

/** Takes `cost` tokens at `now`: the new bucket, or the milliseconds until enough tokens will be there. */
export const takeTokens = (
  bucket: TokenBucket,
  limits: BucketLimits,
  now: number,
  cost = 1
): Either.Either<TokenBucket, number> => {
  const elapsed = Math.max(0, now - bucket.at) / 1000
  const tokens = Math.min(limits.capacity, bucket.tokens + elapsed * limits.refillPerSecond)
  return tokens >= cost
    ? Either.right({ tokens: tokens - cost, at: now })
    : Either.left(Math.ceil(((cost - tokens) / limits.refillPerSecond) * 1000))
}
