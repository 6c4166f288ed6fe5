import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { Cause, Effect, Exit, FastCheck as fc, Option } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { isScalar, parseDocument } from "yaml"
import type { ConfigError, ConfigIssue } from "../../src/config/ConfigError.ts"
import { loadConfig } from "../../src/config/Loader.ts"
import { SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH } from "../../src/config/TestConfig.ts"
import { FUZZ_SEED } from "./arbitraries.ts"
import { leaves } from "./configMutations.ts"

// The tree-level mutations of ConfigLoader.test.ts never see YAML text: these edit the files themselves (hostile
// scalars, truncation, aliases, nesting) and the environment, and go through `loadConfig` as `trading live` does.

const TEXTS = { config: readFileSync(SHIPPED_CONFIG_PATH, "utf8"), safety: readFileSync(SHIPPED_SAFETY_PATH, "utf8") }
type File = keyof typeof TEXTS

const dir = mkdtempSync(path.join(tmpdir(), "config-fuzz-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const FILE_PATHS = { config: path.join(dir, "config.yaml"), safety: path.join(dir, "safety.yaml") }

/** `loadConfig` over the two texts: None when valid, else its ConfigError; a defect (a throw) fails the test. */
const load = async (texts: Record<File, string>, env: Record<string, string> = {}) => {
  writeFileSync(FILE_PATHS.config, texts.config)
  writeFileSync(FILE_PATHS.safety, texts.safety)
  const exit = await Effect.runPromiseExit(loadConfig({ configPath: FILE_PATHS.config, env }))
  if (Exit.isSuccess(exit)) return Option.none<ConfigError>()
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) throw new Error(`loadConfig died: ${Cause.pretty(exit.cause)}`)
  expect(failure.value._tag).toBe("ConfigError")
  expect(failure.value.issues.length).toBeGreaterThan(0)
  return failure
}

const issuePath = (file: File, segments: ReadonlyArray<string>) =>
  [...(file === "safety" ? ["safety"] : []), ...segments].join(".")

/** The issue is about `key`: the key itself, one above or below it. */
const namesKey = (issue: ConfigIssue, key: string) =>
  issue.path === key ||
  issue.path.startsWith(`${key}.`) ||
  key.startsWith(`${issue.path}.`) ||
  issue.message.includes(key)

const namesFile = (issue: ConfigIssue, file: File) => issue.path === FILE_PATHS[file]

const DOCUMENTS = { config: parseDocument(TEXTS.config), safety: parseDocument(TEXTS.safety) }

const TOP_LEVEL = new Set([...Object.keys(DOCUMENTS.config.toJS() as object), "safety", "(root)"])

/** Every numeric leaf (list items included), with its byte range in the shipped text. */
const numericLeaves = leaves()
  .filter((l) => typeof l.value === "number")
  .map((l) => {
    const node = DOCUMENTS[l.file].getIn(
      l.segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      true
    )
    const range = isScalar(node) ? node.range : undefined
    return {
      file: l.file,
      key: issuePath(l.file, l.segments),
      segments: l.segments,
      start: range?.[0],
      end: range?.[1]
    }
  })
  .filter((l): l is typeof l & { start: number; end: number } => l.start !== undefined && l.end !== undefined)

/** YAML scalars no numeric key may take: NaN and infinities in every spelling, overflow, text, broken aliases (null
 * is left out: a few numeric keys are nullable). */
const NEVER_A_NUMBER = [
  ".nan",
  ".NaN",
  "NaN",
  '"NaN"',
  ".inf",
  "-.inf",
  "+.Inf",
  "1e999",
  "-1e999",
  '""',
  '"12"',
  "[]",
  "{}",
  "!!binary AAAA",
  "*undefined_anchor",
  "2001-12-14",
  "[1, 2",
  "{a: 1"
]

const run = { seed: FUZZ_SEED }

describe("config files under hostile YAML text", () => {
  it("finds the numeric keys to corrupt in both files", async () => {
    expect(numericLeaves.length).toBeGreaterThan(100)
    expect(numericLeaves.some((l) => l.file === "safety")).toBe(true)
    expect(await load(TEXTS)).toEqual(Option.none())
  })

  it("refuses a hostile scalar in place of any number, naming that key (or the file for broken YAML)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numericLeaves), fc.constantFrom(...NEVER_A_NUMBER), async (leaf, token) => {
        const text = TEXTS[leaf.file]
        const edited = { ...TEXTS, [leaf.file]: text.slice(0, leaf.start) + token + text.slice(leaf.end) }
        const error = await load(edited)
        expect(Option.isSome(error), `${token} accepted at ${leaf.key}`).toBe(true)
        for (const issue of Option.getOrThrow(error).issues) {
          expect(namesKey(issue, leaf.key) || namesFile(issue, leaf.file), `${issue} ⟂ ${leaf.key}=${token}`).toBe(true)
        }
      }),
      { ...run, numRuns: 80 }
    )
  })

  it("huge but finite numbers are either accepted or refused naming the key", async () => {
    const huge = fc.constantFrom("99999999999999999999999999", "1e308", "-1e308", "0x7fffffffffffffffffff", "1e-320")
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numericLeaves), huge, async (leaf, token) => {
        const text = TEXTS[leaf.file]
        const error = await load({ ...TEXTS, [leaf.file]: text.slice(0, leaf.start) + token + text.slice(leaf.end) })
        for (const issue of Option.match(error, { onNone: () => [], onSome: (e) => e.issues })) {
          expect(namesKey(issue, leaf.key), `${issue} ⟂ ${leaf.key}=${token}`).toBe(true)
        }
      }),
      { ...run, numRuns: 30 }
    )
  })

  it("a truncated file is refused with issues naming the file or configuration keys, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<File>("config", "safety"),
        fc.double({ min: 0, max: 0.98, noNaN: true }),
        async (file, at) => {
          const text = TEXTS[file]
          const error = await load({ ...TEXTS, [file]: text.slice(0, Math.floor(at * text.length)) })
          expect(Option.isSome(error), `${file} cut at ${at} accepted`).toBe(true)
          for (const issue of Option.getOrThrow(error).issues) {
            const section = issue.path.split(".")[0] ?? ""
            expect(namesFile(issue, file) || TOP_LEVEL.has(section), String(issue)).toBe(true)
          }
        }
      ),
      { ...run, numRuns: 40 }
    )
  })

  it("refuses a hostile environment override of any number, naming the key", async () => {
    // Variables are lower-cased into keys: list items and upper-case keys (tier `A`) cannot be overridden.
    const overridable = numericLeaves.filter((l) => l.key === l.key.toLowerCase() && !/\.\d+(\.|$)/.test(l.key))
    const hostile = fc.constantFrom("NaN", "nan", ".nan", "Infinity", ".inf", "-.inf", "1e999", "12abc", "", "[1", "{}")
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...overridable), hostile, async (leaf, value) => {
        const variable = leaf.key.toUpperCase().replaceAll(".", "__")
        const error = await load(TEXTS, { [variable]: value })
        expect(Option.isSome(error), `${variable}=${JSON.stringify(value)} accepted`).toBe(true)
        for (const issue of Option.getOrThrow(error).issues) {
          expect(namesKey(issue, leaf.key), `${issue} ⟂ ${variable}`).toBe(true)
        }
      }),
      { ...run, numRuns: 60 }
    )
  })

  // Found by this fuzzing: an alias bomb and an alias without its anchor made the YAML library throw out of
  // `loadConfig` (a defect with a stack trace instead of a ConfigError naming the file).
  it.each([
    [
      "an alias bomb",
      `bomb: &a [x, x, x, x, x, x, x, x, x, x]\nb2: &b [${"*a, ".repeat(9)}*a]\nb3: &c [${"*b, ".repeat(9)}*b]\nb4: [${"*c, ".repeat(9)}*c]\n`
    ],
    ["an alias without its anchor", "dangling: *nowhere\n"],
    ["a 10000-deep flow sequence", `deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`],
    ["a 3000-deep flow mapping", `deep: ${"{a: ".repeat(3_000)}1${"}".repeat(3_000)}\n`],
    ["a NUL byte", "\u0000\n"],
    ["a tab used as indentation", "risk:\n\tauction_max_positions: 5\n"],
    ["a repeated section", "runtime: {}\n"]
  ])("refuses %s with a ConfigError naming the file or the key", async (_, prefix) => {
    for (const file of ["config", "safety"] as const) {
      const error = await load({ ...TEXTS, [file]: prefix + TEXTS[file] })
      expect(Option.isSome(error)).toBe(true)
      for (const issue of Option.getOrThrow(error).issues) {
        expect(namesFile(issue, file) || TOP_LEVEL.has(issue.path.split(".")[0] ?? ""), String(issue)).toBe(true)
      }
    }
  })

  it("renders NaN and infinities as such in the refusal, not as null", async () => {
    const leaf = numericLeaves.find((l) => l.key === "risk.auction_max_positions")
    expect(leaf).toBeDefined()
    if (leaf === undefined) return
    const text = TEXTS.config
    for (const [token, shown] of [
      [".nan", "NaN"],
      ["1e999", "Infinity"]
    ] as const) {
      const error = await load({ ...TEXTS, config: text.slice(0, leaf.start) + token + text.slice(leaf.end) })
      expect(String(Option.getOrThrow(error).message)).toContain(`risk.auction_max_positions`)
      expect(String(Option.getOrThrow(error).message)).toContain(`(got ${shown})`)
    }
  })
})
