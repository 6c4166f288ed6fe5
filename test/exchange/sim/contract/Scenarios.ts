import { expect } from "@effect/vitest"
import { Effect, Either } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../../src/domain/Order.ts"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import type { Amendment, OrderRef, OrderRequest } from "../../../../src/exchange/Exchange.ts"
import { at, type ContractSide, type VenueSetup } from "./ContractSides.ts"

export const XBT = FuturesSymbol.make("PF_XBTUSD")

/** A 0.01 PF_XBTUSD market buy with client id `id`, changed by `fields`. */
export const xbtOrder = (id: string, fields: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: ClientOrderId.make(id),
  symbol: XBT,
  side: "buy",
  type: "market",
  quantity: new Decimal("0.01"),
  reduceOnly: false,
  postOnly: false,
  ...fields
})
const d = (value: string) => new Decimal(value)

type Json = unknown

/** Everything a scenario can observe through the port, as plain JSON (decimals as their exact text). */
export interface Observation {
  /** Each call's answer, or its error's tag and message. */
  readonly outcomes: ReadonlyArray<Json>
  /** `orderByClientId` of every client id the scenario used. */
  readonly orders: Readonly<Record<string, Json>>
  readonly openOrders: Json
  readonly positions: Json
  readonly account: Json
  readonly ticker: Json
  readonly contracts: Json
  /** Every event after sync except the connection's own (Resynced, FeedLost). */
  readonly events: Json
}

// Receive times are each side's own clock: everything else must match
const LOCAL_TIME_KEYS = new Set(["timestamp", "receivedAt"])

export const plain = (value: unknown): Json =>
  JSON.parse(JSON.stringify(value, (key, v: unknown) => (LOCAL_TIME_KEYS.has(key) ? undefined : v)))

const outcomeOf = <A, E extends { readonly _tag: string; readonly message: string }>(
  result: Either.Either<A, E>
): Json =>
  Either.match(result, {
    onLeft: (e) => ({ error: e._tag, message: e.message }),
    onRight: (a) => ({ ok: plain(a ?? null) })
  })

/** The calls a scenario makes; each records its outcome so both sides' answers can be compared. */
export class Script {
  readonly outcomes: Array<Json> = []
  readonly ids: Array<ClientOrderId> = []
  private seq = 0

  constructor(readonly side: ContractSide) {}

  private record<A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E>) {
    return Effect.map(Effect.either(effect), (result) => {
      this.outcomes.push(outcomeOf(result))
      return result
    })
  }

  place(fields: Omit<Partial<OrderRequest>, "clientOrderId"> & Pick<OrderRequest, "side" | "type" | "quantity">) {
    const clientOrderId = ClientOrderId.make(`contract-${++this.seq}`)
    this.ids.push(clientOrderId)
    return Effect.as(
      this.record(
        this.side.exchange.placeOrder({ symbol: XBT, reduceOnly: false, postOnly: false, ...fields, clientOrderId })
      ),
      clientOrderId
    )
  }

  amend(ref: OrderRef, amendment: Amendment) {
    return this.record(this.side.exchange.amendOrder(ref, amendment))
  }

  cancel(ref: OrderRef) {
    return this.record(this.side.exchange.cancelOrder(ref))
  }

  cancelAll() {
    return this.record(this.side.exchange.cancelAll)
  }

  deadMansSwitch(timeoutSeconds: number) {
    return this.record(this.side.exchange.refreshDeadMansSwitch(timeoutSeconds))
  }

  advanceTo(timeMs: number) {
    return this.side.advanceTo(timeMs)
  }

  /** What the port says now. */
  observe(): Effect.Effect<Observation> {
    const { exchange } = this.side
    const json = <A, E extends { readonly _tag: string; readonly message: string }>(e: Effect.Effect<A, E>) =>
      Effect.map(Effect.either(e), outcomeOf)
    return Effect.gen(this, function* () {
      const orders: Record<string, Json> = {}
      for (const id of this.ids) orders[id] = yield* json(exchange.orderByClientId(id))
      return {
        outcomes: [...this.outcomes],
        orders,
        openOrders: yield* json(exchange.openOrders),
        positions: yield* json(exchange.positions),
        account: yield* json(exchange.account),
        ticker: yield* json(exchange.ticker(XBT)),
        contracts: yield* json(exchange.contracts),
        events: plain(this.side.events().filter((e) => e._tag !== "Resynced" && e._tag !== "FeedLost"))
      }
    })
  }
}

export interface Scenario {
  readonly name: string
  readonly setup?: VenueSetup
  readonly run: (script: Script) => Effect.Effect<void>
  /** The scenario's own expectations, on the in-process side's observation (the wire side must equal it). */
  readonly check: (observed: Observation) => void
}

// Accessors over the plain observation
type PlainOrder = {
  status: string
  filledQuantity: string
  averageFillPrice: { value?: string }
  limitPrice: { value?: string }
  quantity: string
}
type PlainFill = { quantity: string; price: string; fee: string; liquidity: string; clientOrderId?: string }
type PlainPosition = { side: string; size: string; entryPrice: string }
type PlainAccount = { balance: string; equity: string; marginUsed: string; availableMargin: string }

export const orderOf = (o: Observation, id: string): PlainOrder =>
  (o.orders[id] as { ok?: { value: PlainOrder } }).ok?.value as PlainOrder
export const fillsOf = (o: Observation, id?: string): ReadonlyArray<PlainFill> =>
  (o.events as ReadonlyArray<{ _tag: string; fill: PlainFill }>)
    .filter((e) => e._tag === "FillReceived" && (id === undefined || e.fill.clientOrderId === id))
    .map((e) => e.fill)
export const positionsOf = (o: Observation): ReadonlyArray<PlainPosition> =>
  (o.positions as { ok: ReadonlyArray<PlainPosition> }).ok
export const accountOf = (o: Observation): PlainAccount => (o.account as { ok: PlainAccount }).ok
export const fill = (f: PlainFill) => [f.quantity, f.price, f.fee, f.liquidity]

const ONE = d("0.01")

/** Ids are `contract-<n>` in placement order. */
export const SCENARIOS: ReadonlyArray<Scenario> = [
  {
    name: "market entry fills at the last price, taker fee, position and account follow",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "market", quantity: ONE })
        yield* s.advanceTo(at(1))
      }),
    check: (o) => {
      expect(o.outcomes[0]).toMatchObject({ ok: { clientOrderId: "contract-1" } })
      expect(fillsOf(o).map(fill)).toEqual([["0.01", "50000", "0.25", "taker"]])
      expect(orderOf(o, "contract-1")).toMatchObject({ status: "filled", filledQuantity: "0.01" })
      expect(orderOf(o, "contract-1").averageFillPrice.value).toBe("50000")
      expect(positionsOf(o)).toMatchObject([{ side: "long", size: "0.01", entryPrice: "50000" }])
      expect(accountOf(o)).toMatchObject({ balance: "9999.75", equity: "9999.75", marginUsed: "10" })
    }
  },
  {
    name: "a limit rests, then fills at its own price when the path reaches it (maker)",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49950") })
        yield* s.advanceTo(at(4))
        yield* s.advanceTo(at(15))
      }),
    check: (o) => {
      expect(fillsOf(o).map(fill)).toEqual([["0.01", "49950", "0.0999", "maker"]])
      expect(orderOf(o, "contract-1")).toMatchObject({ status: "filled" })
      expect(positionsOf(o)).toMatchObject([{ side: "long", size: "0.01", entryPrice: "49950" }])
      expect(o.openOrders).toEqual({ ok: [] })
    }
  },
  {
    name: "a stop triggers inside a bar and fills at the path price, a later stop at the gap price",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "market", quantity: d("0.02") })
        yield* s.place({ side: "sell", type: "stop", quantity: ONE, triggerPrice: d("49850"), reduceOnly: true })
        yield* s.place({ side: "sell", type: "stop", quantity: ONE, triggerPrice: d("49000"), reduceOnly: true })
        yield* s.advanceTo(at(40))
        yield* s.advanceTo(at(46))
      }),
    check: (o) => {
      // Bar 2 goes 50 500 → 50 550 → 49 800: the 49 850 stop fills at 49 800; bar 3 opens at 48 000
      expect(fillsOf(o, "contract-2").map(fill)).toEqual([["0.01", "49800", "0.249", "taker"]])
      expect(fillsOf(o, "contract-3").map(fill)).toEqual([["0.01", "48000", "0.24", "taker"]])
      expect(positionsOf(o)).toEqual([])
      // 10 000 − 0.5 (entry fee) − 2 − 0.249 − 20 − 0.24
      expect(accountOf(o)).toMatchObject({ balance: "9977.011" })
    }
  },
  {
    name: "a take-profit triggers at the bar's high and fills there",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "market", quantity: ONE })
        yield* s.place({
          side: "sell",
          type: "take_profit",
          quantity: ONE,
          triggerPrice: d("50400"),
          reduceOnly: true
        })
        yield* s.advanceTo(at(29))
      }),
    check: (o) => {
      expect(fillsOf(o, "contract-2").map(fill)).toEqual([["0.01", "50600", "0.253", "taker"]])
      expect(positionsOf(o)).toEqual([])
      // 10 000 − 0.25 + 6 − 0.253
      expect(accountOf(o)).toMatchObject({ balance: "10005.497", marginUsed: "0" })
    }
  },
  {
    name: "a reduce-only order that would open a position is refused",
    run: (s) => Effect.asVoid(s.place({ side: "sell", type: "market", quantity: ONE, reduceOnly: true })),
    check: (o) => {
      expect(o.outcomes[0]).toMatchObject({ error: "OrderRejected" })
      expect(JSON.stringify(o.outcomes[0])).toContain("EOrder:Reduce only:Position size")
      expect(o.orders["contract-1"]).toEqual({ ok: { _id: "Option", _tag: "None" } })
    }
  },
  {
    name: "an amended limit fills at its new price and size",
    run: (s) =>
      Effect.gen(function* () {
        const id = yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49000") })
        yield* s.amend({ clientOrderId: id }, { limitPrice: d("49960"), quantity: d("0.02") })
        yield* s.advanceTo(at(14))
      }),
    check: (o) => {
      expect(o.outcomes[1]).toEqual({ ok: null })
      expect(fillsOf(o).map(fill)).toEqual([["0.02", "49960", "0.19984", "maker"]])
      expect(orderOf(o, "contract-1")).toMatchObject({ status: "filled", quantity: "0.02" })
    }
  },
  {
    name: "a cancelled order is reported cancelled; cancelling it again is OrderNotFound",
    run: (s) =>
      Effect.gen(function* () {
        const id = yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49000") })
        yield* s.cancel({ clientOrderId: id })
        yield* s.cancel({ clientOrderId: id })
        yield* s.advanceTo(at(59))
      }),
    check: (o) => {
      expect(o.outcomes.slice(1, 3)).toMatchObject([{ ok: null }, { error: "OrderNotFound" }])
      expect(orderOf(o, "contract-1")).toMatchObject({ status: "canceled", filledQuantity: "0" })
      expect(fillsOf(o)).toEqual([])
      expect(accountOf(o)).toMatchObject({ balance: "10000", marginUsed: "0" })
    }
  },
  {
    name: "cancelAll cancels working limits and untriggered stops, and counts them",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "market", quantity: ONE })
        yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49000") })
        yield* s.place({ side: "sell", type: "limit", quantity: ONE, limitPrice: d("51000") })
        yield* s.place({ side: "sell", type: "stop", quantity: ONE, triggerPrice: d("47000"), reduceOnly: true })
        yield* s.cancelAll()
        yield* s.advanceTo(at(59))
      }),
    check: (o) => {
      expect(o.outcomes[4]).toEqual({ ok: 3 })
      expect(o.openOrders).toEqual({ ok: [] })
      for (const id of ["contract-2", "contract-3", "contract-4"])
        expect(orderOf(o, id)).toMatchObject({ status: "canceled" })
      expect(positionsOf(o)).toMatchObject([{ side: "long", size: "0.01" }])
    }
  },
  {
    name: "a post-only limit that would take is refused; a resting one is accepted",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("50100"), postOnly: true })
        yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49000"), postOnly: true })
      }),
    check: (o) => {
      expect(o.outcomes[0]).toMatchObject({ error: "OrderRejected" })
      expect(JSON.stringify(o.outcomes[0])).toContain("EOrder:Post only order")
      expect(orderOf(o, "contract-2")).toMatchObject({ status: "new", limitPrice: { value: "49000" } })
    }
  },
  {
    name: "the dead man's switch cancels working orders when market time passes its deadline",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "limit", quantity: ONE, limitPrice: d("49000") })
        yield* s.deadMansSwitch(60)
        yield* s.advanceTo(at(0) + 59_000)
        yield* s.advanceTo(at(0) + 61_000)
      }),
    check: (o) => {
      expect(o.outcomes[1]).toEqual({ ok: null })
      expect(orderOf(o, "contract-1")).toMatchObject({ status: "canceled" })
      expect(o.openOrders).toEqual({ ok: [] })
    }
  },
  {
    name: "partial fills: a limit fills half per price point, a market order's unfilled rest is cancelled",
    setup: { fillRatio: d("0.5") },
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "limit", quantity: d("0.02"), limitPrice: d("49950") })
        yield* s.advanceTo(at(14))
        yield* s.advanceTo(at(29))
        yield* s.place({ side: "sell", type: "market", quantity: d("0.02") })
      }),
    check: (o) => {
      // Bar 0 reaches 49 900 once, bar 1 reaches 49 950 once: 0.01 each time
      expect(fillsOf(o, "contract-1").map(fill)).toEqual([
        ["0.01", "49950", "0.0999", "maker"],
        ["0.01", "49950", "0.0999", "maker"]
      ])
      // The market order comes at bar 1's high (50 600): half fills, the rest is cancelled
      expect(fillsOf(o, "contract-2").map(fill)).toEqual([["0.01", "50600", "0.253", "taker"]])
      expect(orderOf(o, "contract-2")).toMatchObject({ status: "canceled", filledQuantity: "0.01" })
      expect(positionsOf(o)).toMatchObject([{ side: "long", size: "0.01", entryPrice: "49950" }])
    }
  },
  {
    name: "funding books at each hour boundary while a position is open",
    run: (s) =>
      Effect.gen(function* () {
        yield* s.place({ side: "buy", type: "market", quantity: ONE })
        yield* s.advanceTo(at(60))
        yield* s.advanceTo(at(121))
      }),
    check: (o) => {
      // Entry fee 0.25; two hours of 0.0000125 × 0.01 × 48 000 = 0.006 each (longs pay)
      expect(accountOf(o)).toMatchObject({ balance: "9999.738" })
    }
  }
]
