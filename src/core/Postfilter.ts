/**
 * Postfilters (HAVING): conditions applied in memory to native records in their JSON wire form.
 *
 * Semantics, in short:
 * - `field` is a dotted path (`payload.status`, `skills.name`); an array met along the path fans out
 *   and a numeric segment indexes it (`skills.0.name`). A condition holds when any value found by the
 *   path satisfies it, except `ne` / `not_in`, which hold when no value equals / is in the list.
 * - Values compare as instants when both sides are dates (ISO strings with any offset form, JS
 *   Dates, or epoch-ms numbers against a date), as numbers when both sides are numeric (numbers or
 *   numeric strings), and otherwise as strings.
 * - A missing or null field fails every operator except `ne`, `not_in` and `exists: false`.
 */
import * as Either from "effect/Either"
import type { Condition } from "./Condition.js"
import { operators } from "./Condition.js"
import { InvalidInput } from "./Errors.js"
import { parseInstant } from "./Metadata.js"

/** Options of a compiled postfilter. */
export interface Options {
  /** Makes `contains` and `starts_with` ignore letter case (default false: case-sensitive). */
  readonly caseInsensitive?: boolean
}

/** A compiled postfilter: true when the record passes every condition. */
export type Predicate = (record: unknown) => boolean

// ---------------------------------------------------------------------------------------------
// Comparison operands: a condition value parsed once into every form a record value may meet.

/**
 * A scalar the user wrote, pre-parsed: as text, as a number, as an instant (epoch ms), and that
 * instant in the UTC text form `toISOString` writes.
 */
interface Operand {
  readonly text: string
  readonly number: number | undefined
  readonly instant: number | undefined
  readonly utc: string | undefined
}

type Scalar = string | number | boolean | Date

// Numbers written as text (CSV columns, query strings); kept strict so ids like `00-12` stay text.
const numericPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

const numericValue = (text: string): number | undefined => (numericPattern.test(text) ? Number(text) : undefined)

/*
 * Most wire timestamps are UTC (`Z`, `+0000`, `+00:00`) with whole seconds or milliseconds; rewritten
 * in the form `toISOString` writes, their text orders like the instant, so they are compared as text,
 * skipping `parseInstant`. Days 29-31 take the slow path because `Date.parse` rolls impossible dates
 * (Feb 30) over to the next month.
 */
const utcPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?(Z|[+-]00:?00)$/

/** A record value's canonical 24-character UTC text, when it is written in one of the UTC forms above. */
const utcText = (value: string): string | undefined => {
  if (value.length < 20 || value.length > 29 || !utcPattern.test(value)) return undefined
  if (value.length === 24 && value.charCodeAt(23) === 90 /* Z */) return value
  return `${value.slice(0, 19)}${value.charCodeAt(19) === 46 /* . */ ? value.slice(19, 23) : ".000"}Z`
}

const utcOf = (instant: number | undefined): string | undefined => {
  if (instant === undefined) return undefined
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return undefined
  const iso = date.toISOString()
  // Years outside 0000-9999 are written `+010000-...`, which no longer orders as text.
  return iso.length === 24 ? iso : undefined
}

const operand = (value: Scalar): Operand => {
  const text = value instanceof Date ? value.toISOString() : String(value)
  const number = typeof value === "number" ? value : typeof value === "string" ? numericValue(value) : undefined
  const instant = typeof value === "number" ? value : value instanceof Date ? value.getTime() : typeof value === "string" ? parseInstant(value) : undefined
  return { text, number, instant, utc: utcOf(instant) }
}

const sign = (d: number): number | undefined => (d < 0 ? -1 : d > 0 ? 1 : d === 0 ? 0 : undefined)

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Compares a record value with an operand; undefined when they cannot be compared (objects, NaN). */
const compare = (value: unknown, to: Operand): number | undefined => {
  switch (typeof value) {
    case "string": {
      if (to.number !== undefined) {
        const n = numericValue(value)
        if (n !== undefined) return sign(n - to.number)
      }
      if (to.instant !== undefined) {
        if (to.utc !== undefined) {
          const utc = utcText(value)
          if (utc !== undefined) return compareText(utc, to.utc)
        }
        const t = parseInstant(value)
        if (t !== undefined) return sign(t - to.instant)
      }
      return compareText(value, to.text)
    }
    case "number":
      if (to.number !== undefined) return sign(value - to.number)
      // An epoch-ms field against a date condition.
      if (to.instant !== undefined) return sign(value - to.instant)
      return Number.isNaN(value) ? undefined : compareText(String(value), to.text)
    case "boolean":
      return compareText(String(value), to.text)
    case "object":
      if (value instanceof Date) {
        const t = value.getTime()
        if (Number.isNaN(t)) return undefined
        if (to.instant !== undefined) return sign(t - to.instant)
        if (to.number !== undefined) return sign(t - to.number)
        return compareText(value.toISOString(), to.text)
      }
      return undefined
    default:
      return undefined
  }
}

/**
 * Membership in a list of operands, by hashing instead of scanning. It agrees with `compare(...) === 0`:
 * numbers are looked up as numbers and instants, date strings as instants, other text as text.
 */
const membership = (values: ReadonlyArray<Scalar>): ((value: unknown) => boolean) => {
  const numbers = new Set<number>()
  const instants = new Set<number>()
  const utcs = new Set<string>()
  const texts = new Set<string>()
  for (const value of values) {
    const o = operand(value)
    if (o.number !== undefined) numbers.add(o.number)
    if (o.instant !== undefined) instants.add(o.instant)
    if (o.utc !== undefined) utcs.add(o.utc)
    if (o.number === undefined && o.instant === undefined) texts.add(o.text)
  }
  return (value) => {
    switch (typeof value) {
      case "string": {
        if (texts.has(value)) return true
        if (numbers.size > 0) {
          const n = numericValue(value)
          if (n !== undefined) return numbers.has(n)
        }
        if (instants.size > 0) {
          const utc = utcs.size > 0 ? utcText(value) : undefined
          if (utc !== undefined) return utcs.has(utc)
          const t = parseInstant(value)
          if (t !== undefined) return instants.has(t)
        }
        return false
      }
      case "number":
        return numbers.has(value) || instants.has(value) || (texts.size > 0 && texts.has(String(value)))
      case "boolean":
        return texts.has(String(value))
      case "object":
        if (value instanceof Date) {
          const t = value.getTime()
          return !Number.isNaN(t) && (instants.has(t) || numbers.has(t) || texts.has(value.toISOString()))
        }
        return false
      default:
        return false
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Paths.

/** A dotted path split once; `index` is set on numeric segments, which index into arrays. */
interface Segment {
  readonly key: string
  readonly index: number | undefined
}

const splitPath = (field: string): ReadonlyArray<Segment> => field.split(".").map((key) => ({ key, index: /^\d+$/.test(key) ? Number(key) : undefined }))

/**
 * Whether `test` holds for any value the path reaches (null and absent values are never tested).
 * The value at the end of the path is passed as is, arrays included, so `contains` can tell an
 * array field (membership) from a string field (substring).
 */
const someAt = (value: unknown, path: ReadonlyArray<Segment>, from: number, test: (value: unknown) => boolean): boolean => {
  let current = value
  for (let i = from; i < path.length; i++) {
    if (current === null || typeof current !== "object") return false
    const segment = path[i]!
    if (Array.isArray(current)) {
      if (segment.index !== undefined) {
        current = current[segment.index]
        continue
      }
      for (const element of current) if (someAt(element, path, i, test)) return true
      return false
    }
    // Own keys only: `constructor` or `toString` are not record fields.
    if (!Object.prototype.hasOwnProperty.call(current, segment.key)) return false
    current = (current as Record<string, unknown>)[segment.key]
  }
  return current !== null && current !== undefined && test(current)
}

/** Lifts a scalar test to the value at the end of a path: an array holds when any element does. */
const anyScalar = (test: (value: unknown) => boolean): ((value: unknown) => boolean) => {
  const holds = (value: unknown): boolean => {
    if (!Array.isArray(value)) return test(value)
    for (const element of value) if (element !== null && element !== undefined && holds(element)) return true
    return false
  }
  return holds
}

// ---------------------------------------------------------------------------------------------
// Validation: every condition value is checked and parsed before any record is seen.

/** A condition whose value has been checked and parsed into the test it stands for. */
type Parsed =
  | { readonly op: "compare"; readonly negate: boolean; readonly test: (c: number) => boolean; readonly to: Operand }
  | { readonly op: "member"; readonly negate: boolean; readonly has: (value: unknown) => boolean }
  | { readonly op: "contains"; readonly needles: ReadonlyArray<Operand> }
  | { readonly op: "starts_with"; readonly prefix: string }
  | { readonly op: "exists"; readonly present: boolean }

const isScalar = (value: unknown): value is Scalar =>
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value)) ||
  (value instanceof Date && !Number.isNaN(value.getTime()))

const describeValue = (value: unknown): string =>
  value === undefined
    ? "no value"
    : value === null
      ? "null"
      : Array.isArray(value)
        ? "an array"
        : value instanceof Date
          ? "an invalid date"
          : typeof value === "number"
            ? String(value)
            : typeof value === "object"
              ? "an object"
              : typeof value

/** `in` lists: a JSON array, a JSON array written as text, or comma-separated text (`"a, b"`). */
export const listOf = (value: unknown): ReadonlyArray<unknown> | undefined => {
  if (Array.isArray(value)) return value
  if (typeof value !== "string") return undefined
  const text = value.trim()
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (Array.isArray(parsed)) return parsed
    } catch {
      // Not JSON: fall through and split on commas.
    }
  }
  return text === "" ? [] : text.split(",").flatMap((item) => (item.trim() === "" ? [] : [item.trim()]))
}

const comparisons: Record<"eq" | "ne" | "gt" | "gte" | "lt" | "lte", (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c === 0, // negated: `ne` holds when no value equals
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
  lt: (c) => c < 0,
  lte: (c) => c <= 0
}

const parseValue = (condition: Condition): Either.Either<Parsed, string> => {
  const { op, value } = condition
  switch (op) {
    case "eq":
    case "ne":
      // `eq null` / `ne null` read naturally as absence / presence.
      if (value === null) return Either.right({ op: "exists", present: op === "ne" })
      if (!isScalar(value)) {
        return Either.left(`${op} needs a string, number, boolean or date value, got ${describeValue(value)}`)
      }
      return Either.right({ op: "compare", negate: op === "ne", test: comparisons[op], to: operand(value) })
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (!isScalar(value) || typeof value === "boolean") {
        return Either.left(`${op} needs a string, number or date value, got ${describeValue(value)}`)
      }
      return Either.right({ op: "compare", negate: false, test: comparisons[op], to: operand(value) })
    case "in":
    case "not_in": {
      const list = listOf(value)
      if (list === undefined) {
        return Either.left(`${op} needs an array (or comma-separated text) of values, got ${describeValue(value)}`)
      }
      const bad = list.findIndex((item) => !isScalar(item))
      if (bad >= 0) {
        return Either.left(`${op} values must be strings, numbers, booleans or dates, got ${describeValue(list[bad])}`)
      }
      return Either.right({ op: "member", negate: op === "not_in", has: membership(list as ReadonlyArray<Scalar>) })
    }
    case "contains": {
      const needles = Array.isArray(value) ? value : [value]
      if (needles.length === 0) return Either.left("contains needs at least one value")
      const bad = needles.findIndex((item) => !isScalar(item))
      if (bad >= 0) {
        return Either.left("contains needs a string, number, boolean or date value (or an array of them), " + `got ${describeValue(needles[bad])}`)
      }
      return Either.right({ op: "contains", needles: (needles as ReadonlyArray<Scalar>).map(operand) })
    }
    case "starts_with":
      if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) {
        return Either.left(`starts_with needs a string value, got ${describeValue(value)}`)
      }
      return Either.right({ op: "starts_with", prefix: String(value) })
    case "exists":
      if (value === undefined || value === true || value === "true") {
        return Either.right({ op: "exists", present: true })
      }
      if (value === false || value === "false") return Either.right({ op: "exists", present: false })
      return Either.left(`exists takes true or false, got ${describeValue(value)}`)
    default:
      return Either.left(`unknown operator ${JSON.stringify(op)}; expected one of ${operators.join(", ")}`)
  }
}

const parseCondition = (condition: unknown, position: number): Either.Either<Parsed, InvalidInput> => {
  if (typeof condition !== "object" || condition === null) {
    return Either.left(new InvalidInput({ field: `having[${position}]`, reason: "a condition must be an object" }))
  }
  const { field } = condition as { readonly field?: unknown }
  if (typeof field !== "string" || field === "" || field.split(".").some((segment) => segment === "")) {
    return Either.left(
      new InvalidInput({
        field: `having[${position}].field`,
        reason: `field must be a dotted path such as "payload.status", got ${JSON.stringify(field)}`
      })
    )
  }
  return Either.mapLeft(parseValue(condition as Condition), (reason) => new InvalidInput({ field, reason }))
}

const parseAll = (conditions: ReadonlyArray<Condition>): Either.Either<ReadonlyArray<Parsed>, InvalidInput> => {
  if (!Array.isArray(conditions)) {
    return Either.left(new InvalidInput({ field: "having", reason: "conditions must be an array" }))
  }
  const out: Array<Parsed> = []
  for (let i = 0; i < conditions.length; i++) {
    const parsed = parseCondition(conditions[i], i)
    if (Either.isLeft(parsed)) return Either.left(parsed.left)
    out.push(parsed.right)
  }
  return Either.right(out)
}

/** Checks every condition's field and value; fails with InvalidInput naming the condition's field. */
export const validate = (conditions: ReadonlyArray<Condition>): Either.Either<ReadonlyArray<Condition>, InvalidInput> =>
  Either.map(parseAll(conditions), () => conditions)

// ---------------------------------------------------------------------------------------------
// Compilation.

const lower = (text: string, caseInsensitive: boolean): string => (caseInsensitive ? text.toLowerCase() : text)

const containsTest = (needle: Operand, caseInsensitive: boolean): ((value: unknown) => boolean) => {
  const text = lower(needle.text, caseInsensitive)
  const equals = (element: unknown): boolean =>
    caseInsensitive && typeof element === "string" ? element.toLowerCase() === text : compare(element, needle) === 0
  const inArray = anyScalar(equals)
  return (value) => {
    // A string field contains a substring; an array field contains a member; any other scalar must equal.
    if (typeof value === "string") return lower(value, caseInsensitive).includes(text)
    if (Array.isArray(value)) return inArray(value)
    return equals(value)
  }
}

const compileOne = (path: ReadonlyArray<Segment>, parsed: Parsed, options: Options): Predicate => {
  const caseInsensitive = options.caseInsensitive === true
  switch (parsed.op) {
    case "compare": {
      const { test, to } = parsed
      const holds = anyScalar((value) => {
        const c = compare(value, to)
        return c !== undefined && test(c)
      })
      return parsed.negate ? (record) => !someAt(record, path, 0, holds) : (record) => someAt(record, path, 0, holds)
    }
    case "member": {
      const holds = anyScalar(parsed.has)
      return parsed.negate ? (record) => !someAt(record, path, 0, holds) : (record) => someAt(record, path, 0, holds)
    }
    case "contains": {
      // Every needle must be found somewhere along the path (`skills.name contains ["python","sql"]`).
      const tests = parsed.needles.map((needle) => containsTest(needle, caseInsensitive))
      return (record) => tests.every((test) => someAt(record, path, 0, test))
    }
    case "starts_with": {
      const prefix = lower(parsed.prefix, caseInsensitive)
      const holds = anyScalar((value) => (typeof value === "string" || typeof value === "number") && lower(String(value), caseInsensitive).startsWith(prefix))
      return (record) => someAt(record, path, 0, holds)
    }
    case "exists": {
      const present: Predicate = (record) => someAt(record, path, 0, () => true)
      return parsed.present ? present : (record) => !present(record)
    }
  }
}

/**
 * Compiles conditions (AND-ed) into one predicate, parsing paths and values once so it can run over
 * millions of records; fails with InvalidInput naming the field of the first invalid condition.
 */
export const compile = (conditions: ReadonlyArray<Condition>, options: Options = {}): Either.Either<Predicate, InvalidInput> =>
  Either.map(parseAll(conditions), (parsed): Predicate => {
    const predicates = parsed.map((p, i) => compileOne(splitPath(conditions[i]!.field), p, options))
    if (predicates.length === 0) return () => true
    if (predicates.length === 1) return predicates[0]!
    return (record) => {
      for (const predicate of predicates) if (!predicate(record)) return false
      return true
    }
  })

const compileOrThrow = (conditions: ReadonlyArray<Condition>, options: Options): Predicate => {
  const compiled = compile(conditions, options)
  if (Either.isLeft(compiled)) throw compiled.left
  return compiled.right
}

/**
 * The records that pass every condition, in order. Throws InvalidInput (naming the field) when a
 * condition is invalid; use `compile` to get the error as a value instead.
 */
export const applyPostfilters = <A>(records: Iterable<A>, conditions: ReadonlyArray<Condition>, options: Options = {}): Array<A> => {
  const predicate = compileOrThrow(conditions, options)
  const kept: Array<A> = []
  for (const record of records) if (predicate(record)) kept.push(record)
  return kept
}

/**
 * Splits records into `[kept, removed]` by the conditions, in order. Throws InvalidInput (naming the
 * field) when a condition is invalid.
 */
export const partition = <A>(records: Iterable<A>, conditions: ReadonlyArray<Condition>, options: Options = {}): [kept: Array<A>, removed: Array<A>] => {
  const predicate = compileOrThrow(conditions, options)
  const kept: Array<A> = []
  const removed: Array<A> = []
  for (const record of records) (predicate(record) ? kept : removed).push(record)
  return [kept, removed]
}
