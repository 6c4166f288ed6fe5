import { Either, Schema } from "effect"

/**
 * The one module that converts between symbol forms (trading-core §0, runtime-and-ops §3):
 * spot `BTC/USD` (signals, storage), unified `BTC/USD:USD`, Kraken spot altname `XBTUSD`, Kraken spot pair
 * name `XXBTZUSD`, Kraken futures `PF_XBTUSD`. Kraken spells bitcoin XBT (spot and futures) and dogecoin
 * XDG (spot only: the perpetual is `PF_DOGEUSD`). Compare symbols only through `SymbolKey` (§10 lesson 1).
 */

/**
 * Canonical comparison key (`BTCUSD`): every map, set, canary list and comparison uses it with `===`. Known forms
 * reduce to letters and digits; any other text keeps its remaining characters, so `symbolKey` is total (garbage
 * from an exchange never crashes a tick) and an unknown form never collides with a known key.
 */
export const SymbolKey = Schema.String.pipe(Schema.brand("SymbolKey"), Schema.annotations({ identifier: "SymbolKey" }))
export type SymbolKey = typeof SymbolKey.Type

/** Spot symbol in canonical display form `BASE/QUOTE`, upper case, BTC (never XBT) and DOGE (never XDG). */
export const SpotSymbol = Schema.String.pipe(
  Schema.pattern(/^(?!XBT\/|XDG\/)[A-Z0-9]+\/(?!XBT$|XDG$)[A-Z0-9]+$/),
  Schema.brand("SpotSymbol"),
  Schema.annotations({ identifier: "SpotSymbol" })
)
export type SpotSymbol = typeof SpotSymbol.Type

/** Kraken Futures contract: perpetuals `PF_XBTUSD` (linear) / `PI_XBTUSD` (inverse), fixed `FI_/FF_XBTUSD_260327`. */
export const FuturesSymbol = Schema.String.pipe(
  Schema.pattern(/^(P[FI]_[A-Z0-9]+|F[IF]_[A-Z0-9]+_\d{6})$/),
  Schema.brand("FuturesSymbol"),
  Schema.annotations({ identifier: "FuturesSymbol" })
)
export type FuturesSymbol = typeof FuturesSymbol.Type

/** A symbol in none of the forms the caller accepts. */
export class UnrecognisedSymbol extends Schema.TaggedError<UnrecognisedSymbol>()("UnrecognisedSymbol", {
  symbol: Schema.String,
  expected: Schema.String
}) {
  override get message() {
    return `unrecognised symbol "${this.symbol}": expected ${this.expected}`
  }
}

const fail = (symbol: string, expected: string) => Either.left(new UnrecognisedSymbol({ symbol, expected }))

// Assets whose Kraken spot ids carry the legacy X (crypto) / Z (fiat) prefix: `XXBT`, `XETH`, `ZUSD`.
const LEGACY_CRYPTO: ReadonlySet<string> = new Set("XBT ETH LTC XRP XLM ETC XMR ZEC REP MLN".split(" "))
const LEGACY_FIAT: ReadonlySet<string> = new Set(["USD", "EUR", "GBP", "CAD", "JPY"])
const LEGACY_ASSETS: ReadonlySet<string> = new Set([...LEGACY_CRYPTO, ...LEGACY_FIAT, "XDG"])

// Kraken's asset codes that differ from the common ones.
const TO_KRAKEN_SPOT: Readonly<Record<string, string>> = { BTC: "XBT", DOGE: "XDG" }
const FROM_KRAKEN: Readonly<Record<string, string>> = { XBT: "BTC", XDG: "DOGE" }

/** Common asset code (`BTC`) for a Kraken code (`XBT`, `XDG`, or a legacy 4-letter id `XXBT`, `ZUSD`, `XXDG`). */
export const assetFromKraken = (code: string): string => {
  const upper = code.toUpperCase()
  const unprefixed = /^[XZ][A-Z]{3}$/.test(upper) && LEGACY_ASSETS.has(upper.slice(1)) ? upper.slice(1) : upper
  return FROM_KRAKEN[unprefixed] ?? unprefixed
}

/** Kraken spot asset code for a common code: BTC → XBT, DOGE → XDG, others unchanged. */
export const krakenSpotAsset = (asset: string): string => TO_KRAKEN_SPOT[asset] ?? asset

/** Quote currencies recognised at the end of a concatenated symbol; USDT/USDC are tried before USD. */
const QUOTES = ["USDT", "USDC", "USD", "EUR", "GBP", "CAD", "JPY", "CHF", "AUD", "XBT", "BTC", "ETH"] as const

/** Fiat currencies: never a tradeable base. */
export const FIAT_CURRENCIES: ReadonlySet<string> = new Set(
  "USD EUR GBP AUD CAD CHF JPY NZD HKD SGD SEK NOK DKK PLN CZK TRY ZAR MXN BRL AED".split(" ")
)

/** Stablecoins: a position on them is a bet on a peg, not a market, so they are never a tradeable base. */
export const STABLECOINS: ReadonlySet<string> = new Set(
  ["USDT USDC DAI PYUSD TUSD USDP BUSD GUSD FDUSD USDD USDE", "USDS RLUSD USDG EURT EURC EUROC UST USTC LUSD FRAX"]
    .join(" ")
    .split(" ")
)

const LEGACY_PAIR = /^X([A-Z]{3})([XZ])([A-Z]{3})$/

/** `[base, quote]` of a legacy Kraken pair name (`XXBTZUSD` → XBT, USD), else undefined. */
const splitLegacyPair = (name: string): readonly [string, string] | undefined => {
  const m = LEGACY_PAIR.exec(name)
  if (m?.[1] === undefined || m[3] === undefined || !LEGACY_CRYPTO.has(m[1])) return undefined
  const quoteIsLegacy = m[2] === "Z" ? LEGACY_FIAT.has(m[3]) : LEGACY_CRYPTO.has(m[3])
  return quoteIsLegacy ? [m[1], m[3]] : undefined
}

/**
 * Canonical key of any symbol form: upper case, strip `PF_`/`PI_`/`FI_`/`FF_`, drop everything from `:`,
 * remove `/ - _`, then a leading `XBT` → `BTC` (the original rule) and `XDG` → `DOGE` (so Kraken's spot
 * `XDGUSD` and the perpetual `PF_DOGEUSD` meet). A legacy pair name loses its X/Z prefixes first.
 * `PF_XBTUSD`, `BTC/USD`, `BTC/USD:USD`, `XBTUSD`, `XXBTZUSD` → `BTCUSD`.
 */
export const symbolKey = (symbol: string): SymbolKey => {
  const stripped = symbol
    .trim()
    .toUpperCase()
    .replace(/^(PF|PI|FI|FF)_/, "")
    .replace(/:.*$/, "")
    .replace(/[/_-]/g, "")
  const unprefixed = splitLegacyPair(stripped)?.join("") ?? stripped
  return SymbolKey.make(unprefixed.replace(/^XBT/, "BTC").replace(/^XDG/, "DOGE"))
}

/** Exact equality of canonical keys: the only symbol comparison the system makes. */
export const sameSymbol = (a: string, b: string): boolean => symbolKey(a) === symbolKey(b)

/** Base part of a key: the key minus a trailing `USD` (`BTCUSD` → `BTC`); a key without it is its own base. */
export const baseOfKey = (key: SymbolKey): string => (key.length > 3 && key.endsWith("USD") ? key.slice(0, -3) : key)

/** Base asset of any symbol form (`PF_XBTUSD`, `XBT/USD`, `BTC/USD:USD` → `BTC`). */
export const baseAsset = (symbol: string): string => baseOfKey(symbolKey(symbol))

/** True when the symbol's base is fiat or a stablecoin: never opened (reduce-only exits stay allowed). */
export const isFiatOrStablecoinBase = (symbol: string): boolean => {
  const base = baseAsset(symbol)
  return FIAT_CURRENCIES.has(base) || STABLECOINS.has(base)
}

const spot = (base: string, quote: string): SpotSymbol =>
  SpotSymbol.make(`${assetFromKraken(base)}/${assetFromKraken(quote)}`)

/** Split a concatenated `BASEQUOTE` on a known quote; undefined when no known quote ends it. */
const splitConcatenated = (text: string): readonly [string, string] | undefined => {
  const quote = QUOTES.find((q) => text.length > q.length && text.endsWith(q))
  return quote === undefined ? undefined : [text.slice(0, -quote.length), quote]
}

const SLASHED = /^([A-Z0-9]+)[/-]([A-Z0-9]+)(:[A-Z0-9]+)?$/

/** Spot symbol from `BTC/USD`, `xbt/usd`, `BTC-USD` or the unified `BTC/USD:USD`. */
export const parseSpotSymbol = (symbol: string): Either.Either<SpotSymbol, UnrecognisedSymbol> => {
  const m = SLASHED.exec(symbol.trim().toUpperCase())
  return m?.[1] !== undefined && m[2] !== undefined
    ? Either.right(spot(m[1], m[2]))
    : fail(symbol, "a spot symbol BASE/QUOTE such as BTC/USD")
}

/** Unified (ccxt-style) futures form: `BTC/USD` → `BTC/USD:USD` (linear, settled in the quote). */
export const unifiedSymbol = (symbol: SpotSymbol): string => `${symbol}:${symbol.slice(symbol.indexOf("/") + 1)}`

const baseAndQuote = (symbol: SpotSymbol): readonly [string, string] => {
  const i = symbol.indexOf("/")
  return [symbol.slice(0, i), symbol.slice(i + 1)]
}

/** Kraken spot altname: `BTC/USD` → `XBTUSD`, `DOGE/USD` → `XDGUSD`, `SOL/USD` → `SOLUSD`. */
export const krakenSpotAltname = (symbol: SpotSymbol): string => {
  const [base, quote] = baseAndQuote(symbol)
  return krakenSpotAsset(base) + krakenSpotAsset(quote)
}

/**
 * Kraken spot pair name (the key of AssetPairs / Ticker / OHLC results): legacy pairs are `X<base>Z<fiat>` or
 * `X<base>X<crypto>` (`XXBTZUSD`, `XETHZUSD`, `XETHXXBT`); every other pair, DOGE included (`XDGUSD`), is its altname.
 */
export const krakenSpotPairName = (symbol: SpotSymbol): string => {
  const [spotBase, spotQuote] = baseAndQuote(symbol)
  const base = krakenSpotAsset(spotBase)
  const quote = krakenSpotAsset(spotQuote)
  if (!LEGACY_CRYPTO.has(base)) return base + quote
  if (LEGACY_FIAT.has(quote)) return `X${base}Z${quote}`
  if (LEGACY_CRYPTO.has(quote)) return `X${base}X${quote}`
  return base + quote
}

/** Spot symbol from any Kraken spot name: pair name `XXBTZUSD`, altname `XBTUSD`, wsname `XBT/USD`. */
export const spotFromKrakenSpot = (name: string): Either.Either<SpotSymbol, UnrecognisedSymbol> => {
  const upper = name.trim().toUpperCase()
  if (upper.includes("/")) return parseSpotSymbol(upper)
  const parts = splitLegacyPair(upper) ?? (/^[A-Z0-9]+$/.test(upper) ? splitConcatenated(upper) : undefined)
  return parts === undefined
    ? fail(name, "a Kraken spot pair such as XXBTZUSD, XBTUSD or XBT/USD")
    : Either.right(spot(parts[0], parts[1]))
}

/** Kraken futures symbol, upper-cased (`pf_xbtusd` → `PF_XBTUSD`: some responses use lower case). */
export const parseFuturesSymbol = (symbol: string): Either.Either<FuturesSymbol, UnrecognisedSymbol> => {
  const upper = symbol.trim().toUpperCase()
  return Schema.is(FuturesSymbol)(upper)
    ? Either.right(upper)
    : fail(symbol, "a Kraken futures symbol such as PF_XBTUSD")
}

/** The spot market a futures contract tracks: `PF_XBTUSD` / `PI_XBTUSD` / `FI_XBTUSD_260327` → `BTC/USD`. */
export const spotFromFutures = (symbol: string): Either.Either<SpotSymbol, UnrecognisedSymbol> =>
  Either.flatMap(parseFuturesSymbol(symbol), (futures) => {
    const body = futures.slice(3).replace(/_\d{6}$/, "")
    const parts = splitConcatenated(body)
    return parts === undefined
      ? fail(symbol, "a futures symbol with a known quote, such as PF_XBTUSD")
      : Either.right(spot(...parts))
  })

/** The linear perpetual for a spot market: `PF_` + base (XBT for BTC; DOGE stays DOGE) + quote. */
export const perpetualFor = (symbol: SpotSymbol): FuturesSymbol => {
  const [base, quote] = baseAndQuote(symbol)
  return FuturesSymbol.make(`PF_${base === "BTC" ? "XBT" : base}${quote}`)
}

/**
 * Perpetual symbols to look for, preferred first: Kraken trades `PF_XBTUSD` but newer metadata also shows
 * `PF_BTCUSD`; discovery keeps the first that exists in the instrument list.
 */
export const perpetualCandidates = (symbol: SpotSymbol): ReadonlyArray<FuturesSymbol> => {
  const preferred = perpetualFor(symbol)
  const [base, quote] = baseAndQuote(symbol)
  const plain = FuturesSymbol.make(`PF_${base}${quote}`)
  return plain === preferred ? [preferred] : [preferred, plain]
}

/** Spot symbol from any supported form: spot, unified, futures, Kraken spot altname / pair name. */
export const toSpotSymbol = (symbol: string): Either.Either<SpotSymbol, UnrecognisedSymbol> => {
  const upper = symbol.trim().toUpperCase()
  const parsed = /^(P[FI]|F[IF])_/.test(upper)
    ? spotFromFutures(upper)
    : upper.includes("/")
      ? parseSpotSymbol(upper)
      : spotFromKrakenSpot(upper)
  return Either.mapLeft(
    parsed,
    () => new UnrecognisedSymbol({ symbol, expected: "a spot, unified, futures or Kraken spot symbol" })
  )
}
