/**
 * Warehouse A's native models (the original project's example ATS): jobs and profiles in their JSON
 * wire form, annotated with every kind of field metadata the query builder understands — cursor
 * roles with their query names, prefilter operators, a keyword search binding (`keywords`, with
 * `or` and `and` field joins) and IN bindings in all three formats (`array`, `csv`, `array_string`).
 */
import * as Schema from "effect/Schema"
import type { BoolJoin, Operator } from "../../core/Condition.js"
import type { CursorMode } from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional

/** A field matched by the `keywords` search; `join` is how its CONTAINS conditions join the other fields'. */
const searchable = <S extends Schema.Schema.Any>(schema: S, operators: ReadonlyArray<Operator>, join: BoolJoin = "or") =>
  Metadata.field(schema, { prefilter: { operators }, search_binding: { search_field: "keywords", field_join: join, value_join: "or" } })

/** A field whose IN conditions become `query_field` in the `formatter` form. */
const listed = <S extends Schema.Schema.Any>(schema: S, operators: ReadonlyArray<Operator>, query_field: string, formatter: Metadata.InFormatter) =>
  Metadata.field(schema, { prefilter: { operators }, in_binding: { query_field, formatter } })

/**
 * A timestamp cursor: `<field>_min` / `<field>_max` bound it (inclusive), `sort_by=<field>` orders by
 * it; `gte` / `lte` prefilters share the bound parameters so they merge with the cursor's own bounds.
 */
const timestamp = (field: Exclude<CursorMode, "id">) =>
  Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor: field, cursor_start_min: `${field}_min`, cursor_end_max: `${field}_max`, cursor_sort_field: field },
    prefilter: { operators: ["gte", "lte"], params: { gte: `${field}_min`, lte: `${field}_max` } }
  })

/** An identifier that is also the `id` cursor: `<field>_min` / `<field>_max`, `ids=a,b` for IN. */
const identifier = (field: string) =>
  Metadata.field(Schema.NonEmptyString, {
    identifier: true,
    cursor: { cursor: "id", cursor_start_min: `${field}_min`, cursor_end_max: `${field}_max`, cursor_sort_field: field },
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "ids", formatter: "csv" }
  })

/** Free-form vendor data kept as is. */
const Payload = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** Job statuses in Warehouse A. */
export const JobStatus = Schema.Literal("open", "closed", "draft", "archived")
/** @see JobStatus */
export type JobStatus = typeof JobStatus.Type

/** A Warehouse A job. */
export const WarehouseAJob = Schema.Struct({
  job_id: identifier("job_id"),
  title: searchable(Schema.String, ["eq", "contains"]),
  description: opt(searchable(Schema.NullOr(Schema.String), ["contains"])),
  skills: opt(searchable(Schema.Array(Schema.String), ["contains"], "and")),
  board_key: listed(Schema.String, ["eq", "in"], "board_keys", "array_string"),
  status: listed(JobStatus, ["eq", "in"], "statuses", "csv"),
  location: opt(listed(Schema.NullOr(Schema.String), ["eq", "in"], "locations", "csv")),
  remote: opt(Schema.Boolean),
  salary_min: opt(Metadata.field(Schema.NullOr(Schema.Number), { prefilter: { operators: ["gte", "lte"] } })),
  salary_max: opt(Schema.NullOr(Schema.Number)),
  salary_currency: opt(Schema.NullOr(Schema.String)),
  url: opt(Schema.NullOr(Schema.String)),
  created_at: timestamp("created_at"),
  updated_at: timestamp("updated_at"),
  payload: opt(Payload)
}).annotations({ identifier: "WarehouseAJob" })
/** @see WarehouseAJob */
export type WarehouseAJob = typeof WarehouseAJob.Type

/** A Warehouse A profile (candidate). */
export const WarehouseAProfile = Schema.Struct({
  profile_id: identifier("profile_id"),
  full_name: searchable(Schema.String, ["eq", "contains"]),
  email: opt(listed(Schema.NullOr(Schema.String), ["eq", "in"], "emails", "array")),
  phone: opt(Schema.NullOr(Schema.String)),
  headline: opt(Schema.NullOr(Schema.String)),
  summary: opt(searchable(Schema.NullOr(Schema.String), ["contains"])),
  skills: opt(searchable(Schema.Array(Schema.String), ["contains"], "and")),
  tags: opt(listed(Schema.Array(Schema.String), ["in"], "tags", "array")),
  source_key: listed(Schema.String, ["eq", "in"], "source_keys", "array_string"),
  location: opt(Schema.NullOr(Schema.String)),
  created_at: timestamp("created_at"),
  updated_at: timestamp("updated_at"),
  payload: opt(Payload)
}).annotations({ identifier: "WarehouseAProfile" })
/** @see WarehouseAProfile */
export type WarehouseAProfile = typeof WarehouseAProfile.Type

/** The native schemas by resource. */
export const schemas = { job: WarehouseAJob, profile: WarehouseAProfile } as const

/** The identifier field of each resource. */
export const idField = { job: "job_id", profile: "profile_id" } as const
