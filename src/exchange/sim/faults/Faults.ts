import { Decimal } from "../../../domain/Money.ts"
import { Random } from "../../../domain/Random.ts"
import type { Liquidity } from "../EngineState.ts"
import type { PriceEvent } from "../PriceFeed.ts"

/** One fault kind: how often it strikes (0–1 per opportunity). */
export interface FaultRate {
  readonly rate: number
}

/**
 * What the server gets wrong on purpose, each with its own seeded stream so enabling one fault never changes
 * when another strikes. Opportunities: every HTTP request (latency, 5xx, rate limit, timeout), every WebSocket
 * frame received (drop, stall), every order entry (rejection), every price event (gap). Partial fills are the
 * engine's liquidity model: each order fills at most `fillRatio` of its size per price point.
 */
export interface FaultConfig {
  readonly seed: number
  readonly latency?: FaultRate & { readonly ms: number }
  readonly http5xx?: FaultRate
  readonly rateLimit?: FaultRate
  /** The request is read and never answered. */
  readonly timeout?: FaultRate
  /** The connection is closed abruptly (no close frame). */
  readonly wsDrop?: FaultRate
  /** The connection stays open but the server sends nothing more, heartbeats included. */
  readonly wsStall?: FaultRate
  readonly orderReject?: FaultRate
  readonly partialFill?: { readonly fillRatio: string | number }
  /** The price jumps by `pct` percent (up or down, seeded) from this event on. */
  readonly priceGap?: FaultRate & { readonly pct: number }
}

export type FaultKind =
  | "latency"
  | "http5xx"
  | "rateLimit"
  | "timeout"
  | "wsDrop"
  | "wsStall"
  | "orderReject"
  | "priceGap"

export class FaultInjector {
  private readonly streams = new Map<FaultKind, Random>()
  /** Cumulative gap factor per symbol: a gap moves the price level for good, as a real gap does. */
  private readonly gapFactor = new Map<string, Decimal>()
  /** How often each fault struck (tests and the operator read it). */
  readonly counts: Record<FaultKind, number> = {
    latency: 0,
    http5xx: 0,
    rateLimit: 0,
    timeout: 0,
    wsDrop: 0,
    wsStall: 0,
    orderReject: 0,
    priceGap: 0
  }

  constructor(readonly config: FaultConfig) {}

  /** Draws this opportunity's outcome for `kind`; a kind not configured never strikes and draws nothing. */
  strikes(kind: FaultKind): boolean {
    const rate = this.config[kind]?.rate ?? 0
    if (rate <= 0) return false
    let stream = this.streams.get(kind)
    if (!stream) {
      stream = new Random(this.config.seed, `fault:${kind}`)
      this.streams.set(kind, stream)
    }
    const hit = stream.float() < rate
    if (hit) this.counts[kind] += 1
    return hit
  }

  latencyMs(): number {
    return this.strikes("latency") ? (this.config.latency?.ms ?? 0) : 0
  }

  liquidity(): Liquidity | undefined {
    const partial = this.config.partialFill
    return partial ? { maxFillSize: null, fillRatio: new Decimal(partial.fillRatio) } : undefined
  }

  /** The venue's price hook: applies the accumulated gaps to every price (rounding is the venue's). */
  gap = (event: PriceEvent): PriceEvent => {
    const gap = this.config.priceGap
    if (gap && this.strikes("priceGap")) {
      const up = this.streams.get("priceGap")!.float() < 0.5
      const step = new Decimal(1).plus(new Decimal(gap.pct).div(100).mul(up ? 1 : -1))
      this.gapFactor.set(event.symbol, (this.gapFactor.get(event.symbol) ?? new Decimal(1)).mul(step))
    }
    const factor = this.gapFactor.get(event.symbol)
    return factor ? { ...event, last: event.last.mul(factor) } : event
  }
}
