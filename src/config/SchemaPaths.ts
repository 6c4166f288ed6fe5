import { Option, SchemaAST } from "effect"
import { SecretAnnotationId } from "./schema/Fields.ts"

/** Schemas a key path walks through: structs by property name, looking through refinements and transformations. */
const children = (ast: SchemaAST.AST, key: string): ReadonlyArray<SchemaAST.AST> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures.filter((p) => p.name === key).map((p) => p.type)
    case "Refinement":
    case "Transformation":
      return children(ast.from, key)
    case "Union":
      return ast.types.flatMap((member) => children(member, key))
    case "Suspend":
      return children(ast.f(), key)
    default:
      return []
  }
}

const isSecret = (ast: SchemaAST.AST): boolean => Option.isSome(SchemaAST.getAnnotation(ast, SecretAnnotationId))

/** The schema nodes found at `segments` (empty when the path names no key). */
const nodesAt = (ast: SchemaAST.AST, segments: ReadonlyArray<string>): ReadonlyArray<SchemaAST.AST> =>
  segments.reduce<ReadonlyArray<SchemaAST.AST>>((nodes, key) => nodes.flatMap((node) => children(node, key)), [ast])

/** True when `segments` is a key (section or leaf) of the schema. */
export const hasPath = (ast: SchemaAST.AST, segments: ReadonlyArray<string>): boolean =>
  nodesAt(ast, segments).length > 0

/** True when the value at `segments`, or a section containing it, holds a credential. */
export const isSecretPath = (ast: SchemaAST.AST, segments: ReadonlyArray<PropertyKey>): boolean => {
  let nodes: ReadonlyArray<SchemaAST.AST> = [ast]
  for (const key of segments) {
    if (nodes.some(isSecret)) return true
    nodes = nodes.flatMap((node) => children(node, String(key)))
  }
  return nodes.some(isSecret)
}
