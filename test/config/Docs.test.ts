import { readFileSync } from "node:fs"
import { Option } from "effect"
import { describe, expect, it } from "vitest"
import { parse as parseYaml } from "yaml"
import { SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH, testConfigSync } from "../../src/config/TestConfig.ts"

const docs = readFileSync(new URL("../../docs/CONFIG.md", import.meta.url), "utf8")

/** Key names of a YAML tree, at every level (list items are values, not keys). */
const keyNames = (value: unknown): Array<string> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.entries(value).flatMap(([key, child]) => [key, ...keyNames(child)])
    : []

describe("docs/CONFIG.md", () => {
  it("documents every key of the shipped files", () => {
    const keys = new Set(
      [SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH].flatMap((file) => keyNames(parseYaml(readFileSync(file, "utf8"))))
    )
    const documented = new Set([...docs.matchAll(/[a-zA-Z0-9_]+/g)].map((match) => match[0]))
    expect([...keys].filter((key) => !documented.has(key))).toEqual([])
  })
})

describe("config/examples/production.env", () => {
  it("is a valid set of overrides for the shipped files", () => {
    const lines = readFileSync(new URL("../../config/examples/production.env", import.meta.url), "utf8").split("\n")
    const env = Object.fromEntries(
      lines
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
    )
    const config = testConfigSync({ env })
    expect(config.exchange.venue).toBe("kraken")
    expect(Option.isSome(config.storage.database_url)).toBe(true)
  })
})
