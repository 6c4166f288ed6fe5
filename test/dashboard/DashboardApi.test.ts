import { request } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, TestClock } from "effect"
import { Order } from "../../src/domain/Order.ts"
import { Position } from "../../src/domain/Position.ts"
import { btcLong, btcStop } from "../monitoring/OperatorFixtures.ts"
import { baseUrl, dashboardServer, EQUITY_SNAPSHOTS, GET_PATHS, HOUR, NOW, TOKEN } from "./DashboardFixtures.ts"

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly body: unknown
}

const call = (path: string, init: RequestInit = {}) =>
  Effect.gen(function* () {
    const url = `${yield* baseUrl}${path}`
    const response = yield* Effect.promise(() => fetch(url, init))
    const text = yield* Effect.promise(() => response.text())
    const isJson = response.headers.get("content-type")?.startsWith("application/json") === true
    return { status: response.status, headers: response.headers, text, body: isJson ? JSON.parse(text) : undefined }
  })

const post = (path: string, headers: Record<string, string> = {}, body?: string) =>
  call(path, { method: "POST", headers, ...(body === undefined ? {} : { body }) })

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe("dashboard JSON API over HTTP", () => {
  it.effect("answers the status with health and the server's time", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const answer = yield* call("/api/status")
      expect(answer.status).toBe(200)
      expect(answer.headers.get("cache-control")).toBe("no-store")
      expect(answer.body).toEqual({
        serverTime: NOW,
        mode: "paper",
        safetyLevel: "ACTIVE",
        killSwitch: { active: false },
        equity: "10250.5",
        availableMargin: "7500",
        marginUsage: 0.268,
        openPositions: 1,
        openOrders: 1,
        lastTickAt: NOW - 30_000,
        startedAt: NOW - 26 * HOUR,
        health: { status: "ready", reasons: [], safetyLevel: "ACTIVE", killSwitch: false, lastTickAt: NOW - 30_000 }
      })
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("answers positions with stops and take-profits, and orders, as exact decimal strings", () =>
    Effect.gen(function* () {
      const positions = yield* call("/api/positions")
      expect(positions.status).toBe(200)
      expect(positions.body).toMatchObject({
        positions: [{ symbol: "BTC/USD", side: "long", stopPrice: "63000", tp1Price: "66000", tp2Price: "68000" }]
      })
      const decoded = Schema.decodeUnknownSync(Schema.Struct({ positions: Schema.Array(Position) }))(positions.body)
      expect(decoded.positions[0]?.stopPrice.equals(btcLong.stopPrice)).toBe(true)
      const orders = yield* call("/api/orders")
      const decodedOrders = Schema.decodeUnknownSync(Schema.Struct({ orders: Schema.Array(Order) }))(orders.body)
      expect(decodedOrders.orders.map((o) => o.clientOrderId)).toEqual([btcStop.clientOrderId])
      expect(orders.body).toMatchObject({ orders: [{ type: "stop", triggerPrice: "63000", reduceOnly: true }] })
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("answers trades (last 20) and P&L", () => {
    const server = dashboardServer()
    return Effect.gen(function* () {
      const trades = yield* call("/api/trades")
      expect(trades.body).toMatchObject({ trades: [{ symbol: "ETH/USD", netPnl: "-205", exitReason: "stop_loss" }] })
      expect(server.calls).toContain("trades:20")
      const pnl = yield* call("/api/pnl")
      expect(pnl.body).toEqual({
        equity: "10250.5",
        realizedToday: "-205",
        unrealized: "500",
        realizedTotal: "250.5",
        tradesToday: 1,
        winsToday: 0
      })
    }).pipe(Effect.provide(server.layer))
  })

  it.effect("answers the equity series of the last 7 days from account_state, oldest first", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const answer = yield* call("/api/equity")
      expect(answer.status).toBe(200)
      const inWindow = EQUITY_SNAPSHOTS.filter((s) => s.timestamp >= NOW - 7 * 24 * HOUR)
      expect(inWindow).toHaveLength(EQUITY_SNAPSHOTS.length - 1)
      expect(answer.body).toEqual({
        from: NOW - 7 * 24 * HOUR,
        to: NOW,
        points: inWindow.map((s) => ({ timestamp: s.timestamp, equity: s.equity.toString() }))
      })
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("answers the last day's signals and decisions with reasons, newest first", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const answer = yield* call("/api/events")
      expect(answer.body).toEqual({
        events: [
          {
            timestamp: NOW - HOUR,
            type: "decision_trace",
            symbol: "ETH/USD",
            decisionId: null,
            outcome: "SCORE_BELOW_THRESHOLD",
            score: 48,
            threshold: 60,
            levels: null,
            reasons: ["score 48.0 below threshold 60.0"]
          },
          {
            timestamp: NOW - 2 * HOUR,
            type: "signal_generated",
            symbol: "SOL/USD",
            decisionId: null,
            outcome: "long",
            score: 71.5,
            threshold: null,
            levels: { entry: "142.5", stop: "138.2", takeProfit: "151.9" },
            reasons: ["bullish order block retested", "price in OTE zone"]
          }
        ]
      })
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("serves the page self-contained, with a CSP that allows only its own inline script and style", () =>
    Effect.gen(function* () {
      const page = yield* call("/")
      expect(page.status).toBe(200)
      expect(page.headers.get("content-type")).toContain("text/html")
      const csp = page.headers.get("content-security-policy") ?? ""
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/)
      expect(csp).toContain("connect-src 'self'")
      expect(page.text).toContain('<body data-refresh-ms="1000">')
      // No external assets: every src/href is a data: URL, and no absolute http(s) URL appears.
      expect(page.text.match(/\b(?:src|href)="(?!data:)/g)).toBeNull()
      expect(page.text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("mounts /healthz and /metrics, and answers 404 elsewhere", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const health = yield* call("/healthz")
      expect(health.status).toBe(200)
      expect(health.body).toMatchObject({ status: "ready" })
      const metrics = yield* call("/metrics")
      expect(metrics.status).toBe(200)
      expect(metrics.headers.get("content-type")).toContain("text/plain; version=0.0.4")
      expect((yield* call("/api/nope")).status).toBe(404)
    }).pipe(Effect.provide(dashboardServer().layer))
  )

  it.effect("answers 503 with the reason when the operator cannot answer", () =>
    Effect.gen(function* () {
      for (const path of ["/api/status", "/api/positions", "/api/orders", "/api/trades", "/api/pnl"]) {
        const answer = yield* call(path)
        expect(answer.status, path).toBe(503)
        expect((answer.body as { error: string }).error, path).toMatch(/failed: exchange unreachable$/)
      }
      expect((yield* call("/healthz")).status).toBe(503)
      expect((yield* call("/api/equity")).status).toBe(200)
    }).pipe(Effect.provide(dashboardServer({ failing: true }).layer))
  )
})

/** A GET with a chosen Host header (fetch does not let a caller set Host). */
const getWithHost = (path: string, host: string) =>
  Effect.gen(function* () {
    const url = new URL(`${yield* baseUrl}${path}`)
    return yield* Effect.async<{ status: number; body: string }>((resume) => {
      const outgoing = request({ host: url.hostname, port: url.port, path, headers: { host } }, (response) => {
        let body = ""
        response.setEncoding("utf8")
        response.on("data", (chunk: string) => {
          body += chunk
        })
        response.on("end", () => resume(Effect.succeed({ status: response.statusCode ?? 0, body })))
      })
      outgoing.end()
    })
  })

describe("Host check (DNS rebinding)", () => {
  it.effect("answers loopback Host names and refuses any other with 403", () =>
    Effect.gen(function* () {
      for (const host of ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "127.0.0.2"]) {
        expect((yield* getWithHost("/api/positions", host)).status, host).toBe(200)
      }
      for (const host of [
        "attacker.example:8080",
        "127.0.0.1.attacker.example",
        "localhost.attacker.example",
        "10.0.0.5"
      ]) {
        const answer = yield* getWithHost("/api/positions", host)
        expect(answer.status, host).toBe(403)
        expect(answer.body).not.toContain("BTC/USD")
      }
      expect((yield* getWithHost("/", "attacker.example")).status).toBe(403)
    }).pipe(Effect.provide(dashboardServer().layer))
  )
})

describe("acting endpoints", () => {
  it.effect("are disabled (403) when no token is configured, whatever the request carries", () => {
    const server = dashboardServer()
    return Effect.gen(function* () {
      for (const path of ["/api/kill", "/api/resume"]) {
        const answer = yield* post(path, bearer(TOKEN))
        expect(answer.status).toBe(403)
        expect(answer.body).toEqual({ error: "acting endpoints are disabled: no dashboard.token configured" })
      }
      expect(server.calls.filter((c) => c.startsWith("kill") || c === "resume")).toEqual([])
    }).pipe(Effect.provide(server.layer))
  })

  it.effect("refuse a missing or wrong bearer token with 401", () => {
    const server = dashboardServer({ token: TOKEN })
    return Effect.gen(function* () {
      for (const headers of [
        {},
        bearer("wrong"),
        bearer(`${TOKEN}x`),
        { authorization: TOKEN },
        { authorization: `Basic ${TOKEN}` }
      ]) {
        const answer = yield* post("/api/kill", headers)
        expect(answer.status).toBe(401)
        expect(answer.headers.get("www-authenticate")).toBe("Bearer")
      }
      expect((yield* post("/api/resume")).status).toBe(401)
      expect((yield* call("/api/kill")).status).toBe(404)
      expect(server.calls.filter((c) => c.startsWith("kill") || c === "resume")).toEqual([])
    }).pipe(Effect.provide(server.layer))
  })

  it.effect(
    "kill with the token: activates the switch with the reason; status and health show it; resume clears it",
    () => {
      const server = dashboardServer({ token: TOKEN })
      return Effect.gen(function* () {
        yield* TestClock.setTime(NOW)
        const kill = yield* post("/api/kill", bearer(TOKEN), JSON.stringify({ reason: "manual check" }))
        expect(kill.status).toBe(200)
        expect(kill.body).toEqual({ alreadyActive: false, cancelledOrders: 2 })
        expect(server.calls).toContain("kill:dashboard: manual check")
        const status = yield* call("/api/status")
        expect(status.body).toMatchObject({
          killSwitch: { active: true, reason: "dashboard: manual check", since: NOW },
          health: { status: "halted" }
        })
        const again = yield* post("/api/kill", bearer(TOKEN))
        expect(again.body).toEqual({ alreadyActive: true, cancelledOrders: 0 })
        expect(server.calls).toContain("kill:dashboard: no reason given")
        const resume = yield* post("/api/resume", bearer(TOKEN))
        expect(resume.status).toBe(200)
        expect(resume.body).toEqual({ resumed: true, detail: "safety ACTIVE" })
        expect(yield* call("/api/status")).toMatchObject({ body: { killSwitch: { active: false } } })
      }).pipe(Effect.provide(server.layer))
    }
  )

  it.effect("kill refuses a malformed body with 400 and does not act", () => {
    const server = dashboardServer({ token: TOKEN })
    return Effect.gen(function* () {
      for (const body of ["not json", JSON.stringify({ reason: 42 }), JSON.stringify({ reason: "x".repeat(201) })]) {
        const answer = yield* post("/api/kill", bearer(TOKEN), body)
        expect(answer.status, body).toBe(400)
      }
      expect(server.calls.filter((c) => c.startsWith("kill"))).toEqual([])
    }).pipe(Effect.provide(server.layer))
  })

  it.effect("never echo the token in any response", () => {
    const server = dashboardServer({ token: TOKEN })
    return Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const answers: Array<Answer> = []
      for (const path of GET_PATHS) answers.push(yield* call(path))
      answers.push(yield* post("/api/kill", bearer("wrong")))
      answers.push(yield* post("/api/kill", bearer(TOKEN), JSON.stringify({ reason: "secret check" })))
      answers.push(yield* post("/api/resume", bearer(TOKEN)))
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 200, 200])
      for (const answer of answers) {
        expect(answer.text).not.toContain(TOKEN)
        expect([...answer.headers.values()].join("\n")).not.toContain(TOKEN)
      }
    }).pipe(Effect.provide(server.layer))
  })
})
