/**
 * The per-record work shared by pull and push: check a raw record against the origin's schema, apply
 * HAVING (and WHERE conditions the origin could not push down), format it and check the result against
 * the target's schema. Plain functions, no allocation for a valid record beyond its output, so the
 * pull can call them inside chunk-level stream steps.
 */
import * as Connector from "./Connector.js"
import type { DecodeError } from "./ConnectorError.js"
import type * as Formatter from "./Formatter.js"
import type { Resource } from "./Resource.js"

/** What the record step made of a checked record. */
export type Shaped =
  /** Removed by HAVING or an in-memory WHERE condition. */
  | { readonly _tag: "Filtered" }
  /** Formatted and valid for the target. */
  | { readonly _tag: "Formatted"; readonly output: Connector.NativeRecord }
  /** The formatter threw, or its output does not fit the target's schema. */
  | { readonly _tag: "Unformattable"; readonly reason: string }

const filtered: Shaped = { _tag: "Filtered" }

/** The record step of one run. */
export interface RecordStep {
  /** Undefined for a record valid against the origin's schema (it is then a `NativeRecord`), else why not. */
  readonly check: (raw: unknown) => DecodeError | undefined
  /** The id of a checked record. */
  readonly idOf: (record: Connector.NativeRecord) => string | undefined
  /** Postfilter, format and target check of a checked record. */
  readonly shape: (record: Connector.NativeRecord) => Shaped
}

/** Builds the record step from a run's compiled postfilter and formatter. */
export const make = (options: {
  readonly origin: Connector.Connector
  readonly target: Connector.Connector
  readonly resource: Resource
  readonly keep: (record: Connector.NativeRecord) => boolean
  readonly format: Formatter.FormatFunction
}): RecordStep => {
  const { keep, format } = options
  const validateTarget = Connector.validator(options.target, options.resource)
  return {
    check: Connector.validator(options.origin, options.resource),
    idOf: Connector.idOf(options.origin, options.resource),
    shape: (record) => {
      if (!keep(record)) return filtered
      let output: unknown
      try {
        output = format(record)
      } catch (e) {
        return { _tag: "Unformattable", reason: `formatter threw: ${e instanceof Error ? e.message : String(e)}` }
      }
      const invalid = validateTarget(output)
      return invalid === undefined
        ? { _tag: "Formatted", output: output as Connector.NativeRecord }
        : { _tag: "Unformattable", reason: `target schema: ${invalid.message}` }
    }
  }
}
