/**
 * Prefilters: WHERE conditions checked against a connector's native schema before they reach the
 * origin. `Prefilter(Schema, "field").gte(v)` is checked at compile time (the field must exist) and at
 * build time (the field's metadata must allow the operator, the value must decode against the field's
 * type). Conditions that arrive as JSON (CLI, HTTP) go through `validateWhere`, which shares the code.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Condition from "./Condition.js"
import * as Decode from "./Decode.js"
import { IneligibleOperator, InvalidInput, UnknownField } from "./Errors.js"
import * as Metadata from "./Metadata.js"

type StructLike = Schema.Schema.AnyNoContext

/** The field names of a struct schema, as its wire form spells them. */
export type FieldName<S extends Schema.Schema.Any> = Extract<keyof Schema.Schema.Encoded<S>, string>

/** The wire type of one field, without its optional/nullable wrapper. */
export type FieldValue<S extends Schema.Schema.Any, K extends FieldName<S>> = NonNullable<Schema.Schema.Encoded<S>[K]>

/** The element type of an array field, or the field's own type otherwise. */
export type ElementOf<V> = V extends ReadonlyArray<infer E> ? E : V

/** Why a prefilter could not be built. */
export type PrefilterError = IneligibleOperator | InvalidInput

/** The result of one builder call: a checked condition holding a JSON-serialisable value. */
export type Result = Either.Either<Condition.Condition, PrefilterError>

/**
 * Builds checked conditions on one field. A JS `Date` is accepted wherever a date-time (or epoch) is
 * expected and is stored in the field's wire form (ISO-8601 text, or epoch milliseconds).
 */
export interface PrefilterBuilder<V> {
  readonly field: string
  readonly eq: (value: V | Date) => Result
  readonly ne: (value: V | Date) => Result
  readonly gt: (value: V | Date) => Result
  readonly gte: (value: V | Date) => Result
  readonly lt: (value: V | Date) => Result
  readonly lte: (value: V | Date) => Result
  readonly in: (values: ReadonlyArray<ElementOf<V> | Date>) => Result
  readonly not_in: (values: ReadonlyArray<ElementOf<V> | Date>) => Result
  /** Substring on text fields, membership on array fields; several values are joined per the field's search binding. */
  readonly contains: (value: ElementOf<V> | ReadonlyArray<ElementOf<V>>) => Result
  readonly starts_with: (value: string) => Result
  readonly exists: (present?: boolean) => Result
}

const describe = (value: unknown): string =>
  value instanceof Date ? `Date(${String(value)})` : value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value))

const unknownField = (schema: StructLike, field: string): UnknownField =>
  new UnknownField({ field, schema: Metadata.schemaName(schema), valid: Metadata.fieldNames(schema) })

/** The element node of an array-typed field, or undefined for any other field. */
const arrayElement = (ast: AST.AST): AST.AST | undefined => {
  const inner = Metadata.stripNullish(ast)
  switch (inner._tag) {
    case "TupleType":
      return inner.elements.length === 0 ? inner.rest[0]?.type : undefined
    case "Refinement":
      return arrayElement(inner.from)
    default:
      return undefined
  }
}

/** Whether a field is written as a number on the wire (epoch timestamps, plain numbers). */
const isNumericWire = (ast: AST.AST): boolean => Metadata.typeName(ast) === "epoch_ms" || Metadata.stripNullish(AST.encodedAST(ast))._tag === "NumberKeyword"

/** Decodes one value against a value schema and returns it in wire (encoded) form. */
const decodeValue = (ast: AST.AST, input: unknown, label: string, what: string): Either.Either<unknown, InvalidInput> => {
  let value = input
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return Either.left(new InvalidInput({ field: label, reason: `${what}: invalid Date` }))
    // A Date given in TypeScript is written as the field travels on the wire.
    value = isNumericWire(ast) ? input.getTime() : input.toISOString()
  }
  const schema = Schema.make<unknown, unknown, never>(ast)
  // A union reports one issue per member; for enums name every accepted value instead.
  const plain = Metadata.stripNullish(ast)._tag
  const choices = plain === "Literal" || plain === "Union" ? Metadata.enumValues(ast) : undefined
  if (choices && !choices.some((choice) => choice === value)) {
    return Either.left(
      new InvalidInput({
        field: label,
        reason: `${what}: expected one of ${choices.map((c) => JSON.stringify(c)).join(", ")}, got ${describe(value)}`
      })
    )
  }
  return Decode.decodeUnknownEither(
    schema,
    label
  )(value).pipe(
    Either.flatMap((decoded) => Either.mapLeft(Schema.encodeEither(schema)(decoded), (e) => Decode.fromParseError(e, label))),
    Either.mapLeft((e) => new InvalidInput({ field: e.field ?? label, reason: `${what}: ${e.reason}` }))
  )
}

const decodeEach = (ast: AST.AST, values: ReadonlyArray<unknown>, label: string, what: string): Either.Either<ReadonlyArray<unknown>, InvalidInput> =>
  Either.all(values.map((v, i) => decodeValue(ast, v, `${label}[${i}]`, what)))

const nonEmptyList = (value: unknown, label: string, what: string): Either.Either<ReadonlyArray<unknown>, InvalidInput> =>
  Array.isArray(value) && value.length > 0
    ? Either.right(value)
    : Either.left(new InvalidInput({ field: label, reason: `${what}: expected a non-empty array of values, got ${describe(value)}` }))

/** Checks and normalises the value of one condition for its operator and the field's type. */
const checkValue = (fieldAst: AST.AST, op: Condition.Operator, value: unknown, label: string, what: string): Either.Either<unknown, InvalidInput> => {
  const element = arrayElement(fieldAst)
  const invalid = (reason: string) => Either.left(new InvalidInput({ field: label, reason: `${what}: ${reason}` }))
  switch (op) {
    case "exists":
      if (value === undefined) return Either.right(true)
      return typeof value === "boolean" ? Either.right(value) : invalid(`expected true or false, got ${describe(value)}`)
    case "in":
    case "not_in":
      // On an array field the listed values are elements (membership of any).
      return Either.flatMap(nonEmptyList(value, label, what), (list) => decodeEach(element ?? fieldAst, list, label, what))
    case "contains": {
      if (element) {
        return Array.isArray(value)
          ? Either.flatMap(nonEmptyList(value, label, what), (list) => decodeEach(element, list, label, what))
          : decodeValue(element, value, label, what)
      }
      // On a text field `contains` is a substring test, so the value need not be a valid field value.
      const text = Schema.String.ast
      return Array.isArray(value)
        ? Either.flatMap(nonEmptyList(value, label, what), (list) => decodeEach(text, list, label, what))
        : decodeValue(text, value, label, what)
    }
    case "starts_with":
      return decodeValue(Schema.String.ast, value, label, what)
    default:
      if (value === undefined) return invalid("a value is required")
      return decodeValue(fieldAst, value, label, what)
  }
}

/**
 * Checks one condition against a schema: the field must exist (UnknownField), its prefilter metadata
 * must allow the operator (IneligibleOperator), and the value must decode against the field's type
 * (InvalidInput naming `label`, e.g. `where[1].value`). Returns the condition with its value in wire
 * form. Shared by the builder, `validateWhere` and `QueryParams`.
 */
export const checkCondition = (
  schema: StructLike,
  field: string,
  op: Condition.Operator,
  value: unknown,
  label: string = field
): Either.Either<Condition.Condition, UnknownField | IneligibleOperator | InvalidInput> => {
  if (!Metadata.hasField(schema, field)) return Either.left(unknownField(schema, field))
  const allowed = Metadata.getFieldMeta(schema, field).prefilter?.operators ?? []
  if (!allowed.includes(op)) return Either.left(new IneligibleOperator({ field, op, allowed: [...allowed] }))
  const what = label === field ? `${op} value` : `${field} ${op} value`
  return Either.map(checkValue(Metadata.fieldSchema(schema, field).ast, op, value, label, what), (v) => Condition.make(field, op, v))
}

const builder = <S extends StructLike, K extends FieldName<S>>(schema: S, field: K): PrefilterBuilder<FieldValue<S, K>> => {
  // The type system already rules this out; a cast or a plain-JS caller is a programming error.
  if (!Metadata.hasField(schema, field)) throw unknownField(schema, field)
  const build =
    (op: Condition.Operator) =>
    (value: unknown): Result =>
      checkCondition(schema, field, op, value) as Result
  return {
    field,
    eq: build("eq"),
    ne: build("ne"),
    gt: build("gt"),
    gte: build("gte"),
    lt: build("lt"),
    lte: build("lte"),
    in: build("in"),
    not_in: build("not_in"),
    contains: build("contains"),
    starts_with: build("starts_with"),
    exists: (present = true) => build("exists")(present)
  }
}

/**
 * Validates WHERE conditions given as JSON (CLI `--where`, HTTP `where`) with the builder's checks.
 * Errors name the place: `where[1].op`, `where[1].value`, or the unknown/ineligible field itself.
 */
export const validateWhere = (
  schema: StructLike,
  conditions: unknown,
  label: string = "where"
): Either.Either<ReadonlyArray<Condition.Condition>, UnknownField | IneligibleOperator | InvalidInput> =>
  Either.flatMap(Decode.decodeUnknownEither(Condition.Conditions, label)(conditions), (list) =>
    Either.all(list.map((c, i) => checkCondition(schema, c.field, c.op, c.value, `${label}[${i}].value`)))
  )

/**
 * Validates HAVING conditions (postfilters on records): any operator and value is allowed, and a dotted
 * path may reach into nested data, but its first segment must be a field of the schema.
 */
export const validateHaving = (
  schema: StructLike,
  conditions: unknown,
  label: string = "having"
): Either.Either<ReadonlyArray<Condition.Condition>, UnknownField | InvalidInput> =>
  Either.flatMap(Decode.decodeUnknownEither(Condition.Conditions, label)(conditions), (list) => {
    const unknown = list.find((c) => !Metadata.hasField(schema, c.field.split(".")[0]!))
    return unknown ? Either.left(unknownField(schema, unknown.field)) : Either.right(list)
  })

/** Collects builder results into one list, failing with the first error. */
export const all = <E>(results: ReadonlyArray<Either.Either<Condition.Condition, E>>): Either.Either<ReadonlyArray<Condition.Condition>, E> =>
  Either.all(results)

/**
 * `Prefilter(Schema, "field")` starts a checked condition on a field of a native schema; an unknown
 * field does not compile. The function also carries `validateWhere`, `validateHaving`, `all` and
 * `checkCondition`.
 */
export const Prefilter: typeof builder & {
  readonly validateWhere: typeof validateWhere
  readonly validateHaving: typeof validateHaving
  readonly all: typeof all
  readonly checkCondition: typeof checkCondition
} = Object.assign(builder, { validateWhere, validateHaving, all, checkCondition })
