import { createHash } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Option, Redacted, Schema } from "effect"
import { authorize } from "../../src/dashboard/DashboardAuth.ts"
import { thin } from "../../src/dashboard/EquityHistory.ts"
import { renderPage } from "../../src/dashboard/page/Page.ts"
import { summarizeEvent } from "../../src/dashboard/RecentEvents.ts"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import { NOW } from "./DashboardFixtures.ts"

describe("authorize", () => {
  const token = Option.some(Redacted.make("s3cret-token"))

  it("is disabled without a configured token, whatever the header", () => {
    expect(authorize(Option.none(), "Bearer s3cret-token")).toBe("disabled")
    expect(authorize(Option.none(), undefined)).toBe("disabled")
  })

  it("grants only `Bearer <token>` with the exact token", () => {
    expect(authorize(token, "Bearer s3cret-token")).toBe("granted")
    expect(authorize(token, "bearer   s3cret-token ")).toBe("granted")
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer s3cret-toke",
      "Bearer s3cret-token2",
      "s3cret-token",
      "Basic s3cret-token",
      "Bearer s3cret-token extra"
    ]) {
      expect(authorize(token, header), String(header)).toBe("unauthorized")
    }
  })
})

describe("thin", () => {
  const points = Array.from({ length: 1001 }, (_, i) => i)

  it("keeps short series whole", () => {
    expect(thin(points.slice(0, 10), 10)).toEqual(points.slice(0, 10))
  })

  it("keeps every step-th point and the last, within the limit", () => {
    const kept = thin(points, 100)
    expect(kept.length).toBeLessThanOrEqual(101)
    expect(kept[0]).toBe(0)
    expect(kept[1]).toBe(11)
    expect(kept[kept.length - 1]).toBe(1000)
    expect(thin(points.slice(0, 11), 5)).toEqual([0, 3, 6, 9, 10])
  })
})

describe("summarizeEvent", () => {
  it("shows no details it does not know, and names the outcome by type", () => {
    const event = Schema.decodeUnknownSync(SystemEvent)({
      timestamp: NOW,
      eventType: "decision_trace",
      symbol: "BTC/USD",
      decisionId: "d-1",
      details: { apiKey: "should-not-show", reasoning: "not a list" }
    })
    expect(summarizeEvent({ ...event, eventType: "decision_trace" })).toEqual({
      timestamp: NOW,
      type: "decision_trace",
      symbol: "BTC/USD",
      decisionId: "d-1",
      outcome: "no signal",
      score: null,
      threshold: null,
      levels: null,
      reasons: []
    })
  })
})

describe("renderPage", () => {
  it("puts the refresh interval on the body and hashes exactly the inline script and style into the CSP", () => {
    const page = renderPage({ refreshSeconds: 2.5 })
    expect(page.html).toContain('<body data-refresh-ms="2500">')
    const script = /<script>([\s\S]*)<\/script>/.exec(page.html)?.[1] ?? ""
    const style = /<style>([\s\S]*)<\/style>/.exec(page.html)?.[1] ?? ""
    const hash = (text: string) => createHash("sha256").update(text).digest("base64")
    expect(page.contentSecurityPolicy).toContain(`script-src 'sha256-${hash(script)}'`)
    expect(page.contentSecurityPolicy).toContain(`style-src 'sha256-${hash(style)}'`)
    expect(page.contentSecurityPolicy).toContain("default-src 'none'")
  })
})
