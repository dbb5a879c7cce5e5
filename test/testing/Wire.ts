/**
 * Shapes for `RoundTrip.check`'s `prepare`: what any vendor speaking JSON can carry at all.
 */
import type * as Unified from "../../src/core/Unified.js"

/** The record as it crosses a JSON wire: NaN and infinities become null, `-0` becomes 0, undefined keys go. */
export const json = <A extends Unified.UnifiedRecord>(record: A): A => JSON.parse(JSON.stringify(record)) as A

/** Null and absent alike, at any depth: for vendors whose JSON leaves empty values out. */
export const withoutNulls = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutNulls)
    : value !== null && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null || v === undefined ? [] : [[k, withoutNulls(v)]])))
      : value
