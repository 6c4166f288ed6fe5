/** Helpers over the raw YAML tree (plain objects, arrays and scalars) before it is decoded. */

export type Tree = { [key: string]: unknown }

export const isTree = (value: unknown): value is Tree =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export const joinPath = (segments: ReadonlyArray<PropertyKey>): string => segments.map(String).join(".")

export const getPath = (tree: unknown, segments: ReadonlyArray<PropertyKey>): unknown => {
  let node = tree
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)]
    else if (isTree(node)) node = node[String(segment)]
    else return undefined
  }
  return node
}

/** Sets `value` at `segments`, creating missing sections; mutates `tree`. Fails when a scalar is in the way. */
export const setPath = (tree: Tree, segments: ReadonlyArray<string>, value: unknown): boolean => {
  let node = tree
  for (const segment of segments.slice(0, -1)) {
    let next = node[segment]
    if (next === undefined || next === null) {
      next = {}
      node[segment] = next
    }
    if (!isTree(next)) return false
    node = next
  }
  const last = segments[segments.length - 1]
  if (last === undefined) return false
  node[last] = value
  return true
}

/** Deep merge for plain trees: `patch` wins; arrays and scalars are replaced whole; `undefined` removes a key. */
export const mergeTrees = (base: Tree, patch: Tree): Tree => {
  const out: Tree = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key]
    if (value === undefined) delete out[key]
    else out[key] = isTree(current) && isTree(value) ? mergeTrees(current, value) : value
  }
  return out
}

/** Short rendering of a raw value for error messages. */
export const renderValue = (value: unknown): string => {
  if (value === undefined) return "nothing"
  // JSON would print a YAML `.nan` or an overflowed `1e999` as null
  if (typeof value === "number" && !Number.isFinite(value)) return String(value)
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
