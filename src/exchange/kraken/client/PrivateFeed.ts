import { Either, Option } from "effect"
import { AccountState } from "../../../domain/AccountState.ts"
import type { Decimal } from "../../../domain/Money.ts"
import { type ClientOrderId, isOrderDone } from "../../../domain/Order.ts"
import { type FuturesSymbol, parseFuturesSymbol } from "../../../domain/Symbols.ts"
import { ExchangeEvent, type ExchangeOrder, type ExchangePosition } from "../../Exchange.ts"
import { ExchangeDecodeError } from "../../ExchangeErrors.ts"
import type { Execution } from "../wire/channels/Executions.ts"
import type { MarginState } from "../wire/channels/Margin.ts"
import { isSnapshotTooLarge, type Position } from "../wire/channels/Positions.ts"
import type { ChannelData } from "../wire/Incoming.ts"
import { fillOf, mergeExecution, wireTimeMs } from "./Executions.ts"

/**
 * What the private feed has told us. Orders, positions and account are trusted only once all three
 * snapshots of the current connection (`epoch`) have arrived: until then `synced` is false and every query
 * fails (unknown), never answers from stale or partial state.
 */
export interface PrivateFeed {
  readonly epoch: number
  readonly snapshots: { readonly executions: boolean; readonly positions: boolean; readonly margin: boolean }
  readonly synced: boolean
  readonly orders: ReadonlyMap<string, ExchangeOrder>
  readonly positions: ReadonlyMap<FuturesSymbol, ExchangePosition>
  readonly account: Option.Option<Either.Either<AccountState, ExchangeDecodeError>>
  readonly fillIds: ReadonlySet<string>
}

export const emptyPrivateFeed: PrivateFeed = {
  epoch: 0,
  snapshots: { executions: false, positions: false, margin: false },
  synced: false,
  orders: new Map(),
  positions: new Map(),
  account: Option.none(),
  fillIds: new Set()
}

export interface Applied {
  readonly feed: PrivateFeed
  readonly events: ReadonlyArray<ExchangeEvent>
  /** Set when the feed can no longer be trusted (e.g. a fill for an order it cannot identify): resync. */
  readonly resync?: string | undefined
}

/** The connection is gone: nothing is trusted until the next connection's snapshots. */
export const feedLost = (feed: PrivateFeed, reason: string): Applied => ({
  feed: { ...feed, synced: false },
  events: feed.synced ? [ExchangeEvent.FeedLost({ reason })] : []
})

/** Finished orders stay answerable by client id for a day (to resolve late lookups), then are forgotten. */
export const FINISHED_ORDER_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * A finished order's age is measured on the venue's clock (its newest order update), not ours: a simulated venue
 * runs on market time, and Kraken's clock is ours give or take seconds.
 */
const keep = (o: ExchangeOrder, snapshot: boolean, venueNow: number): boolean =>
  isOrderDone(o.status) ? venueNow - o.updatedAt <= FINISHED_ORDER_RETENTION_MS : !snapshot

const newestUpdate = (orders: ReadonlyMap<unknown, ExchangeOrder>): number => {
  let newest = Number.NEGATIVE_INFINITY
  for (const o of orders.values()) newest = Math.max(newest, o.updatedAt)
  return newest
}

const applyExecutions = (
  feed: PrivateFeed,
  snapshot: boolean,
  data: ReadonlyArray<Execution>,
  now: number
): Applied => {
  // A snapshot lists every working order: anything else we held as working is no longer known to be.
  // A reduce, not Math.max(...data): a spread of a 200,000-order snapshot overflows the stack
  const venueNow = data.reduce((newest, e) => Math.max(newest, wireTimeMs(e.timestamp, now)), newestUpdate(feed.orders))
  const orders = new Map([...feed.orders].filter(([, o]) => keep(o, snapshot, venueNow)))
  const fillIds = new Set(feed.fillIds)
  const events: Array<ExchangeEvent> = []
  for (const e of data) {
    const merged = mergeExecution(orders.get(e.order_id), e, now)
    // An event we cannot attach to an order may hide a fill: distrust the feed rather than lose it.
    if (Option.isNone(merged)) {
      const lost = feedLost(feed, `unidentifiable execution for order ${e.order_id}`)
      return { ...lost, resync: `execution ${e.exec_type} for unknown order ${e.order_id}` }
    }
    orders.set(e.order_id, merged.value)
    events.push(ExchangeEvent.OrderUpdated({ order: merged.value }))
    const fill = fillOf(merged.value, e, now)
    if (Option.isSome(fill) && !fillIds.has(fill.value.fillId)) {
      fillIds.add(fill.value.fillId)
      events.push(ExchangeEvent.FillReceived({ fill: fill.value }))
    }
  }
  return { feed: { ...feed, orders, fillIds }, events }
}

const positionOf = (symbol: FuturesSymbol, p: Position): Option.Option<ExchangePosition> =>
  p.size.isZero()
    ? Option.none()
    : Option.some({
        symbol,
        side: p.size.gt(0) ? "long" : "short",
        size: p.size.abs(),
        entryPrice: p.entry_price,
        markPrice: Option.fromNullable(p.mark_price),
        unrealizedPnl: Option.fromNullable(p.pnl)
      })

const applyPositions = (feed: PrivateFeed, snapshot: boolean, data: ReadonlyArray<Position>): Applied => {
  const positions = new Map(snapshot ? [] : feed.positions)
  const events: Array<ExchangeEvent> = []
  for (const p of data) {
    const symbol = parseFuturesSymbol(p.symbol)
    if (Either.isLeft(symbol)) continue
    const position = positionOf(symbol.right, p)
    if (Option.isSome(position)) positions.set(symbol.right, position.value)
    else positions.delete(symbol.right)
    events.push(ExchangeEvent.PositionChanged({ symbol: symbol.right, position }))
  }
  return { feed: { ...feed, positions }, events }
}

type MarginFigure = Exclude<keyof MarginState, "symbol" | "currency" | "currencies">

const missingFigure = (field: string, detail: string) =>
  new ExchangeDecodeError({ operation: "account", source: "margin channel", field, detail })

// The first of `fields` present (Kraken has not confirmed the names: fall back to their WS v1 synonyms).
const figure = (m: MarginState, fields: ReadonlyArray<MarginFigure>): Either.Either<Decimal, ExchangeDecodeError> => {
  const found = fields.map((f) => m[f]).find((v) => v !== undefined)
  return found === undefined ? Either.left(missingFigure(fields.join(" | "), "missing")) : Either.right(found)
}

/** Account figures from a multi-collateral margin message; a missing figure is a decode error, never a zero. */
export const accountOf = (m: MarginState, now: number): Either.Either<AccountState, ExchangeDecodeError> =>
  Either.flatMap(
    Either.all({
      equity: figure(m, ["portfolio_value", "margin_equity"]),
      balance: figure(m, ["balance_value", "collateral_value"]),
      marginUsed: figure(m, ["initial_margin"]),
      availableMargin: figure(m, ["available_margin"]),
      unrealizedPnl: figure(m, ["pnl", "total_unrealized"])
    }),
    (v) =>
      Either.try({
        try: () => AccountState.make({ timestamp: now, ...v }),
        catch: (e) => missingFigure("", e instanceof Error ? e.message : String(e))
      })
  )

const markSnapshot = (feed: PrivateFeed, part: keyof PrivateFeed["snapshots"], now: number): Applied => {
  const snapshots = { ...feed.snapshots, [part]: true }
  const complete = snapshots.executions && snapshots.positions && snapshots.margin
  return {
    feed: { ...feed, snapshots, synced: feed.synced || complete },
    events: complete && !feed.synced ? [ExchangeEvent.Resynced({ at: now })] : []
  }
}

const chain = (first: Applied, next: (feed: PrivateFeed) => Applied): Applied => {
  if (first.resync !== undefined) return first
  const second = next(first.feed)
  return { feed: second.feed, events: [...first.events, ...second.events] }
}

/** Applies one private channel message of connection `epoch` (a newer epoch restarts the resync). */
export const applyPrivate = (feed: PrivateFeed, epoch: number, message: ChannelData, now: number): Applied => {
  const current: PrivateFeed =
    epoch > feed.epoch ? { ...feed, epoch, synced: false, snapshots: emptyPrivateFeed.snapshots } : feed
  switch (message.channel) {
    case "executions":
      return chain(applyExecutions(current, message.type === "snapshot", message.data, now), (f) =>
        message.type === "snapshot" ? markSnapshot(f, "executions", now) : { feed: f, events: [] }
      )
    case "positions":
      if (isSnapshotTooLarge(message)) {
        const lost = feedLost(current, "positions snapshot too large")
        return { ...lost, resync: "positions snapshot_too_large: resubscribing for a fresh snapshot" }
      }
      return chain(applyPositions(current, message.type === "snapshot", message.data.futures), (f) =>
        message.type === "snapshot" ? markSnapshot(f, "positions", now) : { feed: f, events: [] }
      )
    case "margin": {
      const state = message.data[0]
      if (message.type !== "multi_collateral" || state === undefined) return { feed: current, events: [] }
      const account = accountOf(state, now)
      const withAccount: PrivateFeed = { ...current, account: Option.some(account) }
      const events = Either.isRight(account) ? [ExchangeEvent.AccountChanged({ account: account.right })] : []
      return chain({ feed: withAccount, events }, (f) => markSnapshot(f, "margin", now))
    }
    default:
      return { feed: current, events: [] }
  }
}

/** The order with this client id, if known (live, or finished and seen since start). */
export const orderByClientId = (feed: PrivateFeed, id: ClientOrderId): Option.Option<ExchangeOrder> =>
  Option.fromNullable(
    [...feed.orders.values()].find((o) => Option.isSome(o.clientOrderId) && o.clientOrderId.value === id)
  )
