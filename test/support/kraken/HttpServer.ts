import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

/** A request as a loopback handler sees it: raw body bytes as text, lower-case header names. */
export interface LoopbackRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
}

export interface LoopbackResponse {
  readonly status: number
  readonly body: string
}

const headerValue = (v: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof v === "string" ? v : v?.[0]

const readRequest = (req: IncomingMessage): Promise<LoopbackRequest> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("error", reject)
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1")
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, headerValue(v)]))
      resolve({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.concat(chunks).toString("utf8")
      })
    })
  })

/** An HTTP server on 127.0.0.1 (ephemeral port) answering with `handle`; closed with the scope. */
export const loopbackHttpServer = (
  handle: (request: LoopbackRequest) => LoopbackResponse
): Effect.Effect<{ readonly url: string }, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly close: () => Promise<void> }>((resume) => {
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        readRequest(req).then(
          (request) => {
            const response = handle(request)
            res.writeHead(response.status, { "content-type": "application/json" }).end(response.body)
          },
          () => res.writeHead(400).end()
        )
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(
          Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            close: () =>
              new Promise<void>((done) => {
                server.closeAllConnections()
                server.close(() => done())
              })
          })
        )
      })
    }),
    (s) => Effect.promise(s.close)
  )
