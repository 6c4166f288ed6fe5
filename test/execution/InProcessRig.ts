import { Effect, Ref, Stream } from "effect"
import type { ExchangeEvent, ExchangePosition, ExchangeService } from "../../src/exchange/Exchange.ts"
import { memoryBars, type VolumeBar } from "../../src/exchange/sim/BarSource.ts"
import { makeSimExchange } from "../../src/exchange/sim/inprocess/SimExchange.ts"
import { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { XBT } from "./SimRig.ts"

export const BAR_MS = 900_000
const HOUR_MS = 3_600_000
/** Market time of the scripted venue: an hour boundary near the wall clock (finished orders age by it). */
export const START = Math.floor(Date.now() / HOUR_MS) * HOUR_MS

/** Market time `bars` 15-minute bars after the start. */
export const barTime = (bars: number) => START + bars * BAR_MS

type Ohlc = readonly [open: number, high: number, low: number, close: number]

/**
 * An in-process simulated venue whose BTC/USD (PF_XBTUSD, tick 1, step 0.0001) walks the scripted bars, one per
 * 15 minutes from START; an up bar's path is open → low → high → close, a down bar's open → high → low → close.
 */
export const scriptedSim = (script: ReadonlyArray<Ohlc>) =>
  Effect.gen(function* () {
    const bars: ReadonlyArray<VolumeBar> = script.map(([open, high, low, close], i) => ({
      openTime: barTime(i),
      open,
      high,
      low,
      close,
      volume: 1
    }))
    const venue = SimVenue.make({
      symbols: ["BTC/USD"],
      source: memoryBars("15m", { "BTC/USD": bars }),
      startMs: START
    })
    return { venue, ...(yield* makeSimExchange(venue)) }
  })

/** `count` bars holding `price`. */
export const flat = (price: number, count: number): ReadonlyArray<Ohlc> =>
  Array.from({ length: count }, (): Ohlc => [price, price, price, price])

/** Updates of stop orders and their fills (`stopIds`: the venue ids of the stops seen so far). */
const aboutStops = (event: ExchangeEvent, stopIds: ReadonlySet<string>): boolean =>
  (event._tag === "OrderUpdated" && event.order.type === "stop") ||
  (event._tag === "FillReceived" && stopIds.has(event.fill.orderId))

/**
 * The venue as the process sees it while its feeds lag: once `lagging` is set, updates of stops are not delivered
 * and the positions answer stays the one last read before (the position channel behind the order channel).
 */
export const laggingFeeds = (real: ExchangeService) =>
  Effect.gen(function* () {
    const lagging = yield* Ref.make(false)
    const frozen = yield* Ref.make<ReadonlyArray<ExchangePosition>>([])
    const stopIds = new Set<string>()
    const delivered = (event: ExchangeEvent) =>
      Effect.map(Ref.get(lagging), (lag) => {
        if (event._tag === "OrderUpdated" && event.order.type === "stop") stopIds.add(event.order.orderId)
        return !(lag && aboutStops(event, stopIds))
      })
    const exchange: ExchangeService = {
      ...real,
      positions: Effect.flatMap(Ref.get(lagging), (lag) =>
        lag ? Ref.get(frozen) : Effect.tap(real.positions, (now) => Ref.set(frozen, now))
      ),
      events: Effect.map(real.events, (events) => events.pipe(Stream.filterEffect(delivered)))
    }
    return { exchange, lag: Ref.set(lagging, true) }
  })

/** The venue's working stops on PF_XBTUSD. */
export const stopsOn = (exchange: ExchangeService) =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.symbol === XBT && o.type === "stop"))
