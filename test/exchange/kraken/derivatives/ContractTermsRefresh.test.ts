import { mkdtemp, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Logger, Option, Schedule } from "effect"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import { ContractTermsBook } from "../../../../src/exchange/kraken/derivatives/ContractTermsBook.ts"
import { simKraken } from "../../../market/support/SimKraken.ts"
import { loopbackHttpServer } from "../../../support/kraken/HttpServer.ts"

const XBT = FuturesSymbol.make("PF_XBTUSD")
const bounded = Schedule.spaced("50 millis").pipe(Schedule.intersect(Schedule.recurs(100)))

describe("ContractTermsBook refreshed by its layer", () => {
  it.scopedLive("K67 re-reads v3 on its interval; once v3 is gone it keeps terms and cache, warning once", () =>
    Effect.gen(function* () {
      // Kraken's instruments list as the simulator serves it, replayed by a host we can retire mid-run
      const { server } = yield* simKraken
      const instruments = yield* Effect.promise(() =>
        fetch(`${server.url}/derivatives/api/v3/instruments`).then((r) => r.text())
      )
      let alive = true
      let requests = 0
      const host = yield* loopbackHttpServer(() => {
        requests++
        return alive ? { status: 200, body: instruments } : { status: 410, body: "Gone" }
      })
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "terms-refresh-")))
      const cacheFile = join(dir, "contract-terms.json")
      const logs: Array<string> = []
      const capture = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`))
      )
      // Built in the test's scope: the refresh fiber lives as long as the layer
      const layer = ContractTermsBook.layer({
        futuresRestUrl: host.url,
        enabled: true,
        cacheFile: Option.some(cacheFile),
        refreshEvery: "150 millis"
      })
      const book = Context.get(yield* Layer.build(layer).pipe(Effect.provide(capture)), ContractTermsBook)
      expect(yield* book.provenance).toBe("live")
      // Refreshed in the background, each time saving the cache again
      yield* Effect.sync(() => requests).pipe(
        Effect.filterOrFail((n) => n >= 3),
        Effect.retry(bounded)
      )
      alive = false
      const gone = requests + 1
      yield* Effect.sync(() => requests).pipe(
        Effect.filterOrFail((n) => n >= gone),
        Effect.retry(bounded)
      )
      const cached = yield* Effect.promise(() => readFile(cacheFile, "utf8"))
      yield* Effect.sleep("600 millis")
      // Retired: no more requests, the terms and the cache file stay as v3 last gave them
      expect(requests).toBe(gone)
      expect(yield* Effect.promise(() => readFile(cacheFile, "utf8"))).toBe(cached)
      expect(Option.getOrThrow(yield* book.maxLeverage(XBT)).gt(1)).toBe(true)
      expect(yield* book.provenance).toBe("live")
      // One warning for the retirement (the client's); the book notes once what it uses instead
      const warnings = logs.filter((l) => l.startsWith("WARN"))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain("HTTP 410 for instrumentSpecs: the API looks decommissioned")
      const notes = logs.filter((l) => l.startsWith("INFO") && l.includes("contract terms:"))
      expect(notes).toHaveLength(1)
      expect(notes[0]).toContain("using the terms read earlier this run")
    })
  )
})
