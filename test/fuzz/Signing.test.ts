import { FastCheck as fc, Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { type AuthentInput, authent, verifyAuthent } from "../../src/exchange/kraken/auth/FuturesSign.ts"
import {
  type SpotSignInput,
  spotApiSign,
  spotFormBody,
  spotNonceOf,
  verifySpotApiSign
} from "../../src/exchange/kraken/auth/SpotSign.ts"
import { FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }

const secret = fc
  .uint8Array({ minLength: 16, maxLength: 64 })
  .map((b) => Redacted.make(Buffer.from(b).toString("base64")))
const nonce = fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String)
const futuresInput = fc.record({
  postData: fc.string(),
  nonce: fc.oneof(nonce, fc.constant("")),
  endpointPath: fc.string()
})
const spotInput = fc.record({ uriPath: fc.string(), nonce, postBody: fc.string() })

/** A different string: one character changed, one added, or one removed. */
const mutated = (text: string) =>
  fc
    .tuple(fc.nat(), fc.constantFrom("change", "insert", "delete"), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([at, kind, c]) => {
      const i = text.length === 0 ? 0 : at % text.length
      if (kind === "insert" || text.length === 0) return text.slice(0, i) + c + text.slice(i)
      if (kind === "delete") return text.slice(0, i) + text.slice(i + 1)
      const replacement = c === text[i] ? `${c}x` : c
      return text.slice(0, i) + replacement + text.slice(i + 1)
    })
    .filter((m) => m !== text)

/**
 * A scheme's signer and verifier over inputs of type I, with a signature or one signed field of a random input
 * mutated: verify must refuse every such forgery and accept the untouched signature.
 */
const refusesForgeries = <I extends Record<K, string>, K extends string>(
  input: fc.Arbitrary<I>,
  fields: ReadonlyArray<K>,
  sign: (key: Redacted.Redacted<string>, input: I) => string,
  verify: (key: Redacted.Redacted<string>, input: I, signature: string) => boolean
) => {
  const forgery = fc
    .tuple(secret, input, fc.constantFrom<K | "signature">(...fields, "signature"))
    .chain(([key, signed, which]) => {
      const signature = sign(key, signed)
      return mutated(which === "signature" ? signature : signed[which]).map((changed) => ({
        key,
        signed,
        signature,
        forged:
          which === "signature"
            ? { input: signed, signature: changed }
            : { input: { ...signed, [which]: changed }, signature }
      }))
    })
  fc.assert(
    fc.property(forgery, ({ key, signed, signature, forged }) => {
      expect(verify(key, signed, signature)).toBe(true)
      expect(verify(key, forged.input, forged.signature)).toBe(false)
    }),
    run
  )
}

describe("Kraken signing under mutation and garbage", () => {
  it("Futures Authent: accepts its own signature, refuses any mutated signature or signed field", () => {
    refusesForgeries<AuthentInput, "postData" | "nonce" | "endpointPath">(
      futuresInput,
      ["postData", "nonce", "endpointPath"],
      authent,
      verifyAuthent
    )
  })

  it("Spot API-Sign: accepts its own signature, refuses any mutated signature or signed field", () => {
    refusesForgeries<SpotSignInput, "uriPath" | "nonce" | "postBody">(
      spotInput,
      ["uriPath", "nonce", "postBody"],
      spotApiSign,
      verifySpotApiSign
    )
  })

  it("refuses a signature made with another secret", () => {
    fc.assert(
      fc.property(secret, secret, futuresInput, (a, b, input) => {
        fc.pre(Redacted.value(a) !== Redacted.value(b))
        expect(verifyAuthent(b, input, authent(a, input))).toBe(false)
      }),
      run
    )
  })

  it("never throws on garbage secrets, signatures and bodies", () => {
    fc.assert(
      fc.property(fc.string(), futuresInput, spotInput, fc.string(), (garbageSecret, f, s, signature) => {
        const key = Redacted.make(garbageSecret)
        expect(typeof verifyAuthent(key, f, signature)).toBe("boolean")
        expect(typeof verifySpotApiSign(key, s, signature)).toBe("boolean")
        expect(Option.isOption(spotNonceOf(s.postBody))).toBe(true)
        expect(Option.isOption(spotNonceOf(`{${s.postBody}`))).toBe(true)
      }),
      run
    )
  })

  it("reads back the nonce of any form body it builds", () => {
    const params = fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 5 })
    fc.assert(
      fc.property(nonce, params, (n, p) => {
        expect(spotNonceOf(spotFormBody(n, p))).toEqual(Option.some(n))
        expect(
          spotNonceOf(JSON.stringify({ nonce: n, ...Object.fromEntries(p.filter(([k]) => k !== "nonce")) }))
        ).toEqual(Option.some(n))
      }),
      run
    )
  })
})
