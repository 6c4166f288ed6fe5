import { Decimal } from "../../domain/Money.ts"
import { History } from "./History.ts"
import {
  type Fill,
  isOrderEvent,
  type LedgerEntry,
  type OrderEvent,
  type Position,
  type PricePoint,
  type SimEvent
} from "./SimEvent.ts"
import type { DecimalInput, SimInstrument } from "./SimInstrument.ts"
import type { SimOrder } from "./SimOrder.ts"

/**
 * How much of an order one price point can fill, for deterministic partial fills: at most `maxFillSize`, and at
 * most `fillRatio` × the order's size rounded down to the contract step (never below one step). Null = no limit.
 */
export interface Liquidity {
  readonly maxFillSize: Decimal | null
  readonly fillRatio: Decimal | null
}

export interface EngineConfig {
  readonly fundingIntervalMs: number
  readonly liquidity: Liquidity
  /** Currency in which P&L, fees and funding are booked. */
  readonly settlementCurrency: string
  /**
   * Decimal places of every booked cash amount (fee, realised P&L, funding), rounded half-even: balances are then
   * exact sums of their ledger entries, which unrounded quotients (average entry prices) would not allow.
   */
  readonly cashDecimals: number
}

export interface EngineState {
  readonly config: EngineConfig
  readonly instruments: Readonly<Record<string, SimInstrument>>
  readonly time: number
  readonly prices: Readonly<Record<string, PricePoint>>
  /** Collateral quantity per currency (may go negative in the settlement currency, as a flex wallet allows). */
  readonly balances: Readonly<Record<string, Decimal>>
  readonly positions: Readonly<Record<string, Position>>
  /** Leverage preference per symbol (REST `leveragepreferences`); absent = the instrument's max leverage. */
  readonly leverage: Readonly<Record<string, Decimal>>
  /** Working orders in priority order (acceptance order). */
  readonly openOrders: ReadonlyArray<SimOrder>
  /** Final versions of orders that filled or were cancelled, in the order they closed. */
  readonly closedOrders: History<SimOrder>
  readonly fills: History<Fill>
  readonly ledger: History<LedgerEntry>
  /** Every order event (accepted, rejected, triggered, filled, cancelled, amended, refused edits), in order. */
  readonly orderEvents: History<OrderEvent>
  /** Last funding interval booked per symbol: the idempotency key of funding entries. */
  readonly fundedInterval: Readonly<Record<string, number>>
  /** When the dead man's switch cancels every order (null = disarmed). */
  readonly cancelAllAt: number | null
  readonly counters: { readonly order: number; readonly fill: number; readonly ledger: number }
}

export interface StepResult {
  readonly state: EngineState
  readonly events: ReadonlyArray<SimEvent>
}

export interface EngineInit {
  readonly instruments: ReadonlyArray<SimInstrument>
  readonly balances: Readonly<Record<string, DecimalInput>>
  readonly time: number
  readonly fundingIntervalMs?: number
  readonly liquidity?: Partial<Liquidity>
  readonly settlementCurrency?: string
  readonly cashDecimals?: number
  /** Items kept in each history (closed orders, fills, ledger, order events), the newest; default all. */
  readonly historyLimit?: number
}

export const HOUR_MS = 3_600_000

/** Rounds a cash amount to the configured decimals (see `EngineConfig.cashDecimals`). */
export const toCash = (config: EngineConfig, amount: Decimal): Decimal =>
  amount.toDecimalPlaces(config.cashDecimals, Decimal.ROUND_HALF_EVEN)

export const createEngine = (init: EngineInit): EngineState => ({
  config: {
    fundingIntervalMs: init.fundingIntervalMs ?? HOUR_MS,
    liquidity: { maxFillSize: init.liquidity?.maxFillSize ?? null, fillRatio: init.liquidity?.fillRatio ?? null },
    settlementCurrency: init.settlementCurrency ?? "USD",
    cashDecimals: init.cashDecimals ?? 8
  },
  instruments: Object.fromEntries(init.instruments.map((instrument) => [instrument.symbol, instrument])),
  time: init.time,
  prices: {},
  balances: Object.fromEntries(Object.entries(init.balances).map(([currency, qty]) => [currency, new Decimal(qty)])),
  positions: {},
  leverage: {},
  openOrders: [],
  closedOrders: History.empty(init.historyLimit),
  fills: History.empty(init.historyLimit),
  ledger: History.empty(init.historyLimit),
  orderEvents: History.empty(init.historyLimit),
  fundedInterval: {},
  cancelAllAt: null,
  counters: { order: 0, fill: 0, ledger: 0 }
})

/** Replaces the liquidity model (the fault injector's partial fills); takes effect from the next step. */
export const setLiquidity = (state: EngineState, liquidity: Liquidity): EngineState => ({
  ...state,
  config: { ...state.config, liquidity }
})

/** The tables of the state a step writes key by key (the others are replaced whole: orders, leverage). */
interface Tables {
  prices: Record<string, PricePoint>
  balances: Record<string, Decimal>
  positions: Record<string, Position>
  fundedInterval: Record<string, number>
}

/**
 * The working copy of one step. It starts by sharing every part of the input state; a table is copied on its first
 * write (`writeTable`) and the order list is only ever replaced, never changed in place, so a step costs what it
 * changes, not the size of the state, and the input state is never touched.
 */
export interface Draft extends Readonly<Tables> {
  readonly base: EngineState
  readonly config: EngineConfig
  readonly instruments: Readonly<Record<string, SimInstrument>>
  time: number
  leverage: Readonly<Record<string, Decimal>>
  openOrders: ReadonlyArray<SimOrder>
  cancelAllAt: number | null
  counters: { order: number; fill: number; ledger: number }
  /** The tables this step already copied, so written in place from then on. */
  readonly copied: Set<keyof Tables>
  readonly newClosed: Array<SimOrder>
  readonly newFills: Array<Fill>
  readonly newLedger: Array<LedgerEntry>
  readonly events: Array<SimEvent>
}

export const beginStep = (state: EngineState): Draft => ({
  base: state,
  config: state.config,
  instruments: state.instruments,
  time: state.time,
  prices: state.prices,
  balances: state.balances,
  positions: state.positions,
  leverage: state.leverage,
  openOrders: state.openOrders,
  fundedInterval: state.fundedInterval,
  cancelAllAt: state.cancelAllAt,
  counters: { ...state.counters },
  copied: new Set(),
  newClosed: [],
  newFills: [],
  newLedger: [],
  events: []
})

/** The step's own copy of `table`, to write into (copied from the input state on the first write). */
export const writeTable = <K extends keyof Tables>(draft: Draft, table: K): Tables[K] => {
  const tables: Tables = draft
  if (!draft.copied.has(table)) {
    tables[table] = { ...tables[table] }
    draft.copied.add(table)
  }
  return tables[table]
}

export const commitStep = (draft: Draft): StepResult => ({
  state: {
    config: draft.config,
    instruments: draft.instruments,
    time: draft.time,
    prices: draft.prices,
    balances: draft.balances,
    positions: draft.positions,
    leverage: draft.leverage,
    openOrders: draft.openOrders,
    closedOrders: draft.base.closedOrders.append(draft.newClosed),
    fills: draft.base.fills.append(draft.newFills),
    ledger: draft.base.ledger.append(draft.newLedger),
    orderEvents: draft.base.orderEvents.append(draft.events.filter(isOrderEvent)),
    fundedInterval: draft.fundedInterval,
    cancelAllAt: draft.cancelAllAt,
    counters: draft.counters
  },
  events: draft.events
})

/**
 * A deterministic UUID-shaped id (Kraken derivatives order ids are UUIDs): version nibble 4, variant 8, the
 * kind in the first group and the counter in the last, e.g. order 7 = "00000001-0000-4000-8000-000000000007".
 */
export const sequenceId = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`

const ID_KIND = { order: 1, fill: 2, ledger: 3 } as const

export const nextId = (draft: Draft, kind: keyof typeof ID_KIND): string => {
  draft.counters[kind] += 1
  return sequenceId(ID_KIND[kind], draft.counters[kind])
}
