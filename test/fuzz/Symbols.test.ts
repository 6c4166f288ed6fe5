import { Either, FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  assetFromKraken,
  krakenSpotAltname,
  krakenSpotPairName,
  parseFuturesSymbol,
  parseSpotSymbol,
  perpetualFor,
  SpotSymbol,
  spotFromFutures,
  spotFromKrakenSpot,
  symbolKey,
  toSpotSymbol,
  UnrecognisedSymbol
} from "../../src/domain/Symbols.ts"
import { assetCode, FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }

const parsers: ReadonlyArray<(text: string) => Either.Either<string, UnrecognisedSymbol>> = [
  parseSpotSymbol,
  spotFromKrakenSpot,
  parseFuturesSymbol,
  spotFromFutures,
  toSpotSymbol
]

/** Text that looks like a symbol often enough to reach every branch, plus arbitrary unicode. */
const symbolish = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(..."ABXZPFI_/-:0123456789 usdtxbg"), maxLength: 16 }),
  fc
    .tuple(
      fc.constantFrom("PF_", "PI_", "FI_", "FF_", "X", "Z", ""),
      assetCode,
      fc.constantFrom("USD", "ZUSD", "/USD", "_260327", "")
    )
    .map((parts) => parts.join(""))
)

/** A base the spot form can carry unchanged: not a Kraken-only code (XBT, XDG, XXBT, ZUSD...). */
const base = assetCode.filter(
  (b) => assetFromKraken(b) === b && Schema.is(SpotSymbol)(`${b}/USD`) && !/^X[A-Z]{3}[XZ][A-Z]{3}$/.test(b)
)
const quote = fc.constantFrom("USD", "USDT", "USDC", "EUR", "GBP")
const spot = fc
  .tuple(fc.oneof(base, fc.constantFrom("BTC", "DOGE", "ETH")), quote)
  .map(([b, q]) => SpotSymbol.make(`${b}/${q}`))

describe("symbol parsers under bad input", () => {
  it("never throw: a symbol or an UnrecognisedSymbol naming the input", () => {
    fc.assert(
      fc.property(symbolish, (text) => {
        for (const parse of parsers) {
          const result = parse(text)
          if (Either.isLeft(result)) {
            expect(result.left).toBeInstanceOf(UnrecognisedSymbol)
            // spotFromKrakenSpot names a wsname ("xbt/usd") in the upper-cased form it passed on
            expect(result.left.symbol.trim().toUpperCase()).toBe(text.trim().toUpperCase())
          } else {
            expect(Schema.is(SpotSymbol)(result.right) || /^(P[FI]|F[IF])_/.test(result.right)).toBe(true)
          }
        }
      }),
      run
    )
  })

  it("round-trips spot → perpetual → spot", () => {
    fc.assert(
      fc.property(spot, (s) => {
        const perpetual = perpetualFor(s)
        expect(Either.getOrThrow(parseFuturesSymbol(perpetual.toLowerCase()))).toBe(perpetual)
        expect(Either.getOrThrow(spotFromFutures(perpetual))).toBe(s)
      }),
      run
    )
  })

  it("round-trips spot → Kraken spot altname / pair name → spot", () => {
    fc.assert(
      fc.property(spot, (s) => {
        expect(Either.getOrThrow(spotFromKrakenSpot(krakenSpotAltname(s)))).toBe(s)
        expect(Either.getOrThrow(spotFromKrakenSpot(krakenSpotPairName(s)))).toBe(s)
        expect(Either.getOrThrow(toSpotSymbol(perpetualFor(s)))).toBe(s)
      }),
      run
    )
  })
})

// Found by this fuzzing: symbolKey used to throw a brand error for text that does not reduce to [A-Z0-9]+.
describe("symbolKey on garbage", () => {
  it("never throws, and never maps garbage onto a known key", () => {
    expect(symbolKey("BTC.USD")).not.toBe(symbolKey("BTC/USD"))
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof symbolKey(text)).toBe("string")
      }),
      run
    )
  })
})
