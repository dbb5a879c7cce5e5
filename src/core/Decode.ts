/**
 * Decoding of untrusted input into core types, with errors that name the offending field.
 */
import * as ReadonlyArray from "effect/Array"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { InvalidInput } from "./Errors.js"

/** Renders a parse path as a dotted field name (`where[1].op`). */
export const pathToField = (path: ReadonlyArray<PropertyKey>, prefix?: string): string | undefined => {
  let out = prefix ?? ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? undefined : out
}

/** A position where a value matched none of the plain types a union accepts (`"eq" | "gt"`). */
export interface Alternatives {
  readonly path: ReadonlyArray<PropertyKey>
  /** Each type the position accepts, as Effect shows it (`"eq"`, `string`). */
  readonly expected: ReadonlyArray<string>
  readonly actual: unknown
}

type Leaf = ParseResult.Type | undefined

/** The leaf type mismatches of a union's failure, through nested unions; undefined when one is not a plain type. */
const unionLeaves = (issue: ParseResult.ParseIssue): ReadonlyArray<Leaf> => {
  if (issue._tag === "Type") return [AST.isRefinement(issue.ast) || issue.message !== undefined ? undefined : issue]
  if (issue._tag === "Composite" && AST.isUnion(issue.ast)) return ReadonlyArray.flatMap(asArray(issue.issues), unionLeaves)
  return [undefined]
}

const asArray = <A>(value: A | ReadonlyArray<A>): ReadonlyArray<A> => (Array.isArray(value) ? value : [value as A])

/** Walks a parse issue tree to the unions whose members all failed as plain types, with their paths. */
export const alternatives = (issue: ParseResult.ParseIssue, path: ReadonlyArray<PropertyKey> = []): ReadonlyArray<Alternatives> => {
  switch (issue._tag) {
    case "Pointer":
      return alternatives(issue.issue, [...path, ...asArray(issue.path)])
    case "Refinement":
    case "Transformation":
      return alternatives(issue.issue, path)
    case "Composite": {
      if (AST.isUnion(issue.ast)) {
        const leaves = unionLeaves(issue)
        if (leaves.length > 1 && leaves.every((leaf) => leaf !== undefined)) {
          return [{ path, expected: [...new Set(leaves.map((leaf) => String(leaf!.ast)))], actual: issue.actual }]
        }
      }
      return ReadonlyArray.flatMap(asArray(issue.issues), (inner) => alternatives(inner, path))
    }
    default:
      return []
  }
}

const samePath = (a: ReadonlyArray<PropertyKey>, b: ReadonlyArray<PropertyKey>) => a.length === b.length && a.every((k, n) => k === b[n])

/** The union failure at a path, if the value there matched none of several plain types. */
export const alternativesAt = (error: ParseResult.ParseError, path: ReadonlyArray<PropertyKey>): Alternatives | undefined =>
  alternatives(error.issue).find((a) => samePath(a.path, path))

/** A value as error messages show it: JSON where it has one (`"zz"`, `null`, `{"a":1}`). */
export const show = (value: unknown): string => {
  if (value === undefined) return "undefined"
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Converts a ParseError to an InvalidInput naming the first offending field. */
export const fromParseError = (error: ParseResult.ParseError, prefix?: string): InvalidInput => {
  const first = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const field = first ? pathToField(first.path, prefix) : prefix
  let reason = first ? (first._tag === "Unexpected" ? "unknown field" : first.message) : error.message
  // A union reports one issue per member at the same path: say them as one "expected a | b".
  const union = first?._tag === "Type" ? alternativesAt(error, first.path) : undefined
  if (union !== undefined) reason = `Expected ${union.expected.join(" | ")}, actual ${show(union.actual)}`
  return new InvalidInput(field === undefined ? { reason } : { field, reason })
}

const strict = { errors: "all", onExcessProperty: "error" } as const

/** Decodes untrusted input strictly (unknown keys rejected); errors name the field. */
export const decodeUnknownEither =
  <A, I, R extends never>(schema: Schema.Schema<A, I, R>, prefix?: string) =>
  (input: unknown): Either.Either<A, InvalidInput> =>
    Either.mapLeft(Schema.decodeUnknownEither(schema, strict)(input), (e) => fromParseError(e, prefix))

/** Parses JSON text, naming `field` when it is malformed. */
export const parseJson = (text: string, field: string): Either.Either<unknown, InvalidInput> =>
  Either.try({
    try: () => JSON.parse(text) as unknown,
    catch: (e) => new InvalidInput({ field, reason: `malformed JSON (${(e as Error).message})` })
  })
