import { createServer } from "node:http"
import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { ServeError } from "@effect/platform/HttpServerError"
import { NodeHttpServer } from "@effect/platform-node"
import { Clock, Duration, Effect, Either, Layer, type Option, type Redacted, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { healthOf } from "../monitoring/Health.ts"
import { monitoringRouter } from "../monitoring/MonitoringHttp.ts"
import { Operator, type OperatorError } from "../monitoring/OperatorPort.ts"
import type { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { authorize, isLoopbackHost } from "./DashboardAuth.ts"
import { equityView, ordersView, pnlView, positionsView, statusView, tradesView } from "./DashboardViews.ts"
import { EquityHistory } from "./EquityHistory.ts"
import { renderPage } from "./page/Page.ts"
import { recentDecisions } from "./RecentEvents.ts"

export interface DashboardOptions {
  /** Bearer token for POST /api/kill and /api/resume; none disables both (403). */
  readonly token: Option.Option<Redacted.Redacted<string>>
  /** No completed tick for this long makes health `degraded` (as /healthz). */
  readonly staleAfter: Duration.DurationInput
  /** How often the page polls the API. */
  readonly refreshSeconds: number
  /**
   * Answer only requests whose Host header names a loopback address: a web page the operator visits cannot then
   * read the API by pointing its own domain at 127.0.0.1 (DNS rebinding). Set when the server binds to loopback.
   */
  readonly loopbackOnly: boolean
}

const HOUR_MS = 3_600_000
const EQUITY_WINDOW_MS = 7 * 24 * HOUR_MS
const EQUITY_MAX_POINTS = 500
const EVENTS_WINDOW_MS = 24 * HOUR_MS
const EVENTS_LIMIT = 50
const TRADES_LIMIT = 20

const API_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" }

const json = (body: unknown, status = 200) => HttpServerResponse.unsafeJson(body, { status, headers: API_HEADERS })

/** A command the trading services could not answer is 503 with the reason; the page shows it and keeps polling. */
const orUnavailable = <R>(response: Effect.Effect<HttpServerResponse.HttpServerResponse, OperatorError, R>) =>
  Effect.catchTag(response, "OperatorError", (error) => Effect.succeed(json({ error: error.message }, 503)))

const answer = <A, R>(view: Effect.Effect<A, OperatorError, R>) => orUnavailable(Effect.map(view, (body) => json(body)))

const KillRequest = Schema.parseJson(
  Schema.Struct({ reason: Schema.optional(Schema.String.pipe(Schema.trimmed(), Schema.maxLength(200))) })
)
const decodeKillRequest = Schema.decodeUnknownEither(KillRequest)

/** Runs an acting command only for a request carrying the configured bearer token. */
const guarded = <R>(
  options: DashboardOptions,
  act: (
    request: HttpServerRequest.HttpServerRequest
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, OperatorError, R>
) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const access = authorize(options.token, request.headers.authorization)
    if (access === "disabled")
      return json({ error: "acting endpoints are disabled: no dashboard.token configured" }, 403)
    if (access === "unauthorized") {
      return json({ error: "missing or wrong bearer token" }, 401).pipe(
        HttpServerResponse.setHeader("www-authenticate", "Bearer")
      )
    }
    return yield* orUnavailable(act(request))
  })

/** The optional `{"reason": "..."}` body of a kill; an empty body is no reason, an unreadable one an error. */
const killRequest = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(
    Effect.either(request.text),
    Either.flatMap((text) => (text.trim() === "" ? Either.right({ reason: undefined }) : decodeKillRequest(text)))
  )

/** The dashboard's routes: the page, the JSON API, and /healthz and /metrics from the monitoring router. */
export const dashboardRouter = (options: DashboardOptions) => {
  const staleAfterMs = Duration.toMillis(options.staleAfter)
  const page = renderPage({ refreshSeconds: options.refreshSeconds })
  return HttpRouter.empty.pipe(
    HttpRouter.get(
      "/",
      Effect.succeed(
        HttpServerResponse.html(page.html).pipe(
          HttpServerResponse.setHeaders({ ...API_HEADERS, "content-security-policy": page.contentSecurityPolicy })
        )
      )
    ),
    HttpRouter.get(
      "/api/status",
      answer(
        Effect.gen(function* () {
          const status = yield* Effect.flatMap(Operator, (operator) => operator.status)
          const now = yield* Clock.currentTimeMillis
          return statusView(status, healthOf(status, now, staleAfterMs), now)
        })
      )
    ),
    HttpRouter.get("/api/positions", answer(Effect.flatMap(Operator, (o) => Effect.map(o.positions, positionsView)))),
    HttpRouter.get("/api/orders", answer(Effect.flatMap(Operator, (o) => Effect.map(o.orders, ordersView)))),
    HttpRouter.get(
      "/api/trades",
      answer(Effect.flatMap(Operator, (o) => Effect.map(o.trades(TRADES_LIMIT), tradesView)))
    ),
    HttpRouter.get("/api/pnl", answer(Effect.flatMap(Operator, (o) => Effect.map(o.pnl, pnlView)))),
    HttpRouter.get(
      "/api/equity",
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const range = { from: now - EQUITY_WINDOW_MS, to: now + 1 }
        const points = yield* Effect.flatMap(EquityHistory, (history) => history.series(range, EQUITY_MAX_POINTS))
        return json(equityView(points, range.from, now))
      })
    ),
    HttpRouter.get(
      "/api/events",
      Effect.map(recentDecisions(EVENTS_WINDOW_MS, EVENTS_LIMIT), (events) => json({ events }))
    ),
    HttpRouter.post(
      "/api/kill",
      guarded(options, (request) =>
        Effect.gen(function* () {
          const body = yield* killRequest(request)
          if (Either.isLeft(body))
            return json({ error: 'body must be JSON like {"reason": "..."} (≤ 200 characters)' }, 400)
          const reason = `dashboard: ${body.right.reason ?? "no reason given"}`
          const outcome = yield* Effect.flatMap(Operator, (operator) => operator.kill(reason))
          return json(outcome)
        })
      )
    ),
    HttpRouter.post(
      "/api/resume",
      guarded(options, () =>
        Effect.flatMap(Operator, (operator) => Effect.map(operator.resume, (outcome) => json(outcome)))
      )
    ),
    HttpRouter.concat(monitoringRouter({ staleAfter: options.staleAfter })),
    HttpRouter.use((app) =>
      options.loopbackOnly
        ? Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
            isLoopbackHost(request.headers.host ?? "")
              ? app
              : Effect.succeed(
                  json({ error: "the dashboard answers only to a loopback Host (127.0.0.1, localhost)" }, 403)
                )
          )
        : app
    )
  )
}

/** Serves the dashboard on the HttpServer provided (tests provide one on 127.0.0.1 port 0). */
export const layer = (options: DashboardOptions) => HttpServer.serve(dashboardRouter(options))

/**
 * The dashboard of the live process on `dashboard.host:dashboard.port` (127.0.0.1:8080 by default), or nothing when
 * `dashboard.enabled` is false. Health counts a tick as stale after three tick intervals.
 */
export const DashboardLive: Layer.Layer<
  never,
  ServeError,
  AppConfig | Operator | SystemEventRepository | EquityHistory
> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) => {
    const { enabled, host, port, token } = config.dashboard
    if (!enabled) return Layer.empty
    const tickSeconds = config.runtime.tick_interval_seconds
    const staleAfter = Duration.seconds(3 * tickSeconds)
    return layer({ token, staleAfter, refreshSeconds: 5, loopbackOnly: isLoopbackHost(host) }).pipe(
      HttpServer.withLogAddress,
      Layer.provide(NodeHttpServer.layer(createServer, { host, port }))
    )
  })
)
