import { readFileSync } from "node:fs"
import { FastCheck as fc } from "effect"
import { parse } from "yaml"
import { SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH } from "../../src/config/TestConfig.ts"
import { getPath, isTree, type Tree } from "../../src/config/Tree.ts"

export interface Trees {
  config: Tree
  safety: Tree
}

/** One change to the shipped trees; `path` is the key path issues use (safety.yaml keys under `safety.`). */
export interface Mutation {
  readonly path: string
  readonly describe: string
  /** The change breaks the config whatever else changed (unknown key, broken relation). */
  readonly alwaysInvalid: boolean
  readonly apply: (trees: Trees) => void
}

const texts = { config: readFileSync(SHIPPED_CONFIG_PATH, "utf8"), safety: readFileSync(SHIPPED_SAFETY_PATH, "utf8") }

/** Fresh copies of the shipped YAML trees. */
export const shipped = (): Trees => ({ config: parse(texts.config), safety: parse(texts.safety) })

interface Location {
  readonly file: keyof Trees
  readonly segments: ReadonlyArray<string>
  readonly value: unknown
}

const walk = (file: keyof Trees, node: unknown, segments: ReadonlyArray<string>): Array<Location> => {
  const here = segments.length === 0 ? [] : [{ file, segments, value: node }]
  if (isTree(node)) return [...here, ...Object.entries(node).flatMap(([k, v]) => walk(file, v, [...segments, k]))]
  if (Array.isArray(node)) return [...here, ...node.flatMap((v, i) => walk(file, v, [...segments, String(i)]))]
  return here
}

const locations = (): Array<Location> => {
  const trees = shipped()
  return [...walk("config", trees.config, []), ...walk("safety", trees.safety, [])]
}
export const leaves = () => locations().filter((l) => !isTree(l.value) && !Array.isArray(l.value))
export const sections = () => locations().filter((l) => isTree(l.value))

const issuePath = (l: Pick<Location, "file" | "segments">) =>
  [...(l.file === "safety" ? ["safety"] : []), ...l.segments].join(".")

/** The parent container of a location in `trees` and the last segment. */
const parentOf = (trees: Trees, l: Location): readonly [unknown, string] => [
  getPath(trees[l.file], l.segments.slice(0, -1)),
  l.segments[l.segments.length - 1] ?? ""
]

const setIn = (trees: Trees, l: Location, value: unknown) => {
  const [parent, key] = parentOf(trees, l)
  if (Array.isArray(parent)) parent[Number(key)] = value
  else if (isTree(parent)) parent[key] = value
}

const mutation = (l: Location, describe: string, alwaysInvalid: boolean, apply: (trees: Trees) => void): Mutation => ({
  path: issuePath(l),
  describe: `${describe} at ${issuePath(l)}`,
  alwaysInvalid,
  apply
})

const SWAPS: ReadonlyArray<unknown> = ["fuzz", 7.5, -3, true, {}, [], [1, "a"], { nested: 1 }, null]
const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v)

/** Deleting a list element renumbers the ones after it: such a deletion names the whole list, not one index. */
const deletion = fc.constantFrom(...locations()).map((l) => {
  const remove = (trees: Trees) => {
    const [parent, key] = parentOf(trees, l)
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else if (isTree(parent)) delete parent[key]
  }
  const inList = Array.isArray(getPath(shipped()[l.file], l.segments.slice(0, -1)))
  const named = inList ? { ...l, segments: l.segments.slice(0, -1) } : l
  return { ...mutation(named, "delete", false, remove), describe: `delete at ${issuePath(l)}` }
})

const typeSwap = fc
  .tuple(fc.constantFrom(...leaves()), fc.constantFrom(...SWAPS))
  .filter(([l, v]) => kind(l.value) !== kind(v))
  .map(([l, v]) => mutation(l, `set ${JSON.stringify(v)}`, false, (trees) => setIn(trees, l, v)))

const OUT_OF_RANGE = [-1, 0, -1e9, 1e12, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 2]
const outOfRange = fc
  .tuple(fc.constantFrom(...leaves().filter((l) => typeof l.value === "number")), fc.constantFrom(...OUT_OF_RANGE))
  .map(([l, v]) => mutation(l, `set ${v}`, false, (trees) => setIn(trees, l, v)))

const unknownKey = fc.tuple(fc.constantFrom(...sections()), fc.stringMatching(/^fuzz_[a-z]{1,8}$/)).map(([l, key]) => {
  const at: Location = { ...l, segments: [...l.segments, key] }
  return mutation(at, "add unknown key", true, (trees) => {
    const node = getPath(trees[l.file], l.segments)
    if (isTree(node)) node[key] = 1
  })
})

/** `left` set just past `right` (read from the tree being mutated), breaking a documented relation. */
const RELATIONS: ReadonlyArray<readonly [keyof Trees, string, keyof Trees, string, number]> = [
  ["config", "strategy.tight_smc_atr_stop_min", "config", "strategy.tight_smc_atr_stop_max", 0.01],
  ["config", "strategy.stop_widen_factor", "config", "strategy.stop_widen_max_factor", 0.25],
  ["config", "multi_tp.tp1_r", "config", "multi_tp.tp2_r", 0],
  ["safety", "protection.min_stop_coverage", "safety", "protection.warn_stop_coverage", 0.01],
  ["safety", "invariants.max_positions", "config", "risk.auction_max_positions", -1]
]
export const brokenRelations: ReadonlyArray<Mutation & { readonly other: string }> = RELATIONS.map(
  ([lf, left, rf, right, delta]) => {
    const l: Location = { file: lf, segments: left.split("."), value: undefined }
    const other = issuePath({ file: rf, segments: right.split(".") })
    const m = mutation(l, `break relation with ${other}`, false, (trees) => {
      const value = getPath(trees[rf], right.split("."))
      if (typeof value === "number") setIn(trees, l, value + delta)
    })
    return { ...m, other }
  }
)

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  deletion,
  typeSwap,
  outOfRange,
  unknownKey,
  fc.constantFrom(...brokenRelations)
)
