import { createHash } from "node:crypto"
import { PositionId } from "../domain/Position.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"

/**
 * The position id of an entry decided from a signal: a hash of the symbol and the signal's decision bar, so a
 * tick re-run after a crash (or the backtest replaying the same bars) decides the very same id, and the registry
 * refuses the duplicate instead of opening twice.
 */
export const positionIdFor = (symbol: SpotSymbol, barTime: EpochMillis): PositionId =>
  PositionId.make(`pos-${createHash("sha256").update(`${symbol}@${barTime}`).digest("hex").slice(0, 12)}`)
