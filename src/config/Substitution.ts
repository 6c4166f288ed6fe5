import { ConfigIssue } from "./ConfigError.ts"
import { type Env, envValue } from "./Environment.ts"
import { isTree, joinPath, type Tree } from "./Tree.ts"

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value. The result stays a string; numbers are overridden
 * with `SECTION__KEY` variables instead. A missing variable without a default is an issue naming key and variable.
 */
export const substituteEnv = (tree: Tree, env: Env): { readonly tree: Tree; readonly issues: Array<ConfigIssue> } => {
  const issues: Array<ConfigIssue> = []
  const visit = (value: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
    if (typeof value === "string") {
      return value.replace(REFERENCE, (reference, name: string, fallback: string | undefined) => {
        const found = envValue(env, name) ?? fallback
        if (found === undefined) {
          issues.push(
            new ConfigIssue({
              path: joinPath(path),
              message: `environment variable ${name} is not set (referenced as ${reference}, no default)`
            })
          )
          return reference
        }
        return found
      })
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]))
    if (isTree(value))
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key])]))
    return value
  }
  const result = visit(tree, [])
  return { tree: isTree(result) ? result : tree, issues }
}
