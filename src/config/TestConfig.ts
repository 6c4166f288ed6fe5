import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Effect, Either, Layer } from "effect"
import { parse as parseYaml } from "yaml"
import { AppConfig } from "./AppConfig.ts"
import type { Env } from "./Environment.ts"
import { decodeConfig } from "./Loader.ts"
import { isTree, mergeTrees, type Tree } from "./Tree.ts"

/** The shipped files, resolved from this module so tests work from any working directory. */
export const SHIPPED_CONFIG_PATH = fileURLToPath(new URL("../../config/config.yaml", import.meta.url))
export const SHIPPED_SAFETY_PATH = fileURLToPath(new URL("../../config/safety.yaml", import.meta.url))

const readTree = (file: string): Tree => {
  const parsed: unknown = parseYaml(readFileSync(file, "utf8"))
  return isTree(parsed) ? parsed : {}
}

export interface TestConfigPatch {
  /**
   * YAML-shaped (snake_case) changes merged into config.yaml, e.g. `{ risk: { auction_max_positions: 5 } }`;
   * `undefined` removes a key.
   */
  readonly config?: Tree
  /** Changes merged into safety.yaml, e.g. `{ invariants: { max_positions: 30 } }`. */
  readonly safety?: Tree
  readonly env?: Env
}

/**
 * The shipped defaults with optional changes, decoded exactly like production (no process environment).
 * Other modules' tests build their configuration here instead of writing one by hand.
 */
export const testConfig = (patch: TestConfigPatch = {}) =>
  decodeConfig({
    config: mergeTrees(readTree(SHIPPED_CONFIG_PATH), patch.config ?? {}),
    safety: mergeTrees(readTree(SHIPPED_SAFETY_PATH), patch.safety ?? {}),
    env: patch.env ?? {}
  })

/** `testConfig` as an AppConfig layer; an invalid patch fails the layer with the ConfigError. */
export const testConfigLayer = (patch: TestConfigPatch = {}) =>
  Layer.effect(
    AppConfig,
    Effect.suspend(() => testConfig(patch))
  )

/** `testConfig` for plain (non-Effect) tests of pure code; throws the ConfigError when the patch is invalid. */
export const testConfigSync = (patch: TestConfigPatch = {}) =>
  Either.getOrThrowWith(testConfig(patch), (error) => error)
