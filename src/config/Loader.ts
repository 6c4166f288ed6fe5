import { readFile } from "node:fs/promises"
import * as path from "node:path"
import { Array as Arr, Effect, Either, Schema } from "effect"
import { parseDocument } from "yaml"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { ConfigError, ConfigIssue, formatIssues } from "./ConfigError.ts"
import { decodeIssues } from "./DecodeIssues.ts"
import type { Env } from "./Environment.ts"
import { applyEnvOverrides } from "./EnvOverrides.ts"
import { checkInvariants } from "./Invariants.ts"
import { substituteEnv } from "./Substitution.ts"
import { AppConfigSchema, type AppConfigShape } from "./schema/AppConfigSchema.ts"
import { isTree } from "./Tree.ts"

export interface ConfigSource {
  /** Path to config.yaml. */
  readonly configPath: string
  /** Path to safety.yaml; defaults to `safety.yaml` beside config.yaml. */
  readonly safetyPath?: string | undefined
}

export interface LoadOptions extends ConfigSource {
  readonly env: Env
}

const decode = Schema.decodeUnknownEither(AppConfigSchema, { errors: "all", onExcessProperty: "error" })

const rootIssues = (config: unknown, safety: unknown): Array<ConfigIssue> => [
  ...[
    ["config.yaml", config],
    ["safety.yaml", safety]
  ]
    .filter(([, tree]) => !isTree(tree))
    .map(([file]) => new ConfigIssue({ path: "(root)", message: `${file} must be a mapping of sections` })),
  ...(isTree(config) && "safety" in config
    ? [
        new ConfigIssue({
          path: "safety",
          message: "unknown key in config.yaml: safety thresholds belong in safety.yaml"
        })
      ]
    : [])
]

/**
 * The pure pipeline over already-parsed YAML: `${VAR}` substitution → environment overrides → Schema decode →
 * cross-field invariants. Every problem is collected; the result is the decoded config or all issues.
 */
export const decodeConfig = (input: {
  readonly config: unknown
  readonly safety: unknown
  readonly env: Env
}): Either.Either<AppConfigShape, ConfigError> => {
  const config = isTree(input.config) ? input.config : {}
  const substituted = substituteEnv({ ...config, safety: isTree(input.safety) ? input.safety : {} }, input.env)
  const tree = substituted.tree
  const overrideIssues = applyEnvOverrides(AppConfigSchema.ast, tree, input.env)
  const decoded = decode(tree)
  const issues = [
    ...rootIssues(input.config, input.safety),
    ...substituted.issues,
    ...overrideIssues,
    ...(Either.isLeft(decoded) ? decodeIssues(AppConfigSchema.ast, tree, decoded.left) : []),
    ...checkInvariants(tree)
  ]
  if (issues.length > 0 || Either.isLeft(decoded)) return Either.left(new ConfigError({ issues }))
  return Either.right(decoded.right)
}

/** Reads and parses one YAML file; a missing file or a syntax error is an issue naming the file. */
const readYaml = (file: string): Effect.Effect<unknown, ConfigError> =>
  Effect.tryPromise({
    try: () => readFile(file, "utf8"),
    catch: (cause) =>
      new ConfigError({ issues: [new ConfigIssue({ path: file, message: `cannot read file: ${describe(cause)}` })] })
  }).pipe(
    Effect.flatMap((text) => {
      const document = parseDocument(text, { uniqueKeys: true })
      const invalid = (message: string) => new ConfigIssue({ path: file, message: `invalid YAML: ${message}` })
      const issues = document.errors.map((error) => invalid(error.message.split("\n")[0] ?? ""))
      if (issues.length > 0) return Effect.fail(new ConfigError({ issues }))
      // toJS throws on an alias without its anchor and on an alias bomb (a resource-exhaustion guard)
      return Effect.try({
        try: (): unknown => document.toJS() ?? {},
        catch: (cause) => new ConfigError({ issues: [invalid(cause instanceof Error ? cause.message : String(cause))] })
      })
    })
  )

const describe = (cause: unknown): string =>
  cause instanceof Error && "code" in cause ? `${String(cause.code)} (${cause.message})` : String(cause)

/** safety.yaml beside config.yaml unless given. */
export const resolveSafetyPath = (source: ConfigSource): string =>
  source.safetyPath ?? path.join(path.dirname(source.configPath), "safety.yaml")

/** Loads config.yaml and safety.yaml and decodes them with `env` (pure apart from reading the two files). */
export const loadConfig = tracedFn("AppConfig.load")(function* (options: LoadOptions) {
  const [config, safety] = yield* Effect.all([readYaml(options.configPath), readYaml(resolveSafetyPath(options))], {
    mode: "validate"
  }).pipe(Effect.mapError((errors) => new ConfigError({ issues: Arr.getSomes(errors).flatMap((e) => e.issues) })))
  return yield* decodeConfig({ config, safety, env: options.env })
})

/** The process environment. The only place the configuration module (and the program) reads `process.env`. */
export const readProcessEnv: Effect.Effect<Env> = Effect.sync(() => ({ ...process.env }))

/** For `trading config check`: every issue, or an empty list when the configuration is valid. */
export const checkConfig = (
  options: ConfigSource & { readonly env?: Env }
): Effect.Effect<ReadonlyArray<ConfigIssue>> =>
  Effect.gen(function* () {
    const env = options.env ?? (yield* readProcessEnv)
    return yield* loadConfig({ ...options, env }).pipe(
      Effect.as([]),
      Effect.catchTag("ConfigError", (error) => Effect.succeed(error.issues))
    )
  })

/** "config OK" or the issue list, as the CLI prints it. */
export const formatCheckResult = (issues: ReadonlyArray<ConfigIssue>): string =>
  issues.length === 0 ? "config OK" : formatIssues(issues)
