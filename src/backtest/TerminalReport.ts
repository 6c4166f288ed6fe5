import type { BacktestResult } from "./BacktestResult.ts"
import { dateTime, table } from "./Format.ts"
import { computeMetrics, type Metrics } from "./Metrics.ts"
import { rejectionRows, summaryRows, symbolRows } from "./ReportRows.ts"

/** The run summary as aligned plain text (no colours), for `trading backtest` on a terminal. */
export const renderTerminalReport = (result: BacktestResult, metrics: Metrics = computeMetrics(result)): string => {
  const { run } = result
  const lines = [
    `Backtest ${run.symbols.join(", ")}`,
    `${dateTime(run.from)} -> ${dateTime(run.to)} UTC, seed ${run.seed}, config ${run.configDigest}`,
    "",
    ...table(summaryRows(metrics)),
    "",
    "Per symbol",
    ...(metrics.bySymbol.length === 0 ? ["(no trades)"] : table(symbolRows(metrics))),
    "",
    "Rejections",
    ...(metrics.rejections.length === 0 ? ["(none)"] : table(rejectionRows(metrics)))
  ]
  return `${lines.join("\n")}\n`
}
