import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

export interface LoopbackRequest {
  readonly method: string
  readonly path: string
  readonly body: unknown
}

export type Handler = (request: LoopbackRequest, response: ServerResponse) => void

const readBody = (request: IncomingMessage): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("error", reject)
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8")
      try {
        resolve(text === "" ? undefined : JSON.parse(text))
      } catch {
        resolve(text)
      }
    })
  })

export const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

/** An HTTP server on 127.0.0.1 (ephemeral port) closed with the scope, hanging requests included. */
export const startLoopbackServer = (handler: Handler): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer((request, response) => {
            void readBody(request).then((body) =>
              handler({ method: request.method ?? "GET", path: request.url ?? "/", body }, response)
            )
          })
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
    ),
    (server) =>
      Effect.promise(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          })
      )
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))

/** Polls until `done` holds (real time: the servers live outside the fiber runtime). */
export const eventually = (done: () => boolean, timeoutMs = 5000): Effect.Effect<void> =>
  Effect.promise(
    () =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now()
        const check = () => {
          if (done()) resolve()
          else if (Date.now() - started > timeoutMs) reject(new Error(`condition not met within ${timeoutMs}ms`))
          else setTimeout(check, 10)
        }
        check()
      })
  )
