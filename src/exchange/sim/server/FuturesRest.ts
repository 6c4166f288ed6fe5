import { authentInputOf, verifyAuthent } from "../../kraken/auth/FuturesSign.ts"
import { FuturesRestError } from "../../kraken/wire/futures/FuturesResponse.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import type { SimVenue } from "../SimVenue.ts"
import { batchOrder } from "./FuturesBatch.ts"
import { futuresLeveragePreferences, setLeveragePreference } from "./FuturesLeverage.ts"
import { cancelAfter, cancelEvery, cancelOne, editOrder, futuresError, sendOrder } from "./FuturesOrders.ts"
import {
  futuresAccounts,
  futuresFills,
  futuresInstruments,
  futuresOpenOrders,
  futuresOpenPositions,
  futuresTickers
} from "./FuturesQueries.ts"
import { type Credentials, type HttpReply, type HttpRequest, header } from "./Http.ts"
import type { NonceGuard } from "./SpotRest.ts"

const PREFIX = "/derivatives/api/v3/"
const PUBLIC = new Set(["instruments", "tickers"])

/** APIKey, then Authent over the raw query + body, then the optional Nonce, as Kraken checks them. */
const authError = (request: HttpRequest, credentials: Credentials, nonces: NonceGuard): string | undefined => {
  const nonce = header(request, "Nonce")
  if (header(request, "APIKey") !== credentials.apiKey) return FuturesRestError.authenticationError
  const input = authentInputOf({ requestPath: request.url, body: request.body, nonce })
  if (!verifyAuthent(credentials.apiSecret, input, header(request, "Authent") ?? "")) {
    return FuturesRestError.authenticationError
  }
  // Nonces are optional on v3; when sent they must increase per key (kraken-api.md §2)
  if (nonce === undefined) return undefined
  return nonces.accept(credentials.apiKey, nonce) ? undefined : FuturesRestError.nonceBelowThreshold
}

/** Query and form body together: v3 clients put parameters in either (ccxt: query, others: body). */
const paramsOf = (request: HttpRequest): URLSearchParams =>
  new URLSearchParams([...request.query, ...new URLSearchParams(request.body)])

/** Derivatives REST v3 under `/derivatives/api/v3/`. */
export interface DerivativesContext {
  readonly venue: SimVenue
  readonly credentials: Credentials
  readonly faults: FaultInjector
  /** Nonces seen on v3 (kept apart from Spot's: Kraken keys are per API). */
  readonly nonces: NonceGuard
}

export const routeDerivatives = (request: HttpRequest, context: DerivativesContext): HttpReply => {
  const { venue, credentials, faults } = context
  if (!request.path.startsWith(PREFIX)) return futuresError(venue, FuturesRestError.notFound, 404)
  const endpoint = request.path.slice(PREFIX.length)
  if (endpoint === "instruments") return futuresInstruments(venue)
  if (endpoint === "tickers") return futuresTickers(venue)
  if (!PUBLIC.has(endpoint)) {
    const error = authError(request, credentials, context.nonces)
    if (error !== undefined) return futuresError(venue, error)
  }
  const params = paramsOf(request)
  switch (`${request.method} ${endpoint}`) {
    case "GET accounts":
      return futuresAccounts(venue)
    case "GET openpositions":
      return futuresOpenPositions(venue)
    case "GET openorders":
      return futuresOpenOrders(venue)
    case "GET fills":
      return futuresFills(venue, params.get("lastFillTime"))
    case "GET leveragepreferences":
      return futuresLeveragePreferences(venue)
    case "PUT leveragepreferences":
      return setLeveragePreference(venue, params)
    case "POST sendorder":
      return sendOrder(venue, faults, params)
    case "POST editorder":
      return editOrder(venue, params)
    case "POST cancelorder":
      return cancelOne(venue, params)
    case "POST cancelallorders":
      return cancelEvery(venue, params)
    case "POST cancelallordersafter":
      return cancelAfter(venue, params)
    case "POST batchorder":
      return batchOrder(venue, faults, params)
    default:
      return futuresError(venue, FuturesRestError.notFound, 404)
  }
}
