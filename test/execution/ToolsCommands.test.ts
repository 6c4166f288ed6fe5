import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { auditOpenOrders, placeMissingStops } from "../../src/cli/ToolsCommandExecution.ts"
import { Decimal, roundPriceToTick } from "../../src/domain/Money.ts"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { credentials } from "../exchange/sim/server/Harness.ts"
import { startCli, writeTestConfig } from "../integration/cliProcess.ts"
import { freshStorage, krakenOn, simServer, supervisedLayer, tempRegistryFile, until, XBT } from "./SimRig.ts"

const ETH = FuturesSymbol.make("PF_ETHUSD")

const runCli = (args: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const run = startCli(args)
    const code = await run.exited
    return { code, output: run.output() }
  })

/** A long opened by hand on the venue (no registry, no stop) and an orphan ETH limit order far from the market. */
const handMade = (venue: SimVenue, exchange: ExchangeService) =>
  Effect.gen(function* () {
    yield* exchange.placeOrder({
      clientOrderId: ClientOrderId.make("hand-entry"),
      symbol: XBT,
      side: "buy",
      type: "market",
      quantity: new Decimal("0.01"),
      reduceOnly: false,
      postOnly: false
    })
    return yield* exchange.placeOrder({
      clientOrderId: ClientOrderId.make("hand-orphan"),
      symbol: ETH,
      side: "buy",
      type: "limit",
      quantity: new Decimal("0.1"),
      limitPrice: roundPriceToTick(venue.state.prices[ETH]!.last.times("0.5"), venue.state.instruments[ETH]!.tickSize),
      reduceOnly: false,
      postOnly: false
    })
  })

const stopsOf = (exchange: ExchangeService) =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.type === "stop"))

describe("the place-missing-stops and audit-open-orders tools against the simulator server", () => {
  it.scopedLive("dry runs change nothing; --apply adopts and protects, then cancels only the orphan", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      const orphan = yield* handMade(venue, exchange)
      yield* Effect.gen(function* () {
        const dry = yield* placeMissingStops(false)
        expect(dry).toHaveLength(2)
        expect(dry[0]).toMatch(/^BTCUSD +long +naked +stops cover 0 of 0\.01 +\(not in the registry: adopt it\)$/)
        expect(dry[1]).toBe("dry run: 1 to protect; run with --apply to place stops")
        expect(yield* stopsOf(exchange)).toEqual([])

        const applied = yield* placeMissingStops(true)
        expect(applied.slice(1)).toEqual([
          expect.stringMatching(/^adopted pos-[0-9a-f]{12} and placed its stop$/),
          "every position is protected"
        ])
        const [stop] = yield* stopsOf(exchange)
        expect([stop?.symbol, stop?.side, stop?.reduceOnly, stop?.quantity.toString()]).toEqual([
          XBT,
          "sell",
          true,
          "0.01"
        ])
        expect(yield* placeMissingStops(false)).toEqual(["every position has working reduce-only stops for its size"])

        const audit = yield* auditOpenOrders(false)
        expect(audit).toHaveLength(3)
        expect(audit.find((l) => l.includes("PF_XBTUSD"))).toMatch(
          /^managed +PF_XBTUSD +stop .* pos-[0-9a-f]{12} stop$/
        )
        expect(audit.find((l) => l.includes("PF_ETHUSD"))).toMatch(/^orphan +PF_ETHUSD +limit/)
        expect(audit[2]).toBe("dry run: 1 stale or orphan order(s) to cancel; run with --apply")
        expect((yield* auditOpenOrders(true)).at(-1)).toBe("cancelled 1 stale or orphan order(s)")
        yield* until(Effect.map(exchange.openOrders, (orders) => !orders.some((o) => o.orderId === orphan.orderId)))
        expect((yield* stopsOf(exchange)).map((o) => o.orderId)).toEqual([stop?.orderId])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive(
    "trading tools place-missing-stops --apply, as a process, reaches the configured venue and protects it",
    () =>
      Effect.gen(function* () {
        const { venue, server } = yield* simServer
        const exchange = yield* krakenOn(server)
        yield* handMade(venue, exchange)
        const config = writeTestConfig({
          exchange: {
            venue: "sim",
            sim: { url: server.url },
            kraken: { api_key: credentials.apiKey, api_secret: Redacted.value(credentials.apiSecret) }
          }
        })
        const applied = yield* runCli(["tools", "place-missing-stops", "--config", config, "--apply"])
        expect(applied.code, applied.output).toBe(0)
        expect(applied.output).toMatch(/adopted pos-[0-9a-f]{12} and placed its stop/)
        yield* until(Effect.map(stopsOf(exchange), (s) => s.length === 1))
      }),
    60_000
  )
})
