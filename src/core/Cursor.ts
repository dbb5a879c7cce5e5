/**
 * Cursors for incremental sync: which field orders the records, where a run starts, and where the
 * next run resumes.
 */
import * as Schema from "effect/Schema"

/** Canonical cursor modes. */
export const CanonicalCursorMode = Schema.Literal("id", "created_at", "updated_at")

/** Cursor mode; `uid` is accepted on input as an alias of `id`. */
export const CursorMode = Schema.transform(Schema.Literal("id", "uid", "created_at", "updated_at"), CanonicalCursorMode, {
  strict: true,
  decode: (mode) => (mode === "uid" ? "id" : mode),
  encode: (mode) => mode
}).annotations({ identifier: "CursorMode" })
/** @see CursorMode */
export type CursorMode = typeof CanonicalCursorMode.Type

/** Reading direction along the cursor field. */
export const SortBy = Schema.Literal("asc", "desc").annotations({ identifier: "SortBy" })
/** @see SortBy */
export type SortBy = typeof SortBy.Type

/**
 * A cursor. `start` is where reading begins (inclusive), `end` is where the next run resumes.
 * `boundary_ids` are the ids already taken at the `end` value, so an inclusive restart skips them
 * instead of duplicating them; `token` carries an opaque vendor sync token (e.g. Ashby's).
 */
export const Cursor = Schema.Struct({
  mode: CursorMode,
  start: Schema.optional(Schema.NullOr(Schema.String)),
  end: Schema.optional(Schema.NullOr(Schema.String)),
  sort_by: Schema.optionalWith(SortBy, { default: () => "asc" as const }),
  boundary_ids: Schema.optional(Schema.Array(Schema.String)),
  token: Schema.optional(Schema.NullOr(Schema.String))
}).annotations({ identifier: "Cursor" })
/** @see Cursor */
export type Cursor = typeof Cursor.Type
/** A cursor as JSON (`sort_by` may be omitted, `mode` may be `uid`). */
export type CursorEncoded = typeof Cursor.Encoded

/** Builds a cursor from its parts. */
export const make = (mode: CursorMode, options: { readonly start?: string | null; readonly sortBy?: SortBy } = {}): Cursor => ({
  mode,
  start: options.start ?? null,
  sort_by: options.sortBy ?? "asc"
})

/**
 * The cursor the next run starts from: its `start` is this run's `end`, and it keeps the boundary ids
 * and vendor token.
 */
export const resumeFrom = (cursor: Cursor): Cursor => {
  const next: { -readonly [K in keyof Cursor]: Cursor[K] } = {
    mode: cursor.mode,
    start: cursor.end ?? cursor.start ?? null,
    sort_by: cursor.sort_by
  }
  if (cursor.boundary_ids && cursor.boundary_ids.length > 0) next.boundary_ids = cursor.boundary_ids
  if (cursor.token != null) next.token = cursor.token
  return next
}

const numericPattern = /^-?\d+(\.\d+)?$/

const asInstant = (value: string): number | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined
  // Accept vendor offsets written without a colon, e.g. `+0000`.
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")
  const ms = Date.parse(normalised)
  return Number.isNaN(ms) ? undefined : ms
}

// The last two strings found canonical: a pull compares each record's value with the same running
// position several times, so most checks are answered without scanning.
let knownA = ""
let knownB = ""

/** `YYYY-MM-DDTHH:MM:SS[.f…]Z`: the form whose text order is its time order (at equal length). */
const isCanonicalUtc = (s: string): boolean => {
  if (s === knownA || s === knownB) return true
  if (!scanCanonicalUtc(s)) return false
  knownB = knownA
  knownA = s
  return true
}

const scanCanonicalUtc = (s: string): boolean => {
  const n = s.length
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return false
  for (let i = 0; i < n - 1; i++) {
    const c = s.charCodeAt(i)
    switch (i) {
      case 4:
      case 7:
        if (c !== 45 /* - */) return false
        break
      case 10:
        break
      case 13:
      case 16:
        if (c !== 58 /* : */) return false
        break
      case 19:
        if (c !== 46 /* . */) return false
        break
      default:
        if (c < 48 || c > 57) return false
    }
  }
  return n === 20 || n > 21
}

/** Normalises a record's cursor field value (string, number or Date) to the cursor's string form. */
export const valueToString = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "bigint") return String(value)
  return undefined
}

/**
 * Compares two cursor values: numbers numerically, timestamps as instants (any ISO-8601 offset form),
 * anything else as strings.
 */
export const compareValues = (a: string, b: string): number => {
  if (a === b) return 0
  // Fast path (called several times per record): two UTC timestamps written alike order as text.
  if (a.length === b.length && isCanonicalUtc(a) && isCanonicalUtc(b)) return a < b ? -1 : 1
  if (numericPattern.test(a) && numericPattern.test(b)) {
    const d = Number(a) - Number(b)
    return d < 0 ? -1 : d > 0 ? 1 : 0
  }
  const ia = asInstant(a)
  const ib = asInstant(b)
  if (ia !== undefined && ib !== undefined) return ia < ib ? -1 : ia > ib ? 1 : 0
  // Epoch milliseconds (e.g. Lever's timestamps as cursor text) against ISO text: both as instants.
  if (ib !== undefined && numericPattern.test(a)) return Number(a) < ib ? -1 : Number(a) > ib ? 1 : 0
  if (ia !== undefined && numericPattern.test(b)) return ia < Number(b) ? -1 : ia > Number(b) ? 1 : 0
  return a < b ? -1 : a > b ? 1 : 0
}

/** Whether `value` comes strictly after `reference` in the cursor's reading direction. */
export const isAfter = (sortBy: SortBy, value: string, reference: string): boolean => {
  const c = compareValues(value, reference)
  return sortBy === "asc" ? c > 0 : c < 0
}

/** Whether `value` lies before `start` in the reading direction (outside an inclusive start). */
export const isBeforeStart = (sortBy: SortBy, value: string, start: string): boolean => isAfter(sortBy, start, value)
