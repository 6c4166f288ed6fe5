import { mkdtemp, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, Option, Schedule, Schema, TestClock } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import {
  ContractTerms,
  contractTermsOf,
  maxLeverage,
  maxLeverageAt
} from "../../../../src/exchange/kraken/derivatives/ContractTerms.ts"
import {
  ContractTermsBook,
  type ContractTermsBookOptions
} from "../../../../src/exchange/kraken/derivatives/ContractTermsBook.ts"
import { FuturesInstrument } from "../../../../src/exchange/kraken/wire/futures/Instruments.ts"
import { simKraken } from "../../../market/support/SimKraken.ts"
import { type LoopbackResponse, loopbackHttpServer } from "../../../support/kraken/HttpServer.ts"
import { harness } from "../client/KrakenExchangeSupport.ts"

const XBT = FuturesSymbol.make("PF_XBTUSD")
const ETH = FuturesSymbol.make("PF_ETHUSD")

/** Runs `body` with every log message collected into `logs`, each after its level ("WARN ..."). */
const logged = <A, E, R>(logs: Array<string>, body: Effect.Effect<A, E, R>) =>
  body.pipe(
    Effect.provide(
      Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message }) =>
          logs.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
        )
      )
    )
  )

const book = (options: Partial<ContractTermsBookOptions> & { readonly futuresRestUrl: string }) =>
  Effect.flatMap(ContractTermsBook, Effect.succeed).pipe(
    Effect.provide(ContractTermsBook.layer({ enabled: true, cacheFile: Option.none(), ...options }))
  )

/** A Derivatives host that answers every request with `reply` and counts them. */
const retiredHost = (reply: LoopbackResponse) =>
  Effect.gen(function* () {
    let requests = 0
    const server = yield* loopbackHttpServer(() => {
      requests++
      return reply
    })
    return { url: server.url, requests: () => requests }
  })

const tempFile = Effect.map(
  Effect.promise(() => mkdtemp(join(tmpdir(), "terms-"))),
  (dir) => join(dir, "kraken-contract-terms.json")
)

/** The simulator's Derivatives REST v3 instruments answer (PF_XBTUSD and PF_ETHUSD), parsed. */
const simInstruments = Effect.flatMap(simKraken, ({ server }) =>
  Effect.promise(() => fetch(`${server.url}/derivatives/api/v3/instruments`).then((r) => r.text()))
).pipe(Effect.map((text): { readonly instruments: ReadonlyArray<{ readonly symbol: string }> } => JSON.parse(text)))

const instrument = (fields: object) =>
  Schema.decodeUnknownSync(FuturesInstrument)({
    symbol: "PF_XBTUSD",
    type: "flexible_futures",
    tradeable: true,
    ...fields
  })

describe("contractTermsOf", () => {
  it("K53 takes contract size and the stricter margin schedule, tiers ascending, leverage per notional", () => {
    const terms = Option.getOrThrow(
      contractTermsOf(
        instrument({
          contractSize: 1,
          marginLevels: [
            { numNonContractUnits: 500000, initialMargin: 0.04, maintenanceMargin: 0.02 },
            { numNonContractUnits: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }
          ],
          retailMarginLevels: [{ numNonContractUnits: 0, initialMargin: 0.1, maintenanceMargin: 0.05 }]
        })
      )
    )
    expect(maxLeverage(terms).toString()).toBe("10")
    const standard = Option.getOrThrow(
      contractTermsOf(
        instrument({
          contractSize: 1,
          marginLevels: [
            { numNonContractUnits: 500000, initialMargin: 0.04, maintenanceMargin: 0.02 },
            { numNonContractUnits: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }
          ]
        })
      )
    )
    expect(maxLeverageAt(standard, new Decimal(499999)).toString()).toBe("50")
    expect(maxLeverageAt(standard, new Decimal(500000)).toString()).toBe("25")
  })

  it("K54 an instrument without contract size or margin schedule has no terms", () => {
    expect(Option.isNone(contractTermsOf(instrument({ contractSize: 1 })))).toBe(true)
    const noSize = { marginLevels: [{ numNonContractUnits: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }] }
    expect(Option.isNone(contractTermsOf(instrument(noSize)))).toBe(true)
  })
})

describe("ContractTermsBook", () => {
  it.scoped("K55 reads contract size and maximum leverage from Derivatives REST v3 instruments", () =>
    Effect.gen(function* () {
      const { server, venue } = yield* simKraken
      const terms = yield* book({ futuresRestUrl: server.url })
      expect(yield* terms.provenance).toBe("live")
      const xbt = Option.getOrThrow(yield* terms.terms(XBT))
      expect(xbt.contractSize.toString()).toBe("1")
      const simLeverage = venue.state.instruments[XBT]?.maxLeverage.toString()
      expect(Option.getOrThrow(yield* terms.maxLeverage(XBT)).toString()).toBe(simLeverage)
      expect(Option.isSome(yield* terms.terms(ETH))).toBe(true)
    })
  )

  it.scoped("K56 once v3 answers 410 Gone it runs on the cached terms, warns once, and stops calling", () =>
    Effect.gen(function* () {
      const { server } = yield* simKraken
      const cacheFile = Option.some(yield* tempFile)
      yield* TestClock.setTime(Date.UTC(2026, 10, 25))
      yield* book({ futuresRestUrl: server.url, cacheFile })
      const gone = yield* retiredHost({ status: 410, body: "Gone" })
      const logs: Array<string> = []
      const terms = yield* logged(logs, book({ futuresRestUrl: gone.url, cacheFile }))
      expect(yield* terms.provenance).toBe("cached")
      expect(Option.getOrThrow(yield* terms.maxLeverage(XBT)).gt(1)).toBe(true)
      // One event, one warning: the client's; the book notes what it uses instead
      const warnings = () => logs.filter((l) => l.startsWith("WARN"))
      expect(warnings()).toHaveLength(1)
      expect(warnings()[0]).toMatch(/HTTP 410 for instrumentSpecs: the API looks decommissioned/)
      expect(
        logs.some((l) =>
          /^INFO contract terms: .*retired.*; using the terms cached at 2026-11-25T00:00:00.000Z$/.test(l)
        )
      ).toBe(true)
      yield* logged(logs, terms.refresh)
      expect(gone.requests()).toBe(1)
      expect(warnings()).toHaveLength(1)
    })
  )

  it.scoped("K105 v3 retired with no cache and no declared terms: what is left (nothing) is a warning too", () =>
    Effect.gen(function* () {
      const gone = yield* retiredHost({ status: 410, body: "Gone" })
      const logs: Array<string> = []
      const terms = yield* logged(logs, book({ futuresRestUrl: gone.url }))
      expect(yield* terms.provenance).toBe("none")
      expect(Option.isNone(yield* terms.maxLeverage(XBT))).toBe(true)
      const warnings = logs.filter((l) => l.startsWith("WARN"))
      expect(warnings).toHaveLength(2)
      expect(warnings[0]).toMatch(/HTTP 410 for instrumentSpecs: the API looks decommissioned/)
      expect(warnings[1]).toMatch(/^WARN contract terms: .*retired.*; using no terms at all: maximum leverage unknown$/)
      // Said once: a later refresh does not warn again
      yield* logged(logs, terms.refresh)
      expect(logs.filter((l) => l.startsWith("WARN"))).toHaveLength(2)
    })
  )

  it.scoped("K57 a 404 on the instruments list also means retired; declared terms stand in", () =>
    Effect.gen(function* () {
      const gone = yield* retiredHost({ status: 404, body: "<html>moved</html>" })
      const declared = Schema.decodeUnknownSync(ContractTerms)({
        symbol: "PF_XBTUSD",
        contractSize: "1",
        marginTiers: [{ fromNotional: "0", initialMargin: "0.1", maintenanceMargin: "0.05" }]
      })
      const terms = yield* logged([], book({ futuresRestUrl: gone.url, declared: [declared] }))
      expect(yield* terms.provenance).toBe("declared")
      expect(Option.getOrThrow(yield* terms.maxLeverage(XBT)).toString()).toBe("10")
      expect(Option.isNone(yield* terms.maxLeverage(ETH))).toBe(true)
    })
  )

  it.scoped("K58 with the capability switched off no request is sent", () =>
    Effect.gen(function* () {
      const host = yield* retiredHost({ status: 500, body: "" })
      const logs: Array<string> = []
      const terms = yield* logged(logs, book({ futuresRestUrl: host.url, enabled: false }))
      expect(host.requests()).toBe(0)
      expect(yield* terms.provenance).toBe("none")
      // Switched off, nothing else warns: the book's warning is the one
      expect(
        logs.some((l) => /^WARN .*disabled by configuration; using no terms at all: maximum leverage unknown/.test(l))
      ).toBe(true)
    })
  )

  it.scoped("K59 a transient failure is not taken for retirement: the next refresh asks again", () =>
    Effect.gen(function* () {
      const host = yield* retiredHost({ status: 503, body: "busy" })
      const terms = yield* logged([], book({ futuresRestUrl: host.url }))
      yield* logged([], terms.refresh)
      expect(host.requests()).toBe(2)
    })
  )

  it.scoped("K60 used after 1 March 2027 it warns once that the API is past its decommission date", () =>
    Effect.gen(function* () {
      const { server } = yield* simKraken
      yield* TestClock.setTime(Date.UTC(2027, 2, 2))
      const logs: Array<string> = []
      const terms = yield* logged(logs, book({ futuresRestUrl: server.url }))
      yield* logged(logs, terms.refresh)
      expect(logs.filter((l) => l.includes("past its announced decommission date"))).toHaveLength(1)
      expect(yield* terms.provenance).toBe("live")
    })
  )
})

describe("ContractTermsBook minCount (runtime.instrument_spec_min_count)", () => {
  it.scoped("K98 a refresh with fewer contracts than minCount is refused: terms and cache file stay, warned", () =>
    Effect.gen(function* () {
      const full = yield* simInstruments
      let answer = full
      const host = yield* loopbackHttpServer(() => ({ status: 200, body: JSON.stringify(answer) }))
      const cacheFile = yield* tempFile
      const terms = yield* book({ futuresRestUrl: host.url, cacheFile: Option.some(cacheFile), minCount: 2 })
      expect(yield* terms.provenance).toBe("live")
      const saved = yield* Effect.promise(() => readFile(cacheFile, "utf8"))
      // A truncated answer: only PF_XBTUSD
      answer = { ...full, instruments: full.instruments.filter((i) => i.symbol === XBT) }
      const logs: Array<string> = []
      expect(yield* logged(logs, terms.refresh)).toBe("live")
      expect(Option.isSome(yield* terms.terms(ETH))).toBe(true)
      expect(yield* Effect.promise(() => readFile(cacheFile, "utf8"))).toBe(saved)
      expect(logs.filter((l) => l.startsWith("WARN"))).toEqual([
        "WARN contract terms: v3 gave 1 contract terms, fewer than runtime.instrument_spec_min_count (2); " +
          "using the terms read earlier this run"
      ])
    })
  )

  it.scoped("K99 a cache file with fewer contracts than minCount is ignored at start", () =>
    Effect.gen(function* () {
      const { server } = yield* simKraken
      const cacheFile = Option.some(yield* tempFile)
      yield* book({ futuresRestUrl: server.url, cacheFile })
      const gone = yield* retiredHost({ status: 410, body: "Gone" })
      // Two contracts cached: enough for 2, too few for 3
      const enough = yield* logged([], book({ futuresRestUrl: gone.url, cacheFile, minCount: 2 }))
      expect(yield* enough.provenance).toBe("cached")
      const logs: Array<string> = []
      const tooFew = yield* logged(logs, book({ futuresRestUrl: gone.url, cacheFile, minCount: 3 }))
      expect(yield* tooFew.provenance).toBe("none")
      expect(Option.isNone(yield* tooFew.terms(XBT))).toBe(true)
      expect(
        logs.some((l) =>
          /^WARN contract terms cache .* ignored: 2 contract terms, fewer than runtime.instrument_spec_min_count \(3\)$/.test(
            l
          )
        )
      ).toBe(true)
    })
  )
})

describe("KrakenExchange contracts with a ContractTermsBook", () => {
  it.scopedLive("K68 contracts carry the grid from the Unified WebSocket and size and leverage from v3", () =>
    Effect.gen(function* () {
      const host = yield* loopbackHttpServer(() => ({
        status: 200,
        body: JSON.stringify({
          result: "success",
          serverTime: "2026-11-25T00:00:00.000Z",
          instruments: [
            {
              symbol: "PF_XBTUSD",
              type: "flexible_futures",
              tradeable: true,
              contractSize: 1,
              marginLevels: [{ numNonContractUnits: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }]
            }
          ]
        })
      }))
      const terms = yield* book({ futuresRestUrl: host.url })
      const h = yield* harness({}, undefined, true, { contractTerms: terms.terms })
      const contracts = yield* Effect.retry(h.exchange.contracts, { times: 50, schedule: Schedule.spaced("20 millis") })
      const xbt = contracts.find((c) => c.symbol === XBT)
      const eth = contracts.find((c) => c.symbol === ETH)
      expect([xbt?.tickSize.toString(), xbt?.contractSize?.toString(), xbt?.maxLeverage?.toString()]).toEqual([
        "0.5",
        "1",
        "50"
      ])
      expect(eth?.maxLeverage).toBeUndefined()
    })
  )
})
