import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import * as Logging from "../monitoring/Logging.ts"
import { liveLayer } from "../runtime/LiveLayers.ts"
import { liveProgram } from "../runtime/LiveProgram.ts"
import { configPathOption } from "./CommonOptions.ts"

const ticksOption = Options.integer("ticks").pipe(
  Options.withDescription("Stop after N ticks (default: run until SIGINT/SIGTERM)"),
  Options.optional
)

export const liveCommand = Command.make("live", { config: configPathOption, ticks: ticksOption }, ({ config, ticks }) =>
  Effect.gen(function* () {
    const appConfig = yield* AppConfig
    yield* liveProgram({ maxTicks: ticks }).pipe(Effect.provide(liveLayer(appConfig)))
  }).pipe(Effect.provide(Logging.layer()), Effect.provide(AppConfig.layer({ configPath: config })))
).pipe(Command.withDescription("Run the trading loop (the main job) on the configured venue"))
