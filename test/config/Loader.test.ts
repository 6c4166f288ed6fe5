import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer } from "effect"
import { AppConfig } from "../../src/config/AppConfig.ts"
import { checkConfig, formatCheckResult, loadConfig } from "../../src/config/Loader.ts"
import {
  SHIPPED_CONFIG_PATH,
  SHIPPED_SAFETY_PATH,
  testConfigLayer,
  testConfigSync
} from "../../src/config/TestConfig.ts"

/** A temporary copy of the shipped files, edited by `edit`; removed after the test. */
const withConfigDir = <A, E>(
  edit: (dir: string) => void,
  use: (dir: string) => Effect.Effect<A, E>
): Effect.Effect<A, E> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const dir = mkdtempSync(path.join(tmpdir(), "config-test-"))
      copyFileSync(SHIPPED_CONFIG_PATH, path.join(dir, "config.yaml"))
      copyFileSync(SHIPPED_SAFETY_PATH, path.join(dir, "safety.yaml"))
      edit(dir)
      return dir
    }),
    use,
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

const replaceIn = (file: string, from: string, to: string) => {
  const text = readFileSync(file, "utf8")
  if (!text.includes(from)) throw new Error(`${from} not found in ${file}`)
  writeFileSync(file, text.replace(from, to))
}

describe("loadConfig", () => {
  it.effect("loads the shipped files, safety.yaml from beside config.yaml", () =>
    Effect.gen(function* () {
      const config = yield* loadConfig({ configPath: SHIPPED_CONFIG_PATH, env: {} })
      expect(config.safety.invariants.max_positions).toBe(27)
      expect(config.exchange.venue).toBe("sim")
    })
  )

  it.effect("reads safety.yaml from safetyPath when given", () =>
    withConfigDir(
      (dir) => replaceIn(path.join(dir, "safety.yaml"), "max_positions: 27", "max_positions: 26"),
      (dir) =>
        Effect.gen(function* () {
          const config = yield* loadConfig({
            configPath: SHIPPED_CONFIG_PATH,
            safetyPath: path.join(dir, "safety.yaml"),
            env: {}
          })
          expect(config.safety.invariants.max_positions).toBe(26)
        })
    )
  )

  it.effect("a missing file is an error naming the path", () =>
    Effect.gen(function* () {
      const missing = path.join(tmpdir(), "no-such-dir-config", "config.yaml")
      const error = yield* Effect.flip(loadConfig({ configPath: missing, env: {} }))
      expect(error.issues.map((issue) => issue.path)).toEqual([
        missing,
        path.join(path.dirname(missing), "safety.yaml")
      ])
      expect(error.issues[0]?.message).toContain("ENOENT")
    })
  )

  it.effect("invalid YAML and duplicate keys are errors naming the file", () =>
    withConfigDir(
      (dir) => {
        writeFileSync(path.join(dir, "config.yaml"), "mode: paper\nmode: live\n")
        writeFileSync(path.join(dir, "safety.yaml"), "invariants: [unclosed\n")
      },
      (dir) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(loadConfig({ configPath: path.join(dir, "config.yaml"), env: {} }))
          expect(error.issues.map((issue) => issue.path)).toEqual([
            path.join(dir, "config.yaml"),
            path.join(dir, "safety.yaml")
          ])
          expect(error.issues.every((issue) => issue.message.startsWith("invalid YAML"))).toBe(true)
        })
    )
  )

  it.effect("safety thresholds in config.yaml are rejected", () =>
    withConfigDir(
      (dir) =>
        writeFileSync(path.join(dir, "config.yaml"), `${readFileSync(SHIPPED_CONFIG_PATH, "utf8")}\nsafety: {}\n`),
      (dir) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(loadConfig({ configPath: path.join(dir, "config.yaml"), env: {} }))
          expect(error.issues.map((issue) => issue.path)).toEqual(["safety"])
          expect(error.message).toContain("safety.yaml")
        })
    )
  )
})

describe("checkConfig", () => {
  it.effect("prints config OK for the shipped files", () =>
    Effect.gen(function* () {
      const issues = yield* checkConfig({ configPath: SHIPPED_CONFIG_PATH, env: {} })
      expect(formatCheckResult(issues)).toBe("config OK")
    })
  )

  it.effect("lists every error, one per line", () =>
    withConfigDir(
      (dir) => {
        replaceIn(path.join(dir, "config.yaml"), "adx_threshold: 25", "adx_threshold: 99")
        replaceIn(path.join(dir, "config.yaml"), "auction_max_margin_util: 0.90", "auction_max_margin_util: 0.95")
      },
      (dir) =>
        Effect.gen(function* () {
          const issues = yield* checkConfig({ configPath: path.join(dir, "config.yaml"), env: {} })
          const text = formatCheckResult(issues)
          expect(text.split("\n")).toEqual([
            "invalid configuration (2 errors):",
            "  - strategy.adx_threshold: expected a number between 10 and 40 (got 99)",
            "  - risk.auction_max_margin_util: must be less than safety.invariants.max_margin_utilization_pct (0.92): " +
              "the auction's margin budget must stay below the margin halt (got 0.95)"
          ])
        })
    )
  )
})

describe("AppConfig layers", () => {
  it.effect("layer loads the files with the process environment", () =>
    Effect.gen(function* () {
      const config = yield* AppConfig
      expect(config.safety.invariants.max_positions).toBeGreaterThanOrEqual(config.risk.auction_max_positions)
      expect(config.storage.sqlite_path.length).toBeGreaterThan(0)
    }).pipe(Effect.provide(AppConfig.layer({ configPath: SHIPPED_CONFIG_PATH })))
  )

  it.effect("layerFrom provides a decoded config", () =>
    Effect.gen(function* () {
      const config = yield* AppConfig
      expect(config.risk.auction_max_positions).toBe(25)
    }).pipe(Effect.provide(AppConfig.layerFrom(testConfigSync())))
  )

  it.effect("testConfigLayer applies a patch", () =>
    Effect.gen(function* () {
      const config = yield* AppConfig
      expect(config.runtime.tick_interval_seconds).toBe(5)
    }).pipe(Effect.provide(testConfigLayer({ config: { runtime: { tick_interval_seconds: 5 } } })))
  )

  it.effect("an invalid patch fails the layer with the ConfigError", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(
        Layer.build(testConfigLayer({ config: { mode: "demo" } })).pipe(Effect.scoped)
      )
      expect(Either.isLeft(result) && result.left.issues.map((issue) => issue.path)).toEqual(["mode"])
    })
  )
})
