import { Effect, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import type { ExchangeOrder, ExchangeService } from "../../src/exchange/Exchange.ts"

const NOW = Date.parse("2026-03-02T12:00:00Z")

/** The venue's view of the reduce-only stop of test/monitoring/OperatorFixtures.ts (`btcStop`). */
export const venueStop: ExchangeOrder = {
  orderId: ExchangeOrderId.make("c18f0c17-9971-40e6-8e5b-10df05d422f0"),
  clientOrderId: Option.some(ClientOrderId.make("stop-pos-0123456789ab-1")),
  symbol: FuturesSymbol.make("PF_XBTUSD"),
  side: "sell",
  type: "stop",
  quantity: new Decimal("0.5"),
  filledQuantity: new Decimal("0"),
  averageFillPrice: Option.none(),
  limitPrice: Option.none(),
  triggerPrice: Option.some(new Decimal("63000")),
  reduceOnly: true,
  postOnly: false,
  status: "new",
  updatedAt: NOW - 3_600_000
}

/** An Exchange that only lists open orders (the one query the Operator port makes); every other call dies. */
export const listingExchange = (
  openOrders: ExchangeService["openOrders"] | ReadonlyArray<ExchangeOrder>
): ExchangeService => {
  const unused = Effect.dieMessage("not used by the Operator port")
  return {
    contracts: unused,
    watchTickers: () => unused,
    ticker: () => unused,
    account: unused,
    positions: unused,
    openOrders: Effect.isEffect(openOrders) ? openOrders : Effect.succeed(openOrders),
    orderByClientId: () => unused,
    placeOrder: () => unused,
    amendOrder: () => unused,
    cancelOrder: () => unused,
    cancelAll: unused,
    refreshDeadMansSwitch: () => unused,
    events: unused
  }
}
