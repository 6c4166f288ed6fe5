import { Random } from "../domain/Random.ts"
import { timeframeMs } from "../domain/Timeframe.ts"
import type { OhlcvColumns } from "./OhlcvColumns.ts"
import type { SyntheticProfile } from "./SyntheticProfile.ts"

/**
 * The 15-minute price process of one synthetic symbol. Log price moves by drift + sigma * shock where
 * - a regime (trend up, trend down, range) persists for days; trends drift, ranges mean-revert to an anchor;
 * - impulses (a few hours of strong directional drift) make displacement candles, fair value gaps and breaks;
 * - sigma follows a GARCH(1,1) state (volatility clusters) times an intraday/weekend seasonality;
 * - shocks are correlated with a shared market factor and occasionally jump; rare gaps open away from the
 *   previous close;
 * - wicks are the exact extremes of a Brownian bridge from open to close, so their size follows sigma.
 * Bars are appended in time order only: the same inputs always give the same bars.
 */

const BAR_MS = timeframeMs["15m"]
const DAY_MS = timeframeMs["1d"]
const BARS_PER_DAY = DAY_MS / BAR_MS

const GARCH_ALPHA = 0.1
const GARCH_BETA = 0.87
const GARCH_OMEGA = 1 - GARCH_ALPHA - GARCH_BETA
const JUMP_PROBABILITY = 1 / 3_000
const GAP_PROBABILITY = 1 / 4_000
const IMPULSE_PROBABILITY = 1 / 400
// Fat tails: a few shocks are drawn from a wider normal (unit variance overall)
const WIDE_PROBABILITY = 0.08
const WIDE_SCALE = 2.5
const SHOCK_NORM = 1 / Math.sqrt(1 - WIDE_PROBABILITY + WIDE_PROBABILITY * WIDE_SCALE * WIDE_SCALE)
// Weak pull of trend direction back toward the base price, so a long run stays plausible
const HOME_PULL = 2.5

const bump = (slot: number, centre: number, width: number): number => {
  const d = Math.min(Math.abs(slot - centre), BARS_PER_DAY - Math.abs(slot - centre))
  return Math.exp(-(d * d) / (2 * width * width))
}

/** Volatility by 15m slot of the UTC day: quiet Asian night, busier European morning, busiest US open. */
const SEASON: Float64Array = (() => {
  const raw = Float64Array.from(
    { length: BARS_PER_DAY },
    (_, slot) => 0.6 + 0.4 * bump(slot, 32, 6) + 0.9 * bump(slot, 56, 5)
  )
  const meanSquare = raw.reduce((sum, v) => sum + v * v, 0) / BARS_PER_DAY
  return raw.map((v) => v / Math.sqrt(meanSquare))
})()

const FACTOR_LABEL = "market-factor"

/** How many shocks a factor holds: the newest `keep`, forgotten `slack` at a time (Infinity: all). */
export interface FactorWindow {
  readonly keep: number
  readonly slack: number
}

const KEEP_ALL: FactorWindow = { keep: Number.POSITIVE_INFINITY, slack: Number.POSITIVE_INFINITY }

/**
 * Standard normal shocks shared by all symbols of one market (crypto moves together), one per 15m bar, drawn in
 * bar order from one stream. Only a window is held, like the market's bars: each symbol reads its bars' shocks in
 * order (`FactorReader`), so shocks behind the newest `keep` are asked again only by a symbol that starts late or
 * lags, and that one replays them from the seed.
 */
export class MarketFactor {
  private readonly rng: Random
  private shocks: Float64Array
  /** Bar index of `shocks[0]`: the shocks before it were forgotten. */
  private first = 0
  private length = 0

  constructor(
    readonly seed: number,
    private readonly window: FactorWindow = KEEP_ALL
  ) {
    this.rng = new Random(seed, FACTOR_LABEL)
    this.shocks = new Float64Array(Math.min(4_096, window.keep + window.slack))
  }

  /** Shocks held now: at most `keep` + `slack`. */
  get held(): number {
    return this.length
  }

  /** A fresh copy of the factor's stream, from bar 0. */
  replay(): Random {
    return new Random(this.seed, FACTOR_LABEL)
  }

  /** The shock of 15m bar `index`, generating the factor up to that bar if needed; undefined once forgotten. */
  at(index: number): number | undefined {
    if (index < this.first) return undefined
    while (this.first + this.length <= index) {
      if (this.length === this.shocks.length) this.makeRoom()
      this.shocks[this.length++] = this.rng.normal()
    }
    return this.shocks[index - this.first]
  }

  /** When full: forgets all but the newest `keep` if more are held, else grows (doubling, up to `keep + slack`). */
  private makeRoom(): void {
    const excess = this.length - this.window.keep
    if (excess > 0) {
      this.shocks.copyWithin(0, excess, this.length)
      this.first += excess
      this.length -= excess
      return
    }
    const next = new Float64Array(
      Math.max(this.length + 1, Math.min(this.length * 2, this.window.keep + this.window.slack))
    )
    next.set(this.shocks)
    this.shocks = next
  }
}

/**
 * One symbol's reads of the market factor, bar after bar. A shock the factor has forgotten is replayed from the
 * seed (the same stream, so the same value) until the symbol reaches the shocks still held.
 */
export class FactorReader {
  private replay: Random | undefined
  /** Shocks the replay has drawn: its next draw is that bar's. */
  private replayed = 0

  constructor(private readonly factor: MarketFactor) {}

  at(index: number): number {
    const held = this.factor.at(index)
    if (held !== undefined) {
      this.replay = undefined
      return held
    }
    if (this.replay === undefined || this.replayed > index) {
      this.replay = this.factor.replay()
      this.replayed = 0
    }
    while (this.replayed < index) {
      this.replay.normal()
      this.replayed++
    }
    this.replayed++
    return this.replay.normal()
  }
}

const roundTo = (value: number, scale: number): number => Math.round(value * scale) / scale

export class SyntheticPath {
  private readonly rng: Random
  private readonly barSigma: number
  private readonly homeLog: number
  private readonly priceScale: number
  private readonly volumeScale: number
  private readonly barVolume: number
  private readonly independence: number
  private logPrice: number
  private lastClose: number
  private variance = 1
  private regime = 0
  private regimeLeft = 0
  private trendDrift = 0
  private rangeAnchor = 0
  private rangePull = 0
  private impulseLeft = 0
  private impulseDrift = 0
  private readonly factor: FactorReader

  constructor(
    seed: number,
    private readonly profile: SyntheticProfile,
    private readonly startMs: number,
    market: MarketFactor
  ) {
    this.factor = new FactorReader(market)
    this.rng = new Random(seed, `path:${profile.symbol}`)
    this.barSigma = profile.dailyVolatility / Math.sqrt(BARS_PER_DAY)
    this.homeLog = Math.log(profile.basePrice)
    this.priceScale = 10 ** profile.priceDecimals
    this.volumeScale = 10 ** profile.volumeDecimals
    this.barVolume = profile.dailyNotional / BARS_PER_DAY / profile.basePrice
    this.independence = Math.sqrt(1 - profile.marketCorrelation ** 2)
    this.logPrice = this.homeLog
    this.lastClose = this.roundPrice(profile.basePrice)
  }

  private roundPrice(price: number): number {
    return Math.max(roundTo(price, this.priceScale), 1 / this.priceScale)
  }

  private nextRegime(): void {
    const rng = this.rng
    const wasTrend = this.regime !== 0
    if (rng.chance(wasTrend ? 0.55 : 0.3)) {
      this.regime = 0
      this.regimeLeft = Math.round(48 + rng.exponential(2 * BARS_PER_DAY))
      this.rangeAnchor = this.logPrice
      this.rangePull = rng.between(1 / 150, 1 / 40)
    } else {
      const pUp = 1 / (1 + Math.exp(HOME_PULL * (this.logPrice - this.homeLog)))
      this.regime = rng.chance(pUp) ? 1 : -1
      this.regimeLeft = Math.round(BARS_PER_DAY + rng.exponential(3 * BARS_PER_DAY))
      this.trendDrift = this.regime * rng.between(0.015, 0.06) * this.barSigma
    }
  }

  private maybeStartImpulse(): void {
    const rng = this.rng
    if (this.impulseLeft > 0 || !rng.chance(IMPULSE_PROBABILITY)) return
    const withTrend = this.regime !== 0 && rng.chance(0.8)
    const direction = withTrend ? this.regime : rng.chance(0.5) ? 1 : -1
    this.impulseLeft = rng.int(6, 40)
    this.impulseDrift = direction * rng.between(0.3, 0.7)
    this.variance *= 1.4
  }

  /** Appends the next 15m bar (bar number `index` since start) to `out`. */
  step(index: number, out: OhlcvColumns): void {
    const rng = this.rng
    const time = this.startMs + index * BAR_MS
    const dayIndex = Math.floor(time / DAY_MS)
    const weekday = (dayIndex + 4) % 7 // 1970-01-01 was a Thursday: 0 is Sunday, 6 Saturday
    const weekend = weekday === 0 || weekday === 6
    const season = (SEASON[Math.floor(time / BAR_MS) % BARS_PER_DAY] ?? 1) * (weekend ? 0.75 : 1)
    if (this.regimeLeft <= 0) this.nextRegime()
    this.regimeLeft--
    this.maybeStartImpulse()

    const sigma = this.barSigma * Math.sqrt(this.variance) * season
    let drift = this.regime === 0 ? -this.rangePull * (this.logPrice - this.rangeAnchor) : this.trendDrift
    if (this.impulseLeft > 0) {
      drift += this.impulseDrift * sigma
      this.impulseLeft--
    }

    let open = this.lastClose
    if (rng.chance(GAP_PROBABILITY)) {
      const gap = (rng.chance(0.5) ? 1 : -1) * rng.between(3, 8) * this.barSigma
      this.logPrice += gap
      open = this.roundPrice(Math.exp(this.logPrice))
      this.variance += 2
    }

    const width = rng.chance(WIDE_PROBABILITY) ? WIDE_SCALE * SHOCK_NORM : SHOCK_NORM
    let shock = width * (this.profile.marketCorrelation * this.factor.at(index) + this.independence * rng.normal())
    const garchShock = shock
    if (rng.chance(JUMP_PROBABILITY)) {
      shock += (rng.chance(0.5) ? 1 : -1) * rng.between(4, 10)
      this.variance += 3
    }
    const move = drift + sigma * shock
    const twoVar = 2 * sigma * sigma
    const up = 0.5 * (move + Math.sqrt(move * move - twoVar * Math.log(1 - rng.float())))
    const down = 0.5 * (move - Math.sqrt(move * move - twoVar * Math.log(1 - rng.float())))

    const close = this.roundPrice(Math.exp(this.logPrice + move))
    const high = Math.max(this.roundPrice(Math.exp(this.logPrice + up)), open, close)
    const low = Math.min(this.roundPrice(Math.exp(this.logPrice + down)), open, close)
    const activity = Math.sqrt(this.variance) * season * (weekend ? 0.8 : 1) * (0.5 + 0.5 * Math.abs(shock))
    const volume = roundTo(this.barVolume * activity * Math.exp(0.35 * rng.normal() - 0.06), this.volumeScale)
    out.push(open, high, low, close, volume)

    this.logPrice += move
    this.lastClose = close
    this.variance = Math.min(
      25,
      Math.max(0.15, GARCH_OMEGA + GARCH_ALPHA * garchShock * garchShock * this.variance + GARCH_BETA * this.variance)
    )
  }
}
