import { Decimal } from "../../domain/Money.ts"
import { timeframeMs } from "../../domain/Timeframe.ts"
import type { BarSource, VolumeBar } from "./BarSource.ts"
import { createEngine, type EngineState, type StepResult } from "./EngineState.ts"
import { intrabarEvents } from "./IntrabarPath.ts"
import { advancePrice, advanceTime, type PriceEvent } from "./PriceFeed.ts"
import type { SimEvent } from "./SimEvent.ts"
import type { DecimalInput, SimInstrument } from "./SimInstrument.ts"
import { instrumentFor, listingFor, onTick, type VenueListing } from "./VenueInstruments.ts"

export interface SimVenueConfig {
  /** Spot universe (`BTC/USD`); each becomes its PF_ perpetual. Symbols without bars in the first week are left out. */
  readonly symbols: ReadonlyArray<string>
  readonly source: BarSource
  /** Market time the venue opens at (default the source's first bar); bars before it are history (OHLC). */
  readonly startMs?: number
  /** Collateral per currency; default 10 000 USD. */
  readonly balances?: Readonly<Record<string, DecimalInput>>
  /** Rewrites each price event before the engine sees it (the fault injector's price gaps). */
  readonly priceHook?: (event: PriceEvent) => PriceEvent
  /** Funding rate of every contract; default `DEFAULT_FUNDING`. */
  readonly funding?: VenueFunding
  /** Items the engine keeps in each of its histories, the newest (`EngineInit.historyLimit`); default all. */
  readonly historyLimit?: number
}

/**
 * The relative funding rate per funding interval (one hour), longs paying when positive, constant per contract:
 * the venue has no premium of mark over index to derive one from. `bySymbol` (spot `BTC/USD` or futures
 * `PF_XBTUSD`) overrides `rate` for some contracts; `{ rate: 0 }` turns funding off.
 */
export interface VenueFunding {
  readonly rate: DecimalInput
  readonly bySymbol?: Readonly<Record<string, DecimalInput>>
}

/** 0.00125 % an hour, the 0.01 % per 8 hours of perpetuals at rest (their interest-rate component). */
export const DEFAULT_FUNDING: VenueFunding = { rate: "0.0000125" }

/** How far past its opening the venue reads bars to list a contract (its price level): the first week. */
export const LISTING_LOOKAHEAD_MS = 7 * 86_400_000

export type VenueListener = (events: ReadonlyArray<SimEvent>, state: EngineState) => void

/**
 * The stateful simulated venue: one engine state, a price driver that walks market time over the bars of the
 * source along the engine's intrabar path, and listeners told of every step's events. Time is given by the
 * caller (`advanceTo`), so a server drives it from a clock and a test by explicit steps. JavaScript runs one
 * step at a time, so every mutation here is atomic with respect to the server's handlers.
 */
export class SimVenue {
  private engine: EngineState
  private cursor: number
  private readonly listeners = new Set<VenueListener>()
  private readonly fundingRates = new Map<string, Decimal>()
  private readonly listed: Array<VenueListing>
  readonly barMs: number

  private constructor(
    readonly config: SimVenueConfig,
    listings: ReadonlyArray<VenueListing>,
    instruments: ReadonlyArray<SimInstrument>
  ) {
    this.barMs = timeframeMs[config.source.timeframe]
    this.listed = [...listings]
    for (const listing of listings) this.fundingRates.set(listing.futures, this.fundingRateOf(listing))
    const start = config.startMs ?? config.source.startMs
    this.cursor = start - 1
    this.engine = createEngine({
      instruments,
      balances: config.balances ?? { USD: 10_000 },
      time: start,
      ...(config.historyLimit !== undefined && { historyLimit: config.historyLimit })
    })
    this.advanceTo(start)
  }

  static make(config: SimVenueConfig): SimVenue {
    const start = config.startMs ?? config.source.startMs
    const barMs = timeframeMs[config.source.timeframe]
    const listed = config.symbols.flatMap((symbol) => {
      const listing = listingFor(symbol)
      // The first bar in a week (sparse files skip bars without trades) sets the contract's price level
      const first = listing && config.source.bars(listing.spot, start, start + Math.max(barMs, LISTING_LOOKAHEAD_MS))[0]
      return listing && first ? [{ listing, instrument: instrumentFor(listing, Number(first.open)) }] : []
    })
    return new SimVenue(
      config,
      listed.map((l) => l.listing),
      listed.map((l) => l.instrument)
    )
  }

  private fundingRateOf(listing: VenueListing): Decimal {
    const funding = this.config.funding ?? DEFAULT_FUNDING
    return new Decimal(funding.bySymbol?.[listing.futures] ?? funding.bySymbol?.[listing.spot] ?? funding.rate)
  }

  /** The contracts listed, at start and by `list` since. */
  get listings(): ReadonlyArray<VenueListing> {
    return this.listed
  }

  /**
   * Lists `symbol`'s perpetual from now on, its grid sized from `price` (a universe that grows while the venue
   * runs: paper trading on Kraken's discovered markets). False when listed already or the symbol is refused.
   */
  list(symbol: string, price: number): boolean {
    const listing = listingFor(symbol)
    if (!listing || this.listing(listing.futures)) return false
    const instrument = instrumentFor(listing, price)
    this.listed.push(listing)
    this.fundingRates.set(listing.futures, this.fundingRateOf(listing))
    this.engine = { ...this.engine, instruments: { ...this.engine.instruments, [listing.futures]: instrument } }
    return true
  }

  get state(): EngineState {
    return this.engine
  }

  /** Market time up to which prices have been applied. */
  get time(): number {
    return this.cursor
  }

  listing(symbol: string): VenueListing | undefined {
    return this.listings.find((l) => l.futures === symbol || l.spot === symbol)
  }

  /** Runs one engine step at the venue's time; `before` sees the result before listeners do (method replies). */
  apply(step: (state: EngineState, time: number) => StepResult, before?: (result: StepResult) => void): StepResult {
    const result = step(this.engine, this.cursor)
    this.engine = result.state
    before?.(result)
    this.publish(result.events)
    return result
  }

  /** Replaces the state without a step (configuration such as liquidity); listeners are not told. */
  update(change: (state: EngineState) => EngineState): void {
    this.engine = change(this.engine)
  }

  subscribe(listener: VenueListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The price events in (cursor, timeMs], every symbol merged by time then symbol. */
  private pathUntil(timeMs: number): ReadonlyArray<PriceEvent> {
    const fromBar = Math.floor(this.cursor / this.barMs) * this.barMs
    return this.listings
      .flatMap((listing) =>
        this.config.source
          .bars(listing.spot, fromBar, timeMs + 1)
          .flatMap((bar) => intrabarEvents(listing.futures, bar, this.barMs))
          .filter((event) => event.time > this.cursor && event.time <= timeMs)
      )
      .sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
  }

  /** Walks market time to `timeMs` (never back): each path point is one price step, then the clock reaches it. */
  advanceTo(timeMs: number): ReadonlyArray<SimEvent> {
    if (timeMs <= this.cursor) return []
    const hook = this.config.priceHook
    const events: Array<SimEvent> = []
    for (const event of this.pathUntil(timeMs)) {
      const shaped = hook ? hook(event) : event
      const instrument = this.engine.instruments[event.symbol]!
      const result = advancePrice(this.engine, {
        ...shaped,
        last: onTick(shaped.last, instrument),
        fundingRate: this.fundingRates.get(event.symbol)!
      })
      this.engine = result.state
      events.push(...result.events)
    }
    const last = advanceTime(this.engine, timeMs)
    this.engine = last.state
    events.push(...last.events)
    this.cursor = timeMs
    // Told even without events: price-driven channels (ticker) follow every advance
    for (const listener of this.listeners) listener(events, this.engine)
    return events
  }

  /** Bars of a listed symbol wholly closed by the venue's time, openTime in [fromMs, toMs). */
  closedBars(symbol: string, fromMs: number, toMs: number): ReadonlyArray<VolumeBar> {
    const listing = this.listing(symbol)
    if (!listing) return []
    const end = Math.min(toMs, this.cursor + 1 - this.barMs + 1)
    return end <= fromMs ? [] : this.config.source.bars(listing.spot, fromMs, end)
  }

  private publish(events: ReadonlyArray<SimEvent>): void {
    if (events.length === 0) return
    for (const listener of this.listeners) listener(events, this.engine)
  }
}
