/**
 * Warehouse B's native models (the original project's second example warehouse, a CRM): jobs and
 * candidates with their own field names (`id`, `name`, `summary`, `tags`, `created`, `modified`),
 * annotated for the query builder — `*_from` / `*_to` cursor bounds ordered by `sort=modified` /
 * `sort=-modified`, a `q` keyword search whose tags clause joins with AND, and IN bindings (`ids`
 * and `tag` as repeated parameters, `categories` as CSV, `stages` as JSON text, `status__in` by
 * default).
 */
import * as Schema from "effect/Schema"
import type { BoolJoin, Operator } from "../../core/Condition.js"
import type { CursorMode } from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional

/** A field matched by the `q` search; `join` is how its CONTAINS conditions join the other fields'. */
const searchable = <S extends Schema.Schema.Any>(schema: S, operators: ReadonlyArray<Operator>, join: BoolJoin = "or") =>
  Metadata.field(schema, { prefilter: { operators }, search_binding: { search_field: "q", field_join: join, value_join: "or" } })

/** A field whose IN conditions become `query_field` in the `formatter` form. */
const listed = <S extends Schema.Schema.Any>(schema: S, operators: ReadonlyArray<Operator>, query_field: string, formatter: Metadata.InFormatter) =>
  Metadata.field(schema, { prefilter: { operators }, in_binding: { query_field, formatter } })

/** A timestamp cursor named `field` on the wire, bounded by `<field>_from` / `<field>_to` (inclusive). */
const timestamp = (mode: Exclude<CursorMode, "id">, field: string) =>
  Metadata.field(Metadata.DateTimeString, {
    cursor: {
      cursor: mode,
      cursor_start_min: `${field}_from`,
      cursor_end_max: `${field}_to`,
      cursor_order_up: field,
      cursor_order_down: `-${field}`
    },
    prefilter: { operators: ["gte", "lte"], params: { gte: `${field}_from`, lte: `${field}_to` } }
  })

const Id = Metadata.field(Schema.NonEmptyString, {
  identifier: true,
  cursor: { cursor: "id", cursor_start_min: "id_from", cursor_end_max: "id_to", cursor_order_up: "id", cursor_order_down: "-id" },
  prefilter: { operators: ["eq", "in"] },
  in_binding: { query_field: "ids", formatter: "array" }
})

const Tags = Metadata.field(Schema.Array(Schema.String), {
  prefilter: { operators: ["contains", "in"] },
  search_binding: { search_field: "q", field_join: "and", value_join: "and" },
  in_binding: { query_field: "tag", formatter: "array" }
})

/** Free-form vendor data kept as is. */
const Extra = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** Job statuses in Warehouse B. */
export const JobStatus = Schema.Literal("published", "draft", "closed", "archived")
/** @see JobStatus */
export type JobStatus = typeof JobStatus.Type

/** Where a job is. */
export const Location = Schema.Struct({
  city: opt(Schema.String),
  country: opt(Schema.String),
  remote: opt(Schema.Boolean)
})

/** A pay range. */
export const Compensation = Schema.Struct({
  min: opt(Schema.NullOr(Schema.Number)),
  max: opt(Schema.NullOr(Schema.Number)),
  currency: opt(Schema.String)
})

/** A Warehouse B job. */
export const WarehouseBJob = Schema.Struct({
  id: Id,
  name: searchable(Schema.String, ["eq", "contains"]),
  summary: opt(searchable(Schema.NullOr(Schema.String), ["contains"])),
  tags: opt(Tags),
  category: opt(listed(Schema.NullOr(Schema.String), ["eq", "in"], "categories", "csv")),
  status: opt(Metadata.field(JobStatus, { prefilter: { operators: ["eq", "in"] } })),
  location: opt(Location),
  compensation: opt(Compensation),
  url: opt(Schema.NullOr(Schema.String)),
  created: timestamp("created_at", "created"),
  modified: timestamp("updated_at", "modified"),
  metadata: opt(Extra)
}).annotations({ identifier: "WarehouseBJob" })
/** @see WarehouseBJob */
export type WarehouseBJob = typeof WarehouseBJob.Type

/** A Warehouse B candidate. */
export const WarehouseBProfile = Schema.Struct({
  id: Id,
  name: searchable(Schema.String, ["eq", "contains"]),
  email: opt(Metadata.field(Schema.NullOr(Schema.String), { prefilter: { operators: ["eq"] } })),
  headline: opt(searchable(Schema.NullOr(Schema.String), ["contains"])),
  tags: opt(Tags),
  stage: opt(listed(Schema.NullOr(Schema.String), ["eq", "in"], "stages", "array_string")),
  created: timestamp("created_at", "created"),
  modified: timestamp("updated_at", "modified"),
  metadata: opt(Extra)
}).annotations({ identifier: "WarehouseBProfile" })
/** @see WarehouseBProfile */
export type WarehouseBProfile = typeof WarehouseBProfile.Type

/** The native schemas by resource. */
export const schemas = { job: WarehouseBJob, profile: WarehouseBProfile } as const

/** The identifier field (the same for both resources). */
export const idField = "id"
