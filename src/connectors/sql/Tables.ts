/**
 * The physical layout of the SQL connector's tables: which record fields are copied into native
 * columns (for WHERE, ordering and inspection), how each value is normalised, and the row written for
 * a record. The full record is always kept as JSON text in `data`, so reads return it unchanged.
 *
 * Text columns carry a `<name>__num` shadow column holding the value as a number when the text is
 * numeric: postfilters compare numeric text numerically (`"10" > "9"`), and the shadow lets SQL do
 * the same instead of guessing. Timestamp columns hold normalised UTC ISO text
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`), which sorts lexically in instant order on both engines.
 */
import type { NativeRecord } from "../../core/Connector.js"
import * as Metadata from "../../core/Metadata.js"
import type { Resource } from "../../core/Resource.js"

/** A column-backed record field. */
export interface Column {
  /** Column name (a fixed identifier, never user input). */
  readonly name: string
  /** `text` columns keep the string; `instant` columns its normalised UTC form. */
  readonly kind: "text" | "instant"
  /** Where the value sits in the record. */
  readonly path: ReadonlyArray<string | number>
  /** The condition field that maps to this column; absent for storage-only columns. */
  readonly field?: string
}

/** A table's columns (besides `data`), by resource. */
export const columns: Record<Resource, ReadonlyArray<Column>> = {
  job: [
    { name: "id", kind: "text", path: ["id"], field: "id" },
    { name: "reference", kind: "text", path: ["reference"], field: "reference" },
    { name: "name", kind: "text", path: ["name"], field: "name" },
    { name: "status", kind: "text", path: ["status"], field: "status" },
    { name: "employment_type", kind: "text", path: ["employment_type"], field: "employment_type" },
    { name: "company", kind: "text", path: ["company"], field: "company" },
    { name: "requisition_id", kind: "text", path: ["requisition_id"], field: "requisition_id" },
    { name: "published_at", kind: "instant", path: ["published_at"], field: "published_at" },
    { name: "closes_at", kind: "instant", path: ["closes_at"], field: "closes_at" },
    { name: "created_at", kind: "instant", path: ["created_at"], field: "created_at" },
    { name: "updated_at", kind: "instant", path: ["updated_at"], field: "updated_at" }
  ],
  profile: [
    { name: "id", kind: "text", path: ["id"], field: "id" },
    { name: "reference", kind: "text", path: ["reference"], field: "reference" },
    { name: "full_name", kind: "text", path: ["info", "full_name"], field: "info.full_name" },
    { name: "email", kind: "text", path: ["info", "emails", 0, "value"] },
    { name: "source", kind: "text", path: ["source"], field: "source" },
    { name: "stage", kind: "text", path: ["stage"], field: "stage" },
    { name: "created_at", kind: "instant", path: ["created_at"], field: "created_at" },
    { name: "updated_at", kind: "instant", path: ["updated_at"], field: "updated_at" }
  ]
}

/**
 * The columns migration 1 created, before the unified job's `title` became `name` (migration 2
 * renames it). Migrations are append-only, so the first one keeps building exactly these.
 */
export const columnsV1: Record<Resource, ReadonlyArray<Column>> = {
  job: columns.job.map((column) => (column.name === "name" ? { ...column, name: "title", path: ["title"], field: "title" } : column)),
  profile: columns.profile
}

/** The shadow column holding a text column's numeric reading. */
export const numericColumn = (column: Column): string => `${column.name}__num`

/** Whether a column gets a numeric shadow (filterable text columns). */
export const hasNumeric = (column: Column): boolean => column.kind === "text" && column.field !== undefined

/** The column a condition field maps to, if any. */
export const columnFor = (resource: Resource, field: string): Column | undefined => columns[resource].find((c) => c.field === field)

/** Table names for a prefix (checked against `Client.identifierPattern` before use). */
export const tableNames = (prefix: string) => ({
  job: `${prefix}jobs`,
  profile: `${prefix}profiles`,
  migrations: `${prefix}migrations`
})

// Numeric text, exactly as postfilters read it (see core/Postfilter.ts); kept strict so ids such as
// `00-12` stay text. The SQL/postfilter agreement test fails if the two ever drift apart.
const numericPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** The number a text reads as, the way postfilters compare it; undefined when it is not numeric. */
export const numericValue = (text: string): number | undefined => (numericPattern.test(text) ? Number(text) : undefined)

/** An instant as normalised UTC ISO text, or undefined outside years 0000–9999 (where text order breaks). */
export const isoOf = (ms: number): string | undefined => {
  if (!Number.isFinite(ms)) return undefined
  const date = new Date(ms)
  if (Number.isNaN(date.getTime())) return undefined
  const iso = date.toISOString()
  return /^\d{4}-/.test(iso) ? iso : undefined
}

/** Normalises an ISO-8601 timestamp in any offset form to UTC ISO text. */
export const normaliseInstant = (value: string): string | undefined => {
  const ms = Metadata.parseInstant(value)
  if (ms === undefined) return undefined
  // Already in the normal form (what toISOString writes for years 1000-9999): keep the text.
  if (
    value.length === 24 &&
    value.charCodeAt(10) === 84 /* T */ &&
    value.charCodeAt(19) === 46 /* . */ &&
    value.charCodeAt(23) === 90 /* Z */ &&
    value.charCodeAt(0) !== 48
  )
    return value
  return isoOf(ms)
}

const at = (record: unknown, path: ReadonlyArray<string | number>): unknown => {
  let current = record
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    if (typeof key === "number" ? !Array.isArray(current) : !Object.prototype.hasOwnProperty.call(current, key)) return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

// Text SQL cannot store faithfully: NUL (PostgreSQL rejects it) and lone UTF-16 surrogates (both
// drivers re-encode them as U+FFFD, so the column would no longer equal the record).
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether SQL can store and compare this text exactly. */
export const isStorableText = (text: string): boolean => !unstorable.test(text)

/** A table row: column values, and `data` (the record as JSON text). */
export type Row = Record<string, string | number | null>

/** A row's values in `rowColumns` order (`id` first, `data` last). */
export type RowValues = Array<string | number | null>

interface Slot {
  readonly column: Column
  readonly numeric: boolean
  readonly label: string
}

const slots: Record<Resource, ReadonlyArray<Slot>> = {
  job: columns.job.map((column) => ({ column, numeric: hasNumeric(column), label: column.path.join(".") })),
  profile: columns.profile.map((column) => ({ column, numeric: hasNumeric(column), label: column.path.join(".") }))
}

const rowColumnNames: Record<Resource, ReadonlyArray<string>> = {
  job: [...columns.job.flatMap((c) => (hasNumeric(c) ? [c.name, numericColumn(c)] : [c.name])), "data"],
  profile: [...columns.profile.flatMap((c) => (hasNumeric(c) ? [c.name, numericColumn(c)] : [c.name])), "data"]
}

/** The names of every column of a table's row, in a fixed order (`id` first, `data` last). */
export const rowColumns = (resource: Resource): ReadonlyArray<string> => rowColumnNames[resource]

/** A record's row values (in `rowColumns` order), or the reason it cannot be stored. */
export const toValues = (resource: Resource, record: NativeRecord): { readonly values: RowValues } | { readonly error: string } => {
  const values: RowValues = []
  for (const slot of slots[resource]) {
    const value = at(record, slot.column.path)
    if (slot.column.kind === "instant") {
      const iso = typeof value === "string" ? normaliseInstant(value) : undefined
      if (typeof value === "string" && iso === undefined) {
        return { error: `${slot.label}: not an ISO-8601 date-time between years 0000 and 9999` }
      }
      values.push(iso ?? null)
      continue
    }
    const text = typeof value === "string" ? value : null
    if (text !== null && !isStorableText(text)) {
      return { error: `${slot.label}: text with NUL or unpaired surrogate characters cannot be stored in SQL` }
    }
    values.push(text)
    if (slot.numeric) values.push(text === null ? null : (numericValue(text) ?? null))
  }
  values.push(JSON.stringify(record))
  return { values }
}

/** A record's row by column name, or the reason it cannot be stored. */
export const toRow = (resource: Resource, record: NativeRecord): { readonly row: Row } | { readonly error: string } => {
  const built = toValues(resource, record)
  if ("error" in built) return built
  const row: Row = {}
  rowColumnNames[resource].forEach((name, i) => {
    row[name] = built.values[i]!
  })
  return { row }
}
