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

/** Margin in use as a fraction of equity; undefined without a positive equity. */
export const marginUsage = (account: Pick<AccountState, "equity" | "marginUsed">): number | undefined =>
  account.equity.gt(0) ? account.marginUsed.div(account.equity).toNumber() : undefined
