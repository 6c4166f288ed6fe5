import { Schema } from "effect"

/** Kraken retires Derivatives REST v3 (and the futures charts beside it) on this day (kraken-api.md, status note). */
export const DERIVATIVES_DECOMMISSION_MS = Date.UTC(2027, 2, 1)

/** What we still take from Derivatives REST: each can be switched off, and each degrades alone once gone. */
export const DerivativesCapability = Schema.Literal("instrumentSpecs", "charts", "fillHistory", "leveragePreferences")
export type DerivativesCapability = typeof DerivativesCapability.Type

/** Which capabilities may call Derivatives REST at all; false = off (never sends a request). Each one is named. */
export type DerivativesCapabilities = Readonly<Record<DerivativesCapability, boolean>>

export const ALL_DERIVATIVES_CAPABILITIES: DerivativesCapabilities = {
  instrumentSpecs: true,
  charts: true,
  fillHistory: true,
  leveragePreferences: true
}

/** A capability is switched off or its endpoint is gone: use cached or declared data instead, do not retry. */
export class DerivativesUnavailable extends Schema.TaggedError<DerivativesUnavailable>()("DerivativesUnavailable", {
  capability: DerivativesCapability,
  reason: Schema.String
}) {
  override get message(): string {
    return `Kraken Derivatives REST capability ${this.capability} unavailable: ${this.reason}`
  }
}

/**
 * Whether an HTTP status means the endpoint itself is retired. 410 always does; 404 does for the fixed v3 paths
 * (instruments, fills, leveragepreferences cannot be "not found" otherwise), but not for charts, where it means one
 * unknown series.
 */
export const isRetiredStatus = (capability: DerivativesCapability, status: number): boolean =>
  status === 410 || (status === 404 && capability !== "charts")
