import type { Redacted } from "effect"
import { Option } from "effect"
import { hmacSha512Base64, sha256, signaturesEqual } from "./Hmac.ts"

/** What a Spot REST private call signs: the URI path, the nonce digits and the exact body bytes sent. */
export interface SpotSignInput {
  /** Starts at `/0/private/...`, no host, no query. */
  readonly uriPath: string
  /** The same decimal string that appears as the `nonce` field inside `postBody`. */
  readonly nonce: string
  /** The body exactly as sent on the wire (form-urlencoded, or JSON text). */
  readonly postBody: string
}

/** `API-Sign` = base64(HMAC-SHA512(base64decode(secret), uriPath ‖ SHA256(nonce + postBody))). */
export const spotApiSign = (secret: Redacted.Redacted<string>, input: SpotSignInput): string =>
  hmacSha512Base64(secret, Buffer.concat([Buffer.from(input.uriPath, "utf8"), sha256(input.nonce + input.postBody)]))

/** True when `signature` is the `API-Sign` of `input`; a verifier must pass the raw body it received. */
export const verifySpotApiSign = (
  secret: Redacted.Redacted<string>,
  input: SpotSignInput,
  signature: string
): boolean => signaturesEqual(spotApiSign(secret, input), signature)

/** The form body a client sends: nonce first, then the other parameters in the given order (as ccxt does). */
export const spotFormBody = (nonce: string, params: ReadonlyArray<readonly [string, string]> = []): string =>
  new URLSearchParams([["nonce", nonce], ...params.map(([k, v]): [string, string] => [k, v])]).toString()

/** The nonce a received body carries, whether form-urlencoded or JSON; None when it has none. */
export const spotNonceOf = (postBody: string): Option.Option<string> => {
  if (postBody.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(postBody)
      const nonce = typeof parsed === "object" && parsed !== null ? Reflect.get(parsed, "nonce") : undefined
      return typeof nonce === "string" || typeof nonce === "number" ? Option.some(String(nonce)) : Option.none()
    } catch {
      return Option.none()
    }
  }
  return Option.fromNullable(new URLSearchParams(postBody).get("nonce"))
}
