import { createServer } from "node:http"
import { FetchHttpClient, HttpClient, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { expect } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as MonitoringHttp from "../../src/monitoring/MonitoringHttp.ts"
import type { Operator } from "../../src/monitoring/OperatorPort.ts"

export const STALE_MS = 180_000

/** /healthz and /metrics on a real Node server at 127.0.0.1, port chosen by the OS. */
export const serveMonitoring = (operator: Layer.Layer<Operator>) =>
  MonitoringHttp.layer({ staleAfter: STALE_MS }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })),
    Layer.provide(operator)
  )

/** GET `path` from the server in context, over loopback HTTP. */
export const fetchPath = (path: string) =>
  HttpServer.addressWith((address) =>
    Effect.gen(function* () {
      expect(address._tag).toBe("TcpAddress")
      const port = address._tag === "TcpAddress" ? address.port : 0
      const response = yield* HttpClient.get(`http://127.0.0.1:${port}${path}`)
      return { status: response.status, headers: response.headers, body: yield* response.text }
    })
  ).pipe(Effect.provide(FetchHttpClient.layer))
