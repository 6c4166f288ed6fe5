import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Exit, Layer, Option, Redacted, Schedule, Scope } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import { Exchange } from "../../src/exchange/Exchange.ts"
import { KrakenExchangeLive, SpotRestLive } from "../../src/exchange/kraken/KrakenVenue.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { Alerts } from "../../src/monitoring/Alerts.ts"
import { OperatorSurfaces, OperatorSurfacesLive } from "../../src/monitoring/OperatorSurfaces.ts"
import { TradingEvent } from "../../src/monitoring/TradingEvent.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { credentials, startHarness } from "../exchange/sim/server/Harness.ts"
import { freePort } from "../support/FreePort.ts"
import { startFakeBotApi } from "../support/telegram/FakeBotApi.ts"
import { eventually } from "../support/telegram/LoopbackServer.ts"
import { testOperator } from "./OperatorFixtures.ts"

const BOT_TOKEN = "6987654321:AAFx9Lq2Zr8Xw3Vn7Tb5Yc1Md6Pf4Gh2Js8"
const DASHBOARD_TOKEN = "surfaces-dash-token-81c2"
const OWNER = 111
const XBT = FuturesSymbol.make("PF_XBTUSD")

/** True when something can listen on the port again. */
const portIsFree = (port: number) =>
  Effect.async<boolean>((resume) => {
    const probe = createServer()
    probe.once("error", () => resume(Effect.succeed(false)))
    probe.listen(port, "127.0.0.1", () => probe.close(() => resume(Effect.succeed(true))))
  })

const simServer = Effect.acquireRelease(
  Effect.promise(() => startHarness({}, 200)),
  (harness) => Effect.promise(() => harness.close())
)

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "surfaces-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const fetchText = (url: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() }
  })

const untilSynced = Schedule.spaced("50 millis").pipe(Schedule.intersect(Schedule.recurs(100)))

describe("OperatorSurfacesLive", () => {
  it.live("serves the dashboard, /healthz, /metrics and the bot over the live port, alerts, and stops on close", () =>
    Effect.gen(function* () {
      const sim = yield* simServer
      const bot = yield* startFakeBotApi(BOT_TOKEN)
      const dir = yield* tempDir
      const port = yield* freePort
      const config = testConfigLayer({
        env: {
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_CHAT_ID: String(OWNER),
          DASHBOARD_TOKEN,
          KRAKEN_API_KEY: credentials.apiKey,
          KRAKEN_API_SECRET: Redacted.value(credentials.apiSecret)
        },
        config: {
          exchange: { venue: "sim", sim: { url: sim.server.url } },
          monitoring: {
            telegram: { enabled: true, api_base_url: bot.baseUrl, poll_timeout_seconds: 1 },
            // Nothing listens there: every delivery to this channel fails.
            discord: { enabled: true, webhook_url: "https://127.0.0.1:9/api/webhooks/1/unreachable" }
          },
          dashboard: { enabled: true, port }
        }
      })
      const storage = SqlSafetyStoreLive.pipe(
        Layer.provideMerge(RepositoriesLive),
        Layer.provideMerge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
      )
      const exchange = KrakenExchangeLive.pipe(Layer.provide(SpotRestLive(join(dir, "kraken-nonce"))))
      const live = OperatorSurfacesLive.pipe(
        Layer.provideMerge(Layer.merge(storage, exchange)),
        Layer.provide(Layer.merge(config, FetchHttpClient.layer))
      )

      const scope = yield* Scope.make()
      const services = yield* Layer.buildWithScope(live, scope)
      const venue = yield* Effect.provide(Exchange, services)
      const root = `http://127.0.0.1:${port}`

      // A buy limit far under the market rests on the simulator.
      const price = sim.venue.state.prices[XBT]?.last
      const instrument = sim.venue.state.instruments[XBT]
      if (price === undefined || instrument === undefined) return expect.fail("the simulator lists no PF_XBTUSD")
      const limit = price.div(2).div(instrument.tickSize).floor().times(instrument.tickSize)
      yield* Effect.retry(venue.openOrders, untilSynced)
      yield* venue.placeOrder({
        clientOrderId: ClientOrderId.make("entry-pos-0123456789ab-1"),
        symbol: XBT,
        side: "buy",
        type: "limit",
        quantity: instrument.minSize,
        limitPrice: limit,
        reduceOnly: false,
        postOnly: false
      })
      yield* Effect.retry(
        Effect.filterOrFail(venue.openOrders, (orders) => orders.length === 1),
        untilSynced
      )

      // The bot answers from the same port: /status counts the order, /orders lists it.
      bot.receive(OWNER, "/status")
      yield* eventually(() => bot.sent.length === 1)
      expect(bot.sent[0]?.text).toContain("Open: 0 position(s), 1 order(s)")
      expect(bot.sent[0]?.text).toContain("Kill switch: off")
      bot.receive(OWNER, "/orders")
      yield* eventually(() => bot.sent.length === 2)
      expect(bot.sent[1]?.text).toBe(
        `1 open order(s):\nPF_XBTUSD buy limit ${instrument.minSize.toString()} @ ${limit.toString()} · new`
      )

      const health = yield* fetchText(`${root}/healthz`)
      expect(health.status).toBe(200)
      expect(JSON.parse(health.text)).toMatchObject({ status: "ready", killSwitch: false, safetyLevel: "ACTIVE" })
      const orders = JSON.parse((yield* fetchText(`${root}/api/orders`)).text)
      expect(orders.orders).toMatchObject([
        { clientOrderId: "entry-pos-0123456789ab-1", symbol: "PF_XBTUSD", type: "limit", limitPrice: limit.toString() }
      ])
      const status = JSON.parse((yield* fetchText(`${root}/api/status`)).text)
      expect(status).toMatchObject({ openOrders: 1, openPositions: 0, health: { status: "ready" } })

      // Acting needs the token; the kill reaches the persisted record the bot and /healthz read.
      expect((yield* fetchText(`${root}/api/kill`, { method: "POST" })).status).toBe(401)
      const kill = yield* fetchText(`${root}/api/kill`, {
        method: "POST",
        headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` },
        body: JSON.stringify({ reason: "checking the surfaces" })
      })
      expect(JSON.parse(kill.text)).toEqual({ alreadyActive: false, cancelledOrders: 0 })
      const halted = yield* fetchText(`${root}/healthz`)
      expect(halted.status).toBe(503)
      expect(JSON.parse(halted.text)).toMatchObject({ status: "halted", killSwitch: true })

      // The dashboard's kill is alerted, and so is what the tick's sink raises: both reach Telegram while Discord
      // keeps failing; the caller never waits on either.
      const sink = yield* Effect.provide(AlertSink, services)
      yield* sink.notify(TradingEvent.Kill({ reason: "dashboard: checking the surfaces", cancelledOrders: 1 }))
      expect((yield* Effect.provide(Alerts, services).pipe(Effect.flatMap((a) => a.stats))).failed).toBe(0)
      yield* eventually(() => bot.sent.length === 3)
      expect(bot.sent[2]?.text).toMatch(
        /^🚨 <b>Kill switch activated \(dashboard\)<\/b>\ndashboard: checking the surfaces\n/
      )
      const alerts = yield* Effect.provide(Alerts, services)
      // Discord gives up after three attempts (1 s and 2 s apart): counted as failed, nothing thrown.
      yield* eventually(() => Effect.runSync(alerts.stats).failed === 1, 8000)
      yield* eventually(() => bot.sent.length === 4, 8000)
      expect(bot.sent[3]).toEqual({
        chat_id: String(OWNER),
        parse_mode: "HTML",
        text: "🚨 <b>Kill switch activated</b>\ndashboard: checking the surfaces\n1 order(s) cancelled; stops kept"
      })
      yield* eventually(() => Effect.runSync(alerts.stats).failed === 2, 8000)
      expect(yield* alerts.stats).toMatchObject({ accepted: 2, delivered: 2, failed: 2 })

      const metrics = yield* fetchText(`${root}/metrics`)
      expect(metrics.status).toBe(200)
      expect(metrics.type).toContain("text/plain")
      expect(metrics.text).toContain('monitoring_alerts_total{outcome="delivered",channel="telegram"} 2')
      expect(metrics.text).toContain('monitoring_alerts_total{outcome="failed",channel="discord"} 2')

      // Closing the scope frees the port and stops the bot: a command sent afterwards is never fetched.
      yield* Scope.close(scope, Exit.void)
      expect(yield* portIsFree(port)).toBe(true)
      const callsAtClose = bot.calls.length
      bot.receive(OWNER, "/status")
      yield* Effect.sleep(Duration.millis(300))
      expect(bot.calls.length).toBe(callsAtClose)
      expect(bot.sent).toHaveLength(4)
    }).pipe(Effect.scoped)
  )

  it.scoped("starts nothing that is not enabled: no listener, alerts accepted and dropped", () =>
    Effect.gen(function* () {
      const port = yield* freePort
      const operator = testOperator()
      const config = testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_CHAT_ID: String(OWNER) },
        config: {
          monitoring: { telegram: { enabled: false }, daily_summary_enabled: false },
          dashboard: { enabled: false, port }
        }
      })
      const services = yield* Layer.build(
        OperatorSurfaces.pipe(
          Layer.provide(
            Layer.mergeAll(
              config,
              FetchHttpClient.layer,
              operator.layer,
              RepositoriesLive.pipe(
                Layer.provideMerge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
              )
            )
          )
        )
      )
      const sink = yield* Effect.provide(AlertSink, services)
      yield* sink.notify(TradingEvent.Resume({ detail: "nobody listens" }))
      expect(yield* Effect.flatMap(Effect.provide(Alerts, services), (alerts) => alerts.stats)).toMatchObject({
        accepted: 0,
        delivered: 0
      })
      expect(yield* portIsFree(port)).toBe(true)
      expect(operator.calls).toEqual([])
    })
  )
})
