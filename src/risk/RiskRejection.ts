import { Either } from "effect"
import type { SizeRejection } from "../domain/Instrument.ts"

/** Every reason the risk manager refuses a trade (trading-core §3.9, §3.10): stable codes, never free text. */
export type RiskRejection =
  | "INVALID_ENTRY_PRICE"
  | "INVALID_STOP_DISTANCE"
  | "INVALID_EQUITY"
  | "INVALID_SPOT_PRICE"
  | "BASIS_DIVERGENCE"
  | "MAX_CONCURRENT_POSITIONS"
  | "DAILY_START_EQUITY_UNKNOWN"
  | "DAILY_LOSS_LIMIT"
  | "LOSS_STREAK_COOLDOWN"
  | "AGGREGATE_MARGIN_HEADROOM"
  | "BELOW_MIN_NOTIONAL"
  | "NO_AVAILABLE_MARGIN"
  | "AVAILABLE_MARGIN_BELOW_MIN"
  | "MAX_LOSS_PER_TRADE"
  | "LEVERAGE_ABOVE_MAX"
  | "LIQUIDATION_BUFFER"
  | "LEVERAGE_TOO_CLOSE_TO_MAX"
  | "FREE_MARGIN_BUFFER"
  | "TIGHT_SMC_COST_CAP"
  | "TIGHT_SMC_MIN_RR"
  | "WIDE_RR_DISTORTION"
  | "WIDE_FUNDING_CONTANGO"
  | "EDGE_BELOW_FEES"
  | "EDGE_BELOW_FEES_PLUS_FUNDING"
  | SizeRejection

/** A refusal: the code and the numbers that caused it (for the event log and the operator). */
export interface Rejected {
  readonly _tag: "Rejected"
  readonly reason: RiskRejection
  readonly detail: string
}

export const rejected = (reason: RiskRejection, detail: string): Rejected => ({ _tag: "Rejected", reason, detail })

/** A failed check, as the Left of a rule's result. */
export const reject = (reason: RiskRejection, detail: string): Either.Either<never, Rejected> =>
  Either.left(rejected(reason, detail))
