/**
 * WHERE conditions as SQL, with exactly the meaning postfilters give them (core/Postfilter.ts), so a
 * pushed-down condition selects the same records the pipeline would keep in memory:
 * - numeric text compares numerically (through the `__num` shadow column), other text by code point;
 * - timestamp columns compare as instants (normalised UTC ISO text);
 * - a NULL field fails everything except `ne`, `not_in` and `exists: false`.
 * A condition whose exact SQL form would need information the columns do not hold (a date-like value
 * against a text column, text against a timestamp, `contains` on a timestamp) is not pushed down: the
 * pipeline applies it in memory. Values are always bound parameters; identifiers come only from the
 * fixed column list.
 *
 * Known difference: text range comparisons (`gt`…`lte` on non-numeric text) follow code point order
 * in SQL but UTF-16 unit order in JavaScript; the two disagree only between characters
 * U+E000–U+FFFF and characters beyond U+FFFF.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type * as Statement from "@effect/sql/Statement"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { Condition } from "../../core/Condition.js"
import type { Pushdown } from "../../core/Connector.js"
import * as Metadata from "../../core/Metadata.js"
import * as Postfilter from "../../core/Postfilter.js"
import type { Resource } from "../../core/Resource.js"
import * as Tables from "./Tables.js"

type Fragment = Statement.Fragment

/** A condition value read the way postfilters read it: as text, number and instant (epoch ms). */
interface Operand {
  readonly text: string
  readonly number: number | undefined
  readonly instant: number | undefined
}

const operand = (value: unknown): Operand | undefined => {
  if (typeof value === "string") {
    return { text: value, number: Tables.numericValue(value), instant: Metadata.parseInstant(value) }
  }
  if (typeof value === "number" && Number.isFinite(value)) return { text: String(value), number: value, instant: value }
  if (typeof value === "boolean") return { text: String(value), number: undefined, instant: undefined }
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { text: value.toISOString(), number: undefined, instant: value.getTime() }
  }
  return undefined
}

const comparators = { eq: "=", ne: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const

// `!` rather than a backslash: it means the same with or without standard_conforming_strings.
const likeEscape = (text: string): string => text.replace(/[!%_]/g, "!$&")

const usableText = (o: Operand): boolean => Tables.isStorableText(o.text)

/** The SQL form of one condition, or None when it cannot be expressed exactly. */
export const translate = (sql: SqlClient.SqlClient, resource: Resource, condition: Condition): Option.Option<Fragment> => {
  const column = Tables.columnFor(resource, condition.field)
  // Invalid values are left to the postfilter, which reports them with the field's name.
  if (!column || Either.isLeft(Postfilter.validate([condition]))) return Option.none()
  const F = sql(column.name)
  const N = sql(Tables.numericColumn(column))
  const isText = column.kind === "text"
  const notNullOr = (test: Fragment): Fragment => sql`(${F} IS NULL OR NOT ${test})`
  const { op, value } = condition

  /** `column <cmp> operand` with postfilter comparison rules, for a non-NULL column. */
  const compare = (cmp: string, o: Operand): Option.Option<Fragment> => {
    const c = sql.literal(cmp)
    if (!isText) {
      // Timestamps hold instants; a text operand would be compared with the raw text instead.
      const iso = o.instant === undefined ? undefined : Tables.isoOf(o.instant)
      return iso === undefined ? Option.none() : Option.some(sql`(${F} ${c} ${iso})`)
    }
    // A date-like operand compares instants with date-like text, which no column holds.
    if (o.instant !== undefined || !usableText(o)) return Option.none()
    if (o.number === undefined) return Option.some(sql`(${F} ${c} ${o.text})`)
    if (!Number.isFinite(o.number)) return Option.none()
    return Option.some(sql`((${N} IS NOT NULL AND ${N} ${c} ${o.number}) OR (${N} IS NULL AND ${F} ${c} ${o.text}))`)
  }

  /** Membership in a list, with postfilter rules (text by text, numbers by number, dates by instant). */
  const member = (list: ReadonlyArray<unknown>): Option.Option<Fragment> => {
    const operands = list.map(operand)
    if (operands.some((o) => o === undefined)) return Option.none()
    const texts: Array<string> = []
    const numbers: Array<number> = []
    const instants: Array<string> = []
    for (const o of operands as ReadonlyArray<Operand>) {
      if (o.number !== undefined) numbers.push(o.number)
      if (o.instant !== undefined) {
        const iso = Tables.isoOf(o.instant)
        if (iso === undefined) return Option.none()
        instants.push(iso)
      }
      if (o.number === undefined && o.instant === undefined) {
        if (!usableText(o)) return Option.none()
        texts.push(o.text)
      }
    }
    if (!isText) return Option.some(instants.length === 0 ? sql.literal("(1=0)") : sql`(${F} IN ${sql.in(instants)})`)
    if (instants.length > 0 || numbers.some((n) => !Number.isFinite(n))) return Option.none()
    const parts: Array<Fragment> = []
    if (texts.length > 0) parts.push(sql`${F} IN ${sql.in(texts)}`)
    if (numbers.length > 0) parts.push(sql`(${N} IS NOT NULL AND ${N} IN ${sql.in(numbers)})`)
    return Option.some(parts.length === 0 ? sql.literal("(1=0)") : parts.length === 1 ? sql`(${parts[0]!})` : sql.or(parts))
  }

  switch (op) {
    case "eq":
    case "ne": {
      if (value === null) return Option.some(op === "eq" ? sql`(${F} IS NULL)` : sql`(${F} IS NOT NULL)`)
      const o = operand(value)
      if (!o) return Option.none()
      return Option.map(compare(comparators.eq, o), (test) => (op === "eq" ? test : notNullOr(test)))
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const o = operand(value)
      return o && typeof value !== "boolean" ? compare(comparators[op], o) : Option.none()
    }
    case "in":
    case "not_in": {
      const list = Postfilter.listOf(value)
      if (!list) return Option.none()
      return Option.map(member(list), (test) => (op === "in" ? test : notNullOr(test)))
    }
    case "contains": {
      if (!isText) return Option.none()
      const needles = (Array.isArray(value) ? value : [value]).map(operand)
      if (needles.length === 0 || needles.some((o) => o === undefined || !usableText(o))) return Option.none()
      // Every needle must occur (postfilters AND them); LIKE is case-sensitive on both engines here.
      return Option.some(sql.and((needles as ReadonlyArray<Operand>).map((o) => sql`${F} LIKE ${`%${likeEscape(o.text)}%`} ESCAPE '!'`)))
    }
    case "starts_with": {
      if (!isText) return Option.none()
      const prefix = typeof value === "string" || typeof value === "number" ? String(value) : undefined
      if (prefix === undefined || !Tables.isStorableText(prefix)) return Option.none()
      return Option.some(sql`(${F} LIKE ${`${likeEscape(prefix)}%`} ESCAPE '!')`)
    }
    case "exists": {
      const present = value === undefined || value === true || value === "true"
      return Option.some(present ? sql`(${F} IS NOT NULL)` : sql`(${F} IS NULL)`)
    }
    default:
      return Option.none()
  }
}

/** Splits conditions into those SQL expresses exactly and those left to the pipeline. */
export const pushdown = (sql: SqlClient.SqlClient, resource: Resource, where: ReadonlyArray<Condition>): Pushdown => {
  const pushed: Array<Condition> = []
  const inMemory: Array<Condition> = []
  for (const condition of where) (Option.isSome(translate(sql, resource, condition)) ? pushed : inMemory).push(condition)
  return { pushed, inMemory }
}
