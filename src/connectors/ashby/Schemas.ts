/**
 * Ashby records as `/job.list` and `/candidate.list` return them in `results` (camelCase keys,
 * ISO-8601 timestamps with milliseconds, e.g. `2024-02-01T09:30:00.000Z`).
 *
 * Ashby lists take no filter or sort in the facts this connector follows (`{ limit, cursor,
 * syncToken }` only): no field is prefilterable, every WHERE condition is applied in memory, and the
 * cursors are `sortable: false` (the pipeline bounds the range in memory and checkpoints at the end of
 * a run). Incremental reads use Ashby's `syncToken` instead, carried in the cursor's `token`.
 * Timestamps are optional because Ashby sets them: a record about to be created has none. Statuses and
 * employment types are open text: Ashby adds values, and an unknown one must not stop a sync.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** A timestamp that orders nothing and bounds nothing at the origin. */
const stamp = (cursor: "created_at" | "updated_at") =>
  Metadata.field(Schema.NullOr(Metadata.DateTimeString), { cursor: { cursor, sortable: false } })

/** Ashby's job statuses today; the schema accepts others (Ashby adds values), which map to no status. */
export const jobStatuses = ["Open", "Closed", "Draft", "Archived"] as const
/** A known job status. */
export type JobStatus = (typeof jobStatuses)[number]

/** Ashby's employment types today; others are accepted and map to no employment type. */
export const employmentTypes = ["FullTime", "PartTime", "Intern", "Contract", "Temporary"] as const
/** A known employment type. */
export type EmploymentType = (typeof employmentTypes)[number]

/** A custom field value (`value` may be text, a number, a boolean, a list, an object or null). */
export const CustomField = Schema.Struct({
  id: opt(Schema.String),
  title: Schema.String,
  value: opt(Schema.Unknown),
  isPrivate: opt(Schema.Boolean),
  valueLabel: nullable(Schema.String)
})

/** An Ashby job. */
export const AshbyJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  title: Schema.String,
  confidential: opt(Schema.Boolean),
  status: Schema.String,
  employmentType: nullable(Schema.String),
  locationId: nullable(Schema.String),
  departmentId: nullable(Schema.String),
  defaultInterviewPlanId: nullable(Schema.String),
  interviewPlanIds: opt(Schema.Array(Schema.String)),
  jobPostingIds: opt(Schema.Array(Schema.String)),
  customRequisitionId: nullable(Schema.String),
  customFields: opt(Schema.Array(CustomField)),
  brandId: nullable(Schema.String),
  hiringTeam: opt(Schema.Array(Schema.Unknown)),
  author: nullable(Schema.Unknown),
  openedAt: nullable(Metadata.DateTimeString),
  closedAt: nullable(Metadata.DateTimeString),
  createdAt: opt(stamp("created_at")),
  updatedAt: opt(stamp("updated_at"))
}).annotations({ identifier: "AshbyJob" })
/** @see AshbyJob */
export type AshbyJob = typeof AshbyJob.Type

/** An email address or phone number. */
export const Contact = Schema.Struct({ value: Schema.String, type: nullable(Schema.String), isPrimary: opt(Schema.Boolean) })

/** A link to a profile elsewhere (`LinkedIn`, `GitHub`, `Website`, ...). */
export const SocialLink = Schema.Struct({ type: Schema.String, url: Schema.String })

/** A tag; `id` is absent on tags mapped from other systems (Ashby knows a tag's id once it exists). */
export const Tag = Schema.Struct({ id: opt(Schema.String), title: Schema.String, isArchived: opt(Schema.Boolean) })

/** A file stored by Ashby. */
export const FileHandle = Schema.Struct({ id: Schema.String, name: Schema.String, handle: Schema.String })

/** A candidate's location. */
export const Location = Schema.Struct({
  id: opt(Schema.String),
  locationSummary: nullable(Schema.String),
  locationComponents: nullable(Schema.Array(Schema.Struct({ type: Schema.String, name: Schema.String })))
})

/** An Ashby candidate. */
export const AshbyCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  name: Schema.String,
  primaryEmailAddress: nullable(Contact),
  emailAddresses: opt(Schema.Array(Contact)),
  primaryPhoneNumber: nullable(Contact),
  phoneNumbers: opt(Schema.Array(Contact)),
  socialLinks: opt(Schema.Array(SocialLink)),
  tags: opt(Schema.Array(Tag)),
  position: nullable(Schema.String),
  company: nullable(Schema.String),
  school: nullable(Schema.String),
  applicationIds: opt(Schema.Array(Schema.String)),
  resumeFileHandle: nullable(FileHandle),
  fileHandles: opt(Schema.Array(FileHandle)),
  customFields: opt(Schema.Array(CustomField)),
  profileUrl: nullable(Schema.String),
  source: nullable(Schema.Struct({ id: opt(Schema.String), title: Schema.String, isArchived: opt(Schema.Boolean), sourceType: opt(Schema.Unknown) })),
  creditedToUser: nullable(Schema.Unknown),
  fraudStatus: nullable(Schema.String),
  timezone: nullable(Schema.String),
  location: nullable(Location),
  createdAt: opt(stamp("created_at")),
  updatedAt: opt(stamp("updated_at"))
}).annotations({ identifier: "AshbyCandidate" })
/** @see AshbyCandidate */
export type AshbyCandidate = typeof AshbyCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: AshbyJob, profile: AshbyCandidate } as const
