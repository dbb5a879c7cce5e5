/**
 * Teamtailor records (JSON:API, flattened — see JsonApi.ts): `GET /jobs` and `GET /candidates`
 * resources with their dasherized attribute names (`created-at`, `first-name`), `id` and `type` at
 * the top level, and the relationships read with `include=` (a job's `department` and `locations`, a
 * candidate's `job-applications`) as flat included resources. Timestamps are ISO-8601 with an offset
 * (`2024-04-04T10:20:30.123+02:00`); the client normalises the cursor fields to UTC.
 *
 * `filter[created-at][from]` / `filter[updated-at][from]` bound candidate reads from below (the jobs
 * list documents no date filter, so the client bounds job reads itself); reads are not ordered by
 * them, so the cursors are `sortable: false` (the pipeline bounds the far end in memory and
 * checkpoints at the end of a run). Every attribute but the id may be absent or null on a real record
 * (older jobs have no `updated-at`: the client takes `created-at`); enumerations (`status`,
 * `remote-status`, `employment-type`) stay open text because Teamtailor adds values.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const { nullable } = Metadata

/** A timestamp bounding reads from below through `filter[<attribute>][from]`. */
const from = (cursor: "created_at" | "updated_at", attribute: string) => {
  const param = `filter[${attribute}][from]`
  return opt(
    Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
      cursor: { cursor, cursor_start_min: param, sortable: false },
      // `gt` shares the parameter; the connector re-applies the exact condition to what comes back.
      prefilter: { operators: ["gte", "gt"], params: { gte: param, gt: param } }
    })
  )
}

/** A job timestamp: a cursor the jobs list cannot filter on, so reads are bounded in memory. */
const stamp = (cursor: "created_at" | "updated_at") => opt(Metadata.field(Schema.NullOr(Metadata.DateTimeString), { cursor: { cursor, sortable: false } }))

/** Resource-level links (`careersite-job-url`, `self`, ...). */
export const Links = Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.String) })

/** A department (included with `include=department`). */
export const Department = Schema.Struct({
  id: Schema.String,
  type: opt(Schema.String),
  name: nullable(Schema.String)
})

/** A company location (included with `include=locations`). */
export const Location = Schema.Struct({
  id: Schema.String,
  type: opt(Schema.String),
  ...Metadata.nullables(Schema.String, "name", "address", "city", "zip", "country"),
  lat: nullable(Schema.Union(Schema.Number, Schema.String)),
  long: nullable(Schema.Union(Schema.Number, Schema.String))
})

/** A job application (included with `include=job-applications`); `job` is the applied job's id when linked. */
export const JobApplication = Schema.Struct({
  id: Schema.String,
  type: opt(Schema.String),
  "created-at": nullable(Schema.String),
  "updated-at": nullable(Schema.String),
  "changed-stage-at": nullable(Schema.String),
  "rejected-at": nullable(Schema.String),
  sourced: nullable(Schema.Boolean),
  job: nullable(Schema.Struct({ id: Schema.String, type: opt(Schema.String) })),
  stage: nullable(Schema.Struct({ id: Schema.String, type: opt(Schema.String), name: nullable(Schema.String) }))
})

/**
 * A Teamtailor job. `status`: open, draft, archived, unlisted, temp (`human-status` adds published,
 * scheduled, expired, unsaved); `remote-status`: none, temporary, hybrid, fully.
 */
export const TeamtailorJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  type: opt(Schema.Literal("jobs")),
  title: Schema.String,
  ...Metadata.nullables(Schema.String, "body", "pitch", "status"),
  "human-status": nullable(Schema.String),
  internal: nullable(Schema.Boolean),
  pinned: nullable(Schema.Boolean),
  picture: nullable(Schema.Unknown),
  "remote-status": nullable(Schema.String),
  "employment-type": nullable(Schema.String),
  "employment-level": nullable(Schema.String),
  "min-salary": nullable(Schema.Number),
  "max-salary": nullable(Schema.Number),
  currency: nullable(Schema.String),
  "salary-time-unit": nullable(Schema.String),
  tags: nullable(Schema.Array(Schema.String)),
  "start-date": nullable(Schema.String),
  "end-date": nullable(Schema.String),
  "external-application-url": nullable(Schema.String),
  "apply-button-text": nullable(Schema.String),
  mailbox: nullable(Schema.String),
  "created-at": stamp("created_at"),
  "updated-at": stamp("updated_at"),
  department: nullable(Department),
  locations: nullable(Schema.Array(Location)),
  links: opt(Links)
}).annotations({ identifier: "TeamtailorJob" })
/** @see TeamtailorJob */
export type TeamtailorJob = typeof TeamtailorJob.Type

/** A Teamtailor candidate. */
export const TeamtailorCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  type: opt(Schema.Literal("candidates")),
  "first-name": nullable(Schema.String),
  "last-name": nullable(Schema.String),
  email: nullable(Schema.String),
  phone: nullable(Schema.String),
  "linkedin-url": nullable(Schema.String),
  "linkedin-uid": nullable(Schema.String),
  "facebook-id": nullable(Schema.String),
  pitch: nullable(Schema.String),
  resume: nullable(Schema.String),
  "original-resume": nullable(Schema.String),
  picture: nullable(Schema.String),
  tags: nullable(Schema.Array(Schema.String)),
  ...Metadata.nullables(Schema.Boolean, "sourced", "referred", "connected", "internal", "unsubscribed"),
  "referring-site": nullable(Schema.String),
  "referring-url": nullable(Schema.String),
  "created-at": from("created_at", "created-at"),
  "updated-at": from("updated_at", "updated-at"),
  "job-applications": nullable(Schema.Array(JobApplication)),
  links: opt(Links)
}).annotations({ identifier: "TeamtailorCandidate" })
/** @see TeamtailorCandidate */
export type TeamtailorCandidate = typeof TeamtailorCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: TeamtailorJob, profile: TeamtailorCandidate } as const

/** The JSON:API type (and collection path) of each resource. */
export const types = { job: "jobs", profile: "candidates" } as const

/** The relationships each list includes (`include=`), kept on the flat records under their names. */
export const includes = { job: ["department", "locations"], profile: ["job-applications"] } as const

/** Attributes the server owns, and included relationships: never sent as attributes on writes. */
export const readOnly: ReadonlyArray<string> = [
  "created-at",
  "updated-at",
  "human-status",
  "connected",
  "referred",
  "mailbox",
  "original-resume",
  "referring-site",
  "unsubscribed",
  ...includes.job,
  ...includes.profile
]
