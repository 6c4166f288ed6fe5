import { Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import {
  spotApiSign,
  spotFormBody,
  spotNonceOf,
  verifySpotApiSign
} from "../../../../src/exchange/kraken/auth/SpotSign.ts"
import spot from "../fixtures/kraken-spot-auth-vectors.json" with { type: "json" }

const inputOf = (v: (typeof spot.vectors)[number]) => ({ uriPath: v.uri_path, nonce: v.nonce, postBody: v.post_body })

describe("Spot REST API-Sign", () => {
  it("covers all five published vectors", () => {
    expect(spot.vectors.map((v) => v.id)).toEqual([
      "kraken-doc-example",
      "wstoken-1",
      "wstoken-2",
      "addorder-limit",
      "addorder-flags-encoded"
    ])
  })

  for (const v of spot.vectors) {
    it(`reproduces ${v.id}`, () => {
      expect(spotApiSign(Redacted.make(v.api_secret), inputOf(v))).toBe(v.expected_api_sign)
    })

    it(`verifies ${v.id} and refuses a tampered request`, () => {
      const secret = Redacted.make(v.api_secret)
      const input = inputOf(v)
      expect(verifySpotApiSign(secret, input, v.expected_api_sign)).toBe(true)
      expect(verifySpotApiSign(secret, { ...input, postBody: `${input.postBody}&x=1` }, v.expected_api_sign)).toBe(
        false
      )
      expect(verifySpotApiSign(secret, { ...input, nonce: `${input.nonce}1` }, v.expected_api_sign)).toBe(false)
      expect(verifySpotApiSign(secret, { ...input, uriPath: "/0/private/Balance" }, v.expected_api_sign)).toBe(false)
      expect(verifySpotApiSign(secret, input, v.expected_api_sign.slice(0, -4))).toBe(false)
    })
  }

  it("refuses a signature made with another secret", () => {
    const [a, b] = spot.vectors
    if (a === undefined || b === undefined) throw new Error("vectors missing")
    expect(verifySpotApiSign(Redacted.make(b.api_secret), inputOf(a), a.expected_api_sign)).toBe(false)
  })

  it("builds the doc example's body with the nonce first", () => {
    const body = spotFormBody("1616492376594", [
      ["ordertype", "limit"],
      ["pair", "XBTUSD"],
      ["price", "37500"],
      ["type", "buy"],
      ["volume", "1.25"]
    ])
    expect(body).toBe(spot.vectors[0]?.post_body)
  })

  it("reads the nonce from form and JSON bodies", () => {
    for (const v of spot.vectors) expect(spotNonceOf(v.post_body)).toEqual(Option.some(v.nonce))
    expect(spotNonceOf("pair=XBTUSD")).toEqual(Option.none())
    expect(spotNonceOf("{not json")).toEqual(Option.none())
    expect(spotNonceOf('{"nonce":true}')).toEqual(Option.none())
  })

  it("keeps the secret out of logs", () => {
    const secret = Redacted.make(spot.vectors[0]?.api_secret ?? "")
    expect(String(secret)).not.toContain("kQH5")
    expect(JSON.stringify({ secret })).not.toContain("kQH5")
  })
})
