import { Schema } from "effect"
import { Timeframe } from "../domain/Timeframe.ts"

/** A market data source could not give one symbol's candles this time; the tick skips that series, not all. */
export class CandlesUnavailable extends Schema.TaggedError<CandlesUnavailable>()("CandlesUnavailable", {
  source: Schema.String,
  symbol: Schema.String,
  timeframe: Timeframe,
  reason: Schema.String
}) {
  override get message(): string {
    return `no ${this.timeframe} candles for ${this.symbol} from ${this.source}: ${this.reason}`
  }
}
