import { Schema } from "effect"

/**
 * Trading state the invariant monitor decides each tick (trading-core §8.1): new entries only in ACTIVE;
 * management of open positions in ACTIVE, DEGRADED and HALTED; EMERGENCY flattens.
 */
export const SafetyLevel = Schema.Literal("ACTIVE", "DEGRADED", "HALTED", "EMERGENCY")
export type SafetyLevel = typeof SafetyLevel.Type

export const entriesAllowed = (level: SafetyLevel): boolean => level === "ACTIVE"

export const managementAllowed = (level: SafetyLevel): boolean => level !== "EMERGENCY"

/** Why the kill switch fired: a closed set (the original failed at run time on a value its enum lacked). */
export const KillReason = Schema.Literal(
  "MANUAL",
  "API_ERROR",
  "MARGIN_CRITICAL",
  "LIQUIDATION_BREACH",
  "DATA_FAILURE",
  "RECONCILIATION_FAILURE"
)
export type KillReason = typeof KillReason.Type
