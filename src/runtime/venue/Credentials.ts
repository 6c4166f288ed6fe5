import { Effect, Option, Schema } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"

/** A venue reached over the Kraken wire needs the API key pair; refuse to start without it, naming the key. */
export class MissingCredential extends Schema.TaggedError<MissingCredential>()("MissingCredential", {
  key: Schema.String,
  env: Schema.String,
  needed: Schema.String
}) {
  override get message(): string {
    return `${this.key} is not set (environment ${this.env}); it is required for ${this.needed}`
  }
}

/**
 * Checks `exchange.kraken.api_key` and `api_secret` are present (never reading their values): the Unified
 * WebSocket's private feed is reached with a token signed by them, on Kraken as on `trading sim-server`.
 */
export const requireKrakenCredentials = (config: AppConfigShape, needed: string) =>
  Effect.gen(function* () {
    const kraken = config.exchange.kraken
    if (Option.isNone(kraken.api_key)) {
      return yield* new MissingCredential({ key: "exchange.kraken.api_key", env: "KRAKEN_API_KEY", needed })
    }
    if (Option.isNone(kraken.api_secret)) {
      return yield* new MissingCredential({ key: "exchange.kraken.api_secret", env: "KRAKEN_API_SECRET", needed })
    }
  })
