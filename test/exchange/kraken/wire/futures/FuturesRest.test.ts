import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { Decimal } from "../../../../../src/domain/Money.ts"
import { AccountsSuccess } from "../../../../../src/exchange/kraken/wire/futures/Accounts.ts"
import {
  CancelAllOrdersAfterSuccess,
  CancelAllOrdersSuccess,
  CancelOrderSuccess
} from "../../../../../src/exchange/kraken/wire/futures/Cancel.ts"
import { FillsSuccess } from "../../../../../src/exchange/kraken/wire/futures/Fills.ts"
import {
  decodeFuturesResponse,
  FuturesErrorBody,
  FuturesRestError
} from "../../../../../src/exchange/kraken/wire/futures/FuturesResponse.ts"
import { InstrumentsSuccess } from "../../../../../src/exchange/kraken/wire/futures/Instruments.ts"
import { LeveragePreferencesSuccess } from "../../../../../src/exchange/kraken/wire/futures/LeveragePreferences.ts"
import { OpenOrdersSuccess } from "../../../../../src/exchange/kraken/wire/futures/OpenOrders.ts"
import { OpenPositionsSuccess } from "../../../../../src/exchange/kraken/wire/futures/OpenPositions.ts"
import {
  BatchOrderSuccess,
  EditOrderSuccess,
  SendOrderSuccess
} from "../../../../../src/exchange/kraken/wire/futures/OrderEntry.ts"
import { TickerSuccess, TickersSuccess } from "../../../../../src/exchange/kraken/wire/futures/Tickers.ts"
import { refuses, roundTrip } from "../roundTrip.ts"

const ST = `"result":"success","serverTime":"2024-06-10T12:00:01.002Z"`
const ORDER = `{"orderId":"1b7e3c9a-6f2d-4b8e-a1c5-9d0f2e4a6b8c","cliOrdId":"sim-order-0001","type":"lmt","symbol":"PF_XBTUSD",
  "side":"buy","quantity":0.001,"filled":0,"limitPrice":60000,"reduceOnly":false,
  "timestamp":"2024-06-10T12:00:01.000Z","lastUpdateTimestamp":"2024-06-10T12:00:01.000Z"}`

describe("Derivatives REST v3 envelope", () => {
  it("fails with the endpoint and Kraken's error string", () => {
    const r = decodeFuturesResponse(
      "accounts",
      AccountsSuccess
    )('{"result":"error","serverTime":"2024-06-10T12:00:00.000Z","error":"authenticationError"}')
    expect(Either.isLeft(r) && r.left.message).toBe("Kraken Derivatives accounts failed: authenticationError")
  })

  it("reads the errors-list form and round-trips both error bodies", () => {
    const text = `{"status":"BAD_REQUEST","result":"error","errors":[{"code":11,"message":"invalid order type"}],
      "serverTime":"2024-06-10T12:00:00.000Z"}`
    const r = decodeFuturesResponse("sendorder", SendOrderSuccess)(text)
    expect(Either.isLeft(r) && r.left._tag === "KrakenFuturesApiError" && r.left.error).toBe("invalid order type")
    roundTrip(FuturesErrorBody, text)
    roundTrip(FuturesErrorBody, `{"result":"error","error":"${FuturesRestError.nonceDuplicate}"}`)
  })

  it("treats a bare errors list (HTTP 500) as Kraken's error and an unknown result as undecodable", () => {
    const r = decodeFuturesResponse(
      "sendorder",
      SendOrderSuccess
    )('{"errors":[{"code":92,"message":"INSUFFICIENT_MARGIN"}]}')
    expect(Either.isLeft(r) && r.left.message).toBe("Kraken Derivatives sendorder failed: INSUFFICIENT_MARGIN")
    const unknown = decodeFuturesResponse("sendorder", SendOrderSuccess)('{"result":"weird"}')
    expect(Either.isLeft(unknown) && unknown.left._tag === "KrakenDecodeError" && unknown.left.path).toBe("result")
  })

  it("names the field of an undecodable success", () => {
    const r = decodeFuturesResponse(
      "openpositions",
      OpenPositionsSuccess
    )(`{${ST},"openPositions":[{"symbol":"PF_XBTUSD","side":"flat","size":1,"price":1}]}`)
    expect(Either.isLeft(r) && r.left._tag === "KrakenDecodeError" && r.left.path).toBe("openPositions.0.side")
  })
})

describe("Derivatives REST v3 endpoints", () => {
  it("round-trips the reference's instruments with exact margin tiers", () => {
    const text = `{"result":"success","serverTime":"2024-06-10T12:00:00.000Z","instruments":[
      {"symbol":"PF_XBTUSD","type":"flexible_futures","tradeable":true,"pair":"XBT:USD","base":"XBT","quote":"USD",
       "tickSize":1,"contractSize":1,"contractValueTradePrecision":4,"impactMidSize":1,"maxPositionSize":1000000,
       "openingDate":"2022-01-01T00:00:00.000Z","fundingRateCoefficient":8,"maxRelativeFundingRate":0.001,
       "marginLevels":[{"numNonContractUnits":0,"initialMargin":0.02,"maintenanceMargin":0.01},
                       {"numNonContractUnits":500000,"initialMargin":0.04,"maintenanceMargin":0.02}],
       "retailMarginLevels":[{"numNonContractUnits":0,"initialMargin":0.02,"maintenanceMargin":0.01}],
       "postOnly":false,"category":"Layer 1","tags":[],"tradfi":false,"mtf":false}]}`
    const r = roundTrip(InstrumentsSuccess, text)
    const first = r.instruments[0]?.marginLevels?.[0]
    expect(first?.initialMargin.toString()).toBe("0.02")
    expect(first && new Decimal(1).div(first.initialMargin).toString()).toBe("50")
    expect(Either.isRight(decodeFuturesResponse("instruments", InstrumentsSuccess)(text))).toBe(true)
  })

  it("round-trips the reference's ticker and a tickers list with an index ticker", () => {
    roundTrip(
      TickerSuccess,
      `{"result":"success","serverTime":"2024-06-10T12:00:00.000Z","ticker":{"symbol":"PF_XBTUSD","tag":"perpetual",
       "pair":"XBT:USD","markPrice":67010.5,"bid":67005,"bidSize":0.5,"ask":67012,"askSize":1.2,"last":67008,
       "lastTime":"2024-06-10T11:59:58.120Z","lastSize":0.01,"vol24h":1234.5,"volumeQuote":82700000.5,
       "openInterest":987.6,"open24h":66500,"high24h":67500,"low24h":66100,"change24h":0.76,"indexPrice":67003.2,
       "fundingRate":0.6,"fundingRatePrediction":0.4,"suspended":false,"postOnly":false}}`
    )
    const r = roundTrip(
      TickersSuccess,
      `{${ST},"tickers":[{"symbol":"in_xbtusd","last":67003.2,"lastTime":"2024-06-10T11:59:58.120Z"}]}`
    )
    expect(r.tickers[0]?.markPrice).toBeUndefined()
  })

  it("round-trips sendorder placed, rejected and with an execution", () => {
    roundTrip(
      SendOrderSuccess,
      `{${ST},"sendStatus":{"order_id":"1b7e3c9a-6f2d-4b8e-a1c5-9d0f2e4a6b8c","status":"placed",
        "receivedTime":"2024-06-10T12:00:01.000Z","cliOrdId":"sim-order-0001",
        "orderEvents":[{"type":"PLACE","reducedQuantity":null,"order":${ORDER}}]}}`
    )
    const rejected = roundTrip(
      SendOrderSuccess,
      `{${ST},"sendStatus":{"status":"insufficientAvailableFunds","receivedTime":"2024-06-10T12:00:01.000Z"}}`
    )
    expect(rejected.sendStatus.status).toBe("insufficientAvailableFunds")
    roundTrip(
      SendOrderSuccess,
      `{${ST},"sendStatus":{"order_id":"a","status":"placed","receivedTime":"t","orderEvents":[
        {"type":"EXECUTION","executionId":"e1","price":60000.5,"amount":0.001,"orderPriorEdit":null,
         "orderPriorExecution":${ORDER},"takerReducedQuantity":null}]}}`
    )
    refuses(SendOrderSuccess, `{${ST},"sendStatus":{"status":"madeUp","receivedTime":"t"}}`)
  })

  it("round-trips trigger order events", () => {
    const trigger = `{"uid":"u1","clientId":null,"type":"lmt","symbol":"PF_ETHUSD","side":"sell","quantity":0.5,
      "limitPrice":null,"triggerPrice":2900,"triggerSide":"trigger_below","triggerSignal":"mark_price",
      "reduceOnly":true,"timestamp":"t","lastUpdateTimestamp":"t","startTime":null}`
    roundTrip(
      SendOrderSuccess,
      `{${ST},"sendStatus":{"order_id":"u1","status":"placed","receivedTime":"t",
        "orderEvents":[{"type":"PLACE","orderTrigger":${trigger}}]}}`
    )
    roundTrip(
      CancelOrderSuccess,
      `{${ST},"cancelStatus":{"status":"cancelled","order_id":"u1","receivedTime":"t",
        "orderEvents":[{"type":"CANCEL","uid":"u1","orderTrigger":${trigger}}]}}`
    )
  })

  it("round-trips editorder, cancelallorders, cancelallordersafter and batchorder", () => {
    roundTrip(
      EditOrderSuccess,
      `{${ST},"editStatus":{"orderId":"a","cliOrdId":null,"receivedTime":"t","status":"edited",
        "orderEvents":[{"type":"EDIT","old":${ORDER},"new":${ORDER},"reducedQuantity":null}]}}`
    )
    roundTrip(
      CancelAllOrdersSuccess,
      `{${ST},"cancelStatus":{"receivedTime":"t","cancelOnly":"all","status":"cancelled",
        "cancelledOrders":[{"order_id":"a","cliOrdId":"c"}],"orderEvents":[{"type":"CANCEL","uid":"a","order":${ORDER}}]}}`
    )
    roundTrip(CancelAllOrdersAfterSuccess, `{${ST},"status":{"currentTime":"t","triggerTime":"0"}}`)
    const batch = roundTrip(
      BatchOrderSuccess,
      `{${ST},"batchStatus":[{"status":"placed","order_tag":"1","order_id":"a","dateTimeReceived":"t"},
        {"status":"cancelled","order_id":"b"},{"status":"requiredArgumentMissing","order_tag":"3"}]}`
    )
    expect(batch.batchStatus.map((b) => b.status)).toEqual(["placed", "cancelled", "requiredArgumentMissing"])
  })

  it("round-trips openorders, openpositions, fills and leverage preferences", () => {
    const orders = roundTrip(
      OpenOrdersSuccess,
      `{${ST},"openOrders":[{"order_id":"a","cliOrdId":"c","symbol":"PF_XBTUSD","side":"sell","orderType":"stop",
        "stopPrice":58000.5,"unfilledSize":0.05,"filledSize":0,"receivedTime":"t","lastUpdateTime":"t",
        "status":"untouched","reduceOnly":true,"triggerSignal":"mark"}]}`
    )
    expect(orders.openOrders[0]?.stopPrice?.toString()).toBe("58000.5")
    const positions = roundTrip(
      OpenPositionsSuccess,
      `{${ST},"openPositions":[{"symbol":"PF_XBTUSD","side":"short","size":0.05,"price":60950.5,
        "fillTime":"t","unrealizedFunding":null,"pnlCurrency":"USD"}]}`
    )
    expect(positions.openPositions[0]?.side).toBe("short")
    roundTrip(
      FillsSuccess,
      `{${ST},"fills":[{"fill_id":"f1","symbol":"PF_XBTUSD","side":"buy","order_id":"a","cliOrdId":null,
        "size":0.001,"price":60000.5,"fillTime":"2024-06-10T12:00:02.000Z","fillType":"maker"}]}`
    )
    roundTrip(LeveragePreferencesSuccess, `{${ST},"leveragePreferences":[{"symbol":"PF_XBTUSD","maxLeverage":10}]}`)
  })

  it("round-trips the reference's flex account with cash and margin accounts", () => {
    const r = roundTrip(
      AccountsSuccess,
      `{${ST},"accounts":{"cash":{"type":"cashAccount","balances":{"xbt":0.1}},
        "fi_xbtusd":{"type":"marginAccount","currency":"xbt","balances":{"xbt":0.01},
          "auxiliary":{"af":0.01,"funding":0,"pnl":0,"pv":0.01,"usd":0},"marginRequirements":{"im":0,"mm":0,"lt":0,"tt":0}},
        "flex":{"type":"multiCollateralMarginAccount",
        "currencies":{"USD":{"quantity":5000.0,"value":5000.0,"collateral":5000.0,"available":5000.0},
                      "XBT":{"quantity":0.1,"value":6700.0,"collateral":6550.0,"available":0.1}},
        "balanceValue":11700.0,"portfolioValue":11710.5,"collateralValue":11550.0,"initialMargin":134.0,
        "initialMarginWithOrders":160.0,"maintenanceMargin":67.0,"pnl":10.5,"unrealizedFunding":0.0,
        "totalUnrealized":10.5,"totalUnrealizedAsMargin":10.4,"marginEquity":11560.4,"availableMargin":11400.4}}}`
    )
    const flex = r.accounts.flex
    if (flex?.type !== "multiCollateralMarginAccount") throw new Error("flex account missing")
    expect(flex.marginEquity.minus(flex.initialMarginWithOrders).eq(flex.availableMargin)).toBe(true)
    expect(r.accounts.fi_xbtusd?.type).toBe("marginAccount")
  })
})
