/**
 * Greenhouse Harvest's native job and candidate objects (v1), as `GET /jobs` and `GET /candidates`
 * return them. Ids are integers; timestamps are ISO-8601 UTC text (`2015-09-11T16:37:01.451Z`).
 *
 * Query metadata, per Harvest's list parameters: `created_at` and `updated_at` can be bounded from
 * below only (`created_after` / `updated_after`, inclusive) and Harvest has no sort parameter, so both
 * cursors are `sortable: false` (the pipeline filters and checkpoints at the end of the run); jobs
 * filter by `status`. A candidate to be created has no `id` yet.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

const id = Metadata.field(Schema.Int, { identifier: true })

const createdAt = Metadata.field(Metadata.DateTimeString, {
  cursor: { cursor: "created_at", cursor_start_min: "created_after", sortable: false },
  prefilter: { operators: ["gte"], params: { gte: "created_after" } }
})

const updatedAt = Metadata.field(Metadata.DateTimeString, {
  cursor: { cursor: "updated_at", cursor_start_min: "updated_after", sortable: false },
  prefilter: { operators: ["gte"], params: { gte: "updated_after" } }
})

/** A department. */
export const GreenhouseDepartment = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  external_id: nullable(Schema.String)
})

/** An office; `location.name` is its place. */
export const GreenhouseOffice = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  location: nullable(Schema.Struct({ name: nullable(Schema.String) })),
  external_id: nullable(Schema.String)
})

/** A job. */
export const GreenhouseJob = Schema.Struct({
  id,
  name: Schema.String,
  requisition_id: nullable(Schema.String),
  notes: nullable(Schema.String),
  confidential: Schema.optional(Schema.Boolean),
  status: Metadata.field(Schema.Literal("open", "closed", "draft"), { prefilter: { operators: ["eq"] } }),
  created_at: createdAt,
  opened_at: nullable(Metadata.DateTimeString),
  closed_at: nullable(Metadata.DateTimeString),
  updated_at: updatedAt,
  departments: Schema.optional(Schema.Array(GreenhouseDepartment)),
  offices: Schema.optional(Schema.Array(GreenhouseOffice)),
  custom_fields: nullable(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}).annotations({ identifier: "GreenhouseJob" })
/** @see GreenhouseJob */
export type GreenhouseJob = typeof GreenhouseJob.Type

/** A typed contact value: `{ value, type }` (`personal`, `work`, `mobile`, ...). */
export const GreenhouseTypedValue = Schema.Struct({ value: Schema.String, type: nullable(Schema.String) })

/** A file attached to a candidate. */
export const GreenhouseAttachment = Schema.Struct({
  filename: Schema.String,
  url: Schema.String,
  type: Schema.String,
  created_at: nullable(Metadata.DateTimeString)
})

/** A school attended. */
export const GreenhouseEducation = Schema.Struct({
  school_name: nullable(Schema.String),
  degree: nullable(Schema.String),
  discipline: nullable(Schema.String),
  start_date: nullable(Schema.String),
  end_date: nullable(Schema.String)
})

/** A position held. */
export const GreenhouseEmployment = Schema.Struct({
  company_name: nullable(Schema.String),
  title: nullable(Schema.String),
  start_date: nullable(Schema.String),
  end_date: nullable(Schema.String)
})

/** An application: as read (`id`, `jobs`) or as written on create (`job_id`). */
export const GreenhouseApplication = Schema.Struct({
  id: Schema.optional(Schema.Int),
  job_id: Schema.optional(Schema.Int),
  jobs: Schema.optional(Schema.Array(Schema.Struct({ id: Schema.Int, name: nullable(Schema.String) })))
})

/** A candidate. */
export const GreenhouseCandidate = Schema.Struct({
  id: Schema.optional(id),
  first_name: Schema.String,
  last_name: Schema.String,
  company: nullable(Schema.String),
  title: nullable(Schema.String),
  is_private: Schema.optional(Schema.Boolean),
  created_at: Schema.optional(createdAt),
  updated_at: Schema.optional(updatedAt),
  last_activity: nullable(Metadata.DateTimeString),
  email_addresses: Schema.optional(Schema.Array(GreenhouseTypedValue)),
  phone_numbers: Schema.optional(Schema.Array(GreenhouseTypedValue)),
  addresses: Schema.optional(Schema.Array(GreenhouseTypedValue)),
  website_addresses: Schema.optional(Schema.Array(GreenhouseTypedValue)),
  social_media_addresses: Schema.optional(Schema.Array(Schema.Struct({ value: Schema.String }))),
  tags: Schema.optional(Schema.Array(Schema.String)),
  attachments: Schema.optional(Schema.Array(GreenhouseAttachment)),
  educations: Schema.optional(Schema.Array(GreenhouseEducation)),
  employments: Schema.optional(Schema.Array(GreenhouseEmployment)),
  applications: Schema.optional(Schema.Array(GreenhouseApplication)),
  application_ids: Schema.optional(Schema.Array(Schema.Int))
}).annotations({ identifier: "GreenhouseCandidate" })
/** @see GreenhouseCandidate */
export type GreenhouseCandidate = typeof GreenhouseCandidate.Type

/** Both native schemas (a profile is a Greenhouse candidate). */
export const schemas = { job: GreenhouseJob, profile: GreenhouseCandidate } as const
