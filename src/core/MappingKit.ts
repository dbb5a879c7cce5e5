/**
 * Small helpers the connectors' native ↔ unified mappings share: building objects whose absent
 * fields stay absent (the unified model and the vendors' JSON have no `undefined`), finding the
 * native record a unified record was read from, and dispatching `toUnified` / `fromUnified` by
 * resource. What a field means stays in each connector's `Mapping.ts`.
 */
import type * as Connector from "./Connector.js"
import * as Metadata from "./Metadata.js"
import type { Resource } from "./Resource.js"
import * as Unified from "./Unified.js"

/** `{ key: value }` when the value is present (null kept), `{}` otherwise. */
export const put = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

/** `{ key: value }` when the value is neither undefined nor null, `{}` otherwise. */
export const putValue = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } => put(key, value === null ? undefined : value)

/** Drops undefined entries, so optional fields are absent rather than undefined. */
export const compact = <A>(fields: { readonly [K in keyof A]: A[K] | undefined }): A =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as A

/** The listed fields of a record that are present (null kept), in a new object. */
export const pick = (record: Readonly<Record<string, unknown>>, fields: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const field of fields) if (record[field] !== undefined) out[field] = record[field]
  return out
}

/** The listed fields of a record that are neither undefined nor null, in a new object. */
export const pickValues = (record: Readonly<Record<string, unknown>>, fields: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const field of fields) if (record[field] !== undefined && record[field] !== null) out[field] = record[field]
  return out
}

/** The list itself, or undefined when it is missing or empty (so that `put` leaves it out). */
export const nonEmpty = <A>(values: ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  values === undefined || values.length === 0 ? undefined : values

/** Whether a value is a JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** A vendor timestamp as canonical UTC ISO text; undefined when absent or not a date-time. */
export const toIso = (value: string | null | undefined): string | undefined => {
  const ms = value == null ? undefined : Metadata.parseInstant(value)
  return ms === undefined ? undefined : new Date(ms).toISOString()
}

/** The native record a unified record was read from, when it came from `connector`. */
export const originPayload = (connector: string, record: Unified.UnifiedRecord): Readonly<Record<string, unknown>> | undefined =>
  record.origin === connector && isRecord(record.payload) ? record.payload : undefined

/** JSON with sorted keys, without `payload` and `origin`: equal texts mean equal mapped content. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (key, inner: unknown) =>
    key === "payload" || key === "origin"
      ? undefined
      : isRecord(inner)
        ? Object.fromEntries(
            Object.keys(inner)
              .sort()
              .map((k) => [k, inner[k]])
          )
        : inner
  )

/**
 * A copy of the payload the unified record came from (through `connector`'s `toUnifiedOf`) when the
 * record is exactly what that payload maps to: nothing was changed on the way, so an unchanged round
 * trip is lossless even where the mapping normalises values.
 */
export const unchangedPayload = <U extends Unified.UnifiedRecord>(
  connector: string,
  record: U,
  toUnifiedOf: (native: never) => U
): Connector.NativeRecord | undefined => {
  const base = { ...originPayload(connector, record) }
  if (Object.keys(base).length === 0) return undefined
  return canonical(toUnifiedOf(base as never)) === canonical(record) ? base : undefined
}

/**
 * `Connector.toUnified` from a connector's job and profile mappings (records are validated before it
 * is called). The result is completed (`Unified.complete`): extras and the original's fields agree.
 */
export const toUnifiedBy =
  <Job, Profile>(job: (native: Job) => Unified.UnifiedJob, profile: (native: Profile) => Unified.UnifiedProfile) =>
  (resource: Resource, record: Connector.NativeRecord): Unified.UnifiedRecord =>
    resource === "job" ? Unified.completeJob(job(record as unknown as Job)) : Unified.completeProfile(profile(record as unknown as Profile))

/**
 * `Connector.fromUnified` from a connector's job and profile mappings. The input is completed first,
 * so a mapping may read either the original's field or the extra that extends it (`info.email` or
 * `info.emails`).
 */
export const fromUnifiedBy =
  <Job, Profile>(job: (unified: Unified.UnifiedJob) => Job, profile: (unified: Unified.UnifiedProfile) => Profile) =>
  (resource: Resource, record: Unified.UnifiedRecord): Connector.NativeRecord =>
    (resource === "job"
      ? job(Unified.completeJob(record as Unified.UnifiedJob))
      : profile(Unified.completeProfile(record as Unified.UnifiedProfile))) as unknown as Connector.NativeRecord
