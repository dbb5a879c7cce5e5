/**
 * Query parameters from WHERE conditions and a cursor, driven by the native schema's field metadata
 * (`prefilter.params`, `in_binding`, `search_binding`, cursor query names).
 *
 * Combination rules (nothing is overwritten silently, nothing is dropped silently):
 * - two `eq` on one field with different values → ConflictingConditions; equal ones collapse;
 * - `eq v` with `in [..]` on one field → the `eq` is kept when `v` is in the list (the `in` is then
 *   implied), otherwise ConflictingConditions;
 * - several `in` on one field → their intersection (an empty one is ConflictingConditions);
 * - several `not_in` sent to one parameter → their union;
 * - several range bounds sent to one parameter (`gt`/`gte` lower, `lt`/`lte` upper, including a WHERE
 *   bound on the cursor field and the cursor's own bound) → the tightest, compared with
 *   `Cursor.compareValues`;
 * - any other two conditions sent to one parameter: the same value collapses; a second `ne`,
 *   `starts_with`, `contains` or `exists` on the same field is left unpushed (one parameter holds one
 *   value); anything else is ConflictingConditions.
 * `buildConnectorParams` reports every condition it did not push (no prefilter metadata, operator not
 * allowed, value not expressible as a parameter) in `unpushed`, for the pipeline to apply in memory.
 */
import * as Either from "effect/Either"
import type * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import type { BoolJoin, Condition, Operator } from "./Condition.js"
import * as Cursor from "./Cursor.js"
import { ConflictingConditions, type CoreError, CursorUnsupported, InvalidInput } from "./Errors.js"
import * as Metadata from "./Metadata.js"
import { checkCondition } from "./Prefilter.js"

type StructLike = Schema.Schema.AnyNoContext

/** One query parameter value: a scalar or a list. */
export type ParamValue = string | number | boolean | ReadonlyArray<string | number>

/** Query parameters for an origin's list endpoint. */
export type Params = Record<string, ParamValue>

/** Options of the cursor part of the query. */
export interface CursorOptions {
  /** Name of the parameter carrying the order (`asc`/`desc` or the field's `cursor_order_up/down`). */
  readonly sortParamName?: string
  /** Name of the parameter choosing the field to order by (value: the field's `cursor_sort_field`). */
  readonly sortFieldParamName?: string
  /** The far bound fixed when the run started (upper bound when ascending, lower when descending). */
  readonly until?: string | null
}

/** What `buildConnectorParams` produces: the params, and which conditions they carry or not. */
export interface ConnectorParams {
  readonly params: Params
  readonly pushed: ReadonlyArray<Condition>
  readonly unpushed: ReadonlyArray<Condition>
}

/** Which conditions are sent to the origin and which the pipeline applies in memory. */
export interface Pushdown {
  readonly pushed: ReadonlyArray<Condition>
  readonly inMemory: ReadonlyArray<Condition>
}

type Scalar = string | number
type Kind = "eq" | "in" | "search" | "cursor" | "sort"
type Side = "lower" | "upper"

/** One parameter being assembled, with the conditions it carries (`index` into `where`, -1 for the cursor). */
interface Entry {
  readonly param: string
  readonly kind: Kind
  readonly value: ParamValue
  readonly field: string
  readonly op: Operator | "cursor" | "sort"
  readonly sources: ReadonlyArray<number>
  readonly bound?: { readonly side: Side; readonly strict: boolean }
  readonly exclude?: { readonly values: ReadonlyArray<Scalar>; readonly formatter: Metadata.InFormatter }
}

interface Candidate {
  readonly index: number
  readonly condition: Condition
  readonly meta: Metadata.FieldMeta
}

interface Plan {
  readonly entries: ReadonlyArray<Entry>
  readonly pushed: ReadonlyArray<Condition>
  readonly unpushed: ReadonlyArray<Condition>
}

const isScalar = (v: unknown): v is Scalar => typeof v === "string" || (typeof v === "number" && Number.isFinite(v))

const valueKey = (v: unknown): string => JSON.stringify(v) ?? String(v)

const conflict = (field: string, reason: string) => Either.left(new ConflictingConditions({ field, reason }))

const paramFor = (field: string, meta: Metadata.FieldMeta, op: Operator): string => meta.prefilter?.params?.[op] ?? (op === "eq" ? field : `${field}__${op}`)

// ---------------------------------------------------------------------------------------------------
// IN lists

/** The parameter name and formatter of IN conditions on a field. */
const inBinding = (field: string, meta: Metadata.FieldMeta) => ({
  param: meta.in_binding?.query_field ?? meta.prefilter?.params?.in ?? `${field}__in`,
  formatter: meta.in_binding?.formatter ?? ("array" as const)
})

/** Writes a list as the origin expects it: a list, `a,b`, or the JSON text `["a","b"]`. */
export const formatList = (values: ReadonlyArray<Scalar>, formatter: Metadata.InFormatter): ParamValue => {
  switch (formatter) {
    case "csv":
      return values.map(String).join(",")
    case "array_string":
      return JSON.stringify(values)
    case "array":
      return values
  }
}

/** A list can be written unless a CSV value would itself contain the separator. */
const listExpressible = (values: ReadonlyArray<unknown>, formatter: Metadata.InFormatter): values is ReadonlyArray<Scalar> =>
  // An unknown formatter (metadata set without `Metadata.field` and never validated) writes nothing:
  // the condition stays in memory rather than being reported as pushed.
  knownFormatters.has(formatter) && values.every(isScalar) && (formatter !== "csv" || values.every((v) => !String(v).includes(",")))

const knownFormatters: ReadonlySet<string> = new Set(["array", "csv", "array_string"])

const dedupe = (values: ReadonlyArray<Scalar>): ReadonlyArray<Scalar> => {
  const seen = new Set<string>()
  return values.filter((v) => {
    const key = valueKey(v)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// ---------------------------------------------------------------------------------------------------
// Keyword search

interface SearchPart {
  readonly field: string
  readonly terms: Array<Scalar>
  readonly fieldJoin: BoolJoin
  readonly valueJoin: BoolJoin
  readonly sources: Array<number>
}

const operatorWord = (join: BoolJoin): string => (join === "and" ? " AND " : " OR ")

/** Bare words stay bare; phrases, reserved words and text with quotes or parentheses are quoted. */
export const quoteTerm = (term: Scalar): string => {
  const text = String(term)
  return /^[^\s()"\\]+$/.test(text) && !/^(AND|OR|NOT)$/i.test(text) ? text : `"${text.replace(/["\\]/g, "\\$&")}"`
}

/**
 * Renders the keyword query of one search field: each field's terms joined by its `value_join`; the
 * fields whose `field_join` is `or` form one OR-group (a multi-term member in its own parentheses);
 * each `and` field is its own clause; clauses are joined with AND, each in parentheses when there are
 * several.
 */
const renderSearch = (parts: ReadonlyArray<SearchPart>): string => {
  const fieldExpression = (part: SearchPart) => part.terms.map(quoteTerm).join(operatorWord(part.valueJoin))
  const orParts = parts.filter((p) => p.fieldJoin === "or")
  const orGroup =
    orParts.length === 1 ? fieldExpression(orParts[0]!) : orParts.map((p) => (p.terms.length > 1 ? `(${fieldExpression(p)})` : fieldExpression(p))).join(" OR ")
  const clauses: Array<string> = []
  let orPlaced = false
  for (const part of parts) {
    if (part.fieldJoin === "and") clauses.push(fieldExpression(part))
    else if (!orPlaced) {
      // The OR-group takes the place of its first member.
      clauses.push(orGroup)
      orPlaced = true
    }
  }
  return clauses.length === 1 ? clauses[0]! : clauses.map((c) => `(${c})`).join(" AND ")
}

// ---------------------------------------------------------------------------------------------------
// Cursor bounds

const fractionPattern = /[T ]\d{2}:\d{2}:\d{2}\.(\d+)/

/** An instant in epoch ms (fractional when the text has sub-millisecond digits), from ISO text or epoch-ms digits. */
const toInstant = (value: Scalar): { readonly ms: number; readonly fraction?: string } | undefined => {
  if (typeof value === "number") return { ms: value }
  if (/^-?\d+$/.test(value)) return { ms: Number(value) }
  const ms = Metadata.parseInstant(value)
  if (ms === undefined) return undefined
  const fraction = fractionPattern.exec(value)?.[1]
  if (fraction === undefined) return { ms }
  const subMillis = fraction.length > 3 ? Number(`0.${fraction.slice(3)}`) : 0
  return { ms: ms + subMillis, fraction }
}

/** The default format of a cursor field's bounds: ISO for timestamps, epoch ms for epoch fields, raw ids. */
const cursorFormat = (meta: Metadata.CursorMeta, fieldAst: AST.AST): Metadata.CursorFormat => {
  if (meta.cursor_format) return meta.cursor_format
  const type = Metadata.typeName(fieldAst)
  if (meta.cursor === "id" || type === "number") return "raw"
  return type === "epoch_ms" ? "epoch_ms" : "iso"
}

/**
 * Writes a cursor bound in a cursor format (`iso`: ISO-8601 in UTC with `Z`; `epoch_ms`/`epoch_s`:
 * numbers; `raw`: as given). Precision is never lost in the unsafe direction: ISO keeps every
 * fractional digit, and epoch values round lower bounds down and upper bounds up.
 */
export const formatBound = (value: Scalar, format: Metadata.CursorFormat, side: Side, label: string): Either.Either<Scalar, InvalidInput> => {
  if (format === "raw") return Either.right(value)
  // Digits already in seconds pass through an epoch_s field unchanged.
  if (format === "epoch_s" && (typeof value === "number" || /^-?\d+$/.test(value))) return Either.right(Number(value))
  const instant = toInstant(value)
  if (!instant || !Number.isFinite(instant.ms) || Number.isNaN(new Date(Math.floor(instant.ms)).getTime())) {
    return Either.left(
      new InvalidInput({
        field: label,
        reason: `expected an ISO-8601 date-time or epoch milliseconds, got ${JSON.stringify(value)}`
      })
    )
  }
  const round = side === "lower" ? Math.floor : Math.ceil
  switch (format) {
    case "epoch_ms":
      return Either.right(round(instant.ms))
    case "epoch_s":
      return Either.right(round(instant.ms / 1000))
    case "iso": {
      // Text keeps its own fractional digits (whole-minute offsets never change them).
      if (instant.fraction !== undefined) {
        return Either.right(`${new Date(Math.floor(instant.ms)).toISOString().slice(0, 19)}.${instant.fraction}Z`)
      }
      const iso = new Date(round(instant.ms)).toISOString()
      return Either.right(iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso)
    }
  }
}

/** The cursor's bounds and sort parameters as entries. */
const cursorEntries = (
  schema: StructLike,
  cursor: Cursor.Cursor,
  options: CursorOptions
): Either.Either<ReadonlyArray<Entry>, CursorUnsupported | InvalidInput> => {
  const found = Metadata.cursorField(schema, cursor.mode)
  if (!found) {
    return Either.left(
      new CursorUnsupported({
        field: cursor.mode,
        reason: `${Metadata.schemaName(schema)} has no field with cursor role ${cursor.mode} (supported: ${Metadata.cursorModes(schema).join(", ") || "none"})`
      })
    )
  }
  const { meta, name } = found
  const format = cursorFormat(meta, Metadata.fieldSchema(schema, name).ast)
  const entries: Array<Entry> = []
  // Ascending reads upward from start (start is the lower bound); descending reads downward from it.
  const near: Side = cursor.sort_by === "asc" ? "lower" : "upper"
  const far: Side = near === "lower" ? "upper" : "lower"
  const bounds: Array<{ readonly side: Side; readonly value: string; readonly label: string }> = []
  if (cursor.start != null && cursor.start !== "") bounds.push({ side: near, value: cursor.start, label: "cursor.start" })
  // `end` on an input cursor and the run's `until` are both far bounds; the tighter one wins in `put`.
  if (cursor.end != null && cursor.end !== "") bounds.push({ side: far, value: cursor.end, label: "cursor.end" })
  if (options.until != null && options.until !== "") bounds.push({ side: far, value: options.until, label: "until" })
  const names = Metadata.cursorBoundParams(name, meta)
  for (const bound of bounds) {
    const key = bound.side === "lower" ? "cursor_start_min" : "cursor_end_max"
    const param = bound.side === "lower" ? names.lower : names.upper
    if (param === undefined) {
      return Either.left(
        new CursorUnsupported({
          field: name,
          reason: `${cursor.sort_by === "asc" ? "an ascending" : "a descending"} cursor with ${bound.label} needs the ${bound.side} bound of ${name} in the query, but the field declares no ${key} and takes no ${bound.side} bound (cursor_range none${meta.cursor_range === undefined ? ", as sortable is false" : ""})`
        })
      )
    }
    const formatted = formatBound(bound.value, format, bound.side, bound.label)
    if (Either.isLeft(formatted)) return Either.left(formatted.left)
    entries.push({
      param,
      kind: "cursor",
      value: formatted.right,
      field: name,
      op: "cursor",
      sources: [-1],
      bound: { side: bound.side, strict: false }
    })
  }
  // An origin that cannot order by this field is not asked to.
  if (meta.sortable !== false) {
    if (options.sortParamName !== undefined) {
      const order = cursor.sort_by === "asc" ? (meta.cursor_order_up ?? "asc") : (meta.cursor_order_down ?? "desc")
      entries.push({ param: options.sortParamName, kind: "sort", value: order, field: name, op: "sort", sources: [] })
    }
    if (options.sortFieldParamName !== undefined && meta.cursor_sort_field !== undefined) {
      entries.push({
        param: options.sortFieldParamName,
        kind: "sort",
        value: meta.cursor_sort_field,
        field: name,
        op: "sort",
        sources: []
      })
    }
  }
  return Either.right(entries)
}

// ---------------------------------------------------------------------------------------------------
// Planning

const isRangeOp = (op: Operator): op is "gt" | "gte" | "lt" | "lte" => op === "gt" || op === "gte" || op === "lt" || op === "lte"

/** Pushable conditions with their validated values; the rest goes to `unpushed`. */
const classify = (
  schema: StructLike,
  where: ReadonlyArray<Condition>
): Either.Either<{ readonly candidates: ReadonlyArray<Candidate>; readonly unpushed: Set<number> }, CoreError> => {
  const candidates: Array<Candidate> = []
  const unpushed = new Set<number>()
  for (let index = 0; index < where.length; index++) {
    const condition = where[index]!
    if (!Metadata.hasField(schema, condition.field)) {
      unpushed.add(index)
      continue
    }
    const meta = Metadata.getFieldMeta(schema, condition.field)
    if (!(meta.prefilter?.operators ?? []).includes(condition.op)) {
      unpushed.add(index)
      continue
    }
    const checked = checkCondition(schema, condition.field, condition.op, condition.value, `where[${index}].value`)
    if (Either.isLeft(checked)) return Either.left(checked.left)
    candidates.push({ index, condition: checked.right, meta })
  }
  return Either.right({ candidates, unpushed })
}

/** Turns one pushable condition into a parameter entry, or undefined when no parameter can express it. */
const entryFor = (schema: StructLike, candidate: Candidate): Either.Either<Entry | undefined, InvalidInput> => {
  const { condition, index, meta } = candidate
  const { field, op, value } = condition
  const base = { field, op, sources: [index] }
  switch (op) {
    case "in": {
      const { formatter, param } = inBinding(field, meta)
      const list = value as ReadonlyArray<unknown>
      if (!listExpressible(list, formatter)) return Either.right(undefined)
      return Either.right({ ...base, param, kind: "in", value: formatList(dedupe(list), formatter) })
    }
    case "not_in": {
      const formatter = meta.in_binding?.formatter ?? "array"
      const list = value as ReadonlyArray<unknown>
      if (!listExpressible(list, formatter)) return Either.right(undefined)
      const values = dedupe(list)
      return Either.right({
        ...base,
        param: paramFor(field, meta, op),
        kind: "eq",
        value: formatList(values, formatter),
        exclude: { values, formatter }
      })
    }
    case "contains": {
      // Search-bound contains are rendered together by `searchEntries`.
      const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value
      return Either.right(isScalar(single) ? { ...base, param: paramFor(field, meta, op), kind: "eq", value: single } : undefined)
    }
    case "exists":
      return Either.right({ ...base, param: paramFor(field, meta, op), kind: "eq", value: value === true })
    default: {
      if (!(isScalar(value) || typeof value === "boolean")) return Either.right(undefined)
      if (isRangeOp(op)) {
        const side: Side = op === "gt" || op === "gte" ? "lower" : "upper"
        // Bounds on a cursor field are written like the cursor's own bounds so that they compare and merge.
        let written: ParamValue = value
        if (meta.cursor && typeof value !== "boolean") {
          const formatted = formatBound(value, cursorFormat(meta.cursor, Metadata.fieldSchema(schema, field).ast), side, `where[${index}].value`)
          if (Either.isLeft(formatted)) return Either.left(formatted.left)
          written = formatted.right
        }
        return Either.right({
          ...base,
          param: paramFor(field, meta, op),
          kind: "eq",
          value: written,
          bound: { side, strict: op === "gt" || op === "lt" }
        })
      }
      return Either.right({ ...base, param: paramFor(field, meta, op), kind: "eq", value })
    }
  }
}

/** Applies the eq/in rules per field; returns the in-conditions absorbed by an eq and merged in-lists. */
const mergeEqIn = (
  candidates: ReadonlyArray<Candidate>
): Either.Either<{ readonly absorbed: Map<number, number>; readonly lists: Map<number, ReadonlyArray<unknown>> }, ConflictingConditions> => {
  // absorbed: in-condition index → the index of the entry that carries it.
  const absorbed = new Map<number, number>()
  const lists = new Map<number, ReadonlyArray<unknown>>()
  const byField = new Map<string, Array<Candidate>>()
  for (const c of candidates) {
    if (c.condition.op !== "eq" && c.condition.op !== "in") continue
    const group = byField.get(c.condition.field) ?? []
    group.push(c)
    byField.set(c.condition.field, group)
  }
  for (const [field, group] of byField) {
    const eqs = group.filter((c) => c.condition.op === "eq")
    const ins = group.filter((c) => c.condition.op === "in")
    const eqKeys = [...new Set(eqs.map((c) => valueKey(c.condition.value)))]
    if (eqKeys.length > 1) return conflict(field, `eq ${eqKeys.join(" and eq ")} cannot both hold`)
    if (ins.length === 0) continue
    let common = ins[0]!.condition.value as ReadonlyArray<unknown>
    for (const c of ins.slice(1)) {
      const keys = new Set((c.condition.value as ReadonlyArray<unknown>).map(valueKey))
      common = common.filter((v) => keys.has(valueKey(v)))
    }
    if (common.length === 0) return conflict(field, `the in lists ${ins.map((c) => valueKey(c.condition.value)).join(" and ")} have no value in common`)
    const carrier = eqs[0] ?? ins[0]!
    if (eqs.length > 0) {
      const eqValue = eqs[0]!.condition.value
      if (!common.some((v) => valueKey(v) === valueKey(eqValue))) {
        return conflict(field, `eq ${valueKey(eqValue)} is not among in ${valueKey(common)}`)
      }
    } else {
      lists.set(carrier.index, common)
    }
    for (const c of ins) if (c !== carrier) absorbed.set(c.index, carrier.index)
  }
  return Either.right({ absorbed, lists })
}

const tighter = (a: Entry, b: Entry): Entry => {
  const c = Cursor.compareValues(String(a.value), String(b.value))
  if (c === 0) return b.bound!.strict && !a.bound!.strict ? b : a
  return a.bound!.side === "lower" ? (c > 0 ? a : b) : c < 0 ? a : b
}

const singleValueOps: ReadonlyArray<string> = ["ne", "starts_with", "contains", "exists"]

/** Puts an entry into the params, combining with what is there per the module's rules. */
const put = (entries: Map<string, Entry>, entry: Entry, leftOut: Set<number>): Either.Either<void, ConflictingConditions> => {
  const existing = entries.get(entry.param)
  if (!existing) {
    entries.set(entry.param, entry)
    return Either.void
  }
  const sources = [...existing.sources, ...entry.sources]
  if (existing.bound && entry.bound && existing.bound.side === entry.bound.side) {
    entries.set(entry.param, { ...tighter(existing, entry), sources })
  } else if (existing.exclude && entry.exclude && existing.exclude.formatter === entry.exclude.formatter) {
    const values = dedupe([...existing.exclude.values, ...entry.exclude.values])
    entries.set(entry.param, {
      ...existing,
      value: formatList(values, existing.exclude.formatter),
      exclude: { values, formatter: existing.exclude.formatter },
      sources
    })
  } else if (valueKey(existing.value) === valueKey(entry.value) && existing.kind === entry.kind) {
    entries.set(entry.param, { ...existing, sources })
  } else if (existing.field === entry.field && existing.op === entry.op && singleValueOps.includes(entry.op)) {
    for (const s of entry.sources) leftOut.add(s)
  } else {
    const describe = (e: Entry) => (e.op === "cursor" ? "the cursor bound" : e.op === "sort" ? "the sort order" : `${e.field} ${e.op}`)
    return conflict(
      entry.param,
      `${describe(existing)} (${valueKey(existing.value)}) and ${describe(entry)} (${valueKey(entry.value)}) both set query parameter ${entry.param}`
    )
  }
  return Either.void
}

/** The search entries: contains conditions on search-bound fields, grouped by search field. */
const searchEntries = (candidates: ReadonlyArray<Candidate>, leftOut: Set<number>): ReadonlyArray<Entry> => {
  const groups = new Map<string, Array<SearchPart>>()
  for (const { condition, index, meta } of candidates) {
    const binding = meta.search_binding
    if (condition.op !== "contains" || !binding) continue
    const terms = Array.isArray(condition.value) ? condition.value : [condition.value]
    if (!terms.every((t) => isScalar(t) && String(t) !== "")) {
      leftOut.add(index)
      continue
    }
    const parts = groups.get(binding.search_field) ?? []
    const part = parts.find((p) => p.field === condition.field)
    // Several contains on one field add to that field's terms (joined by its value_join).
    if (part) {
      part.terms.push(...(terms as Array<Scalar>))
      part.sources.push(index)
    } else {
      parts.push({
        field: condition.field,
        terms: [...(terms as Array<Scalar>)],
        fieldJoin: binding.field_join ?? "and",
        valueJoin: binding.value_join ?? "or",
        sources: [index]
      })
    }
    groups.set(binding.search_field, parts)
  }
  return [...groups].map(([param, parts]) => ({
    param,
    kind: "search" as const,
    value: renderSearch(parts.map((p) => ({ ...p, terms: dedupe(p.terms) as Array<Scalar> }))),
    field: parts.map((p) => p.field).join("+"),
    op: "contains" as const,
    sources: parts.flatMap((p) => p.sources)
  }))
}

/** Plans the whole query: which parameter carries which condition, and what is left for memory. */
const plan = (
  schema: StructLike,
  where: ReadonlyArray<Condition>,
  cursor: Cursor.Cursor | null | undefined,
  options: CursorOptions
): Either.Either<Plan, CoreError> =>
  Either.gen(function* () {
    const { candidates, unpushed } = yield* classify(schema, where)
    const { absorbed, lists } = yield* mergeEqIn(candidates)
    const entries = new Map<string, Entry>()
    for (const candidate of candidates) {
      if (absorbed.has(candidate.index)) continue
      if (candidate.condition.op === "contains" && candidate.meta.search_binding) continue
      const merged = lists.get(candidate.index)
      const effective = merged ? { ...candidate, condition: { ...candidate.condition, value: merged } } : candidate
      const entry = yield* entryFor(schema, effective)
      if (!entry) {
        unpushed.add(candidate.index)
        for (const [inIndex, carrier] of absorbed) if (carrier === candidate.index) unpushed.add(inIndex)
        continue
      }
      yield* put(entries, entry, unpushed)
    }
    for (const entry of searchEntries(candidates, unpushed)) yield* put(entries, entry, unpushed)
    if (cursor) {
      for (const entry of yield* cursorEntries(schema, cursor, options)) yield* put(entries, entry, unpushed)
    }
    // A condition absorbed by another is pushed exactly when its carrier is.
    for (const [inIndex, carrier] of absorbed) if (unpushed.has(carrier)) unpushed.add(inIndex)
    return {
      entries: [...entries.values()],
      pushed: where.filter((_, i) => !unpushed.has(i)),
      unpushed: where.filter((_, i) => unpushed.has(i))
    }
  })

const paramsOf = (entries: ReadonlyArray<Entry>, kinds: ReadonlyArray<Kind>): Params => {
  const params: Params = {}
  for (const e of entries) if (kinds.includes(e.kind)) params[e.param] = e.value
  return params
}

// ---------------------------------------------------------------------------------------------------
// Public builders

/**
 * One parameter per scalar condition: `eq` → `prefilter.params.eq ?? field`; `ne gt gte lt lte
 * starts_with not_in exists`, and `contains` on fields without a search binding → `prefilter.params[op]
 * ?? field__op`. Applies the module's combination rules; conditions it cannot express are left out
 * (`buildConnectorParams` reports them).
 */
export const buildEqQueryParams = (schema: StructLike, where: ReadonlyArray<Condition>): Either.Either<Params, CoreError> =>
  Either.map(plan(schema, where, undefined, {}), (p) => paramsOf(p.entries, ["eq"]))

/**
 * IN conditions → `in_binding.query_field` (default `field__in`) written by its formatter: `array`
 * (a list, the default), `csv` (`a,b`) or `array_string` (the JSON text `["a","b"]`). Several `in` on
 * one field are intersected; an `in` implied by an `eq` on the same field adds no parameter.
 */
export const buildInQueryParams = (schema: StructLike, where: ReadonlyArray<Condition>): Either.Either<Params, CoreError> =>
  Either.map(plan(schema, where, undefined, {}), (p) => paramsOf(p.entries, ["in"]))

/**
 * CONTAINS conditions on search-bound fields → one keyword query per `search_field`, e.g.
 * `{ keywords: "(data OR science) AND (python OR sql)" }`.
 */
export const buildSearchQueryParams = (schema: StructLike, where: ReadonlyArray<Condition>): Either.Either<Params, CoreError> =>
  Either.map(plan(schema, where, undefined, {}), (p) => paramsOf(p.entries, ["search"]))

/**
 * The cursor's bounds and order. Ascending: `start` → `cursor_start_min`, the far bound (`until`,
 * or `end` on the input cursor; the tighter when both) → `cursor_end_max`; descending: `start` →
 * `cursor_end_max`, far bound → `cursor_start_min`. Values are written per `cursor_format`; with
 * `sortParamName` the order is `cursor_order_up ?? "asc"` / `cursor_order_down ?? "desc"`, with
 * `sortFieldParamName` the field's `cursor_sort_field` (when declared). Fails with CursorUnsupported when the schema has no field for the mode or a needed
 * query name is not declared.
 */
export const buildCursorQueryParams = (
  schema: StructLike,
  cursor: Cursor.Cursor,
  options: CursorOptions = {}
): Either.Either<Params, CursorUnsupported | InvalidInput | ConflictingConditions> =>
  Either.flatMap(cursorEntries(schema, cursor, options), (list) => {
    const entries = new Map<string, Entry>()
    for (const entry of list) {
      const added = put(entries, entry, new Set())
      if (Either.isLeft(added)) return Either.left(added.left)
    }
    return Either.right(paramsOf([...entries.values()], ["cursor", "sort"]))
  })

/**
 * Every parameter of a read: WHERE (eq, in, search) and cursor, with the conditions they carry
 * (`pushed`) and those they do not (`unpushed`: field without prefilter metadata, operator not
 * allowed, or value not expressible) — the caller must apply the latter in memory.
 */
export const buildConnectorParams = (
  schema: StructLike,
  where: ReadonlyArray<Condition> | null | undefined,
  cursor: Cursor.Cursor | null | undefined,
  options: CursorOptions = {}
): Either.Either<ConnectorParams, CoreError> =>
  Either.map(plan(schema, where ?? [], cursor, options), (p) => ({
    params: paramsOf(p.entries, ["eq", "in", "search", "cursor", "sort"]),
    pushed: p.pushed,
    unpushed: p.unpushed
  }))

/**
 * A `Connector.pushdown` for a schema: the conditions `buildConnectorParams` can carry are pushed, the
 * rest are left for memory. Conditions that contradict each other are all kept in memory (the
 * in-memory filter then rightly matches nothing); `buildConnectorParams` reports the conflict itself.
 */
export const pushdownFor =
  (schema: StructLike) =>
  (where: ReadonlyArray<Condition>): Pushdown =>
    Either.match(plan(schema, where, undefined, {}), {
      onLeft: () => ({ pushed: [], inMemory: where }),
      onRight: (p) => ({ pushed: p.pushed, inMemory: p.unpushed })
    })
