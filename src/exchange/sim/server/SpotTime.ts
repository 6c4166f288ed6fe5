import { Schema } from "effect"
import { stringifyFrame } from "../../kraken/wire/Json.ts"
import type { SimVenue } from "../SimVenue.ts"
import { type HttpReply, json } from "./Http.ts"

export const SPOT_TIME_PATH = "/0/public/Time"

/**
 * `GET /0/public/Time` as Kraken Spot answers it (`unixtime`, `rfc1123`), on the venue's market clock, plus one
 * field of the simulator's own: `speed`, market milliseconds per real millisecond, so a client can follow an
 * accelerated market between two reads. Kraken never sends `speed`; its market runs at 1.
 */
export const SpotTime = Schema.Struct({
  unixtime: Schema.Int,
  rfc1123: Schema.String,
  speed: Schema.optional(Schema.Number.pipe(Schema.positive()))
})
export type SpotTime = typeof SpotTime.Type

/** The venue's market time (to the second, as Kraken's), with the speed its driver moves it at when known. */
export const spotTime = (venue: SimVenue, speed: number | undefined): HttpReply => {
  const result: SpotTime = {
    unixtime: Math.floor(venue.time / 1000),
    rfc1123: new Date(venue.time).toUTCString(),
    ...(speed !== undefined && { speed })
  }
  return json(200, stringifyFrame({ error: [], result }))
}
