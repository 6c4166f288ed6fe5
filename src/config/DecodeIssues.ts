import { ParseResult, type SchemaAST } from "effect"
import { ConfigIssue } from "./ConfigError.ts"
import { unknownKeyMessage } from "./RetiredKeys.ts"
import { isSecretPath } from "./SchemaPaths.ts"
import { getPath, joinPath, renderValue } from "./Tree.ts"

const REDACTED = "<redacted>"

/**
 * The "what was expected" half of a Schema message ("Expected X, actual Y"). The actual value is dropped: issues
 * carry it separately, redacted for credentials.
 */
const expectedPart = (issue: ParseResult.ArrayFormatterIssue, secret: boolean): string => {
  if (issue._tag === "Missing") return "missing required value"
  if (issue._tag === "Unexpected") return unknownKeyMessage(joinPath(issue.path))
  const match = /^Expected ([\s\S]*?), actual [\s\S]*$/.exec(issue.message)
  const expected = match?.[1]
  if (expected === undefined) return secret ? "invalid value" : issue.message
  if (expected.startsWith("{")) return "expected a mapping of keys"
  if (expected.startsWith("ReadonlyArray<") || expected.startsWith("readonly [")) return "expected a list"
  return `expected ${expected}`
}

/** Several expectations for one key (a union's members) read as "expected A or B". */
const mergeExpected = (parts: ReadonlyArray<string>): string =>
  parts.every((part) => part.startsWith("expected "))
    ? `expected ${parts.map((part) => part.slice("expected ".length)).join(" or ")}`
    : parts.join("; ")

/** Renders a raw value for an issue, or `<redacted>` when the key holds a credential. */
const issueValue = (ast: SchemaAST.AST, tree: unknown, segments: ReadonlyArray<PropertyKey>): string | undefined => {
  const raw = getPath(tree, segments)
  if (raw === undefined) return undefined
  return isSecretPath(ast, segments) ? REDACTED : renderValue(raw)
}

/**
 * Turns a Schema ParseError into one issue per key path. A union reports one line per member; those are merged
 * into "expected A or B" so each key appears once.
 */
export const decodeIssues = (ast: SchemaAST.AST, tree: unknown, error: ParseResult.ParseError): Array<ConfigIssue> => {
  const grouped = new Map<string, { segments: ReadonlyArray<PropertyKey>; expected: Array<string> }>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const key = joinPath(issue.path)
    const entry = grouped.get(key) ?? { segments: issue.path, expected: [] }
    const expected = expectedPart(issue, isSecretPath(ast, issue.path))
    if (!entry.expected.includes(expected)) entry.expected.push(expected)
    grouped.set(key, entry)
  }
  return [...grouped.entries()].map(
    ([path, { expected, segments }]) =>
      new ConfigIssue({
        path: path === "" ? "(root)" : path,
        message: mergeExpected(expected),
        ...withValue(issueValue(ast, tree, segments))
      })
  )
}

/** Spread helper for exactOptionalPropertyTypes: omit `value` instead of setting it to undefined. */
const withValue = (value: string | undefined): { value?: string } => (value === undefined ? {} : { value })
