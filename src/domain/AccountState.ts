import { Schema } from "effect"
import { DecimalFromString, NonNegativeDecimal } from "./Money.ts"
import { EpochMillis } from "./Time.ts"

/** A snapshot of the futures account (account_state table, runtime-and-ops §4). All amounts in USD. */
export class AccountState extends Schema.Class<AccountState>("AccountState")({
  timestamp: EpochMillis,
  /** balance + unrealized P&L; may go negative in a loss beyond the balance. */
  equity: DecimalFromString,
  balance: DecimalFromString,
  marginUsed: NonNegativeDecimal,
  availableMargin: DecimalFromString,
  unrealizedPnl: DecimalFromString
}) {}
