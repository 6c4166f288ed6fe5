import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import type { Page } from "playwright-core"
import { baseUrl, dashboardServer, NOW, TOKEN } from "./DashboardFixtures.ts"
import { headlessChromium } from "./HeadlessChromium.ts"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)
const suite = "dashboard page in headless Chromium"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "dashboard-shot-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A page of the dashboard, with every console error and uncaught exception collected (CSP violations among them). */
const openDashboard = Effect.gen(function* () {
  const browser = yield* headlessChromium(CHROMIUM)
  const page = yield* Effect.promise(() => browser.newPage({ viewport: { width: 1280, height: 900 } }))
  const errors: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text())
  })
  page.on("pageerror", (error) => errors.push(error.message))
  const url = `${yield* baseUrl}/`
  yield* Effect.promise(() => page.goto(url))
  yield* Effect.promise(() => page.waitForSelector("body[data-loaded=true]", { timeout: 15_000 }))
  return { page, errors }
})

// biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what the operator reads
const text = (page: Page, selector: string) => Effect.promise(() => page.locator(selector).innerText())

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
const pngSize = (bytes: Buffer) => {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR")
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe.skipIf(!hasChromium)(hasChromium ? suite : `${suite}: SKIPPED, Chromium not installed at ${CHROMIUM}`, () => {
  it.scoped(
    "renders account, safety, positions with stops and TPs, orders, equity chart and decisions; screenshot",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(NOW)
        const { page, errors } = yield* openDashboard
        expect(yield* text(page, "#safety-level")).toBe("ACTIVE")
        expect(yield* text(page, "#kill-switch")).toBe("off")
        expect(yield* text(page, "#health")).toBe("ready")
        expect(yield* text(page, "#equity")).toBe("$10,250.50")
        expect(yield* text(page, "#margin-usage")).toBe("26.8%")
        const position = yield* text(page, "#positions-body tr")
        expect(position).toContain("BTC/USD")
        expect(position).toContain("LONG")
        expect(position).toContain("63000")
        expect(position).toContain("66000")
        expect(position).toContain("68000 / —")
        expect(position).toContain("3h 05m")
        expect(yield* text(page, "#orders-body")).toMatch(/PF_XBTUSD\s+sell\s+stop\s+0\.5\s+63000\s+yes\s+new/)
        expect(yield* text(page, "#trades-body")).toContain("ETH/USD")
        const events = yield* text(page, "#events-body")
        expect(events).toContain("SOL/USD")
        expect(events).toContain("entry 142.5, stop 138.2, TP 151.9 · bullish order block retested")
        expect(events).toContain("SCORE_BELOW_THRESHOLD")
        const polyline = yield* Effect.promise(() => page.locator("#equity-chart polyline").getAttribute("points"))
        expect(polyline?.split(" ")).toHaveLength(25)
        expect(yield* text(page, "#banner")).toBe("")
        expect(errors).toEqual([])

        const dir = yield* tempDir
        const file = join(dir, "dashboard.png")
        yield* Effect.promise(() => page.screenshot({ path: file, fullPage: true }))
        const png = readFileSync(file)
        expect(png.length).toBeGreaterThan(30_000)
        const size = pngSize(png)
        expect(size.width).toBe(1280)
        expect(size.height).toBeGreaterThanOrEqual(900)
      }).pipe(Effect.provide(dashboardServer().layer)),
    60_000
  )

  it.scoped(
    "kills and resumes through the controls with the token, and the page refreshes to show it",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(NOW)
        const { page, errors } = yield* openDashboard
        yield* Effect.promise(() => page.click("#kill"))
        expect(yield* text(page, "#action-result")).toBe("Enter the dashboard token first.")
        yield* Effect.promise(() => page.fill("#token", TOKEN))
        yield* Effect.promise(() => page.fill("#kill-reason-input", "browser test"))
        page.once("dialog", (dialog) => void dialog.accept())
        yield* Effect.promise(() => page.click("#kill"))
        yield* Effect.promise(() => page.locator("#kill-switch", { hasText: "ON since" }).waitFor({ timeout: 10_000 }))
        expect(yield* text(page, "#kill-reason")).toBe("dashboard: browser test")
        expect(yield* text(page, "#health")).toBe("halted")
        yield* Effect.promise(() => page.click("#resume"))
        yield* Effect.promise(() => page.locator("#kill-switch", { hasText: "off" }).waitFor({ timeout: 10_000 }))
        expect(yield* text(page, "#action-result")).toContain('"resumed":true')
        expect(errors).toEqual([])
      }).pipe(Effect.provide(dashboardServer({ token: TOKEN }).layer)),
    60_000
  )
})
