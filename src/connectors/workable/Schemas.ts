/**
 * Workable SPI v3 records as the API sends them: `GET /jobs` → `{ jobs, paging }`, `GET /candidates`
 * → `{ candidates, paging }` (the detail endpoints add the description and profile sections, kept
 * optional here). Timestamps are ISO-8601 text (`2015-07-01T00:00:00Z`).
 *
 * Jobs and candidates both carry `updated_at`, and both lists take `updated_after`, so job edits reach
 * incremental runs. Query metadata mirrors the real parameters: `created_after` / `updated_after` bound the cursor from
 * below (there is no upper bound and no sort parameter, so cursors are `sortable: false`: the
 * pipeline bounds the far end in memory and checkpoints at the end of a run), and `state` filters
 * jobs. Timestamps are optional because Workable sets them: a record about to be created has none.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const { nullable } = Metadata

/** A timestamp that bounds reads from below through `param` (Workable's `*_after`). */
const after = (cursor: "created_at" | "updated_at", param: string) =>
  Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor, cursor_start_min: param, sortable: false },
    prefilter: { operators: ["gte", "gt"], params: { gte: param, gt: param } }
  })

/** Workable job states; kept open (`Schema.String`) beyond these, as Workable may add some. */
export const JobState = Schema.Literal("draft", "published", "closed", "archived")
/** @see JobState */
export type JobState = typeof JobState.Type

/** A workplace type: `on_site`, `hybrid`, `remote` (kept open). */
const WorkplaceType = nullable(Schema.String)

/** A job's primary location (`region` may be null while `region_code` is set). */
export const Location = Schema.Struct({
  ...Metadata.nullables(Schema.String, "location_str", "country", "country_code", "region", "region_code", "city", "zip_code"),
  telecommuting: nullable(Schema.Boolean),
  workplace_type: WorkplaceType
})

/** One of a job's locations (`locations[]`; empty on older draft, archived and closed jobs). */
export const JobLocation = Schema.Struct({
  ...Metadata.nullables(Schema.String, "shortcode", "country_code", "country_name", "state_code", "subregion", "zip_code", "city", "coords"),
  hidden: nullable(Schema.Boolean)
})

/** A job's salary; the currency comes in lower case (`gbp`). */
export const Salary = Schema.Struct({
  salary_from: nullable(Schema.Number),
  salary_to: nullable(Schema.Number),
  salary_currency: nullable(Schema.String)
})

/** A department and its ancestors (`department_hierarchy`). */
export const Department = Schema.Struct({ id: nullable(Schema.Union(Schema.Number, Schema.String)), name: Schema.String })

/** A Workable job (`GET /jobs`; `GET /jobs/{shortcode}` adds the description fields). */
export const WorkableJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  title: Schema.String,
  full_title: nullable(Schema.String),
  shortcode: Schema.String,
  code: nullable(Schema.String),
  state: Metadata.field(Schema.String, { prefilter: { operators: ["eq"] } }),
  sample: nullable(Schema.Boolean),
  confidential: nullable(Schema.Boolean),
  department: nullable(Schema.String),
  department_hierarchy: nullable(Schema.Array(Department)),
  ...Metadata.nullables(Schema.String, "url", "application_url", "shortlink"),
  workplace_type: WorkplaceType,
  location: nullable(Location),
  locations: nullable(Schema.Array(JobLocation)),
  salary: nullable(Salary),
  employment_type: nullable(Schema.String),
  keywords: nullable(Schema.Array(Schema.String)),
  /** HTML, from `GET /jobs/{shortcode}` (or `include_fields=`). */
  ...Metadata.nullables(Schema.String, "full_description", "description", "requirements", "benefits", "industry", "function", "experience", "education"),
  created_at: opt(after("created_at", "created_after")),
  updated_at: opt(after("updated_at", "updated_after"))
}).annotations({ identifier: "WorkableJob" })
/** @see WorkableJob */
export type WorkableJob = typeof WorkableJob.Type

/** The job a candidate applied to. */
export const CandidateJob = Schema.Struct({ shortcode: Schema.String, title: nullable(Schema.String) })

/** A social profile link (`name` and `username` are often absent). */
export const SocialProfile = Schema.Struct({
  type: Schema.String,
  name: nullable(Schema.String),
  username: nullable(Schema.String),
  url: Schema.String
})

/** A degree or course. */
export const EducationEntry = Schema.Struct({
  ...Metadata.nullables(Schema.String, "id", "school", "degree", "field_of_study", "start_date", "end_date")
})

/** A position held. */
export const ExperienceEntry = Schema.Struct({
  ...Metadata.nullables(Schema.String, "id", "title", "company", "summary", "industry", "start_date", "end_date"),
  current: nullable(Schema.Boolean)
})

/** A skill: `{ name }` as Workable returns it (plain text as it is written). */
export const Skill = Schema.Union(Schema.Struct({ name: Schema.String }), Schema.String)

/** A candidate's location (candidate detail). */
export const CandidateLocation = Schema.Struct({
  ...Metadata.nullables(Schema.String, "location_str", "country", "country_code", "region", "region_code", "city", "zip_code")
})

/** A Workable candidate (`GET /candidates`; `GET /candidates/{id}` adds the profile sections). */
export const WorkableCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  name: Schema.String,
  ...Metadata.nullables(Schema.String, "firstname", "lastname", "headline", "image_url"),
  account: nullable(Schema.Struct({ subdomain: Schema.String, name: nullable(Schema.String) })),
  job: nullable(CandidateJob),
  stage: nullable(Schema.String),
  stage_kind: nullable(Schema.String),
  disqualified: nullable(Schema.Boolean),
  disqualified_at: nullable(Metadata.DateTimeString),
  withdrew: nullable(Schema.Boolean),
  disqualification_reason: nullable(Schema.String),
  hired_at: nullable(Metadata.DateTimeString),
  sourced: nullable(Schema.Boolean),
  ...Metadata.nullables(Schema.String, "profile_url", "address", "phone", "email", "domain"),
  location: nullable(CandidateLocation),
  /** The profile sections below come with `GET /candidates/{id}`. */
  ...Metadata.nullables(Schema.String, "summary", "cover_letter", "resume_url"),
  tags: nullable(Schema.Array(Schema.String)),
  skills: nullable(Schema.Array(Skill)),
  social_profiles: nullable(Schema.Array(SocialProfile)),
  education_entries: nullable(Schema.Array(EducationEntry)),
  experience_entries: nullable(Schema.Array(ExperienceEntry)),
  created_at: opt(after("created_at", "created_after")),
  updated_at: opt(after("updated_at", "updated_after"))
}).annotations({ identifier: "WorkableCandidate" })
/** @see WorkableCandidate */
export type WorkableCandidate = typeof WorkableCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: WorkableJob, profile: WorkableCandidate } as const
