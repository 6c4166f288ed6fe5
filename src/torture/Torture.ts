import { readFileSync } from "node:fs"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Clock, Console, Duration, Effect, Layer, Logger, LogLevel, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { loadConfig } from "../config/Loader.ts"
import { Random } from "../domain/Random.ts"
import { KrakenExchangeLive, SpotRestLive } from "../exchange/kraken/KrakenVenue.ts"
import { FaultInjector } from "../exchange/sim/faults/Faults.ts"
import type { EpisodeReport } from "../soak/Episode.ts"
import { brokenInvariants, formatEpisode } from "../soak/SoakReport.ts"
import { spawnTrading } from "./Child.ts"
import { finalReconciliation } from "./FinalReconciliation.ts"
import {
  liveEnvironment,
  TORTURE_API_KEY,
  TORTURE_HISTORY_DAYS,
  type TortureSettings,
  tortureApiSecret,
  writeLiveConfig
} from "./TortureSetup.ts"
import { watchVenue } from "./VenueWatch.ts"

/** One run of the live process: how long it traded before its SIGKILL, and how many ticks it logged. */
export interface KilledRun {
  readonly run: number
  readonly tradedSeconds: number
  readonly ticks: number
}

export interface TortureResult {
  /** The soak's figures over the whole torture (one "episode"), so the same report and invariants apply. */
  readonly report: EpisodeReport
  readonly killed: ReadonlyArray<KilledRun>
  /** Real seconds the last run took to stop after SIGTERM, and its exit code. */
  readonly finalStop: { readonly seconds: number; readonly code: number | null }
  /** Process ids of every child started (all ended when the torture returns). */
  readonly children: ReadonlyArray<number>
  readonly passed: boolean
}

const STARTUP_LIMIT = Duration.seconds(120)

const logOf = (dir: string, name: string) => join(dir, `${name}.log`)

/** Tick lines in a live run's JSON log. */
const ticksIn = (logFile: string) =>
  (readFileSync(logFile, "utf8").match(/"message":"tick \d+ market_time/g) ?? []).length

/** The observer's own Kraken-wire connection to the sim-server, with its own nonce file (same key pair). */
const observerLayer = (config: typeof AppConfig.Service, dir: string) =>
  KrakenExchangeLive.pipe(
    Layer.provide(SpotRestLive(join(dir, "observer-nonce"))),
    Layer.provide(AppConfig.layerFrom(config)),
    Layer.provide(FetchHttpClient.layer)
  )

/**
 * `npm run torture`: an external `trading sim-server` child, then `trading live` children against it over the
 * Kraken wire, each SIGKILLed at a seeded moment and restarted on the same files (registry, database, nonce
 * file), `kills` times; the last run trades, then stops with SIGTERM. An observer on its own connection watches
 * the venue throughout (time without a stop, client ids accepted twice); at the end a final reconciliation
 * compares registry and venue. Every child is killed when the torture ends, however it ends.
 */
export const runTorture = (settings: TortureSettings) =>
  Effect.gen(function* () {
    const dir = settings.workDir
    const startedAt = yield* Clock.currentTimeMillis
    const secret = tortureApiSecret(settings.seed)
    const server = yield* spawnTrading(
      "sim-server",
      [
        "sim-server",
        ...["--port", "0", "--host", "127.0.0.1", "--seed", String(settings.seed), "--speed", String(settings.speed)],
        ...["--history-days", String(TORTURE_HISTORY_DAYS)],
        ...["--api-key", TORTURE_API_KEY, "--api-secret", secret]
      ],
      { env: { PATH: process.env.PATH ?? "" }, logFile: logOf(dir, "sim-server"), cwd: dir }
    )
    const [, url = ""] = yield* server.awaitLine(/Simulated Kraken venue on (\S+)/, STARTUP_LIMIT)
    const configPath = writeLiveConfig(dir)
    const env = liveEnvironment(url, settings.seed)
    const config = yield* loadConfig({ configPath, env: env as Record<string, string> })
    const children = [server.pid]
    yield* Console.log(`sim-server ${url} (pid ${server.pid}); state, configuration and logs in ${dir}`)

    const observer = yield* Layer.build(observerLayer(config, dir))
    const watched = yield* Effect.provide(watchVenue, observer)

    const random = new Random(settings.seed, "torture-kills")
    const killed: Array<KilledRun> = []
    const unexpected: Array<string> = []
    for (let run = 1; run <= settings.kills; run++) {
      const lifetime = Duration.millis(
        Math.round(random.between(settings.minRunSeconds, settings.maxRunSeconds) * 1_000)
      )
      const name = `live-${run}`
      const outcome = yield* Effect.scoped(
        Effect.gen(function* () {
          const live = yield* spawnTrading(name, ["live", "--config", configPath], {
            env,
            logFile: logOf(dir, name),
            cwd: dir
          })
          children.push(live.pid)
          // The moment counts from the ready phase: start-up on a loaded machine takes long and varies a lot, and
          // the kills are meant for the trading loop (its entries, stops and reconciliations)
          yield* live.awaitLine(/phase ready/, STARTUP_LIMIT)
          const early = yield* Effect.timeout(live.exited, lifetime).pipe(Effect.option)
          if (Option.isNone(early)) {
            yield* live.signal("SIGKILL")
            yield* live.exited
          }
          return early
        })
      ).pipe(Effect.either)
      if (outcome._tag === "Left") unexpected.push(outcome.left.message)
      else if (Option.isSome(outcome.right)) {
        unexpected.push(`${name} exited by itself (${JSON.stringify(outcome.right.value)})`)
      }
      const ticks = ticksIn(logOf(dir, name))
      killed.push({ run, tradedSeconds: Duration.toSeconds(lifetime), ticks })
      yield* Console.log(
        `${name}: SIGKILL ${Duration.toSeconds(lifetime).toFixed(1)} s after ready, after ${ticks} tick(s)`
      )
    }

    const finalStop = yield* Effect.scoped(
      Effect.gen(function* () {
        const live = yield* spawnTrading("live-final", ["live", "--config", configPath], {
          env,
          logFile: logOf(dir, "live-final"),
          cwd: dir
        })
        children.push(live.pid)
        yield* live.awaitLine(/phase ready/, STARTUP_LIMIT)
        yield* Effect.sleep(Duration.seconds(settings.finalRunSeconds))
        const signalledAt = yield* Clock.currentTimeMillis
        yield* live.signal("SIGTERM")
        const exit = yield* live.exited
        return { seconds: ((yield* Clock.currentTimeMillis) - signalledAt) / 1_000, code: exit.code }
      })
    ).pipe(
      // A last run that never got ready is reported; the final reconciliation still runs
      Effect.catchTag("ChildFailed", (failure) =>
        Effect.as(
          Effect.sync(() => unexpected.push(failure.message)),
          { seconds: 0, code: null }
        )
      )
    )
    if (finalStop.code !== 0) unexpected.push(`live-final exited with code ${finalStop.code} after SIGTERM`)
    yield* Console.log(`live-final: SIGTERM, stopped in ${finalStop.seconds.toFixed(1)} s with code ${finalStop.code}`)

    const final = yield* Effect.either(finalReconciliation(config).pipe(Logger.withMinimumLogLevel(LogLevel.None)))
    const seen = yield* watched
    const state = final._tag === "Right" ? final.right : undefined
    if (final._tag === "Left") unexpected.push(`final reconciliation: ${final.left.message}`)
    const report: EpisodeReport = {
      episode: 1,
      seed: settings.seed,
      ticksCompleted: state?.ticksCompleted ?? 0,
      realSeconds: ((yield* Clock.currentTimeMillis) - startedAt) / 1_000,
      positionsOpened: (state?.closedTrades ?? 0) + (state?.stillOpen ?? 0),
      closedTrades: state?.closedTrades ?? 0,
      stillOpen: state?.stillOpen ?? 0,
      ordersAccepted: seen.ordersAccepted,
      maxNakedSeconds: seen.maxNakedSeconds,
      maxUnderCoveredSeconds: seen.maxUnderCoveredSeconds,
      duplicateClientOrderIds: seen.duplicateClientOrderIds,
      differences: state?.differences ?? [],
      lostOrders: state?.lostOrders ?? 0,
      startupFailures: [],
      unhandledErrors: [...(state?.errorEvents ?? []).map((line) => `error event: ${line}`), ...unexpected],
      protectionRepairs: state?.protectionRepairs ?? 0,
      // The venue runs without injected faults: the kills are the fault
      faultsInjected: { ...new FaultInjector({ seed: settings.seed }).counts }
    }
    yield* Console.log(
      `torture kills=${killed.length} ticks_before_kills=${killed.map((k) => k.ticks).join(",")} ` +
        `final_stop_s=${finalStop.seconds.toFixed(1)}\n${formatEpisode(report)}`
    )
    return {
      report,
      killed,
      finalStop,
      children,
      passed: brokenInvariants(report).length === 0
    } satisfies TortureResult
  }).pipe(Effect.scoped)
