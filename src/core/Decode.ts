/**
 * Decoding of untrusted input into core types, with errors that name the offending field.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
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

/** Converts a ParseError to an InvalidInput naming the first offending field. */
export const fromParseError = (error: ParseResult.ParseError, prefix?: string): InvalidInput => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  const field = first ? pathToField(first.path, prefix) : prefix
  let reason = first ? (first._tag === "Unexpected" ? "unknown field" : first.message) : error.message
  if (first) {
    // A union reports one issue per member at the same path: merge them into one "expected a | b".
    const samePath = issues.filter((i) => i.path.length === first.path.length && i.path.every((k, n) => k === first.path[n]))
    const expected = samePath.flatMap((i) => {
      const m = /^Expected (.+), actual (.+)$/s.exec(i.message)
      return m ? [[m[1]!, m[2]!] as const] : []
    })
    if (expected.length > 1 && expected.length === samePath.length) {
      reason = `Expected ${[...new Set(expected.map(([e]) => e))].join(" | ")}, actual ${expected[0]![1]}`
    }
  }
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
