import { Decimal } from "../../../src/domain/Money.ts"
import {
  createEngine,
  type EngineInit,
  type EngineState,
  type StepResult
} from "../../../src/exchange/sim/EngineState.ts"
import {
  type AmendRequest,
  amendOrder,
  cancelAllOrders,
  cancelOrder,
  type OrderRef
} from "../../../src/exchange/sim/OrderEdit.ts"
import { advancePrice, advanceTime } from "../../../src/exchange/sim/PriceFeed.ts"
import type { SimEvent } from "../../../src/exchange/sim/SimEvent.ts"
import { makeInstrument } from "../../../src/exchange/sim/SimInstrument.ts"
import type { OrderRequest, TimeInForce, TrailingOffset, TriggerReference } from "../../../src/exchange/sim/SimOrder.ts"
import { submitOrder } from "../../../src/exchange/sim/SubmitOrder.ts"

/** Test fixtures: instruments with round numbers and a small stateful driver over the pure step functions. */

export const d = (value: string | number | Decimal): Decimal => new Decimal(value)

/** 2025-01-01T00:00:00Z, a funding-hour boundary. */
export const T0 = 1_735_689_600_000
export const HOUR = 3_600_000

/** IM 2 % (50×), MM 1 %, maker 0.02 %, taker 0.05 %. */
export const XBT = makeInstrument({
  symbol: "PF_XBTUSD",
  base: "XBT",
  tickSize: "0.5",
  contractStep: "0.0001",
  maxLeverage: 50,
  maintenanceMarginRate: "0.01",
  makerFeeRate: "0.0002",
  takerFeeRate: "0.0005"
})

/** IM 10 % (10×), MM 5 %. */
export const ETH = makeInstrument({
  symbol: "PF_ETHUSD",
  base: "ETH",
  tickSize: "0.1",
  contractStep: "0.001",
  minSize: "0.01",
  maxLeverage: 10,
  maintenanceMarginRate: "0.05",
  makerFeeRate: "0.0002",
  takerFeeRate: "0.0005"
})

export const newEngine = (init: Partial<EngineInit> = {}): EngineState =>
  createEngine({ instruments: [XBT, ETH], balances: { USD: 10_000 }, time: T0, ...init })

type Num = string | number | Decimal
export interface OrderFields {
  readonly symbol?: string
  readonly side: OrderRequest["side"]
  readonly type: OrderRequest["type"]
  readonly size: Num
  readonly limitPrice?: Num
  readonly triggerPrice?: Num
  readonly triggerReference?: TriggerReference
  readonly trailing?: { readonly unit: TrailingOffset["unit"]; readonly value: Num }
  readonly timeInForce?: TimeInForce
  readonly postOnly?: boolean
  readonly reduceOnly?: boolean
  readonly clientOrderId?: string
}

export const request = (fields: OrderFields): OrderRequest => {
  const { symbol, size, limitPrice, triggerPrice, trailing, ...flags } = fields
  return {
    ...flags,
    symbol: symbol ?? "PF_XBTUSD",
    size: d(size),
    ...(limitPrice === undefined ? {} : { limitPrice: d(limitPrice) }),
    ...(triggerPrice === undefined ? {} : { triggerPrice: d(triggerPrice) }),
    ...(trailing === undefined ? {} : { trailingOffset: { unit: trailing.unit, value: d(trailing.value) } })
  }
}

export interface PriceFields {
  readonly symbol?: string
  readonly time?: number
  readonly mark?: Num
  readonly index?: Num
  readonly fundingRate?: Num
}

/** Each call is one step, one second after the previous unless a time is given. */
export class SimDriver {
  readonly log: Array<SimEvent> = []
  events: ReadonlyArray<SimEvent> = []

  constructor(public state: EngineState = newEngine()) {}

  apply(result: StepResult): ReadonlyArray<SimEvent> {
    this.state = result.state
    this.events = result.events
    this.log.push(...result.events)
    return result.events
  }

  private next(time?: number): number {
    return time ?? this.state.time + 1_000
  }

  price(last: Num, fields: PriceFields = {}): ReadonlyArray<SimEvent> {
    return this.apply(
      advancePrice(this.state, {
        symbol: fields.symbol ?? "PF_XBTUSD",
        time: this.next(fields.time),
        last: d(last),
        ...(fields.mark === undefined ? {} : { mark: d(fields.mark) }),
        ...(fields.index === undefined ? {} : { index: d(fields.index) }),
        ...(fields.fundingRate === undefined ? {} : { fundingRate: d(fields.fundingRate) })
      })
    )
  }

  submit(fields: OrderFields, time?: number): ReadonlyArray<SimEvent> {
    return this.apply(submitOrder(this.state, request(fields), this.next(time)))
  }

  amend(ref: OrderRef, amend: AmendRequest, time?: number): ReadonlyArray<SimEvent> {
    return this.apply(amendOrder(this.state, ref, amend, this.next(time)))
  }

  cancel(ref: OrderRef, time?: number): ReadonlyArray<SimEvent> {
    return this.apply(cancelOrder(this.state, ref, this.next(time)))
  }

  cancelAll(symbol?: string, time?: number): ReadonlyArray<SimEvent> {
    return this.apply(cancelAllOrders(this.state, this.next(time), symbol))
  }

  advance(time: number): ReadonlyArray<SimEvent> {
    return this.apply(advanceTime(this.state, time))
  }

  /** The events of the last step of one type. */
  of<T extends SimEvent["type"]>(type: T): Array<Extract<SimEvent, { type: T }>> {
    return this.events.filter((event): event is Extract<SimEvent, { type: T }> => event.type === type)
  }

  /** Event types of the last step, in order. */
  types(): Array<SimEvent["type"]> {
    return this.events.map((event) => event.type)
  }

  /** The id of the last accepted order. */
  lastOrderId(): string {
    const accepted = this.log.filter((event) => event.type === "order_accepted")
    const last = accepted[accepted.length - 1]
    if (!last) throw new Error("no order accepted yet")
    return last.order.orderId
  }

  usd(): string {
    return (this.state.balances.USD ?? d(0)).toString()
  }

  position(symbol = "PF_XBTUSD"): { size: string; entry: string } | undefined {
    const position = this.state.positions[symbol]
    return position && { size: position.size.toString(), entry: position.entryPrice.toString() }
  }
}
