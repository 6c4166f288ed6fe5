import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { Order } from "../../src/domain/Order.ts"
import { Exchange, type ExchangeOrder } from "../../src/exchange/Exchange.ts"
import { Operator as OperatorPort } from "../../src/monitoring/OperatorPort.ts"
import { OperatorPortLive } from "../../src/operator/OperatorPortLive.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { AccountStateRepository } from "../../src/storage/AccountStateRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { PositionRepository } from "../../src/storage/PositionRepository.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { TradeRepository } from "../../src/storage/TradeRepository.ts"
import { btcStop } from "../monitoring/OperatorFixtures.ts"
import { accountState, HOUR, position, T0, trade } from "../storage/fixtures.ts"
import { listingExchange, venueStop } from "./VenueOrders.ts"

const STARTED = T0 - 2 * HOUR

// The port's start time is the clock's time when it is built.
const portOver = (venueOrders: ReadonlyArray<ExchangeOrder>) =>
  OperatorPortLive.pipe(
    Layer.provideMerge(Layer.mergeAll(SqlSafetyStoreLive, RepositoriesLive)),
    Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" })),
    Layer.provide(Layer.merge(testConfigLayer(), Layer.succeed(Exchange, listingExchange(venueOrders))))
  )

const withPortStartedAt = <A, E, R>(startedAt: number, test: Effect.Effect<A, E, R>, venueOrders = [venueStop]) =>
  Effect.zipRight(TestClock.setTime(startedAt), Effect.provide(test, portOver(venueOrders)))

describe("the monitoring OperatorPort over the command core", () => {
  it.effect("status, kill and resume speak the port's types; open orders come from the Exchange", () =>
    withPortStartedAt(
      STARTED,
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const port = yield* OperatorPort
        yield* (yield* AccountStateRepository).append(accountState(T0, "1000"))
        yield* (yield* PositionRepository).upsert(position())

        expect(yield* port.kill("from telegram")).toEqual({ alreadyActive: false, cancelledOrders: 0 })
        expect(yield* port.kill("again")).toEqual({ alreadyActive: true, cancelledOrders: 0 })
        const status = yield* port.status
        expect(status).toMatchObject({
          mode: "paper",
          safetyLevel: "HALTED",
          killSwitch: { active: true, reason: "MANUAL", since: T0 },
          marginUsage: 0.0125,
          openPositions: 1,
          openOrders: 1,
          lastTickAt: undefined,
          startedAt: STARTED
        })
        expect(status.equity.toString()).toBe("1000")
        expect(status.availableMargin.toString()).toBe("987.5")
        expect((yield* port.positions).map((p) => p.symbol)).toEqual(["ETH/USD"])

        expect(yield* port.resume).toEqual({ resumed: true, detail: "was HALTED; trading resumes at the next tick" })
        expect(yield* port.resume).toEqual({ resumed: false, detail: "trading was not halted" })
        expect((yield* port.status).killSwitch).toEqual({ active: false })
        // The venue reports neither the creation time nor the trigger reference.
        const { triggerReference: _notReported, ...stop } = btcStop
        expect(yield* port.orders).toEqual([new Order({ ...stop, createdAt: venueStop.updatedAt })])
      })
    )
  )

  it.effect("pnl sums realized P&L exactly, today (UTC) and in total", () =>
    withPortStartedAt(
      T0 + 10 * HOUR,
      Effect.gen(function* () {
        const trades = yield* TradeRepository
        yield* trades.insert(trade())
        yield* trades.insert(trade({ tradeId: "pos-000000000002", netPnl: "-0.3", exitedAt: T0 + 6 * HOUR }))
        yield* trades.insert(
          trade({ tradeId: "pos-000000000003", netPnl: "-205.1", enteredAt: T0 - 3 * HOUR, exitedAt: T0 - HOUR })
        )
        const pnl = yield* (yield* OperatorPort).pnl
        expect(pnl.realizedToday.toString()).toBe("11.436925")
        expect(pnl.realizedTotal.toString()).toBe("-193.663075")
        expect(pnl.tradesToday).toBe(2)
        expect(pnl.winsToday).toBe(1)
        expect(pnl.equity.toString()).toBe("0")
        expect((yield* (yield* OperatorPort).trades(1)).map((t) => t.tradeId)).toEqual(["pos-000000000002"])
      })
    )
  )

  it.effect("an order it cannot show still counts in the status; listing the orders names it", () =>
    withPortStartedAt(
      T0,
      Effect.gen(function* () {
        const port = yield* OperatorPort
        expect((yield* port.status).openOrders).toBe(2)
        const error = yield* Effect.flip(port.orders)
        expect(error.message).toContain(`order ${venueStop.orderId}: `)
        expect(error.message).toContain("a stop order needs a triggerPrice")
      }),
      [venueStop, { ...venueStop, triggerPrice: Option.none() }]
    )
  )
})
