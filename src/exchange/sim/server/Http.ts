import type { Redacted } from "effect"

/** What a route answers; `null` means never answer (the timeout fault). */
export interface HttpReply {
  readonly status: number
  readonly body: string
  readonly contentType?: string
}

export interface HttpRequest {
  readonly method: string
  /** Path with query, exactly as received. */
  readonly url: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** Raw body text (signatures are over these bytes). */
  readonly body: string
}

/** The one API key pair the server accepts, for both Spot (API-Sign) and Derivatives (Authent). */
export interface Credentials {
  readonly apiKey: string
  /** Base64, as Kraken issues secrets. */
  readonly apiSecret: Redacted.Redacted<string>
}

export const header = (request: HttpRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()]
  return typeof value === "string" ? value : value?.[0]
}

export const json = (status: number, body: string): HttpReply => ({ status, body, contentType: "application/json" })
