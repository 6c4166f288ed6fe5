import { existsSync, readFileSync } from "node:fs"
import { Either } from "effect"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import type { Timeframe } from "../../src/domain/Timeframe.ts"
import { parseCandles } from "../../src/market/CandleCsv.ts"

/** ../shared/data relative to the repository root (vitest runs there). */
export const DATA_DIR = "../shared/data"
export const hasRealData = existsSync(DATA_DIR)
export const NO_DATA_MESSAGE = `real candles not found at ${DATA_DIR}: skipping (see ../shared/data/README.md)`

/** A normalized file of ../shared/data, e.g. "binance/BTC_USDT-4h.norm.csv". */
export const loadReal = (file: string, symbol: string, timeframe: Timeframe): CandleSeries => {
  const path = `${DATA_DIR}/${file}`
  const parsed = parseCandles(readFileSync(path, "utf8"), { file: path, symbol, timeframe })
  if (Either.isLeft(parsed)) throw new Error(parsed.left.message)
  return parsed.right
}
