/**
 * Acceptance tests compiled from a schema's AST, for hot loops that only need to know whether a record
 * is valid. A guard is true only for inputs that `Schema.decodeUnknownEither(schema, { onExcessProperty:
 * "ignore" })` accepts; false means "not shown valid here" and callers run Effect's decoder, which
 * then decides and explains. Plain structs, arrays, tuples, unions, literals, keywords and refinements of
 * those become direct checks (Effect's general parser builds an output object and error bookkeeping for
 * every node, which dominates a pull's CPU time); every other node (transformations, declarations,
 * recursive schemas, tagged unions, parse-option annotations) is checked by Effect's own parser.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** A compiled acceptance test: true only for inputs the schema's decoder accepts. */
export type Guard = (input: unknown) => boolean

/** The parse options guards mirror (those of `Connector.validator`). */
export const parseOptions: AST.ParseOptions = { errors: "first", onExcessProperty: "ignore" }

const cache = new WeakMap<AST.AST, Guard>()

/** Compiles a schema's guard (memoised per AST node). */
export const compile = <A, I, R>(schema: Schema.Schema<A, I, R>): Guard => compileAst(schema.ast)

/** Compiles the guard of an AST node (memoised). */
export const compileAst = (ast: AST.AST): Guard => {
  let guard = cache.get(ast)
  if (guard === undefined) {
    guard = build(ast)
    cache.set(ast, guard)
  }
  return guard
}

/** Effect's own parser for a node the guard does not compile. */
const viaEffect = (ast: AST.AST): Guard => {
  const decode = ParseResult.decodeUnknownEither(Schema.make(ast), parseOptions)
  return (input) => Either.isRight(decode(input))
}

// Annotations that change how Effect's parser treats a node (see ParseResult's goMemo).
const changesParsing = (ast: AST.AST): boolean => Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/** Whether decoding the node returns its input itself (so a refinement's filter sees the input). */
const decodesToInput = (ast: AST.AST): boolean => {
  if (changesParsing(ast)) return false
  switch (ast._tag) {
    case "Literal":
    case "UniqueSymbol":
    case "UndefinedKeyword":
    case "NeverKeyword":
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "BigIntKeyword":
    case "SymbolKeyword":
    case "ObjectKeyword":
    case "Enums":
      return true
    case "Union":
      return ast.types.every(decodesToInput)
    case "Refinement":
      return decodesToInput(ast.from)
    default:
      return false
  }
}

/**
 * Whether Effect's union parser tries this member in declaration order like any other: members with a
 * required literal property (or tuple element) are looked up by that literal first, which a plain
 * "any member accepts" check does not model, so such unions are left to Effect.
 */
const untagged = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Refinement":
      return untagged(ast.from)
    case "TypeLiteral":
      return ast.propertySignatures.every((ps) => ps.isOptional || !AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.every((e) => e.isOptional || !AST.isLiteral(AST.encodedAST(e.type)))
    case "Declaration":
    case "Suspend":
    case "Transformation":
      return false
    default:
      return true
  }
}

const always: Guard = () => true
const never: Guard = () => false
const isString: Guard = (u) => typeof u === "string"
const isNumber: Guard = (u) => typeof u === "number"
const isBoolean: Guard = (u) => typeof u === "boolean"
const hasOwn = Object.prototype.hasOwnProperty

const build = (ast: AST.AST): Guard => {
  if (changesParsing(ast)) return viaEffect(ast)
  switch (ast._tag) {
    case "StringKeyword":
      return isString
    case "NumberKeyword":
      return isNumber
    case "BooleanKeyword":
      return isBoolean
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return always
    case "NeverKeyword":
      return never
    case "UndefinedKeyword":
      return (u) => u === undefined
    case "BigIntKeyword":
      return (u) => typeof u === "bigint"
    case "SymbolKeyword":
      return (u) => typeof u === "symbol"
    case "ObjectKeyword":
      return (u) => (typeof u === "object" && u !== null) || typeof u === "function"
    case "Literal": {
      const literal = ast.literal
      return (u) => u === literal
    }
    case "UniqueSymbol": {
      const symbol = ast.symbol
      return (u) => u === symbol
    }
    case "Enums": {
      const values = ast.enums.map(([, value]) => value)
      return (u) => values.some((value) => value === u)
    }
    case "Refinement": {
      if (!decodesToInput(ast.from)) return viaEffect(ast)
      const from = compileAst(ast.from)
      return (u) => from(u) && Option.isNone(ast.filter(u, parseOptions, ast))
    }
    case "Union": {
      if (!ast.types.every(untagged)) return viaEffect(ast)
      const members = ast.types.map(compileAst)
      if (members.length === 2) {
        const [a, b] = members as [Guard, Guard]
        return (u) => a(u) || b(u)
      }
      return (u) => members.some((member) => member(u))
    }
    case "TypeLiteral":
      return typeLiteral(ast)
    case "TupleType":
      return tuple(ast)
    default:
      // Transformation, Declaration, Suspend, TemplateLiteral.
      return viaEffect(ast)
  }
}

const typeLiteral = (ast: AST.TypeLiteral): Guard => {
  if (ast.propertySignatures.some((ps) => typeof ps.name !== "string")) return viaEffect(ast)
  // Keys an index signature does not match are not checked by it, so its key test must be exact:
  // only plain string keys are compiled.
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return viaEffect(ast)
  const names = ast.propertySignatures.map((ps) => ps.name as string)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const checks = ast.propertySignatures.map((ps) => compileAst(ps.type))
  const values = ast.indexSignatures.map((is) => compileAst(is.type))
  const count = names.length
  return (u) => {
    if (typeof u !== "object" || u === null || Array.isArray(u)) return false
    const record = u as Record<string, unknown>
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      // A missing required key is parsed as whatever the object yields for it (not exact by default).
      if (optional[i] && !hasOwn.call(record, name)) continue
      if (!checks[i]!(record[name])) return false
    }
    if (values.length > 0) {
      for (const key of Object.keys(record)) {
        for (const value of values) if (!value(record[key])) return false
      }
    }
    return true
  }
}

const tuple = (ast: AST.TupleType): Guard => {
  if (ast.rest.length > 1) return viaEffect(ast)
  const elements = ast.elements.map((e) => ({ optional: e.isOptional, check: compileAst(e.type) }))
  const rest = ast.rest.length === 1 ? compileAst(ast.rest[0]!.type) : undefined
  const fixed = elements.length
  return (u) => {
    if (!Array.isArray(u)) return false
    const len = u.length
    if (rest === undefined && len > fixed) return false
    for (let i = 0; i < fixed; i++) {
      const element = elements[i]!
      if (i >= len) {
        if (element.optional) continue
        return false
      }
      if (!element.check(u[i])) return false
    }
    if (rest !== undefined) for (let i = fixed; i < len; i++) if (!rest(u[i])) return false
    return true
  }
}
