import { Redacted } from "effect"
import { describe, expect, it } from "vitest"
import {
  authent,
  authentEndpointPath,
  authentInputOf,
  signChallenge,
  verifyAuthent
} from "../../../../src/exchange/kraken/auth/FuturesSign.ts"
import vectors from "../fixtures/kraken-auth-vectors.json" with { type: "json" }

type RestVector = (typeof vectors.rest)[number]

/** The request as it travels: GET carries postData in the query, POST in the form body. */
const requestOf = (v: RestVector) => ({
  requestPath: v.http_method === "GET" && v.postData !== "" ? `${v.request_path}?${v.postData}` : v.request_path,
  body: v.http_method === "GET" ? "" : v.postData,
  nonce: v.nonce_header_sent ? v.nonce : undefined
})

describe("Derivatives REST Authent", () => {
  it("covers all nine REST and two WebSocket vectors", () => {
    expect(vectors.rest).toHaveLength(9)
    expect(vectors.ws).toHaveLength(2)
  })

  for (const v of vectors.rest) {
    const secret = Redacted.make(v.api_secret)

    it(`reproduces ${v.id} from the vector's fields`, () => {
      expect(authent(secret, { postData: v.postData, nonce: v.nonce, endpointPath: v.endpointPath })).toBe(
        v.expected_authent
      )
    })

    it(`reproduces ${v.id} from the request as sent`, () => {
      const input = authentInputOf(requestOf(v))
      expect(input.endpointPath).toBe(v.endpointPath)
      expect(authent(secret, input)).toBe(v.expected_authent)
      expect(verifyAuthent(secret, input, v.expected_authent)).toBe(true)
    })

    it(`refuses ${v.id} signed over the /derivatives path or tampered`, () => {
      const input = authentInputOf(requestOf(v))
      if (v.wrong_authent_if_derivatives_prefix_kept !== null) {
        expect(authent(secret, { ...input, endpointPath: v.request_path })).toBe(
          v.wrong_authent_if_derivatives_prefix_kept
        )
        expect(verifyAuthent(secret, input, v.wrong_authent_if_derivatives_prefix_kept)).toBe(false)
      }
      expect(verifyAuthent(secret, { ...input, postData: `${input.postData}x` }, v.expected_authent)).toBe(false)
      expect(verifyAuthent(secret, { ...input, nonce: `${input.nonce}9` }, v.expected_authent)).toBe(false)
    })
  }

  it("signs a POST whose parameters travel in the query (ccxt) like one with a form body", () => {
    const v = vectors.rest.find((r) => r.id === "rest-4-post-sendorder-stop-no-nonce")
    if (v === undefined) throw new Error("vector missing")
    const input = authentInputOf({ requestPath: `${v.request_path}?${v.postData}`, body: "" })
    expect(authent(Redacted.make(v.api_secret), input)).toBe(v.expected_authent)
  })

  it("strips only a leading /derivatives and the query", () => {
    expect(authentEndpointPath("/derivatives/api/v3/sendorder")).toBe("/api/v3/sendorder")
    expect(authentEndpointPath("/derivatives/api/v3/fills?lastFillTime=x")).toBe("/api/v3/fills")
    expect(authentEndpointPath("/api/history/v2/orders?since=1")).toBe("/api/history/v2/orders")
    expect(authentEndpointPath("/derivativesx/api/v3/x")).toBe("/derivativesx/api/v3/x")
  })

  for (const v of vectors.ws) {
    it(`reproduces WebSocket v1 ${v.id} signed_challenge`, () => {
      expect(signChallenge(Redacted.make(v.api_secret), v.challenge)).toBe(v.expected_signed_challenge)
    })
  }
})
