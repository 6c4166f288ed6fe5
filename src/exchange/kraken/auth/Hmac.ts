import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import { Redacted } from "effect"

/** Raw SHA-256 digest (32 bytes, not hex) of a UTF-8 string: both Kraken schemes hash the bytes. */
export const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

/** base64(HMAC-SHA512(base64decode(secret), message)): the last step of every Kraken signature. */
export const hmacSha512Base64 = (secret: Redacted.Redacted<string>, message: Buffer): string =>
  createHmac("sha512", Buffer.from(Redacted.value(secret), "base64"))
    .update(message)
    .digest("base64")

/** Constant-time comparison of two base64 signatures; a length mismatch is simply unequal. */
export const signaturesEqual = (expected: string, received: string): boolean => {
  const a = Buffer.from(expected, "utf8")
  const b = Buffer.from(received, "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}
