import { Option, SchemaAST } from "effect"
import { SecretAnnotationId } from "./schema/Fields.ts"

/** The keys a schema node has: a struct's properties, looking through refinements, transformations and unions. */
const properties = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.PropertySignature> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures
    case "Refinement":
    case "Transformation":
      return properties(ast.from)
    case "Union":
      return ast.types.flatMap(properties)
    case "Suspend":
      return properties(ast.f())
    default:
      return []
  }
}

/** Schemas a key path walks through: the struct properties named `key`. */
const children = (ast: SchemaAST.AST, key: string): ReadonlyArray<SchemaAST.AST> =>
  properties(ast)
    .filter((p) => p.name === key)
    .map((p) => p.type)

const isSecret = (ast: SchemaAST.AST): boolean => Option.isSome(SchemaAST.getAnnotation(ast, SecretAnnotationId))

/** The one key among `nodes` that `segment` names: spelled exactly so, else the only one equal ignoring case. */
const keyNamed = (nodes: ReadonlyArray<SchemaAST.AST>, segment: string): Option.Option<string> => {
  const names = [...new Set(nodes.flatMap(properties).map((p) => p.name))].filter((n) => typeof n === "string")
  if (names.includes(segment)) return Option.some(segment)
  const folded = names.filter((name) => name.toLowerCase() === segment.toLowerCase())
  return folded.length === 1 ? Option.fromNullable(folded[0]) : Option.none()
}

/**
 * The schema's spelling of a key path written in any case (environment variable names are upper case, keys like
 * the tier names `A`/`B`/`C` are too); none when a segment names no key, or several differing only in case.
 */
export const resolvePath = (
  ast: SchemaAST.AST,
  segments: ReadonlyArray<string>
): Option.Option<ReadonlyArray<string>> => {
  let nodes: ReadonlyArray<SchemaAST.AST> = [ast]
  const resolved: Array<string> = []
  for (const segment of segments) {
    const key = keyNamed(nodes, segment)
    if (Option.isNone(key)) return Option.none()
    resolved.push(key.value)
    nodes = nodes.flatMap((node) => children(node, key.value))
  }
  return Option.some(resolved)
}

/** True when the value at `segments`, or a section containing it, holds a credential. */
export const isSecretPath = (ast: SchemaAST.AST, segments: ReadonlyArray<PropertyKey>): boolean => {
  let nodes: ReadonlyArray<SchemaAST.AST> = [ast]
  for (const key of segments) {
    if (nodes.some(isSecret)) return true
    nodes = nodes.flatMap((node) => children(node, String(key)))
  }
  return nodes.some(isSecret)
}
