import { dirname, join } from "node:path"
import { Command, Options } from "@effect/cli"
import { FetchHttpClient } from "@effect/platform"
import { Console, Effect, Layer, Option, Schedule, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Exchange } from "../exchange/Exchange.ts"
import type { Transient } from "../exchange/ExchangeErrors.ts"
import { KrakenExchangeLive, krakenEndpoints, SpotRestLive } from "../exchange/kraken/KrakenVenue.ts"
import { executionLayer } from "../execution/Execution.ts"
import { Executor } from "../execution/Executor.ts"
import { type AuditedOrder, cancellable } from "../execution/OrderAudit.ts"
import { needsRepair, type ProtectionFinding } from "../execution/ProtectionCheck.ts"
import { ProtectionService } from "../execution/ProtectionService.ts"
import { Reconciler } from "../execution/Reconciler.ts"
import { SqlSafetyStoreLive } from "../safety/SqlSafetyStore.ts"
import { configPathOption } from "./CommonOptions.ts"
import { withStorage } from "./DataCommand.ts"

/** The tools act on a venue reached over the wire; the embedded simulator lives only inside `trading live`. */
export class VenueUnreachable extends Schema.TaggedError<VenueUnreachable>()("VenueUnreachable", {
  key: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.key}: ${this.reason}`
  }
}

/** The venue's private feed did not sync in time: its state is unknown, so nothing is reported or done. */
export class VenueNotSynced extends Schema.TaggedError<VenueNotSynced>()("VenueNotSynced", {
  reason: Schema.String
}) {
  override get message(): string {
    return `the venue's state is unknown (${this.reason}); nothing was checked or changed`
  }
}

const venueLayer = (config: AppConfigShape): Layer.Layer<Exchange, Transient, AppConfig> =>
  KrakenExchangeLive.pipe(
    // The nonce sequence is shared with the live process: it sits beside the registry file.
    Layer.provide(SpotRestLive(join(dirname(config.storage.positions_db_path), "kraken-nonce"))),
    Layer.provide(FetchHttpClient.layer)
  )

/** Executor, reconciler and protection over the configured venue, registry file and database. */
const toolsLayer = (config: AppConfigShape) =>
  executionLayer({ registryFile: config.storage.positions_db_path }).pipe(
    Layer.provideMerge(venueLayer(config)),
    Layer.provideMerge(SqlSafetyStoreLive),
    Layer.provide(Layer.succeed(AppConfig, config))
  )

/** Waits (bounded) until the venue's positions and orders are known. */
const synced = Effect.flatMap(Exchange, (exchange) =>
  Effect.all([exchange.positions, exchange.openOrders]).pipe(
    Effect.retry(Schedule.spaced("250 millis").pipe(Schedule.intersect(Schedule.recurs(80)))),
    Effect.mapError((e) => new VenueNotSynced({ reason: e.message }))
  )
)

/** Checks the venue is reachable before anything is opened, then runs `program` with every execution service. */
const withExecution = <A, E, R>(configPath: string, program: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    // Paper trading on Kraken fills inside the live process; Kraken's endpoints are the real account's, never it.
    if (config.exchange.venue === "kraken" && config.mode === "paper")
      return yield* new VenueUnreachable({
        key: "mode",
        reason:
          "paper trading on kraken fills inside `trading live` and the tools would act on the real Kraken account; " +
          "nothing was checked or changed"
      })
    if (Option.isNone(krakenEndpoints(config.exchange)))
      return yield* new VenueUnreachable({
        key: "exchange.sim.url",
        reason: "the embedded simulator has no state outside `trading live`; set a sim url or use the kraken venue"
      })
    return yield* withStorage(
      configPath,
      Effect.flatMap(AppConfig, (config) =>
        Effect.scoped(Effect.zipRight(synced, program).pipe(Effect.provide(toolsLayer(config))))
      )
    )
  }).pipe(Effect.provide(AppConfig.layer({ configPath })))

const applyOption = (what: string) =>
  Options.boolean("apply").pipe(Options.withDescription(`${what} (without it: only report what would be done)`))

const findingLine = (f: ProtectionFinding) =>
  `${f.key.padEnd(10)} ${f.side.padEnd(5)} ${f.status.padEnd(13)} stops cover ${f.covered} of ${f.required}` +
  (f.positionId === undefined ? "  (not in the registry: adopt it)" : `  ${f.positionId}`)

/**
 * `place-missing-stops`: what is unprotected and, with `apply`, what was done about it, as report lines. Intents
 * left by a crash are resolved before anything is placed: a stop may already be on its way.
 */
export const placeMissingStops = (apply: boolean) =>
  Effect.gen(function* () {
    const protection = yield* ProtectionService
    const missing = (yield* protection.findings).filter(needsRepair)
    if (missing.length === 0) return ["every position has working reduce-only stops for its size"]
    const lines = missing.map(findingLine)
    if (!apply) return [...lines, `dry run: ${missing.length} to protect; run with --apply to place stops`]
    yield* Effect.flatMap(Executor, (executor) => executor.recoverIntents)
    const adopted = yield* Effect.flatMap(Reconciler, (reconciler) => reconciler.adoptUnmanaged)
    const repaired = yield* protection.repair
    const left = (yield* protection.findings).filter(needsRepair)
    return [
      ...lines,
      ...adopted.map((id) => `adopted ${id} and placed its stop`),
      ...repaired.map((id) => `re-placed the stop of ${id}`),
      ...left.map((f) => `still unprotected: ${findingLine(f)}`),
      left.length === 0 ? "every position is protected" : `${left.length} still unprotected`
    ]
  })

const orderLine = (a: AuditedOrder) => {
  const o = a.order
  const level = Option.getOrElse(
    Option.orElse(o.triggerPrice, () => o.limitPrice),
    () => "-"
  )
  return [
    a.verdict.padEnd(8),
    o.symbol.padEnd(11),
    o.type.padEnd(13),
    o.side.padEnd(4),
    (o.reduceOnly ? "reduce-only" : "").padEnd(11),
    String(o.quantity).padStart(10),
    String(level).padStart(12),
    a.positionId === undefined ? "" : `${a.positionId} ${a.role ?? "untracked"}`
  ].join(" ")
}

/** `audit-open-orders`: every open order with its verdict, lost registry orders, and with `apply` the cancels. */
export const auditOpenOrders = (apply: boolean) =>
  Effect.gen(function* () {
    const reconciler = yield* Reconciler
    const audit = yield* reconciler.audit
    const lines = [
      ...(audit.orders.length === 0 ? ["the venue lists no open orders"] : audit.orders.map(orderLine)),
      ...audit.lost.map((l) => `lost     ${l.positionId} ${l.role}: working in the registry, not on the venue`)
    ]
    const toCancel = cancellable(audit).length
    if (!apply) return [...lines, `dry run: ${toCancel} stale or orphan order(s) to cancel; run with --apply`]
    return [...lines, `cancelled ${yield* reconciler.cancelStale(audit)} stale or orphan order(s)`]
  })

const printed = <E, R>(report: Effect.Effect<ReadonlyArray<string>, E, R>) =>
  Effect.flatMap(report, (lines) => Effect.forEach(lines, (line) => Console.log(line), { discard: true }))

export const placeMissingStopsCommand = Command.make(
  "place-missing-stops",
  { config: configPathOption, apply: applyOption("Adopt unmanaged positions and re-place missing stops") },
  ({ config, apply }) => withExecution(config, printed(placeMissingStops(apply)))
).pipe(
  Command.withDescription(
    "Find positions without working reduce-only stops for their size; with --apply, protect them " +
      "(registry positions get their stop re-placed, unknown ones are adopted with a stop)"
  )
)

export const auditOpenOrdersCommand = Command.make(
  "audit-open-orders",
  { config: configPathOption, apply: applyOption("Cancel stale and orphan orders") },
  ({ config, apply }) => withExecution(config, printed(auditOpenOrders(apply)))
).pipe(
  Command.withDescription(
    "Compare the venue's open orders with the registry's: managed, stale, orphan or foreign, and the " +
      "registry's working orders the venue lacks; with --apply, cancel stale and orphan orders"
  )
)
