import { Effect, Option, Redacted, type Scope } from "effect"
import { verifySpotApiSign } from "../../../src/exchange/kraken/auth/SpotSign.ts"
import { SpotRestError } from "../../../src/exchange/kraken/wire/Errors.ts"
import { type LoopbackRequest, type LoopbackResponse, loopbackHttpServer } from "./HttpServer.ts"

export const TEST_API_KEY = "test-api-key"
// Random bytes, base64: not a real key.
export const TEST_API_SECRET = Redacted.make(
  Buffer.from("loopback-secret-for-tests-only-0123456789").toString("base64")
)

/** An OHLC row as Kraken sends it: [time, open, high, low, close, vwap, volume, count]. */
export type OhlcRow = readonly [number, string, string, string, string, string, string, number]

export interface SpotScript {
  /** Rows per pair name (the canonical key of the result). */
  readonly ohlc?: Readonly<Record<string, ReadonlyArray<OhlcRow>>>
  /** Rows returned per call after `since` (Kraken: 720). */
  readonly ohlcPageSize?: number
  readonly assetPairs?: unknown
  readonly ticker?: unknown
  /** Answer every call to this path with this status and body instead. */
  readonly override?: Readonly<Record<string, LoopbackResponse>>
}

export interface SpotRestServer {
  readonly url: string
  /** Every request received, in order. */
  readonly requests: ReadonlyArray<LoopbackRequest>
  /** Nonces accepted on GetWebSocketsToken, in order. */
  readonly nonces: ReadonlyArray<bigint>
  readonly tokensIssued: () => number
}

const ok = (result: unknown): LoopbackResponse => ({ status: 200, body: JSON.stringify({ error: [], result }) })
const err = (...errors: Array<string>): LoopbackResponse => ({ status: 200, body: JSON.stringify({ error: errors }) })

/** A Kraken Spot REST stand-in that checks API-Sign and nonce order exactly as Kraken does. */
export const spotRestServer = (script: SpotScript = {}): Effect.Effect<SpotRestServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const requests: Array<LoopbackRequest> = []
    const nonces: Array<bigint> = []
    let tokens = 0

    const token = (r: LoopbackRequest): LoopbackResponse => {
      if (r.headers["api-key"] !== TEST_API_KEY) return err(SpotRestError.invalidKey)
      const nonce = Option.getOrUndefined(Option.fromNullable(new URLSearchParams(r.body).get("nonce")))
      if (nonce === undefined) return err(SpotRestError.invalidArguments)
      const signed = verifySpotApiSign(
        TEST_API_SECRET,
        { uriPath: r.path, nonce, postBody: r.body },
        r.headers["api-sign"] ?? ""
      )
      if (!signed) return err(SpotRestError.invalidSignature)
      const last = nonces[nonces.length - 1]
      if (last !== undefined && BigInt(nonce) <= last) return err(SpotRestError.invalidNonce)
      nonces.push(BigInt(nonce))
      tokens++
      return ok({ token: `token-${tokens}`, expires: 900 })
    }

    const ohlc = (r: LoopbackRequest): LoopbackResponse => {
      const pair = r.query.get("pair") ?? ""
      const rows = script.ohlc?.[pair]
      if (rows === undefined) return err(SpotRestError.unknownAssetPair)
      const since = Number(r.query.get("since") ?? "0")
      const page = rows.filter((row) => row[0] > since).slice(0, script.ohlcPageSize ?? 720)
      const last = page[page.length - 1]?.[0] ?? since
      return ok({ [pair]: page, last })
    }

    /** Where `assetPairs` is scripted, a Ticker request naming a pair it lacks fails whole, as on Kraken. */
    const ticker = (r: LoopbackRequest): LoopbackResponse => {
      const pairs = script.assetPairs as Readonly<Record<string, { readonly altname?: string }>> | undefined
      const known = new Set(Object.entries(pairs ?? {}).flatMap(([name, pair]) => [name, pair.altname]))
      const asked = (r.query.get("pair") ?? "").split(",").filter((pair) => pair.length > 0)
      if (pairs !== undefined && asked.some((pair) => !known.has(pair))) return err(SpotRestError.unknownAssetPair)
      return ok(script.ticker ?? {})
    }

    const handle = (r: LoopbackRequest): LoopbackResponse => {
      requests.push(r)
      const forced = script.override?.[r.path]
      if (forced !== undefined) return forced
      switch (r.path) {
        case "/0/private/GetWebSocketsToken":
          return token(r)
        case "/0/public/OHLC":
          return ohlc(r)
        case "/0/public/AssetPairs":
          return ok(script.assetPairs ?? {})
        case "/0/public/Ticker":
          return ticker(r)
        default:
          return { status: 404, body: "{}" }
      }
    }

    const { url } = yield* loopbackHttpServer(handle)
    return { url, requests, nonces, tokensIssued: () => tokens }
  })
