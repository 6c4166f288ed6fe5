import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import {
  assetFromKraken,
  baseAsset,
  baseOfKey,
  FuturesSymbol,
  isFiatOrStablecoinBase,
  krakenSpotAltname,
  krakenSpotAsset,
  krakenSpotPairName,
  parseFuturesSymbol,
  parseSpotSymbol,
  perpetualCandidates,
  perpetualFor,
  SpotSymbol,
  sameSymbol,
  spotFromFutures,
  spotFromKrakenSpot,
  symbolKey,
  toSpotSymbol,
  UnrecognisedSymbol,
  unifiedSymbol
} from "../../src/domain/Symbols.ts"

const spot = (s: string) => SpotSymbol.make(s)
const right = <A>(e: Either.Either<A, UnrecognisedSymbol>): A =>
  Either.getOrThrowWith(e, (err) => new Error(`expected Right, got ${err.message}`))
const leftOf = <A>(e: Either.Either<A, UnrecognisedSymbol>): UnrecognisedSymbol =>
  Either.match(e, {
    onLeft: (err) => err,
    onRight: (a) => {
      throw new Error(`expected Left, got ${String(a)}`)
    }
  })

describe("symbolKey (the canonical comparison key)", () => {
  it("maps every form of bitcoin to BTCUSD (spec §0 examples)", () => {
    for (const form of [
      "PF_XBTUSD",
      "BTC/USD",
      "BTC/USD:USD",
      "XBTUSD",
      "XBT/USD",
      "PI_XBTUSD",
      "BTCUSD",
      "XXBTZUSD"
    ]) {
      expect(symbolKey(form), form).toBe("BTCUSD")
    }
  })
  it("upper-cases", () => expect(symbolKey("pf_ethusd")).toBe("ETHUSD"))
  it("strips the PF_, PI_, FI_ and FF_ prefixes", () => {
    expect(symbolKey("PF_SOLUSD")).toBe("SOLUSD")
    expect(symbolKey("PI_ETHUSD")).toBe("ETHUSD")
    expect(symbolKey("FI_ETHUSD_260327")).toBe("ETHUSD260327")
    expect(symbolKey("FF_ETHUSD_260327")).toBe("ETHUSD260327")
  })
  it("drops everything from ':'", () => expect(symbolKey("ETH/USD:USD")).toBe("ETHUSD"))
  it("removes '/', '-' and '_'", () => {
    expect(symbolKey("ETH-USD")).toBe("ETHUSD")
    expect(symbolKey("ETH_USD")).toBe("ETHUSD")
    expect(symbolKey("ETH/USD")).toBe("ETHUSD")
  })
  it("maps only a LEADING XBT to BTC", () => {
    expect(symbolKey("XBTUSD")).toBe("BTCUSD")
    expect(symbolKey("ETHXBT")).toBe("ETHXBT")
  })
  it("maps a leading XDG to DOGE so Kraken spot XDGUSD meets the perpetual PF_DOGEUSD", () => {
    expect(symbolKey("XDGUSD")).toBe("DOGEUSD")
    expect(sameSymbol("XDGUSD", "PF_DOGEUSD")).toBe(true)
    expect(sameSymbol("XDG/USD", "DOGE/USD")).toBe(true)
  })
  it("reads legacy Kraken pair names without their X/Z prefixes", () => {
    expect(symbolKey("XETHZUSD")).toBe("ETHUSD")
    expect(symbolKey("XETHXXBT")).toBe("ETHXBT")
    expect(symbolKey("XTZUSD")).toBe("XTZUSD")
  })
  it("trims surrounding whitespace", () => expect(symbolKey("  btc/usd ")).toBe("BTCUSD"))
  it("keeps different markets apart", () => {
    expect(sameSymbol("PF_XBTUSD", "PF_ETHUSD")).toBe(false)
    expect(sameSymbol("BTC/USD", "BTC/EUR")).toBe(false)
  })
})

describe("base extraction", () => {
  it("base of a key is the key minus a trailing USD", () => {
    expect(baseOfKey(symbolKey("PF_XBTUSD"))).toBe("BTC")
    expect(baseOfKey(symbolKey("BTC/EUR"))).toBe("BTCEUR")
    expect(baseOfKey(symbolKey("USD"))).toBe("USD")
  })
  it("XBT ≡ BTC in every form", () => {
    for (const form of ["PF_XBTUSD", "XBT/USD", "BTC/USD:USD", "XBTUSD"]) expect(baseAsset(form), form).toBe("BTC")
  })
})

describe("Kraken asset codes", () => {
  it("BTC ↔ XBT and DOGE ↔ XDG; other codes unchanged", () => {
    expect(krakenSpotAsset("BTC")).toBe("XBT")
    expect(krakenSpotAsset("DOGE")).toBe("XDG")
    expect(krakenSpotAsset("SOL")).toBe("SOL")
    expect(assetFromKraken("XBT")).toBe("BTC")
    expect(assetFromKraken("xdg")).toBe("DOGE")
  })
  it("legacy 4-letter ids lose their X/Z prefix", () => {
    expect(assetFromKraken("XXBT")).toBe("BTC")
    expect(assetFromKraken("XETH")).toBe("ETH")
    expect(assetFromKraken("ZUSD")).toBe("USD")
    expect(assetFromKraken("XXDG")).toBe("DOGE")
  })
  it("a non-legacy asset starting with X or Z keeps its name", () => {
    expect(assetFromKraken("ZETA")).toBe("ZETA")
    expect(assetFromKraken("XCN")).toBe("XCN")
  })
})

describe("spot symbols", () => {
  it("parses BASE/QUOTE, lower case, dashes and the unified form into the canonical spot form", () => {
    expect(right(parseSpotSymbol("BTC/USD"))).toBe("BTC/USD")
    expect(right(parseSpotSymbol("xbt/usd"))).toBe("BTC/USD")
    expect(right(parseSpotSymbol("ETH-USD"))).toBe("ETH/USD")
    expect(right(parseSpotSymbol("BTC/USD:USD"))).toBe("BTC/USD")
    expect(right(parseSpotSymbol("XDG/USD"))).toBe("DOGE/USD")
  })
  it("rejects other forms with an error naming the symbol", () => {
    const err = leftOf(parseSpotSymbol("BTCUSD"))
    expect(err._tag).toBe("UnrecognisedSymbol")
    expect(err.symbol).toBe("BTCUSD")
    expect(err.message).toContain('"BTCUSD"')
  })
  it("the SpotSymbol schema accepts only the canonical form", () => {
    const is = Schema.is(SpotSymbol)
    expect(is("BTC/USD")).toBe(true)
    expect(is("XBT/USD")).toBe(false)
    expect(is("ETH/XBT")).toBe(false)
    expect(is("btc/usd")).toBe(false)
    expect(is("BTCUSD")).toBe(false)
  })
  it("unified form appends the settlement currency", () => {
    expect(unifiedSymbol(spot("BTC/USD"))).toBe("BTC/USD:USD")
    expect(right(parseSpotSymbol(unifiedSymbol(spot("SOL/USD"))))).toBe("SOL/USD")
  })
})

describe("Kraken spot names", () => {
  it("altname: XBT for BTC, XDG for DOGE, others concatenated", () => {
    expect(krakenSpotAltname(spot("BTC/USD"))).toBe("XBTUSD")
    expect(krakenSpotAltname(spot("DOGE/USD"))).toBe("XDGUSD")
    expect(krakenSpotAltname(spot("SOL/USD"))).toBe("SOLUSD")
    expect(krakenSpotAltname(spot("ETH/BTC"))).toBe("ETHXBT")
  })
  it("pair name: X<base>Z<fiat> for legacy assets", () => {
    expect(krakenSpotPairName(spot("BTC/USD"))).toBe("XXBTZUSD")
    expect(krakenSpotPairName(spot("ETH/USD"))).toBe("XETHZUSD")
    expect(krakenSpotPairName(spot("LTC/USD"))).toBe("XLTCZUSD")
    expect(krakenSpotPairName(spot("ETC/USD"))).toBe("XETCZUSD")
    expect(krakenSpotPairName(spot("XRP/EUR"))).toBe("XXRPZEUR")
  })
  it("pair name: X<base>X<crypto> for a legacy crypto quote", () =>
    expect(krakenSpotPairName(spot("ETH/BTC"))).toBe("XETHXXBT"))
  it("pair name: the altname for newer assets, DOGE and non-legacy quotes", () => {
    expect(krakenSpotPairName(spot("SOL/USD"))).toBe("SOLUSD")
    expect(krakenSpotPairName(spot("DOGE/USD"))).toBe("XDGUSD")
    expect(krakenSpotPairName(spot("BTC/USDT"))).toBe("XBTUSDT")
  })
  it("reads pair names, altnames and wsnames back to the spot form", () => {
    expect(right(spotFromKrakenSpot("XXBTZUSD"))).toBe("BTC/USD")
    expect(right(spotFromKrakenSpot("XETHXXBT"))).toBe("ETH/BTC")
    expect(right(spotFromKrakenSpot("XBTUSD"))).toBe("BTC/USD")
    expect(right(spotFromKrakenSpot("XDGUSD"))).toBe("DOGE/USD")
    expect(right(spotFromKrakenSpot("SOLUSD"))).toBe("SOL/USD")
    expect(right(spotFromKrakenSpot("XBTUSDT"))).toBe("BTC/USDT")
    expect(right(spotFromKrakenSpot("XBT/USD"))).toBe("BTC/USD")
  })
  it("round-trips every conversion", () => {
    for (const s of ["BTC/USD", "ETH/USD", "DOGE/USD", "SOL/USD", "XRP/USD", "ETH/BTC", "ADA/EUR"].map(spot)) {
      expect(right(spotFromKrakenSpot(krakenSpotAltname(s))), s).toBe(s)
      expect(right(spotFromKrakenSpot(krakenSpotPairName(s))), s).toBe(s)
    }
  })
  it("rejects a name without a known quote, naming it", () => {
    expect(leftOf(spotFromKrakenSpot("FOOBAR")).symbol).toBe("FOOBAR")
    expect(leftOf(spotFromKrakenSpot("USD")).symbol).toBe("USD")
  })
})

describe("futures symbols", () => {
  it("perpetual for a spot market: PF_ + base (XBT for BTC, DOGE stays DOGE) + quote", () => {
    expect(perpetualFor(spot("BTC/USD"))).toBe("PF_XBTUSD")
    expect(perpetualFor(spot("ETH/USD"))).toBe("PF_ETHUSD")
    expect(perpetualFor(spot("DOGE/USD"))).toBe("PF_DOGEUSD")
  })
  it("candidates list the XBT form first, then the BTC form; one candidate when they agree", () => {
    expect(perpetualCandidates(spot("BTC/USD"))).toEqual(["PF_XBTUSD", "PF_BTCUSD"])
    expect(perpetualCandidates(spot("SOL/USD"))).toEqual(["PF_SOLUSD"])
  })
  it("spot market of a contract: PF_, PI_, FI_ and the PF_BTCUSD spelling", () => {
    expect(right(spotFromFutures("PF_XBTUSD"))).toBe("BTC/USD")
    expect(right(spotFromFutures("PF_BTCUSD"))).toBe("BTC/USD")
    expect(right(spotFromFutures("pi_xbtusd"))).toBe("BTC/USD")
    expect(right(spotFromFutures("FI_ETHUSD_260327"))).toBe("ETH/USD")
    expect(right(spotFromFutures("PF_DOGEUSD"))).toBe("DOGE/USD")
  })
  it("round-trips spot → perpetual → spot", () => {
    for (const s of ["BTC/USD", "ETH/USD", "DOGE/USD", "SOL/USD"].map(spot)) {
      expect(right(spotFromFutures(perpetualFor(s))), s).toBe(s)
    }
  })
  it("parses lower-case futures symbols to upper case and rejects other forms, naming them", () => {
    expect(right(parseFuturesSymbol("pf_xbtusd"))).toBe("PF_XBTUSD")
    expect(leftOf(parseFuturesSymbol("BTC/USD")).symbol).toBe("BTC/USD")
    expect(leftOf(parseFuturesSymbol("in_xbtusd")).symbol).toBe("in_xbtusd")
    expect(leftOf(spotFromFutures("PF_FOOBAR")).symbol).toBe("PF_FOOBAR")
  })
  it("the FuturesSymbol schema accepts perpetual and fixed-maturity forms only", () => {
    const is = Schema.is(FuturesSymbol)
    expect(is("PF_XBTUSD")).toBe(true)
    expect(is("FI_XBTUSD_260327")).toBe(true)
    expect(is("FI_XBTUSD")).toBe(false)
    expect(is("pf_xbtusd")).toBe(false)
    expect(is("XBTUSD")).toBe(false)
  })
})

describe("toSpotSymbol (any form)", () => {
  it("accepts spot, unified, futures, Kraken altname and pair name", () => {
    for (const form of ["BTC/USD", "BTC/USD:USD", "PF_XBTUSD", "XBTUSD", "XXBTZUSD", "xbt/usd"]) {
      expect(right(toSpotSymbol(form)), form).toBe("BTC/USD")
    }
  })
  it("agrees with symbolKey on every form", () => {
    for (const form of ["PF_DOGEUSD", "XDGUSD", "ETH/USD:USD", "XETHZUSD", "PF_SOLUSD"]) {
      expect(symbolKey(right(toSpotSymbol(form))), form).toBe(symbolKey(form))
    }
  })
  it("fails with a tagged error that names the symbol", () => {
    const err = leftOf(toSpotSymbol("???"))
    expect(err).toBeInstanceOf(UnrecognisedSymbol)
    expect(err.symbol).toBe("???")
  })
})

describe("fiat and stablecoin bases", () => {
  it("excludes fiat and stablecoin bases in any symbol form", () => {
    for (const form of ["USDT/USD", "PF_USDCUSD", "EUR/USD", "DAIUSD", "PYUSD/USD", "GBP/USD"]) {
      expect(isFiatOrStablecoinBase(form), form).toBe(true)
    }
  })
  it("keeps crypto bases", () => {
    for (const form of ["BTC/USD", "PF_XBTUSD", "ETH/USD", "DOGE/USD"])
      expect(isFiatOrStablecoinBase(form), form).toBe(false)
  })
})
