import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { BalancesMessage } from "../../../../src/exchange/kraken/wire/channels/Balances.ts"
import { ExecutionsMessage } from "../../../../src/exchange/kraken/wire/channels/Executions.ts"
import { InstrumentMessage } from "../../../../src/exchange/kraken/wire/channels/Instrument.ts"
import { MarginMessage } from "../../../../src/exchange/kraken/wire/channels/Margin.ts"
import { OhlcMessage } from "../../../../src/exchange/kraken/wire/channels/Ohlc.ts"
import { PositionsMessage } from "../../../../src/exchange/kraken/wire/channels/Positions.ts"
import { TickerMessage } from "../../../../src/exchange/kraken/wire/channels/Ticker.ts"
import { frame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { SubscribeParams } from "../../../../src/exchange/kraken/wire/Subscribe.ts"
import { refuses, roundTrip } from "./roundTrip.ts"

describe("UWS channel messages", () => {
  it("round-trips the reference's instrument snapshot with exact increments", () => {
    const m = roundTrip(
      InstrumentMessage,
      `{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"PF_XBTUSD","status":"online",
        "price_increment":0.5,"price_precision":1,"qty_increment":0.0001,"qty_precision":4,"qty_min":0.0001}]}}`
    )
    const pair = m.data.pairs[0]
    expect(pair?.qty_increment.toString()).toBe("0.0001")
    expect(pair?.price_increment.times(3).toString()).toBe("1.5")
  })

  it("round-trips the reference's executions update", () => {
    const m = roundTrip(
      ExecutionsMessage,
      `{"channel":"executions","type":"update","data":[{"exec_type":"trade","order_id":"e66851e7-8721-50ed-bf43-5e6a2ddff423",
        "cl_ord_id":"2c6be801-1f53-4f79-a0bb-4ea1c95dfae9","symbol":"PF_XBTUSD","side":"buy","order_type":"limit",
        "order_qty":0.01,"limit_price":61000,"order_status":"partially_filled","cum_qty":0.004,"avg_price":61000,
        "exec_id":"9b6f…","last_qty":0.004,"last_price":61000,"liquidity_ind":"m","reduce_only":false,
        "fees":[{"asset":"USD","qty":0.049}],"timestamp":"2026-09-01T12:00:02.000000Z"}]}`
    )
    const e = m.data[0]
    expect(e?.order_status).toBe("partially_filled")
    expect(e?.order_qty?.minus(e.cum_qty ?? 0).toString()).toBe("0.006")
  })

  it("round-trips an execution carrying triggers", () => {
    const m = roundTrip(
      ExecutionsMessage,
      `{"channel":"executions","type":"snapshot","data":[{"exec_type":"new","order_id":"b3a1","order_type":"stop-loss",
        "side":"sell","order_qty":0.05,"order_status":"new","reduce_only":true,
        "triggers":{"reference":"index","price":58000,"price_type":"static","status":"untriggered"}}]}`
    )
    expect(m.data[0]?.triggers?.reference).toBe("index")
  })

  it("round-trips the reference's positions snapshot with a signed size", () => {
    const m = roundTrip(
      PositionsMessage,
      `{"channel":"positions","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","size":-0.05,"entry_price":60950.5}],
        "options":[]},"time":"2026-09-01T12:00:00Z"}`
    )
    expect(m.data.futures[0]?.size.isNegative()).toBe(true)
  })

  it("round-trips ticker, ohlc, margin and balances", () => {
    const t = roundTrip(
      TickerMessage,
      `{"channel":"ticker","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bid":61000.5,"bid_qty":1.2,"ask":61001,
        "ask_qty":0.3,"last":61000.5,"volume":1234.5678,"vwap":60880.1,"low":60000,"high":62000,"change":120.5,
        "change_pct":0.2,"mark_price":61000.7}]}`
    )
    expect(t.data[0]?.ask.minus(t.data[0].bid).toString()).toBe("0.5")
    const o = roundTrip(
      OhlcMessage,
      `{"channel":"ohlc","type":"update","data":[{"symbol":"PF_XBTUSD","open":61000,"high":61100.5,"low":60900,
        "close":61050.5,"vwap":61010.2,"trades":42,"volume":12.3456,"interval_begin":"2026-09-01T12:00:00.000000Z",
        "interval":15,"timestamp":"2026-09-01T12:14:59.000000Z"}]}`
    )
    expect(o.data[0]?.interval).toBe(15)
    const mg = roundTrip(
      MarginMessage,
      `{"channel":"margin","type":"multi_collateral","data":[{"initial_margin":134,"maintenance_margin":67,
        "portfolio_value":11710.5,"available_margin":11400.4,"currencies":{"USD":{"quantity":5000,"available":5000}}}]}`
    )
    expect(mg.data[0]?.available_margin?.toString()).toBe("11400.4")
    const b = roundTrip(
      BalancesMessage,
      `{"channel":"balances","type":"snapshot","data":[{"asset":"USD","asset_class":"currency","balance":5000.25,
        "wallets":[{"type":"spot","id":"main","balance":5000.25}]}]}`
    )
    expect(b.data[0]?.balance.toString()).toBe("5000.25")
  })

  it("refuses an unknown exec_type, a bad interval and a snapshot/update type on margin", () => {
    refuses(ExecutionsMessage, '{"channel":"executions","type":"update","data":[{"exec_type":"weird","order_id":"x"}]}')
    refuses(
      OhlcMessage,
      `{"channel":"ohlc","type":"update","data":[{"symbol":"X","open":1,"high":1,"low":1,"close":1,"volume":1,
        "interval_begin":"t","interval":7}]}`
    )
    refuses(MarginMessage, '{"channel":"margin","type":"snapshot","data":[]}')
  })

  it("decodes the subscribe params of every channel by name", () => {
    const decode = Schema.decodeUnknownSync(frame(SubscribeParams))
    const channels = [
      '{"channel":"instrument","asset_class":"derivatives"}',
      '{"channel":"ticker","asset_class":"derivatives","symbol":["PF_XBTUSD"]}',
      '{"channel":"ohlc","asset_class":"derivatives","symbol":["PF_XBTUSD"],"interval":60,"tick_type":"mark"}',
      '{"channel":"executions","token":"t","snap_orders":true,"snap_trades":true}',
      '{"channel":"positions","asset_class":"derivatives","token":"t"}',
      '{"channel":"margin","asset_class":"derivatives","token":"t"}',
      '{"channel":"balances","token":"t"}'
    ].map((text) => decode(text).channel)
    expect(channels).toEqual(["instrument", "ticker", "ohlc", "executions", "positions", "margin", "balances"])
  })

  it("refuses a private subscribe without token", () => {
    refuses(SubscribeParams, '{"channel":"positions","asset_class":"derivatives"}')
    refuses(SubscribeParams, '{"channel":"ohlc","asset_class":"derivatives","symbol":["PF_XBTUSD"],"interval":2}')
  })
})
