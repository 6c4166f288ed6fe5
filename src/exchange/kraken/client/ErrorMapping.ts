import {
  AuthFailed,
  ExchangeDecodeError,
  InsufficientFunds,
  OrderNotFound,
  OrderRejected,
  RateLimited,
  Transient
} from "../../ExchangeErrors.ts"
import type { KrakenDecodeError } from "../wire/DecodeError.ts"
import { SpotRestError, UwsError } from "../wire/Errors.ts"

const RATE_LIMIT: ReadonlySet<string> = new Set([
  UwsError.rateLimitExceeded,
  UwsError.tooManyRequests,
  SpotRestError.rateLimitExceeded
])

const AUTH: ReadonlySet<string> = new Set([
  UwsError.invalidSession,
  UwsError.invalidPermissions,
  SpotRestError.invalidKey,
  SpotRestError.invalidSignature,
  SpotRestError.invalidNonce,
  SpotRestError.permissionDenied
])

const FUNDS: ReadonlySet<string> = new Set([UwsError.insufficientFunds, UwsError.insufficientMargin])

// Kraken's service-side failures: nothing was done, a later retry may work.
const TRANSIENT_PREFIXES = ["EService:", "EGeneral:Internal error", "EGeneral:Temporary lockout"]

/** How a venue error string maps onto the port's errors; anything unrecognised is the venue's own refusal. */
export const mapKrakenError = (
  operation: string,
  error: string,
  clientOrderId?: string
): RateLimited | AuthFailed | InsufficientFunds | OrderRejected | OrderNotFound | Transient => {
  const id = clientOrderId === undefined ? {} : { clientOrderId }
  if (RATE_LIMIT.has(error)) return new RateLimited({ operation, reason: error })
  if (AUTH.has(error)) return new AuthFailed({ operation, reason: error })
  if (FUNDS.has(error)) return new InsufficientFunds({ operation, ...id, reason: error })
  if (error === UwsError.unknownOrder)
    return new OrderNotFound({ operation, order: clientOrderId ?? "(by order id)", reason: error })
  if (TRANSIENT_PREFIXES.some((p) => error.startsWith(p))) return new Transient({ operation, reason: error })
  return new OrderRejected({ operation, ...id, reason: error })
}

/** A wire decode failure as the port's decode error, keeping the field path. */
export const fromWireDecode = (operation: string, e: KrakenDecodeError): ExchangeDecodeError =>
  new ExchangeDecodeError({ operation, source: e.source, field: e.path, detail: e.detail })
