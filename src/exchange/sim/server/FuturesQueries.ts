import { Decimal } from "../../../domain/Money.ts"
import { AccountsSuccess } from "../../kraken/wire/futures/Accounts.ts"
import { FillsSuccess } from "../../kraken/wire/futures/Fills.ts"
import { InstrumentsSuccess } from "../../kraken/wire/futures/Instruments.ts"
import { OpenOrdersSuccess } from "../../kraken/wire/futures/OpenOrders.ts"
import { OpenPositionsSuccess } from "../../kraken/wire/futures/OpenPositions.ts"
import { TickersSuccess } from "../../kraken/wire/futures/Tickers.ts"
import { marginSummary } from "../Margin.ts"
import { remaining } from "../SimOrder.ts"
import type { SimVenue } from "../SimVenue.ts"
import { encodeFrame } from "./Frames.ts"
import { type HttpReply, json } from "./Http.ts"
import { wireTime } from "./WireTime.ts"

/** Fills per `GET /fills` page, newest first. */
const FILLS_PAGE = 100

const serverTime = (venue: SimVenue) => wireTime(venue.time)

export const futuresInstruments = (venue: SimVenue): HttpReply =>
  json(
    200,
    encodeFrame(InstrumentsSuccess, {
      result: "success",
      serverTime: serverTime(venue),
      instruments: Object.values(venue.state.instruments).map((instrument) => ({
        symbol: instrument.symbol,
        type: "flexible_futures",
        tradeable: true,
        base: instrument.base,
        quote: instrument.quote,
        tickSize: instrument.tickSize,
        contractSize: new Decimal(1),
        contractValueTradePrecision: -Math.round(Math.log10(instrument.contractStep.toNumber())),
        marginLevels: [
          {
            numNonContractUnits: new Decimal(0),
            initialMargin: new Decimal(1).div(instrument.maxLeverage),
            maintenanceMargin: instrument.maintenanceMarginRate
          }
        ],
        postOnly: false
      }))
    })
  )

export const futuresTickers = (venue: SimVenue): HttpReply => {
  const { state } = venue
  const tickers = Object.values(state.instruments).flatMap((instrument) => {
    const price = state.prices[instrument.symbol]
    if (!price) return []
    return [
      {
        symbol: instrument.symbol,
        tag: "perpetual" as const,
        markPrice: price.mark,
        bid: price.last.minus(instrument.tickSize),
        bidSize: new Decimal(1),
        ask: price.last.plus(instrument.tickSize),
        askSize: new Decimal(1),
        last: price.last,
        lastTime: wireTime(price.time),
        indexPrice: price.index,
        fundingRate: price.fundingRate.mul(price.mark),
        suspended: false,
        postOnly: false
      }
    ]
  })
  return json(200, encodeFrame(TickersSuccess, { result: "success", serverTime: serverTime(venue), tickers }))
}

export const futuresAccounts = (venue: SimVenue): HttpReply => {
  const summary = marginSummary(venue.state)
  const flex = {
    type: "multiCollateralMarginAccount" as const,
    currencies: Object.fromEntries(
      Object.entries(summary.currencies).map(([currency, balance]) => [
        currency,
        { quantity: balance.quantity, value: balance.value, collateral: balance.value, available: balance.quantity }
      ])
    ),
    balanceValue: summary.balanceValue,
    portfolioValue: summary.portfolioValue,
    collateralValue: summary.collateralValue,
    initialMargin: summary.initialMargin,
    initialMarginWithOrders: summary.initialMarginWithOrders,
    maintenanceMargin: summary.maintenanceMargin,
    pnl: summary.unrealizedPnl,
    unrealizedFunding: summary.unrealizedFunding,
    totalUnrealized: summary.unrealizedPnl.plus(summary.unrealizedFunding),
    totalUnrealizedAsMargin: summary.unrealizedPnl.plus(summary.unrealizedFunding),
    marginEquity: summary.marginEquity,
    availableMargin: summary.availableMargin
  }
  return json(
    200,
    encodeFrame(AccountsSuccess, { result: "success", serverTime: serverTime(venue), accounts: { flex } })
  )
}

export const futuresOpenPositions = (venue: SimVenue): HttpReply =>
  json(
    200,
    encodeFrame(OpenPositionsSuccess, {
      result: "success",
      serverTime: serverTime(venue),
      openPositions: Object.values(venue.state.positions).map((position) => ({
        symbol: position.symbol,
        side: position.size.isNegative() ? ("short" as const) : ("long" as const),
        size: position.size.abs(),
        price: position.entryPrice,
        fillTime: wireTime(position.openedAt),
        unrealizedFunding: new Decimal(0),
        pnlCurrency: "USD"
      }))
    })
  )

export const futuresOpenOrders = (venue: SimVenue): HttpReply =>
  json(
    200,
    encodeFrame(OpenOrdersSuccess, {
      result: "success",
      serverTime: serverTime(venue),
      openOrders: venue.state.openOrders.map((order) => ({
        order_id: order.orderId,
        cliOrdId: order.clientOrderId,
        symbol: order.symbol,
        side: order.side,
        orderType:
          order.type === "take_profit"
            ? ("take_profit" as const)
            : order.triggerPrice !== null
              ? ("stop" as const)
              : ("lmt" as const),
        ...(order.limitPrice !== null && { limitPrice: order.limitPrice }),
        ...(order.triggerPrice !== null && { stopPrice: order.triggerPrice }),
        unfilledSize: remaining(order),
        filledSize: order.filled,
        receivedTime: wireTime(order.createdAt),
        lastUpdateTime: wireTime(order.updatedAt),
        status: order.filled.isZero() ? ("untouched" as const) : ("partiallyFilled" as const),
        reduceOnly: order.reduceOnly,
        ...(order.triggerPrice !== null && {
          triggerSignal: order.triggerReference === "index" ? ("spot" as const) : order.triggerReference
        })
      }))
    })
  )

/** `GET /fills?lastFillTime=`: the 100 newest fills strictly before `lastFillTime` (all when absent). */
export const futuresFills = (venue: SimVenue, lastFillTime: string | null): HttpReply => {
  const before = lastFillTime === null ? Number.POSITIVE_INFINITY : Date.parse(lastFillTime)
  const fills = venue.state.fills
    .toArray()
    .filter((fill) => fill.time < before)
    .reverse()
    .slice(0, FILLS_PAGE)
    .map((fill) => ({
      fill_id: fill.fillId,
      symbol: fill.symbol,
      side: fill.side,
      order_id: fill.orderId,
      cliOrdId: fill.clientOrderId,
      size: fill.size,
      price: fill.price,
      fillTime: wireTime(fill.time),
      fillType: fill.fillType
    }))
  return json(200, encodeFrame(FillsSuccess, { result: "success", serverTime: serverTime(venue), fills }))
}
