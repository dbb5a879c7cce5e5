/**
 * Formatters turn an origin's native record into the target's native record: a function, a no-code
 * mapping spec, or (when none is given) the connectors' own native → unified → native mappings.
 * Every output is validated against the target's native schema.
 */
import * as Either from "effect/Either"
import type * as Connector from "./Connector.js"
import * as Decode from "./Decode.js"
import { InvalidInput, MappingError } from "./Errors.js"
import * as Metadata from "./Metadata.js"
import * as Path from "./Path.js"
import type { Resource } from "./Resource.js"
import { Mapping, type MappingRule } from "./State.js"

/**
 * A formatter function from an origin native record to a target native (or plain) record. Its
 * parameter may be typed as the origin's native record (`(job: WarehouseAJob) => WarehouseBJob`):
 * the pipeline calls it only with records that passed the origin's schema. (Declared as a method
 * so that such a parameter type is accepted.)
 */
export type FormatFunction = { format(record: Connector.NativeRecord): unknown }["format"]

/** Options of `buildMappingFormatter`. */
export interface MappingFormatterOptions {
  /**
   * What a rule writes when its source is missing and it has no default: `null` (the default, as the
   * original project's formatter), or nothing (`omit`, for targets whose optional fields take no null).
   */
  readonly missing?: "null" | "omit"
}

/**
 * A compiled no-code mapping: callable on a record (`formatter(record)`), usable as a pipeline
 * `formatter`, and carrying its mapping so pipelines check it against both schemas up front.
 */
export interface MappingFormatter extends FormatFunction {
  readonly _tag: "MappingFormatter"
  readonly mapping: Mapping
  /** The formatter itself (kept for callers of `buildMappingFormatter(...).format`). */
  readonly format: FormatFunction
  readonly missing: "null" | "omit"
}

/** What a pipeline accepts as `formatter`: a function (`buildMappingFormatter(...)` is one) or mapping data. */
export type Formatter = FormatFunction | MappingFormatter | Mapping

const toIso = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "number") return new Date(value).toISOString()
  if (typeof value === "string") {
    const ms = Metadata.parseInstant(value)
    return ms === undefined ? value : new Date(ms).toISOString()
  }
  return value
}

const transforms: Record<NonNullable<MappingRule["transform"]>, (value: unknown, rule: MappingRule) => unknown> = {
  string: (v) => (v === null || v === undefined ? v : typeof v === "object" ? JSON.stringify(v) : String(v)),
  number: (v) => {
    if (typeof v === "number" || v === null || v === undefined) return v
    const n = Number(v)
    return Number.isNaN(n) ? v : n
  },
  boolean: (v) => (typeof v === "string" ? ["true", "1", "yes"].includes(v.toLowerCase()) : v == null ? v : Boolean(v)),
  date_iso: toIso,
  lowercase: (v) => (typeof v === "string" ? v.toLowerCase() : v),
  uppercase: (v) => (typeof v === "string" ? v.toUpperCase() : v),
  trim: (v) => (typeof v === "string" ? v.trim() : v),
  join: (v, rule) => (Array.isArray(v) ? v.join(rule.separator ?? ", ") : v),
  split: (v, rule) =>
    typeof v === "string"
      ? v
          .split(rule.separator ?? ",")
          .map((s) => s.trim())
          .filter((s) => s !== "")
      : v
}

const decodeMapping = Decode.decodeUnknownEither(Mapping, "mapping")

/**
 * Builds a formatter from a mapping spec `[{from, to, default?, transform?}]`; dotted paths on both
 * sides. The result is a function from a record to a plain object holding only the mapped fields; a
 * rule whose source is missing writes `null` (or nothing with `{ missing: "omit" }`). Throws
 * InvalidInput naming the rule (`mapping[1].to`) when the spec is malformed.
 */
export const buildMappingFormatter = (mapping: Mapping, options: MappingFormatterOptions = {}): MappingFormatter => {
  const decoded = decodeMapping(mapping)
  if (Either.isLeft(decoded)) throw decoded.left
  const missing = options.missing ?? "null"
  const absent = missing === "null" ? null : undefined
  const compiled = mapping.map((rule) => ({
    read: rule.from === undefined ? () => undefined : Path.reader(rule.from),
    write: Path.writer(rule.to),
    transform: rule.transform ? transforms[rule.transform] : undefined,
    rule
  }))
  const format: FormatFunction = (record) => {
    const out: Record<string, unknown> = {}
    for (const step of compiled) {
      let value = step.read(record)
      if (step.transform && value !== undefined) value = step.transform(value, step.rule)
      if ((value === undefined || value === null) && step.rule.default !== undefined) value = step.rule.default
      if (value === undefined) value = absent
      if (value !== undefined) step.write(out, value)
    }
    return out
  }
  return Object.assign(format, { _tag: "MappingFormatter" as const, mapping, format, missing })
}

const isMappingFormatter = (formatter: unknown): formatter is MappingFormatter =>
  typeof formatter === "function" && (formatter as { _tag?: unknown })._tag === "MappingFormatter"

const pathIsKnown = (paths: ReadonlyArray<{ readonly path: string; readonly type: string }>, path: string): boolean => {
  if (paths.some((p) => p.path === path)) return true
  // Below an untyped field (a raw vendor payload, a record) any path is allowed.
  return paths.some((p) => (p.type === "unknown" || p.type === "record") && path.startsWith(`${p.path}.`))
}

/** Checks every `from` against the origin schema and every `to` against the target schema. */
export const validateMapping = (
  mapping: Mapping,
  originSchema: Connector.NativeSchema,
  targetSchema: Connector.NativeSchema
): Either.Either<Mapping, MappingError> => {
  const originPaths = Metadata.fieldPaths(originSchema)
  const targetPaths = Metadata.fieldPaths(targetSchema)
  for (let i = 0; i < mapping.length; i++) {
    const rule = mapping[i]!
    for (const key of ["from", "to"] as const) {
      const path = rule[key]
      if (path !== undefined && !Path.isSafe(path)) {
        return Either.left(new MappingError({ field: `mapping[${i}].${key}`, reason: `"${path}" reaches an object prototype` }))
      }
    }
    if (rule.from !== undefined && !pathIsKnown(originPaths, rule.from)) {
      return Either.left(
        new MappingError({
          field: `mapping[${i}].from`,
          reason: `unknown origin field "${rule.from}"; valid fields: ${Metadata.fieldNames(originSchema).join(", ")}`
        })
      )
    }
    if (!pathIsKnown(targetPaths, rule.to)) {
      return Either.left(
        new MappingError({
          field: `mapping[${i}].to`,
          reason: `unknown target field "${rule.to}"; valid fields: ${Metadata.fieldNames(targetSchema).join(", ")}`
        })
      )
    }
    if (rule.from === undefined && rule.default === undefined) {
      return Either.left(new MappingError({ field: `mapping[${i}]`, reason: "a rule needs `from` or `default`" }))
    }
  }
  return Either.right(mapping)
}

/** Turns any accepted formatter into a function, or `undefined` for the unified path. */
export const toFunction = (formatter: Formatter | undefined): FormatFunction | undefined => {
  if (formatter === undefined) return undefined
  if (typeof formatter === "function") return formatter
  // Mapping data (CLI, HTTP, saved formatters) leaves unmapped sources out, as it always has.
  return buildMappingFormatter(formatter, { missing: "omit" })
}

/** The mapping of a formatter, when it is a mapping (data or built by `buildMappingFormatter`). */
export const mappingOf = (formatter: Formatter | undefined): Mapping | undefined =>
  isMappingFormatter(formatter) ? formatter.mapping : Array.isArray(formatter) ? (formatter as Mapping) : undefined

/** The unified path: origin native → unified → target native. */
export const viaUnified =
  (origin: Connector.Connector, target: Connector.Connector, resource: Resource): FormatFunction =>
  (record) =>
    target.fromUnified(resource, { ...origin.toUnified(resource, record), origin: origin.name })

/** Checks a formatter given at run time (possibly from JSON): a function, a compiled mapping, or a mapping spec. */
export const decode = (formatter: unknown): Either.Either<Formatter | undefined, InvalidInput> => {
  if (formatter === undefined || typeof formatter === "function") return Either.right(formatter as FormatFunction | undefined)
  if (Array.isArray(formatter)) return decodeMapping(formatter)
  return Either.left(new InvalidInput({ field: "formatter", reason: "expected a function, a mapping [{from, to}] or buildMappingFormatter(...)" }))
}
