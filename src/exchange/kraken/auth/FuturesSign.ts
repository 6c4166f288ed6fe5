import type { Redacted } from "effect"
import { hmacSha512Base64, sha256, signaturesEqual } from "./Hmac.ts"

/** What a Derivatives REST v3 private call signs (kraken-api.md §2). */
export interface AuthentInput {
  /** Parameters exactly as on the wire, no leading `?` (query string and/or form body). */
  readonly postData: string
  /** The `Nonce` header value, or "" when no `Nonce` header is sent. */
  readonly nonce: string
  /** The URL path without the `/derivatives` prefix and without the query, e.g. `/api/v3/sendorder`. */
  readonly endpointPath: string
}

/** An HTTP request as sent or received, before its Authent is computed. */
export interface AuthentRequest {
  /** Path with optional query, e.g. `/derivatives/api/v3/fills?lastFillTime=...`. */
  readonly requestPath: string
  /** Raw form body ("" for GET or for a POST that carries its parameters in the query). */
  readonly body: string
  readonly nonce?: string | undefined
}

const DERIVATIVES_PREFIX = "/derivatives"

/** Drops the query and a leading `/derivatives`; other private surfaces (`/api/history/...`) sign their path as-is. */
export const authentEndpointPath = (requestPath: string): string => {
  const path = requestPath.split("?", 1)[0] ?? ""
  return path.startsWith(`${DERIVATIVES_PREFIX}/`) ? path.slice(DERIVATIVES_PREFIX.length) : path
}

/**
 * The signed parameter string: the raw query followed by the raw body. GET carries only a query; a POST may carry
 * its parameters in the query (ccxt), in the form body (api-go, python-kraken-sdk) or both, and Kraken accepts all.
 */
export const authentInputOf = (request: AuthentRequest): AuthentInput => {
  const queryStart = request.requestPath.indexOf("?")
  const query = queryStart < 0 ? "" : request.requestPath.slice(queryStart + 1)
  return {
    postData: query + request.body,
    nonce: request.nonce ?? "",
    endpointPath: authentEndpointPath(request.requestPath)
  }
}

/** `Authent` = base64(HMAC-SHA512(base64decode(secret), SHA256(postData + nonce + endpointPath))). */
export const authent = (secret: Redacted.Redacted<string>, input: AuthentInput): string =>
  hmacSha512Base64(secret, sha256(input.postData + input.nonce + input.endpointPath))

/** True when `signature` is the `Authent` of `input`; a verifier must hash the raw bytes it received. */
export const verifyAuthent = (secret: Redacted.Redacted<string>, input: AuthentInput, signature: string): boolean =>
  signaturesEqual(authent(secret, input), signature)

/** Derivatives WebSocket v1 `signed_challenge`: the Authent scheme over the challenge UUID alone. */
export const signChallenge = (secret: Redacted.Redacted<string>, challenge: string): string =>
  hmacSha512Base64(secret, sha256(challenge))
