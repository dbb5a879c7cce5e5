/**
 * Field metadata carried as symbol-keyed Schema annotations on a connector's native fields: cursor
 * role and query names, prefilter operators, search and IN bindings. Readers work on plain, optional,
 * nullable, refined and transformed fields.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { ParseError } from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { BoolJoin, Operator } from "./Condition.js"
import { CursorMode } from "./Cursor.js"
import { fromParseError } from "./Decode.js"
import { InvalidMetadata, UnknownField } from "./Errors.js"

/** Annotation key of a field's cursor role. */
export const CursorId: unique symbol = Symbol.for("hrtech-etl/cursor")
/** Annotation key of a field's prefilter configuration. */
export const PrefilterId: unique symbol = Symbol.for("hrtech-etl/prefilter")
/** Annotation key of a field's search binding. */
export const SearchBindingId: unique symbol = Symbol.for("hrtech-etl/search_binding")
/** Annotation key of a field's IN binding. */
export const InBindingId: unique symbol = Symbol.for("hrtech-etl/in_binding")
/** Annotation key marking the field that identifies a record. */
export const IdentifierId: unique symbol = Symbol.for("hrtech-etl/identifier")
/** Annotation key of a human type name (e.g. `datetime`) shown by `exportModelFields`. */
export const TypeNameId: unique symbol = Symbol.for("hrtech-etl/type_name")

/** How a cursor bound is written into a query. */
export type CursorFormat = "iso" | "epoch_ms" | "epoch_s" | "raw"

/** A field's cursor role and the origin's query names for it. */
export interface CursorMeta {
  readonly cursor: CursorMode
  /** Query parameter for the lower bound (inclusive). */
  readonly cursor_start_min?: string
  /** Query parameter for the upper bound (inclusive). */
  readonly cursor_end_max?: string
  /** Value of the sort parameter for ascending order (default `asc`). */
  readonly cursor_order_up?: string
  /** Value of the sort parameter for descending order (default `desc`). */
  readonly cursor_order_down?: string
  /** Value of the sort-field parameter that orders by this field (e.g. HrFlow `sort_by=updated_at`). */
  readonly cursor_sort_field?: string
  /** How bound values are written (default `iso` for timestamps, `raw` otherwise). */
  readonly cursor_format?: CursorFormat
  /**
   * False when the origin cannot return records ordered by this field: the pipeline then reads the
   * whole bounded range and orders nothing, filtering by cursor in memory.
   */
  readonly sortable?: boolean
  /**
   * The query names used when `cursor_start_min` / `cursor_end_max` are not declared, as the original
   * project falls back: `field` → `<field>_min` / `<field>_max` (the default), `date_range` →
   * `date_range_min` / `date_range_max`, `none` → the origin takes no bounds (the default when
   * `sortable` is false: such an origin is read whole and bounded in memory).
   */
  readonly cursor_range?: CursorRange
}

/** Where undeclared cursor bound names come from (see `CursorMeta.cursor_range`). */
export type CursorRange = "field" | "date_range" | "none"

/** Which operators the origin accepts for a field, and (optionally) the query name per operator. */
export interface PrefilterMeta {
  readonly operators: ReadonlyArray<Operator>
  /** Query parameter per operator; defaults: `eq` → field, others → `field__op`. */
  readonly params?: Partial<Record<Operator, string>>
}

/** CONTAINS conditions bound into one keyword query parameter. */
export interface SearchBindingMeta {
  readonly search_field: string
  /** How this field's clause joins the clauses of other fields (default `and`). */
  readonly field_join?: BoolJoin
  /** How several values on this field are joined (default `or`). */
  readonly value_join?: BoolJoin
}

/** How an IN condition is written into the query. */
export type InFormatter = "array" | "csv" | "array_string"

/** The original project's spelling of `array_string`, accepted wherever a formatter is given. */
export const inFormatterAliases: Readonly<Record<string, InFormatter>> = { string_array: "array_string" }

/** IN conditions become `query_field` (default `<field>__in`), formatted as a list, CSV or JSON text. */
export interface InBindingMeta {
  readonly query_field?: string
  readonly formatter?: InFormatter
}

/** Every kind of metadata a field may carry. */
export interface FieldMeta {
  readonly cursor?: CursorMeta
  readonly prefilter?: PrefilterMeta
  readonly search_binding?: SearchBindingMeta
  readonly in_binding?: InBindingMeta
  readonly identifier?: boolean
}

/** Field metadata as written by a connector author: also takes the original's `string_array` and `uid`. */
export interface FieldMetaInput extends Omit<FieldMeta, "cursor" | "in_binding"> {
  readonly cursor?: Omit<CursorMeta, "cursor"> & { readonly cursor: CursorMode | "uid" }
  readonly in_binding?: Omit<InBindingMeta, "formatter"> & { readonly formatter?: InFormatter | "string_array" }
}

// Exact optional keys: an absent key is fine, an explicit undefined is not, and messages stay short.
const exact = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })
const NonEmpty = Schema.String.pipe(Schema.minLength(1, { message: () => "expected a non-empty string" }))

/** The schema of a field's cursor metadata (unknown keys are errors). */
export const CursorMetaSchema = Schema.Struct({
  cursor: CursorMode,
  cursor_start_min: exact(NonEmpty),
  cursor_end_max: exact(NonEmpty),
  cursor_order_up: exact(NonEmpty),
  cursor_order_down: exact(NonEmpty),
  cursor_sort_field: exact(NonEmpty),
  cursor_format: exact(Schema.Literal("iso", "epoch_ms", "epoch_s", "raw")),
  sortable: exact(Schema.Boolean),
  cursor_range: exact(Schema.Literal("field", "date_range", "none"))
})

/** The schema of a field's prefilter metadata: known operators, and query names only for them. */
export const PrefilterMetaSchema = Schema.Struct({
  operators: Schema.Array(Operator),
  params: exact(Schema.partial(Schema.Record({ key: Operator, value: NonEmpty })))
}).pipe(
  Schema.filter((meta) => {
    const extra = Object.keys(meta.params ?? {}).find((op) => !meta.operators.includes(op as Operator))
    return extra === undefined || { path: ["params", extra], message: `${extra} has a query name but is not among operators [${meta.operators.join(", ")}]` }
  })
)

/** The schema of a field's search binding. */
export const SearchBindingMetaSchema = Schema.Struct({
  search_field: NonEmpty,
  field_join: exact(BoolJoin),
  value_join: exact(BoolJoin)
})

/** `array`, `csv`, `array_string`, or the original's `string_array` (read as `array_string`). */
export const InFormatterSchema = Schema.transform(
  Schema.Literal("array", "csv", "array_string", "string_array"),
  Schema.Literal("array", "csv", "array_string"),
  { strict: true, decode: (f) => inFormatterAliases[f] ?? (f as InFormatter), encode: (f) => f }
)

/** The schema of a field's IN binding. */
export const InBindingMetaSchema = Schema.Struct({
  query_field: exact(NonEmpty),
  formatter: exact(InFormatterSchema)
})

/**
 * The schema of all metadata of one field. Decoding it checks every key and value (unknown keys,
 * operators, joins, formatters and cursor roles are errors) and rules between them: a search binding
 * needs the `contains` operator, an IN binding `in` or `not_in`, or the binding could never be used.
 */
export const FieldMetaSchema = Schema.Struct({
  cursor: exact(CursorMetaSchema),
  prefilter: exact(PrefilterMetaSchema),
  search_binding: exact(SearchBindingMetaSchema),
  in_binding: exact(InBindingMetaSchema),
  identifier: exact(Schema.Boolean)
}).pipe(
  Schema.filter((meta) => {
    const operators = meta.prefilter?.operators ?? []
    if (meta.search_binding && !operators.includes("contains")) {
      return {
        path: ["search_binding"],
        message: `needs prefilter.operators to include contains (it binds CONTAINS conditions); operators: [${operators.join(", ")}]`
      }
    }
    if (meta.in_binding && !operators.includes("in") && !operators.includes("not_in")) {
      return { path: ["in_binding"], message: `needs prefilter.operators to include in (it binds IN conditions); operators: [${operators.join(", ")}]` }
    }
    return true
  })
)

const strictOptions = { errors: "all", onExcessProperty: "error" } as const
// The decoded form is `FieldMeta` (exact optional keys: present means defined).
const decodeFieldMeta = Schema.decodeUnknownEither(FieldMetaSchema, strictOptions) as (input: unknown) => Either.Either<FieldMeta, ParseError>

/** Checks one field's metadata; `where` names it in the error (`Job.board_key`). */
export const checkFieldMeta = (meta: unknown, where: { readonly schema: string; readonly field?: string }): Either.Either<FieldMeta, InvalidMetadata> =>
  Either.mapLeft(decodeFieldMeta(meta), (error) => {
    const { field: key, reason } = fromParseError(error)
    return new InvalidMetadata({
      schema: where.schema,
      field: [where.field, key].filter((part) => part !== undefined).join("."),
      reason: reason === "unknown field" ? "unknown metadata key" : reason
    })
  })

/**
 * Annotates a field schema with hrtech-etl metadata, checked here, when the schema is defined: an
 * unknown key, operator, join, IN formatter or cursor role throws InvalidMetadata naming it. The
 * original's spellings are stored in this project's (`string_array` → `array_string`, `uid` → `id`).
 */
export const field = <S extends Schema.Schema.Any>(schema: S, meta: FieldMetaInput): S => {
  const checked = checkFieldMeta(meta, { schema: "Metadata.field" })
  if (Either.isLeft(checked)) throw checked.left
  const valid = checked.right
  const annotations: Record<symbol, unknown> = {}
  if (valid.cursor) annotations[CursorId] = valid.cursor
  if (valid.prefilter) annotations[PrefilterId] = valid.prefilter
  if (valid.search_binding) annotations[SearchBindingId] = valid.search_binding
  if (valid.in_binding) annotations[InBindingId] = valid.in_binding
  if (valid.identifier) annotations[IdentifierId] = true
  return schema.annotations(annotations) as S
}

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

const digits = (s: string, from: number, count: number): number => {
  let n = 0
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

/**
 * The common wire form `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM|±HHMM)` read without regex or Date.parse
 * (validation runs it for every timestamp of every record); NaN when the text is not in that form,
 * undefined when it is but names an impossible date or time.
 */
const parseCommonInstant = (s: string): number | undefined => {
  const n = s.length
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return Number.NaN
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  // Date.UTC maps years 0-99 to 1900-1999: those take the general path.
  if (year < 1000 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return Number.NaN
  let i = 19
  let ms = 0
  if (s.charCodeAt(i) === 46 /* . */) {
    i++
    const from = i
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
    if (i === from) return Number.NaN
    // Like Date.parse: milliseconds from the first three digits, the rest truncated.
    for (let k = 0; k < 3; k++) ms = ms * 10 + (from + k < i ? s.charCodeAt(from + k) - 48 : 0)
  }
  let offset = 0
  const zone = s.charCodeAt(i)
  if (zone === 90 /* Z */ && i === n - 1) offset = 0
  else if ((zone === 43 || zone === 45) && (n - i === 6 || n - i === 5)) {
    const colon = n - i === 6
    if (colon && s.charCodeAt(i + 3) !== 58) return Number.NaN
    const oh = digits(s, i + 1, 2)
    const om = digits(s, colon ? i + 4 : i + 3, 2)
    if (oh < 0 || om < 0) return Number.NaN
    if (oh > 23 || om > 59) return undefined
    offset = (zone === 43 ? 1 : -1) * (oh * 60 + om) * 60_000
  } else return Number.NaN
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset
}

/** Parses a timestamp in any ISO-8601 form vendors use (including `+0000` offsets) to epoch ms. */
export const parseInstant = (value: string): number | undefined => {
  const common = parseCommonInstant(value)
  if (!Number.isNaN(common)) return common
  const m = instantPattern.exec(value)
  if (!m) return undefined
  // Date.parse rolls impossible dates over (2024-02-30 → 2024-03-01): check the calendar first.
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return undefined
  const ms = Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))
  return Number.isNaN(ms) ? undefined : ms
}

/** An ISO-8601 timestamp kept as text (the native wire form), validated as a real instant. */
export const DateTimeString = Schema.String.pipe(
  Schema.filter((s) => parseInstant(s) !== undefined || `expected an ISO-8601 date-time, got ${JSON.stringify(s)}`)
).annotations({
  identifier: "DateTimeString",
  [TypeNameId]: "datetime",
  // Test data generators (effect/Arbitrary) draw real instants instead of filtering random text.
  arbitrary: () => (fc) =>
    fc
      .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
      .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, "Z"), d.toISOString().replace("Z", "+00:00")))
})

/** Epoch milliseconds (e.g. Lever's timestamps). */
export const EpochMillis = Schema.Number.annotations({ identifier: "EpochMillis", [TypeNameId]: "epoch_ms" })

type StructLike = Schema.Schema.AnyNoContext

/** The property signatures of a struct schema (its wire form). */
export const propertySignatures = (schema: StructLike): ReadonlyArray<AST.PropertySignature> => {
  const fromAst = (ast: AST.AST): ReadonlyArray<AST.PropertySignature> => {
    switch (ast._tag) {
      case "TypeLiteral":
        return ast.propertySignatures
      case "Transformation": {
        // Wire (encoded) side; property-signature annotations may live on the decoded side only.
        const to = fromAst(ast.to)
        return fromAst(ast.from).map((ps) => {
          const twin = to.find((t) => t.name === ps.name)
          if (!twin || Object.getOwnPropertySymbols(twin.annotations).length === 0) return ps
          return new AST.PropertySignature(ps.name, ps.type, ps.isOptional, ps.isReadonly, { ...twin.annotations, ...ps.annotations })
        })
      }
      case "Refinement":
        return fromAst(ast.from)
      case "Suspend":
        return fromAst(ast.f())
      default:
        return []
    }
  }
  return fromAst(schema.ast)
}

/** The names of a struct's fields, in declaration order. */
export const fieldNames = (schema: StructLike): ReadonlyArray<string> =>
  propertySignatures(schema).flatMap((ps) => (typeof ps.name === "string" ? [ps.name] : []))

/** A schema's display name for messages. */
export const schemaName = (schema: StructLike): string =>
  Option.getOrElse(AST.getIdentifierAnnotation(schema.ast), () => Option.getOrElse(AST.getTitleAnnotation(schema.ast), () => "schema"))

const findSignature = (schema: StructLike, name: string): AST.PropertySignature | undefined => propertySignatures(schema).find((ps) => ps.name === name)

/** Strips `undefined` and `null` members from a union (optional/nullable fields), through nested unions. */
export const stripNullish = (ast: AST.AST): AST.AST => {
  if (ast._tag !== "Union") return ast
  const flat: Array<AST.AST> = []
  const collect = (node: AST.AST) => {
    if (node._tag === "Union") node.types.forEach(collect)
    else if (!(node._tag === "UndefinedKeyword" || (node._tag === "Literal" && node.literal === null))) flat.push(node)
  }
  collect(ast)
  if (flat.length === 1) return flat[0]!
  const nested = ast.types.some((t) => t._tag === "Union")
  return flat.length === ast.types.length && !nested ? ast : AST.Union.make(flat)
}

const isNullable = (ast: AST.AST): boolean =>
  ast._tag === "Union" && ast.types.some((t) => t._tag === "UndefinedKeyword" || (t._tag === "Literal" && t.literal === null) || isNullable(t))

/** Looks an annotation up on a node, then through unions, transformations and refinements. */
const findAnnotation = <A>(key: symbol, ast: AST.AST): A | undefined => {
  const own = ast.annotations[key]
  if (own !== undefined) return own as A
  switch (ast._tag) {
    case "Union": {
      // Annotations may sit on a nested union (`optional(NullOr(X).annotations(...))`).
      for (const member of ast.types) {
        if (member._tag !== "Union") continue
        const found = findAnnotation<A>(key, member)
        if (found !== undefined) return found
      }
      const inner = stripNullish(ast)
      return inner === ast || inner._tag === "Union" ? undefined : findAnnotation<A>(key, inner)
    }
    case "Transformation":
      return findAnnotation<A>(key, ast.to) ?? findAnnotation<A>(key, ast.from)
    case "Refinement":
      return findAnnotation<A>(key, ast.from)
    default:
      return undefined
  }
}

const signatureAnnotation = <A>(key: symbol, ps: AST.PropertySignature): A | undefined =>
  (ps.annotations[key] as A | undefined) ?? findAnnotation<A>(key, ps.type)

/** Reads all hrtech-etl metadata of one field; fails with UnknownField when the field does not exist. */
export const getFieldMeta = (schema: StructLike, name: string): FieldMeta => {
  const ps = findSignature(schema, name)
  if (!ps) throw new UnknownField({ field: name, schema: schemaName(schema), valid: fieldNames(schema) })
  return signatureMeta(ps)
}

const signatureMeta = (ps: AST.PropertySignature): FieldMeta => {
  const meta: {
    -readonly [K in keyof FieldMeta]: FieldMeta[K]
  } = {}
  const cursor = signatureAnnotation<CursorMeta>(CursorId, ps)
  const prefilter = signatureAnnotation<PrefilterMeta>(PrefilterId, ps)
  const search = signatureAnnotation<SearchBindingMeta>(SearchBindingId, ps)
  const inBinding = signatureAnnotation<InBindingMeta>(InBindingId, ps)
  if (cursor) meta.cursor = cursor
  if (prefilter) meta.prefilter = prefilter
  if (search) meta.search_binding = search
  if (inBinding) {
    // Annotations set without `field` may carry the original's spelling.
    const alias = inBinding.formatter === undefined ? undefined : inFormatterAliases[inBinding.formatter]
    meta.in_binding = alias === undefined ? inBinding : { ...inBinding, formatter: alias }
  }
  if (signatureAnnotation<boolean>(IdentifierId, ps)) meta.identifier = true
  return meta
}

const rawSignatureMeta = (ps: AST.PropertySignature): Record<string, unknown> => {
  const raw: Record<string, unknown> = {}
  const keys = [
    ["cursor", CursorId],
    ["prefilter", PrefilterId],
    ["search_binding", SearchBindingId],
    ["in_binding", InBindingId],
    ["identifier", IdentifierId]
  ] as const
  for (const [name, key] of keys) {
    const value = signatureAnnotation<unknown>(key, ps)
    if (value !== undefined) raw[name] = value
  }
  return raw
}

/**
 * Checks the metadata of every field of a native schema, including annotations set without
 * `field`, and the rules between fields: one field per cursor role, one identifier. Registries and
 * `Connector.fromAsyncIterable` call it, so a connector with metadata that cannot be right fails
 * when it is registered, naming the schema, the field and the key.
 */
export const validate = <S extends StructLike>(schema: S): Either.Either<S, InvalidMetadata> => {
  const name = schemaName(schema)
  const roles = new Map<string, string>()
  let identifier: string | undefined
  for (const ps of propertySignatures(schema)) {
    if (typeof ps.name !== "string") continue
    const raw = rawSignatureMeta(ps)
    if (Object.keys(raw).length === 0) continue
    const checked = checkFieldMeta(raw, { schema: name, field: ps.name })
    if (Either.isLeft(checked)) return Either.left(checked.left)
    const { cursor } = checked.right
    if (cursor) {
      const other = roles.get(cursor.cursor)
      if (other !== undefined) {
        return Either.left(
          new InvalidMetadata({ schema: name, field: `${ps.name}.cursor`, reason: `cursor role ${cursor.cursor} is already held by ${other}` })
        )
      }
      roles.set(cursor.cursor, ps.name)
    }
    if (checked.right.identifier) {
      if (identifier !== undefined) {
        return Either.left(new InvalidMetadata({ schema: name, field: `${ps.name}.identifier`, reason: `${identifier} is already the identifier` }))
      }
      identifier = ps.name
    }
  }
  return Either.right(schema)
}

/** `validate`, throwing the InvalidMetadata: for code that defines or registers connectors. */
export const validateOrThrow = <S extends StructLike>(schema: S): S => Either.getOrThrowWith(validate(schema), (e) => e)

/**
 * The query names of a cursor field's lower and upper bounds: the declared `cursor_start_min` /
 * `cursor_end_max`, else the `cursor_range` fallback (`<field>_min` / `<field>_max`, or
 * `date_range_min` / `date_range_max`); undefined where the origin takes no such bound.
 */
export const cursorBoundParams = (fieldName: string, meta: CursorMeta): { readonly lower: string | undefined; readonly upper: string | undefined } => {
  const range = meta.cursor_range ?? (meta.sortable === false ? "none" : "field")
  const prefix = range === "date_range" ? "date_range" : fieldName
  return {
    lower: meta.cursor_start_min ?? (range === "none" ? undefined : `${prefix}_min`),
    upper: meta.cursor_end_max ?? (range === "none" ? undefined : `${prefix}_max`)
  }
}

/** Whether a struct has a field of that name. */
export const hasField = (schema: StructLike, name: string): boolean => findSignature(schema, name) !== undefined

/** The schema of one field's value (without its optional/nullable wrapper); throws UnknownField. */
export const fieldSchema = (schema: StructLike, name: string): Schema.Schema<unknown, unknown> => {
  const ps = findSignature(schema, name)
  if (!ps) throw new UnknownField({ field: name, schema: schemaName(schema), valid: fieldNames(schema) })
  return Schema.make(stripNullish(ps.type))
}

/** The field holding a given cursor role, with its metadata. */
export const cursorField = (schema: StructLike, mode: CursorMode): { readonly name: string; readonly meta: CursorMeta } | undefined => {
  for (const ps of propertySignatures(schema)) {
    const meta = signatureAnnotation<CursorMeta>(CursorId, ps)
    if (meta && meta.cursor === mode && typeof ps.name === "string") return { name: ps.name, meta }
  }
  return undefined
}

/** The cursor modes a schema supports. */
export const cursorModes = (schema: StructLike): ReadonlyArray<CursorMode> =>
  propertySignatures(schema).flatMap((ps) => {
    const meta = signatureAnnotation<CursorMeta>(CursorId, ps)
    return meta ? [meta.cursor] : []
  })

/** The field identifying a record: the one annotated `identifier`, else the `id` cursor field. */
export const identifierField = (schema: StructLike): string | undefined => {
  for (const ps of propertySignatures(schema)) {
    if (signatureAnnotation<boolean>(IdentifierId, ps) && typeof ps.name === "string") return ps.name
  }
  return cursorField(schema, "id")?.name
}

/** A human-readable type name for a schema node (`string`, `number`, `datetime`, `array<string>`, ...). */
export const typeName = (ast: AST.AST): string => {
  const named = ast.annotations[TypeNameId]
  if (typeof named === "string") return named
  switch (ast._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
      return "string"
    case "NumberKeyword":
      return "number"
    case "BooleanKeyword":
      return "boolean"
    case "BigIntKeyword":
      return "bigint"
    case "Literal":
      return ast.literal === null ? "null" : typeof ast.literal === "string" ? "enum" : typeof ast.literal
    case "Enums":
      return "enum"
    case "Union": {
      const inner = stripNullish(ast)
      if (inner !== ast) return typeName(inner)
      if (ast.types.every((t) => t._tag === "Literal")) return "enum"
      return [...new Set(ast.types.map(typeName))].join(" | ")
    }
    case "TupleType": {
      const rest = ast.rest[0]
      return rest ? `array<${typeName(rest.type)}>` : "tuple"
    }
    case "TypeLiteral":
      return ast.indexSignatures.length > 0 && ast.propertySignatures.length === 0 ? "record" : "object"
    case "Declaration": {
      const id = Option.getOrUndefined(AST.getIdentifierAnnotation(ast))
      return id === "DateFromSelf" ? "datetime" : (id ?? "object")
    }
    case "Refinement":
      return typeName(ast.from)
    case "Transformation":
      return typeName(ast.to)
    case "Suspend":
      return "object"
    case "UnknownKeyword":
    case "AnyKeyword":
      return "unknown"
    default:
      return ast._tag
  }
}

/** The literal values of an enum-like field, if it is one. */
export const enumValues = (ast: AST.AST): ReadonlyArray<string | number | boolean> | undefined => {
  const inner = stripNullish(ast)
  if (inner._tag === "Literal" && inner.literal !== null && typeof inner.literal !== "bigint") return [inner.literal]
  if (inner._tag === "Union" && inner.types.every((t) => t._tag === "Literal")) {
    return inner.types.flatMap((t) => (t._tag === "Literal" && t.literal !== null && typeof t.literal !== "bigint" ? [t.literal] : []))
  }
  if (inner._tag === "Refinement" || inner._tag === "Transformation") return enumValues(inner._tag === "Refinement" ? inner.from : inner.to)
  return undefined
}

/** One field as described by `exportModelFields`. */
export interface FieldInfo {
  readonly name: string
  readonly type: string
  readonly required: boolean
  readonly enum?: ReadonlyArray<string | number | boolean>
  readonly cursor?: CursorMeta
  readonly prefilter?: PrefilterMeta
  readonly search_binding?: SearchBindingMeta
  readonly in_binding?: InBindingMeta
  readonly identifier?: boolean
}

/** Describes a native or unified schema's fields for UIs and the schema endpoints. */
export const exportModelFields = (schema: StructLike, options: { readonly onlyPrefilterable?: boolean } = {}): ReadonlyArray<FieldInfo> =>
  propertySignatures(schema).flatMap((ps): ReadonlyArray<FieldInfo> => {
    if (typeof ps.name !== "string") return []
    const meta = signatureMeta(ps)
    if (options.onlyPrefilterable && !(meta.prefilter && meta.prefilter.operators.length > 0)) return []
    const values = enumValues(ps.type)
    return [
      {
        name: ps.name,
        type: typeName(ps.type),
        required: !ps.isOptional && !isNullable(ps.type),
        ...(values ? { enum: values } : {}),
        ...meta
      }
    ]
  })

/** Every dotted path into a schema's nested objects (arrays of objects included), for mappings and HAVING rows. */
export const fieldPaths = (schema: StructLike, maxDepth = 3): ReadonlyArray<{ readonly path: string; readonly type: string }> => {
  const out: Array<{ path: string; type: string }> = []
  const walk = (signatures: ReadonlyArray<AST.PropertySignature>, prefix: string, depth: number) => {
    for (const ps of signatures) {
      if (typeof ps.name !== "string") continue
      const path = prefix === "" ? ps.name : `${prefix}.${ps.name}`
      out.push({ path, type: typeName(ps.type) })
      if (depth >= maxDepth) continue
      const nested = objectSignatures(stripNullish(ps.type))
      if (nested) walk(nested, path, depth + 1)
    }
  }
  walk(propertySignatures(schema), "", 1)
  return out
}

const objectSignatures = (ast: AST.AST): ReadonlyArray<AST.PropertySignature> | undefined => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures.length > 0 ? ast.propertySignatures : undefined
    case "TupleType":
      return ast.rest[0] ? objectSignatures(stripNullish(ast.rest[0].type)) : undefined
    case "Transformation":
      return objectSignatures(ast.from)
    case "Refinement":
      return objectSignatures(ast.from)
    default:
      return undefined
  }
}

/** An optional field that may also be null, as vendors send absent values either way. */
export const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** Several `nullable` fields of one type, to spread into a struct (the order of `names` is kept). */
export const nullables = <S extends Schema.Schema.Any, const N extends ReadonlyArray<string>>(
  schema: S,
  ...names: N
): { readonly [K in N[number]]: ReturnType<typeof nullable<S>> } =>
  Object.fromEntries(names.map((name) => [name, nullable(schema)])) as { readonly [K in N[number]]: ReturnType<typeof nullable<S>> }
