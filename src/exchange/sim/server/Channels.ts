import { BalancesMessage } from "../../kraken/wire/channels/Balances.ts"
import { ExecutionsMessage } from "../../kraken/wire/channels/Executions.ts"
import { InstrumentMessage } from "../../kraken/wire/channels/Instrument.ts"
import { MarginMessage } from "../../kraken/wire/channels/Margin.ts"
import { type OhlcInterval, OhlcMessage } from "../../kraken/wire/channels/Ohlc.ts"
import { PositionsMessage } from "../../kraken/wire/channels/Positions.ts"
import { TickerMessage } from "../../kraken/wire/channels/Ticker.ts"
import { UwsError } from "../../kraken/wire/Errors.ts"
import { type SubscribeParams, SubscribeResponse } from "../../kraken/wire/Subscribe.ts"
import { aggregateBars } from "../BarSource.ts"
import type { EngineState } from "../EngineState.ts"
import type { SimEvent } from "../SimEvent.ts"
import type { SimVenue } from "../SimVenue.ts"
import { wireBalances, wireMargin, wirePosition, wirePositions } from "./AccountMapping.ts"
import { eventExecution, orderExecution } from "./ExecutionMapping.ts"
import { encodeFrame } from "./Frames.ts"
import { wireCandle, wireInstrument, wireTicker } from "./MarketMapping.ts"
import { wireTime } from "./WireTime.ts"

/** How many closed candles an ohlc snapshot carries (UWS keeps no history: recent candles only). */
const OHLC_SNAPSHOT_BARS = 10

type Send = (text: string) => void

/**
 * One connection's subscriptions and the frames they produce: the snapshot on subscribe, then an update after
 * every venue step that touches them. Private channels are only reachable on the private path.
 */
export class Channels {
  private readonly tickers = new Set<string>()
  private readonly ohlc = new Map<string, OhlcInterval>()
  private readonly privateChannels = new Set<"executions" | "positions" | "margin" | "balances">()
  private readonly lastPrice = new Map<string, string>()

  constructor(
    private readonly venue: SimVenue,
    private readonly send: Send
  ) {}

  subscribe(params: SubscribeParams, reqId: number | undefined): void {
    const ack = (extra: { symbol?: string; snapshot?: boolean; interval?: number }) =>
      this.send(
        encodeFrame(SubscribeResponse, {
          method: "subscribe",
          ...(reqId !== undefined && { req_id: reqId }),
          success: true,
          result: { channel: params.channel, ...extra }
        })
      )
    const state = this.venue.state
    switch (params.channel) {
      case "instrument":
        ack({ snapshot: params.snapshot ?? true })
        this.send(
          encodeFrame(InstrumentMessage, {
            channel: "instrument",
            type: "snapshot",
            data: { assets: [], pairs: Object.values(state.instruments).map(wireInstrument) }
          })
        )
        return
      case "ticker":
        for (const symbol of params.symbol) {
          this.tickers.add(symbol)
          ack({ symbol })
        }
        if (params.snapshot ?? true) this.sendTickers(state, "snapshot", params.symbol)
        return
      case "ohlc":
        for (const symbol of params.symbol) {
          this.ohlc.set(symbol, params.interval)
          ack({ symbol, interval: params.interval })
          if (params.snapshot ?? true) this.sendCandles(symbol, params.interval, OHLC_SNAPSHOT_BARS, "snapshot")
        }
        return
      case "executions":
        this.privateChannels.add("executions")
        ack({ snapshot: params.snap_orders ?? true })
        if (params.snap_orders ?? true) {
          const data = state.openOrders.map((order) => orderExecution(order, "new", order.updatedAt))
          this.send(encodeFrame(ExecutionsMessage, { channel: "executions", type: "snapshot", data }))
        }
        return
      case "positions":
        if (this.privateChannels.has("positions")) {
          this.refuse(reqId, UwsError.alreadySubscribedPositions)
          return
        }
        this.privateChannels.add("positions")
        ack({ snapshot: params.snapshot ?? true })
        if (params.snapshot ?? true) this.sendPositions(state, "snapshot", wirePositions(state))
        return
      case "margin":
        if (this.privateChannels.has("margin")) {
          this.refuse(reqId, UwsError.alreadySubscribedMargin)
          return
        }
        this.privateChannels.add("margin")
        ack({})
        this.sendMargin(state)
        return
      case "balances":
        this.privateChannels.add("balances")
        ack({ snapshot: params.snapshot ?? true })
        if (params.snapshot ?? true) {
          this.send(encodeFrame(BalancesMessage, { channel: "balances", type: "snapshot", data: wireBalances(state) }))
        }
        return
    }
  }

  /** The frames one venue step produces for this connection's subscriptions. */
  onStep(events: ReadonlyArray<SimEvent>, state: EngineState): void {
    const changed = [...this.tickers].filter((symbol) => {
      const last = state.prices[symbol]?.last.toString()
      if (last === undefined || this.lastPrice.get(symbol) === last) return false
      this.lastPrice.set(symbol, last)
      return true
    })
    if (changed.length > 0) this.sendTickers(state, "update", changed)
    for (const [symbol, interval] of this.ohlc) this.sendNewCandle(symbol, interval)
    if (this.privateChannels.has("executions")) {
      const data = events.flatMap((event) => eventExecution(event) ?? [])
      if (data.length > 0) this.send(encodeFrame(ExecutionsMessage, { channel: "executions", type: "update", data }))
    }
    const moved = events.flatMap((e) => (e.type === "position_changed" ? [wirePosition(state, e.position)] : []))
    if (this.privateChannels.has("positions") && moved.length > 0) this.sendPositions(state, "update", moved)
    const booked = events.some(
      (e) => e.type === "ledger" || e.type === "order_accepted" || e.type === "order_cancelled"
    )
    if (this.privateChannels.has("margin") && (booked || moved.length > 0)) this.sendMargin(state)
    const ledger = events.flatMap((e) => (e.type === "ledger" ? [e.entry] : []))
    if (this.privateChannels.has("balances") && ledger.length > 0) {
      const data = ledger.map((entry) => ({
        asset: entry.currency,
        balance: entry.balanceAfter,
        ledger_id: entry.ledgerId,
        type: entry.kind,
        amount: entry.amount,
        fee: entry.fee,
        timestamp: wireTime(entry.time)
      }))
      this.send(encodeFrame(BalancesMessage, { channel: "balances", type: "update", data }))
    }
  }

  private refuse(reqId: number | undefined, error: string): void {
    this.send(
      encodeFrame(SubscribeResponse, {
        method: "subscribe",
        ...(reqId !== undefined && { req_id: reqId }),
        success: false,
        error
      })
    )
  }

  private sendTickers(state: EngineState, type: "snapshot" | "update", symbols: ReadonlyArray<string>): void {
    const data = symbols.flatMap((symbol) => wireTicker(state, symbol) ?? [])
    if (data.length > 0) this.send(encodeFrame(TickerMessage, { channel: "ticker", type, data }))
  }

  private readonly lastCandle = new Map<string, number>()

  private sendCandles(symbol: string, interval: OhlcInterval, count: number, type: "snapshot" | "update"): void {
    const intervalMs = interval * 60_000
    // Only whole multiples of the venue's bar can be built from its bars
    if (intervalMs % this.venue.barMs !== 0) return
    const bars = aggregateBars(
      this.venue.closedBars(symbol, this.venue.time - (count + 1) * intervalMs, this.venue.time + 1),
      this.venue.barMs,
      intervalMs
    ).slice(-count)
    const newest = bars[bars.length - 1]
    if (!newest || (type === "update" && this.lastCandle.get(symbol) === newest.openTime)) return
    this.lastCandle.set(symbol, newest.openTime)
    const data = (type === "update" ? [newest] : bars).map((bar) => wireCandle(symbol, bar, interval))
    this.send(encodeFrame(OhlcMessage, { channel: "ohlc", type, data }))
  }

  private sendNewCandle(symbol: string, interval: OhlcInterval): void {
    this.sendCandles(symbol, interval, 1, "update")
  }

  private sendPositions(state: EngineState, type: "snapshot" | "update", futures: ReturnType<typeof wirePositions>) {
    this.send(
      encodeFrame(PositionsMessage, {
        channel: "positions",
        type,
        data: { futures, options: [] },
        time: wireTime(state.time)
      })
    )
  }

  private sendMargin(state: EngineState): void {
    this.send(
      encodeFrame(MarginMessage, {
        channel: "margin",
        type: "multi_collateral",
        data: [wireMargin(state)],
        timestamp: wireTime(state.time)
      })
    )
  }
}
