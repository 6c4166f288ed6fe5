import { Either, Schema } from "effect"
import { PositiveDecimal } from "../../../domain/Money.ts"
import { decodeValue } from "../../kraken/wire/DecodeError.ts"
import { FuturesRestError, FuturesSuccess } from "../../kraken/wire/futures/FuturesResponse.ts"
import { LeveragePreferencesSuccess } from "../../kraken/wire/futures/LeveragePreferences.ts"
import { setLeverage } from "../Leverage.ts"
import type { RejectReason } from "../SimEvent.ts"
import type { SimVenue } from "../SimVenue.ts"
import { encodeFrame } from "./Frames.ts"
import { futuresError } from "./FuturesOrders.ts"
import { type HttpReply, json } from "./Http.ts"
import { wireTime } from "./WireTime.ts"

/** `PUT /leveragepreferences`: `symbol`, and `maxLeverage` for isolated margin (absent = back to cross). */
const SetLeverageParams = Schema.Struct({ symbol: Schema.String, maxLeverage: Schema.optional(PositiveDecimal) })

/** Kraken's coded refusals of a leverage change (kraken-api.md §3.13); the messages are the simulator's own. */
const REFUSALS: Partial<Record<RejectReason, { readonly code: number; readonly message: string }>> = {
  marketUnavailable: { code: 87, message: "contract does not exist" },
  wouldCauseLiquidation: { code: 41, message: "would cause liquidation" }
}

/** `GET /leveragepreferences`: the symbols with a preference (Kraken lists only isolated ones). */
export const futuresLeveragePreferences = (venue: SimVenue): HttpReply =>
  json(
    200,
    encodeFrame(LeveragePreferencesSuccess, {
      result: "success",
      serverTime: wireTime(venue.time),
      leveragePreferences: Object.entries(venue.state.leverage).map(([symbol, maxLeverage]) => ({
        symbol,
        maxLeverage
      }))
    })
  )

export const setLeveragePreference = (venue: SimVenue, params: URLSearchParams): HttpReply => {
  const decoded = decodeValue(SetLeverageParams, "derivatives params")(Object.fromEntries(params))
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const { symbol, maxLeverage } = decoded.right
  const { events } = venue.apply((state, time) => setLeverage(state, symbol, maxLeverage ?? null, time))
  const refused = events.find((e) => e.type === "leverage_rejected")
  if (refused?.type !== "leverage_rejected") {
    return json(200, encodeFrame(FuturesSuccess({}), { result: "success", serverTime: wireTime(venue.time) }))
  }
  const coded = REFUSALS[refused.reason]
  if (coded === undefined) return futuresError(venue, FuturesRestError.invalidArgument)
  return json(
    400,
    JSON.stringify({ status: "BAD_REQUEST", result: "error", errors: [coded], serverTime: wireTime(venue.time) })
  )
}
