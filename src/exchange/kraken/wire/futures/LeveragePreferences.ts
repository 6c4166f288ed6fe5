import { Schema } from "effect"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

/** `GET /leveragepreferences`: only isolated-margin symbols are listed. */
export const LeveragePreferencesSuccess = FuturesSuccess({
  leveragePreferences: Schema.Array(Schema.Struct({ symbol: Schema.String, maxLeverage: WireDecimal }))
})
