import { HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { Clock, Duration, Effect, Metric } from "effect"
import { healthOf, httpStatusOf } from "./Health.ts"
import { Operator } from "./OperatorPort.ts"
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "./Prometheus.ts"

export interface MonitoringHttpOptions {
  /** No completed tick for this long makes /healthz `degraded` (a few tick intervals). */
  readonly staleAfter: Duration.DurationInput
}

/** GET /healthz (JSON: ready | degraded | halted) and GET /metrics (Prometheus text); the dashboard mounts these. */
export const monitoringRouter = (options: MonitoringHttpOptions) =>
  HttpRouter.empty.pipe(
    HttpRouter.get(
      "/healthz",
      Effect.gen(function* () {
        const operator = yield* Operator
        const now = yield* Clock.currentTimeMillis
        return yield* operator.status.pipe(
          Effect.map((status) => {
            const health = healthOf(status, now, Duration.toMillis(options.staleAfter))
            return HttpServerResponse.unsafeJson(health, { status: httpStatusOf(health) })
          }),
          Effect.catchAll((error) =>
            Effect.succeed(
              HttpServerResponse.unsafeJson({ status: "unavailable", reasons: [error.message] }, { status: 503 })
            )
          )
        )
      })
    ),
    HttpRouter.get(
      "/metrics",
      Effect.map(Metric.snapshot, (pairs) =>
        HttpServerResponse.text(renderPrometheus(pairs), { contentType: PROMETHEUS_CONTENT_TYPE })
      )
    )
  )

/** Serves the monitoring routes on the HttpServer provided (e.g. NodeHttpServer.layer on the dashboard's host/port). */
export const layer = (options: MonitoringHttpOptions) => HttpServer.serve(monitoringRouter(options))
