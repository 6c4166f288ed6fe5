import { Schema } from "effect"

/** A UTC instant as Unix epoch milliseconds, the one timestamp form of the domain (as `Candle.openTime`). */
export const EpochMillis = Schema.Int.pipe(Schema.nonNegative(), Schema.annotations({ identifier: "EpochMillis" }))
export type EpochMillis = typeof EpochMillis.Type
