/**
 * Warehouse A's native models (the original project's example ATS): jobs and profiles in their JSON
 * wire form, annotated with every kind of field metadata the query builder understands — cursor
 * roles with their query names, prefilter operators, a keyword search binding (`keywords`, with
 * `or` and `and` field joins) and IN bindings in all three formats (`array`, `csv`, `array_string`).
 */
import * as Schema from "effect/Schema"
import type { CursorMode } from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional

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
  title: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  description: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
    })
  ),
  skills: opt(
    Metadata.field(Schema.Array(Schema.String), {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "and", value_join: "or" }
    })
  ),
  board_key: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "board_keys", formatter: "array_string" }
  }),
  status: Metadata.field(JobStatus, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "statuses", formatter: "csv" }
  }),
  location: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["eq", "in"] },
      in_binding: { query_field: "locations", formatter: "csv" }
    })
  ),
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
  full_name: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  email: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["eq", "in"] },
      in_binding: { query_field: "emails", formatter: "array" }
    })
  ),
  phone: opt(Schema.NullOr(Schema.String)),
  headline: opt(Schema.NullOr(Schema.String)),
  summary: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
    })
  ),
  skills: opt(
    Metadata.field(Schema.Array(Schema.String), {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "and", value_join: "or" }
    })
  ),
  tags: opt(
    Metadata.field(Schema.Array(Schema.String), {
      prefilter: { operators: ["in"] },
      in_binding: { query_field: "tags", formatter: "array" }
    })
  ),
  source_key: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "source_keys", formatter: "array_string" }
  }),
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
