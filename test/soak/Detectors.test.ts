import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../src/domain/Money.ts"
import type { EpisodeReport } from "../../src/soak/Episode.ts"
import { emptyWatch, observeCoverage } from "../../src/soak/ProtectionWatch.ts"
import { brokenInvariants, MAX_NAKED_SECONDS } from "../../src/soak/SoakReport.ts"
import { duplicateClientOrderIds, stopCoverage } from "../../src/soak/VenueTruth.ts"
import { SimDriver } from "../exchange/sim/SimDriver.ts"

const coverage = (size: string, covered: string) => [
  { symbol: "PF_XBTUSD", size: new Decimal(size), covered: new Decimal(covered) }
]

const cleanReport: EpisodeReport = {
  episode: 1,
  seed: 1,
  ticksCompleted: 10,
  realSeconds: 5,
  positionsOpened: 1,
  closedTrades: 1,
  stillOpen: 0,
  ordersAccepted: 3,
  maxNakedSeconds: 0.5,
  maxUnderCoveredSeconds: 1,
  duplicateClientOrderIds: [],
  differences: [],
  lostOrders: 0,
  startupFailures: [],
  unhandledErrors: [],
  protectionRepairs: 0,
  faultsInjected: {
    latency: 0,
    http5xx: 0,
    rateLimit: 0,
    timeout: 0,
    wsDrop: 0,
    wsStall: 0,
    orderReject: 0,
    priceGap: 0
  }
}

describe("the soak's venue-side detectors", () => {
  it("count a client order id the venue accepted twice over its life, not once per working order", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "entry-1" })
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "entry-1" })
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "entry-2" })
    expect(duplicateClientOrderIds(sim.state)).toEqual([{ id: "entry-1", accepted: 2 }])
  })

  it("see a position's coverage by working reduce-only stops on the exit side only", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.2" })
    sim.submit({ side: "sell", type: "take_profit", size: "0.2", triggerPrice: "55000", reduceOnly: true })
    expect(stopCoverage(sim.state).map((c) => c.covered.toString())).toEqual(["0"])
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "48000", reduceOnly: true })
    expect(stopCoverage(sim.state).map((c) => [c.size.toString(), c.covered.toString()])).toEqual([["0.2", "0.1"]])
  })

  it("measure the longest naked and under-covered stretches, restarting when a stop covers the position", () => {
    let watch = observeCoverage(emptyWatch, coverage("1", "0"), 1_000)
    watch = observeCoverage(watch, coverage("1", "0"), 4_000)
    watch = observeCoverage(watch, coverage("1", "0.5"), 5_000)
    watch = observeCoverage(watch, coverage("1", "1"), 9_000)
    watch = observeCoverage(watch, coverage("1", "0"), 10_000)
    watch = observeCoverage(watch, coverage("1", "0"), 11_000)
    expect(watch.maxNakedMs).toBe(3_000)
    expect(watch.maxShortMs).toBe(4_000)
    expect(watch.samples).toBe(6)
  })

  it("break an invariant for each duplicate, difference, lost order, long naked stretch and error", () => {
    expect(brokenInvariants(cleanReport)).toEqual([])
    const broken = brokenInvariants({
      ...cleanReport,
      maxNakedSeconds: MAX_NAKED_SECONDS + 1,
      duplicateClientOrderIds: [{ id: "c-1", accepted: 2 }],
      differences: [{ symbol: "XBTUSD", registry: "0.1", venue: "0" }],
      lostOrders: 1,
      unhandledErrors: ["error event: boom"]
    })
    expect(broken).toHaveLength(5)
    expect(broken.join("\n")).toContain("c-1")
    expect(broken.join("\n")).toContain("XBTUSD")
  })
})
