import { hashString, Random } from "../domain/Random.ts"

/** The character of one synthetic symbol: where its price starts, how much it moves and trades. */
export interface SyntheticProfile {
  readonly symbol: string
  /** Price at the market's start. */
  readonly basePrice: number
  /** Typical standard deviation of daily log returns (0.03 = 3 %). */
  readonly dailyVolatility: number
  /** Typical traded value per day, in quote currency (USD). */
  readonly dailyNotional: number
  /** Correlation of the symbol's return noise with the shared market factor. */
  readonly marketCorrelation: number
  /** Prices are multiples of 10^-priceDecimals. */
  readonly priceDecimals: number
  /** Volumes are multiples of 10^-volumeDecimals. */
  readonly volumeDecimals: number
}

type Traits = readonly [price: number, dailyVolatility: number, dailyNotional: number, correlation: number]

// Plausible magnitudes for well-known bases (Kraken spot, mid 2020s); unknown bases get hash-derived traits.
const KNOWN: Readonly<Record<string, Traits>> = {
  BTC: [60_000, 0.03, 400e6, 0.9],
  ETH: [3_000, 0.038, 200e6, 0.8],
  SOL: [150, 0.05, 80e6, 0.7],
  XRP: [0.55, 0.045, 60e6, 0.6],
  DOGE: [0.15, 0.055, 40e6, 0.6],
  BNB: [550, 0.032, 10e6, 0.65],
  ADA: [0.45, 0.048, 25e6, 0.65],
  AVAX: [35, 0.055, 15e6, 0.65],
  DOT: [7, 0.05, 12e6, 0.65],
  LINK: [15, 0.052, 15e6, 0.65],
  LTC: [80, 0.042, 20e6, 0.65],
  BCH: [400, 0.045, 10e6, 0.6],
  POL: [0.7, 0.055, 8e6, 0.6],
  ATOM: [9, 0.05, 8e6, 0.6],
  UNI: [8, 0.055, 6e6, 0.6],
  XLM: [0.11, 0.045, 6e6, 0.55],
  TRX: [0.12, 0.03, 4e6, 0.45],
  ETC: [25, 0.048, 5e6, 0.6],
  FIL: [5.5, 0.058, 4e6, 0.6],
  NEAR: [5, 0.06, 5e6, 0.6],
  APT: [9, 0.06, 4e6, 0.6],
  ARB: [1.1, 0.062, 5e6, 0.6],
  OP: [2.3, 0.062, 4e6, 0.6],
  INJ: [25, 0.068, 3e6, 0.55],
  SUI: [1.2, 0.07, 6e6, 0.55],
  AAVE: [100, 0.055, 4e6, 0.6],
  ALGO: [0.18, 0.052, 3e6, 0.55],
  XTZ: [0.9, 0.05, 2e6, 0.55],
  SHIB: [0.000022, 0.06, 8e6, 0.55],
  PEPE: [0.000009, 0.08, 10e6, 0.5]
}

/** 45 spot symbols: the synthetic market's default universe (tiers A to C by traded value). */
export const DEFAULT_SYNTHETIC_SYMBOLS: ReadonlyArray<string> = [
  ...Object.keys(KNOWN),
  ...["GRT", "SAND", "MANA", "CRV", "SNX", "COMP", "KSM", "FLOW", "EGLD", "RUNE", "MINA", "KAVA", "ENJ", "BAT", "ZRX"]
].map((base) => `${base}/USD`)

const FIFTEEN_MINUTE_BARS_PER_DAY = 96

const baseOf = (symbol: string): string => {
  const base = symbol.split("/")[0]?.toUpperCase() ?? symbol
  return base === "XBT" ? "BTC" : base
}

const unknownTraits = (base: string): Traits => {
  const rng = new Random(hashString(base), "profile")
  const price = Math.exp(rng.between(Math.log(0.05), Math.log(200)))
  return [price, rng.between(0.05, 0.08), Math.exp(rng.between(Math.log(0.5e6), Math.log(5e6))), rng.between(0.45, 0.6)]
}

const decimalsFor = (magnitude: number, significant: number): number =>
  Math.max(0, Math.min(12, significant - Math.floor(Math.log10(magnitude))))

/**
 * The profile of `symbol` under `seed`: known traits (or hash-derived ones) with a seed-dependent start price
 * within about ±15 %, so different seeds start from different places.
 */
export const syntheticProfile = (seed: number, symbol: string): SyntheticProfile => {
  const base = baseOf(symbol)
  const [price, dailyVolatility, dailyNotional, marketCorrelation] = KNOWN[base] ?? unknownTraits(base)
  const basePrice = price * Math.exp(0.15 * new Random(seed, `profile:${symbol}`).normal())
  const barVolume = dailyNotional / FIFTEEN_MINUTE_BARS_PER_DAY / basePrice
  return {
    symbol,
    basePrice,
    dailyVolatility,
    dailyNotional,
    marketCorrelation,
    priceDecimals: decimalsFor(basePrice, 5),
    volumeDecimals: decimalsFor(barVolume, 6)
  }
}
