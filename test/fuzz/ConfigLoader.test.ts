import { Either, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { ConfigError, type ConfigIssue } from "../../src/config/ConfigError.ts"
import { decodeConfig } from "../../src/config/Loader.ts"
import { isTree, setPath } from "../../src/config/Tree.ts"
import { FUZZ_SEED } from "./arbitraries.ts"
import { brokenRelations, leaves, type Mutation, mutationArbitrary, sections, shipped } from "./configMutations.ts"

// Each decode walks the whole schema; 200 runs keep the file under a few seconds.
const run = { numRuns: 200, seed: FUZZ_SEED }

const decode = (mutations: ReadonlyArray<Mutation>) => {
  const trees = shipped()
  for (const m of mutations) m.apply(trees)
  return decodeConfig({ ...trees, env: {} })
}

/** The issue is about the mutated key: its path, a key above or below it, or a relation naming it. */
const names = (issue: ConfigIssue, path: string): boolean =>
  issue.path === path ||
  issue.path.startsWith(`${path}.`) ||
  path.startsWith(`${issue.path}.`) ||
  issue.message.includes(path)

const issuesOf = (result: ReturnType<typeof decode>): ReadonlyArray<ConfigIssue> => {
  if (Either.isRight(result)) return []
  expect(result.left).toBeInstanceOf(ConfigError)
  expect(result.left.issues.length).toBeGreaterThan(0)
  return result.left.issues
}

describe("config loader under mutated YAML trees", () => {
  it("the shipped trees decode and the generators reach every section", () => {
    expect(Either.isRight(decode([]))).toBe(true)
    expect(leaves().length).toBeGreaterThan(100)
    expect(sections().length).toBeGreaterThan(10)
  })

  it("every issue names a mutated key; invalid-by-construction mutations are always refused", () => {
    fc.assert(
      fc.property(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), (mutations) => {
        const issues = issuesOf(decode(mutations))
        for (const issue of issues) {
          expect(
            mutations.some((m) => names(issue, m.path)),
            `${issue.toString()} ⟂ ${mutations.map((m) => m.describe).join(", ")}`
          ).toBe(true)
        }
        for (const m of mutations.filter((m) => m.alwaysInvalid)) {
          expect(
            issues.some((issue) => names(issue, m.path)),
            `${m.describe} accepted: ${issues.join(" | ")}`
          ).toBe(true)
        }
      }),
      run
    )
  })

  it("decodes the shipped trees with keys in any order to the same config", () => {
    const expected = Either.getOrThrow(decode([]))
    const shuffle = (node: unknown, order: ReadonlyArray<number>, depth = 0): unknown => {
      if (Array.isArray(node)) return node.map((v) => shuffle(v, order, depth + 1))
      if (!isTree(node)) return node
      const entries = Object.entries(node).map(([k, v]) => [k, shuffle(v, order, depth + 1)] as const)
      const rank = (i: number) => order[(i + depth) % order.length] ?? i
      return Object.fromEntries(
        entries
          .map((e, i) => [rank(i), e] as const)
          .sort(([a], [b]) => a - b)
          .map(([, e]) => e)
      )
    }
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (order) => {
        const trees = shipped()
        const result = decodeConfig({
          config: shuffle(trees.config, order),
          safety: shuffle(trees.safety, order),
          env: {}
        })
        expect(Either.getOrThrow(result)).toEqual(expected)
      }),
      { ...run, numRuns: 50 }
    )
  })

  it("refuses any non-mapping file content naming the file", () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => !isTree(v)),
        fc.boolean(),
        (junk, inSafety) => {
          const trees = shipped()
          const issues = issuesOf(decodeConfig({ ...trees, [inSafety ? "safety" : "config"]: junk, env: {} }))
          const file = inSafety ? "safety.yaml" : "config.yaml"
          expect(issues.some((issue) => issue.path === "(root)" && issue.message.includes(file))).toBe(true)
        }
      ),
      { ...run, numRuns: 100 }
    )
  })

  it("refuses each broken threshold relation alone, naming both keys", () => {
    for (const m of brokenRelations) {
      const issues = issuesOf(decode([m]))
      expect(
        issues.some((issue) => issue.path === m.path && issue.message.includes(m.other)),
        m.describe
      ).toBe(true)
    }
  })

  it("never echoes a secret, whatever shape it has", () => {
    const secretKeys = [
      ["exchange", "kraken", "api_key"],
      ["exchange", "kraken", "api_secret"],
      ["exchange", "kraken", "futures_api_secret"],
      ["storage", "database_url"],
      ["monitoring", "telegram", "bot_token"],
      ["monitoring", "discord", "webhook_url"],
      ["dashboard", "token"]
    ] as const
    const token = fc.stringMatching(/^[A-Za-z0-9]{16}$/).map((t) => `TOKEN${t}`)
    const shape = fc.constantFrom(
      (t: string) => t,
      (t: string) => `mysql://root:${t}@db/x`,
      (t: string) => `http://hooks/${t}`,
      (t: string) => [t],
      (t: string) => ({ value: t }),
      (t: string) => ` ${t}\n`
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...secretKeys),
        token,
        shape,
        fc.array(mutationArbitrary, { maxLength: 2 }),
        (key, t, make, more) => {
          const trees = shipped()
          for (const m of more) m.apply(trees)
          setPath(trees.config, key, make(t))
          const result = decodeConfig({ ...trees, env: { DATABASE_URL: `ftp://${t}` } })
          if (Either.isLeft(result)) {
            expect(result.left.message).not.toContain(t)
            expect(JSON.stringify(result.left)).not.toContain(t)
            expect(String(result.left)).not.toContain(t)
          }
        }
      ),
      run
    )
  })
})
