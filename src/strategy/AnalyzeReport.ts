import type { AnalyzeDocument } from "./AnalyzeDocument.ts"

const RECENT = 5

const price = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(6))

/** `trading analyze` for a terminal: counts, the most recent events of each kind, bias, Fibonacci, the answer. */
export const renderAnalyzeReport = (doc: AnalyzeDocument): string => {
  const lines = [
    `${doc.symbol} ${doc.timeframe}: ${doc.bars} bars, swing length ${doc.swingLength}`,
    `swings ${doc.swings.length} · BOS/CHoCH ${doc.structure.length} · order blocks ${doc.orderBlocks.length} · ` +
      `fair value gaps ${doc.fvgs.length} (${doc.fvgs.filter((g) => g.mitigatedAt === null).length} unmitigated) · ` +
      `liquidity pools ${doc.liquidity.length}`,
    "",
    `recent structure (newest last):`,
    ...doc.structure
      .slice(-RECENT)
      .map(
        (e) =>
          `  ${e.time}  ${e.kind.padEnd(5)} ${e.direction.padEnd(7)} level ${price(e.level)}  broken at bar ${e.brokenAt}`
      ),
    `recent order blocks:`,
    ...doc.orderBlocks
      .slice(-RECENT)
      .map(
        (o) =>
          `  ${o.time}  ${o.direction.padEnd(7)} ${price(o.bottom)} – ${price(o.top)}` +
          (o.mitigatedAt === null ? "" : `  mitigated at bar ${o.mitigatedAt}`)
      ),
    `recent fair value gaps:`,
    ...doc.fvgs
      .slice(-RECENT)
      .map(
        (g) =>
          `  ${g.time}  ${g.direction.padEnd(7)} ${price(g.bottom)} – ${price(g.top)}` +
          (g.mitigatedAt === null ? "  open" : `  mitigated at bar ${g.mitigatedAt}`)
      ),
    "",
    `daily bias: ${doc.bias ?? "unknown"}`
  ]
  const s = doc.signal
  if (s !== null && s._tag === "TradeSignal") {
    lines.push(
      `signal: ${s.side.toUpperCase()} ${s.setupType}/${s.regime} entry ${s.entryPrice} stop ${s.stopLoss} ` +
        `take-profit ${s.takeProfit} score ${s.score.toFixed(1)}`
    )
  } else if (doc.rejection !== null) {
    lines.push(
      `no signal: ${doc.rejection.code} (${doc.rejection.regime})`,
      ...doc.rejection.reasoning.map((r) => `  ${r}`)
    )
  }
  return lines.join("\n")
}
