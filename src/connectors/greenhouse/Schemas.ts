/**
 * Greenhouse Harvest v3's native job and candidate objects, as `GET /v3/jobs` and `GET /v3/candidates`
 * return them (see docs/connectors/greenhouse.md for the sources). Ids are integers; timestamps are
 * ISO-8601 text, UTC or with an offset, and may be null.
 *
 * v3 moved data out of these objects: a job names its department and offices by id
 * (`department_id`, `office_ids`), and a candidate no longer carries its applications or attachments.
 * The connector joins each page of candidates with its applications (`GET /v3/applications?
 * candidate_ids=`), so the native candidate here has `applications` as that endpoint returns them.
 *
 * Query metadata: `created_at` / `updated_at` filter as `updated_at=gte|<ISO>` (also `gt`, `lte`, `lt`;
 * written here under the internal names `updated_at:gte`, turned into Harvest's form by the client),
 * `ids=1,2` selects records, jobs filter by `status`. Harvest has no sort parameter, so both cursors are
 * `sortable: false` (the pipeline orders and checkpoints). Enums stay open: an unknown job status is
 * read (and mapped to no unified status) rather than rejected.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const { nullable } = Metadata

/** The comparison operators Harvest accepts on a date filter. */
export const dateOperators = ["gte", "gt", "lte", "lt"] as const

/** The internal query name of a date filter, e.g. `updated_at:gte` (see Client.harvestQuery). */
export const dateParam = (field: "created_at" | "updated_at", op: (typeof dateOperators)[number]) => `${field}:${op}`

const dateFilter = (field: "created_at" | "updated_at") => ({
  operators: dateOperators,
  params: Object.fromEntries(dateOperators.map((op) => [op, dateParam(field, op)]))
})

const instant = (field: "created_at" | "updated_at") =>
  Schema.optional(
    Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
      cursor: { cursor: field, cursor_start_min: dateParam(field, "gte"), sortable: false },
      prefilter: dateFilter(field)
    })
  )

const id = Metadata.field(Schema.Int, {
  identifier: true,
  prefilter: { operators: ["in"], params: { in: "ids" } },
  in_binding: { query_field: "ids", formatter: "csv" }
})

/** The job statuses Harvest documents; others are read as they come. */
export const jobStatuses = ["open", "closed", "draft"] as const

/** A department, as `GET /v3/departments` returns it. */
export const GreenhouseDepartment = Schema.Struct({ id: nullable(Schema.Int), name: Schema.String })

/** An office, as `GET /v3/offices` returns it; its `location` is text or `{ name }` [U]. */
export const GreenhouseOffice = Schema.Struct({
  id: nullable(Schema.Int),
  name: nullable(Schema.String),
  location: nullable(Schema.Union(Schema.String, Schema.Struct({ name: nullable(Schema.String) })))
})

/** A job. */
export const GreenhouseJob = Schema.Struct({
  id,
  name: Schema.String,
  requisition_id: nullable(Schema.String),
  notes: nullable(Schema.String),
  confidential: nullable(Schema.Boolean),
  is_template: nullable(Schema.Boolean),
  copied_from_id: nullable(Schema.Int),
  status: Metadata.field(Schema.String, { prefilter: { operators: ["eq"] } }),
  created_at: instant("created_at"),
  updated_at: instant("updated_at"),
  opened_at: nullable(Metadata.DateTimeString),
  closed_at: nullable(Metadata.DateTimeString),
  department_id: nullable(Schema.Int),
  office_ids: nullable(Schema.Array(Schema.Int)),
  custom_fields: nullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  // Joined by the connector from `GET /v3/departments?ids=` and `GET /v3/offices?ids=`.
  department: nullable(GreenhouseDepartment),
  offices: nullable(Schema.Array(GreenhouseOffice))
}).annotations({ identifier: "GreenhouseJob" })
/** @see GreenhouseJob */
export type GreenhouseJob = typeof GreenhouseJob.Type

/** A typed contact value: `{ value, type }` (`personal`, `work`, `mobile`, ...; type may be null). */
export const GreenhouseTypedValue = Schema.Struct({ value: Schema.String, type: nullable(Schema.String) })

/** A school attended; dates are date-times or dates. */
export const GreenhouseEducation = Schema.Struct({
  id: nullable(Schema.Int),
  ...Metadata.nullables(Schema.String, "school_name", "degree", "discipline", "start_date", "end_date")
})

/** A position held; dates are `YYYY-MM-DD`. */
export const GreenhouseEmployment = Schema.Struct({
  id: nullable(Schema.Int),
  ...Metadata.nullables(Schema.String, "company_name", "title", "start_date", "end_date")
})

/** A `{ id, name }` reference. */
export const GreenhouseRef = Schema.Struct({ id: nullable(Schema.Int), name: nullable(Schema.String) })

/**
 * An application as `GET /v3/applications` returns it (joined by the connector), or as a write names
 * one (`job_id`). Its stage is `current_stage` when Harvest sends it; otherwise the connector resolves
 * `job_interview_stage_id` through `GET /v3/job_interview_stages` and fills `current_stage`.
 */
export const GreenhouseApplication = Schema.Struct({
  ...Metadata.nullables(Schema.Int, "id", "candidate_id", "job_id"),
  jobs: nullable(Schema.Array(GreenhouseRef)),
  status: nullable(Schema.String),
  prospect: nullable(Schema.Boolean),
  current_stage: nullable(GreenhouseRef),
  stage_id: nullable(Schema.Int),
  job_interview_stage_id: nullable(Schema.Int),
  created_at: nullable(Metadata.DateTimeString),
  applied_at: nullable(Metadata.DateTimeString),
  rejected_at: nullable(Metadata.DateTimeString),
  last_activity_at: nullable(Metadata.DateTimeString)
})
/** @see GreenhouseApplication */
export type GreenhouseApplication = typeof GreenhouseApplication.Type

/**
 * A candidate. A private candidate the token may not see comes back as a stub, so even the names may
 * be absent; a candidate to be created has no `id` yet.
 */
export const GreenhouseCandidate = Schema.Struct({
  id: Schema.optional(id),
  ...Metadata.nullables(Schema.String, "first_name", "last_name", "company", "title"),
  is_private: nullable(Schema.Boolean),
  can_email: nullable(Schema.Boolean),
  time_zone: nullable(Schema.String),
  created_at: instant("created_at"),
  updated_at: instant("updated_at"),
  last_activity: nullable(Metadata.DateTimeString),
  email_addresses: nullable(Schema.Array(GreenhouseTypedValue)),
  phone_numbers: nullable(Schema.Array(GreenhouseTypedValue)),
  addresses: nullable(Schema.Array(GreenhouseTypedValue)),
  website_addresses: nullable(Schema.Array(GreenhouseTypedValue)),
  social_media_addresses: nullable(Schema.Array(GreenhouseTypedValue)),
  tags: nullable(Schema.Array(Schema.String)),
  educations: nullable(Schema.Array(GreenhouseEducation)),
  employments: nullable(Schema.Array(GreenhouseEmployment)),
  linked_user_ids: nullable(Schema.Array(Schema.Int)),
  custom_fields: nullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  applications: nullable(Schema.Array(GreenhouseApplication))
}).annotations({ identifier: "GreenhouseCandidate" })
/** @see GreenhouseCandidate */
export type GreenhouseCandidate = typeof GreenhouseCandidate.Type

/** Both native schemas (a profile is a Greenhouse candidate). */
export const schemas = { job: GreenhouseJob, profile: GreenhouseCandidate } as const
