/**
 * Workable SPI v3 records as the API sends them: `GET /jobs` → `{ jobs, paging }`, `GET /candidates`
 * → `{ candidates, paging }` (the detail endpoints add the description and profile sections, kept
 * optional here). Timestamps are ISO-8601 text (`2015-07-01T00:00:00Z`).
 *
 * Query metadata mirrors the real parameters: `created_after` / `updated_after` bound the cursor from
 * below (there is no upper bound and no sort parameter, so cursors are `sortable: false`: the
 * pipeline bounds the far end in memory and checkpoints at the end of a run), and `state` filters
 * jobs. Timestamps are optional because Workable sets them: a record about to be created has none.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** A timestamp that bounds reads from below through `param` (Workable's `*_after`). */
const after = (cursor: "created_at" | "updated_at", param: string) =>
  Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor, cursor_start_min: param, sortable: false },
    prefilter: { operators: ["gte", "gt"], params: { gte: param, gt: param } }
  })

/** Workable job states. */
export const JobState = Schema.Literal("draft", "published", "closed", "archived")
/** @see JobState */
export type JobState = typeof JobState.Type

/** A job's location. */
export const Location = Schema.Struct({
  location_str: nullable(Schema.String),
  country: nullable(Schema.String),
  country_code: nullable(Schema.String),
  region: nullable(Schema.String),
  region_code: nullable(Schema.String),
  city: nullable(Schema.String),
  zip_code: nullable(Schema.String),
  telecommuting: opt(Schema.Boolean),
  workplace_type: nullable(Schema.String)
})

/** A job's salary. */
export const Salary = Schema.Struct({
  salary_from: nullable(Schema.Number),
  salary_to: nullable(Schema.Number),
  salary_currency: nullable(Schema.String)
})

/** A Workable job. */
export const WorkableJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  title: Schema.String,
  full_title: opt(Schema.String),
  shortcode: Schema.String,
  code: nullable(Schema.String),
  state: Metadata.field(JobState, { prefilter: { operators: ["eq"] } }),
  department: nullable(Schema.String),
  url: nullable(Schema.String),
  application_url: nullable(Schema.String),
  shortlink: nullable(Schema.String),
  location: opt(Location),
  salary: opt(Salary),
  employment_type: nullable(Schema.String),
  /** HTML, from `GET /jobs/{shortcode}`. */
  description: nullable(Schema.String),
  requirements: nullable(Schema.String),
  benefits: nullable(Schema.String),
  created_at: opt(after("created_at", "created_after"))
}).annotations({ identifier: "WorkableJob" })
/** @see WorkableJob */
export type WorkableJob = typeof WorkableJob.Type

/** The job a candidate applied to. */
export const CandidateJob = Schema.Struct({ shortcode: Schema.String, title: opt(Schema.String) })

/** A social profile link. */
export const SocialProfile = Schema.Struct({
  type: Schema.String,
  name: nullable(Schema.String),
  username: nullable(Schema.String),
  url: Schema.String
})

/** A degree or course. */
export const EducationEntry = Schema.Struct({
  school: nullable(Schema.String),
  degree: nullable(Schema.String),
  field_of_study: nullable(Schema.String),
  start_date: nullable(Schema.String),
  end_date: nullable(Schema.String)
})

/** A position held. */
export const ExperienceEntry = Schema.Struct({
  title: nullable(Schema.String),
  company: nullable(Schema.String),
  summary: nullable(Schema.String),
  industry: nullable(Schema.String),
  start_date: nullable(Schema.String),
  end_date: nullable(Schema.String),
  current: opt(Schema.Boolean)
})

/** A Workable candidate. */
export const WorkableCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  name: Schema.String,
  firstname: nullable(Schema.String),
  lastname: nullable(Schema.String),
  headline: nullable(Schema.String),
  account: opt(Schema.Struct({ subdomain: Schema.String, name: Schema.String })),
  job: nullable(CandidateJob),
  stage: nullable(Schema.String),
  disqualified: opt(Schema.Boolean),
  disqualification_reason: nullable(Schema.String),
  hired_at: nullable(Metadata.DateTimeString),
  sourced: opt(Schema.Boolean),
  profile_url: nullable(Schema.String),
  address: nullable(Schema.String),
  phone: nullable(Schema.String),
  email: nullable(Schema.String),
  domain: nullable(Schema.String),
  /** The profile sections below come with `GET /candidates/{id}`. */
  summary: nullable(Schema.String),
  cover_letter: nullable(Schema.String),
  image_url: nullable(Schema.String),
  resume_url: nullable(Schema.String),
  tags: opt(Schema.Array(Schema.String)),
  skills: opt(Schema.Array(Schema.Struct({ name: Schema.String }))),
  social_profiles: opt(Schema.Array(SocialProfile)),
  education_entries: opt(Schema.Array(EducationEntry)),
  experience_entries: opt(Schema.Array(ExperienceEntry)),
  created_at: opt(after("created_at", "created_after")),
  updated_at: opt(after("updated_at", "updated_after"))
}).annotations({ identifier: "WorkableCandidate" })
/** @see WorkableCandidate */
export type WorkableCandidate = typeof WorkableCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: WorkableJob, profile: WorkableCandidate } as const
