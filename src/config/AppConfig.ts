import { Context, Effect, Layer } from "effect"
import { type ConfigSource, loadConfig, readProcessEnv } from "./Loader.ts"
import type { AppConfigShape } from "./schema/AppConfigSchema.ts"

/** The decoded, validated configuration (config.yaml + safety.yaml + environment), read once at startup. */
export class AppConfig extends Context.Tag("AppConfig")<AppConfig, AppConfigShape>() {
  /** Loads the files with the process environment; fails with ConfigError listing every problem. */
  static readonly layer = (source: ConfigSource) =>
    Layer.effect(
      AppConfig,
      Effect.flatMap(readProcessEnv, (env) => loadConfig({ ...source, env }))
    )

  /** An already decoded configuration (tests, tools). */
  static readonly layerFrom = (config: AppConfigShape) => Layer.succeed(AppConfig, config)
}
