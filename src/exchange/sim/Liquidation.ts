import { Decimal } from "../../domain/Money.ts"
import { type Draft, nextId } from "./EngineState.ts"
import { addOrder, bookFill, cancelWorkingOrder } from "./Execution.ts"
import { marginSummary } from "./Margin.ts"
import { surelyAboveMaintenance } from "./MarginScreen.ts"
import type { SimOrder } from "./SimOrder.ts"

/**
 * When the portfolio value falls under the maintenance margin, the venue cancels every working order and closes
 * every position at its mark with a liquidation fill (taker fee), symbols in name order. Each close is recorded as
 * a synthetic market order with no client id, so the fills history links to an order like any other fill.
 */
export const liquidateIfUnderMaintenance = (draft: Draft): void => {
  const symbols = Object.keys(draft.positions)
  if (symbols.length === 0 || surelyAboveMaintenance(draft)) return
  const summary = marginSummary(draft)
  if (summary.portfolioValue.gte(summary.maintenanceMargin)) return
  draft.events.push({
    type: "liquidation",
    time: draft.time,
    portfolioValue: summary.portfolioValue,
    maintenanceMargin: summary.maintenanceMargin
  })
  for (const order of [...draft.openOrders]) cancelWorkingOrder(draft, order, "liquidation")
  for (const symbol of symbols.sort()) {
    const position = draft.positions[symbol]
    const point = draft.prices[symbol]
    if (!position || !point) continue
    const order: SimOrder = {
      orderId: nextId(draft, "order"),
      clientOrderId: null,
      symbol,
      side: position.size.gt(0) ? "sell" : "buy",
      type: "market",
      size: position.size.abs(),
      filled: new Decimal(0),
      cumCost: new Decimal(0),
      limitPrice: null,
      triggerPrice: null,
      triggerReference: "last",
      trailingOffset: null,
      trailingExtreme: null,
      triggered: false,
      timeInForce: "ioc",
      postOnly: false,
      reduceOnly: true,
      status: "new",
      createdAt: draft.time,
      updatedAt: draft.time
    }
    addOrder(draft, order)
    bookFill(draft, order, order.size, point.mark, "liquidation")
  }
}
