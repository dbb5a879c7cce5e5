/**
 * Records as CSV rows and back, losslessly: nested objects become dotted columns (`location.city`),
 * arrays and other non-text values are JSON text, and text is written as is unless reading it back
 * would give something else (then it is written as a JSON string literal). The schema says which
 * columns hold text, so hand-written CSVs read naturally (`id` `00123` stays the string "00123").
 * Parsing and quoting themselves are left to csv-parse / csv-stringify.
 */
import type * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

/** Column paths whose values are text in a schema (strings, date-times, string enums). */
export const textPaths = (schema: Schema.Schema.AnyNoContext): ReadonlySet<string> =>
  new Set(Metadata.fieldPaths(schema, 4).flatMap(({ path, type }) => (type === "string" || type === "datetime" || type === "enum" ? [path] : [])))

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype

const parsesAsJson = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * Text a spreadsheet would run as a formula (OWASP CSV injection: a leading `=`, `+`, `-`, `@`, tab
 * or carriage return). It is written as a JSON string literal: the cell then starts with a quote, which
 * no spreadsheet evaluates, and reads back as the same text.
 */
const formulaLike = /^[=+\-@\t\r]/

/** A cell for one value; `text` tells whether the column holds text. */
export const encodeCell = (value: unknown, text: boolean): string => {
  if (typeof value === "string") {
    if (formulaLike.test(value)) return JSON.stringify(value)
    if (text) return value === "" || value === "null" || value.startsWith('"') ? JSON.stringify(value) : value
    return value === "" || value.startsWith('"') || parsesAsJson(value) ? JSON.stringify(value) : value
  }
  return JSON.stringify(value) ?? ""
}

/** The value of a non-empty cell; `text` tells whether the column holds text. */
export const decodeCell = (cell: string, text: boolean): unknown => {
  if (text) {
    if (cell === "null") return null
    if (cell.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(cell)
        if (typeof parsed === "string") return parsed
      } catch {
        // Text that merely starts with a quote.
      }
    }
    return cell
  }
  try {
    return JSON.parse(cell) as unknown
  } catch {
    return cell
  }
}

/**
 * Flattens a record into cells by dotted column. An object is split into columns only when it has
 * keys and none of them contains a dot (so the split can be undone); otherwise it is one JSON cell.
 */
export const flatten = (record: Readonly<Record<string, unknown>>, text: ReadonlySet<string>): Record<string, string> => {
  const out: Record<string, string> = {}
  const walk = (value: Readonly<Record<string, unknown>>, prefix: string) => {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue
      const path = prefix === "" ? key : `${prefix}.${key}`
      const keys = isPlainObject(v) ? Object.keys(v) : []
      if (keys.length > 0 && keys.every((k) => !k.includes(".") && k !== "")) walk(v as Record<string, unknown>, path)
      else out[path] = encodeCell(v, text.has(path))
    }
  }
  walk(record, "")
  return out
}

const define = (target: Record<string, unknown>, key: string, value: unknown) =>
  // defineProperty: a `__proto__` column is an ordinary key, never a prototype change.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

/** Rebuilds a record from a row of cells; empty cells are absent fields. */
export const unflatten = (row: Readonly<Record<string, string | undefined>>, text: ReadonlySet<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [column, cell] of Object.entries(row)) {
    if (cell === undefined || cell === "") continue
    const segments = column.split(".")
    let target = out
    for (const segment of segments.slice(0, -1)) {
      const next = Object.prototype.hasOwnProperty.call(target, segment) ? target[segment] : undefined
      if (!isPlainObject(next)) {
        const created: Record<string, unknown> = {}
        define(target, segment, created)
        target = created
      } else {
        target = next
      }
    }
    define(target, segments[segments.length - 1]!, decodeCell(cell, text.has(column)))
  }
  return out
}
