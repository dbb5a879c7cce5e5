/**
 * HrFlow.ai's native job and profile objects (API v1), as `storing/jobs` and `storing/profiles`
 * return them and `job/indexing` / `profile/indexing` accept them. Record timestamps are ISO-8601
 * text with a colon-less offset (`2020-06-09T12:39:57+0000`).
 *
 * The schemas accept what HrFlow really sends (its API reference examples and SDK test models):
 * `location.fields` as an object, an empty list or null; `lat` / `lng` as numbers or numeric text;
 * item values (`skills`, `languages`, `tags`, ...) as text, numbers or booleans; older profiles' `info.urls`
 * as an object (`{ linkedin: "", from_resume: [] }`) instead of a list; label dates as epoch
 * milliseconds; and every optional field absent or null. The mapping normalises them.
 *
 * Query metadata, per HrFlow's list parameters:
 * - `created_at`: bounded by `created_at_min` / `created_at_max` (dates, `YYYY-MM-DD`, inclusive) and
 *   ordered by `sort_by=created_at` + `order_by=asc|desc`; the client narrows the day bounds to the
 *   exact instants in memory;
 * - `updated_at`: orderable (`sort_by=updated_at`) but not boundable, so it is declared
 *   `sortable: false` and the pipeline filters by it in memory (the reader stops early, see Client).
 * - `key` identifies a record; it is assigned by HrFlow, so records to be created have none.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const { nullable } = Metadata

/** A number HrFlow may send as text (`"lat": "56.4907"` in its reference). */
const Numeric = Schema.Union(Schema.Number, Schema.String)

/** A place: text, coordinates and parsed address parts (`fields`: an object, or `[]` when none). */
export const HrFlowLocation = Schema.Struct({
  text: nullable(Schema.String),
  lat: nullable(Numeric),
  lng: nullable(Numeric),
  gmaps: nullable(Schema.String),
  fields: nullable(Schema.Union(Schema.Record({ key: Schema.String, value: Schema.Unknown }), Schema.Array(Schema.Unknown)))
})
/** @see HrFlowLocation */
export type HrFlowLocation = typeof HrFlowLocation.Type

/** A skill: `type` is `hard` or `soft` (older records: `hard_skill`, or none); `value` a level. */
export const HrFlowSkill = Schema.Struct({
  name: Schema.String,
  type: nullable(Schema.String),
  value: nullable(Schema.Union(Schema.String, Schema.Number))
})
/** @see HrFlowSkill */
export type HrFlowSkill = typeof HrFlowSkill.Type

/** The `{ name, value }` item of languages, tasks, certifications, courses, interests, tags, metadatas. */
export const HrFlowItem = Schema.Struct({
  name: Schema.String,
  value: nullable(Schema.Union(Schema.String, Schema.Number, Schema.Boolean))
})
/** @see HrFlowItem */
export type HrFlowItem = typeof HrFlowItem.Type

/** A titled part of a job description. */
export const HrFlowSection = Schema.Struct({
  ...Metadata.nullables(Schema.String, "name", "title", "description")
})

/** A numeric range such as a salary (`unit` is the currency or unit). */
export const HrFlowRangeFloat = Schema.Struct({
  name: nullable(Schema.String),
  value_min: nullable(Numeric),
  value_max: nullable(Numeric),
  unit: nullable(Schema.String)
})

/** A date range (ISO text, sometimes without seconds: `2020-05-18T21:59`). */
export const HrFlowRangeDate = Schema.Struct({
  ...Metadata.nullables(Schema.String, "name", "value_min", "value_max")
})

const createdAt = Schema.optional(
  Metadata.field(Metadata.DateTimeString, {
    cursor: {
      cursor: "created_at",
      cursor_start_min: "created_at_min",
      cursor_end_max: "created_at_max",
      cursor_sort_field: "created_at"
    },
    prefilter: { operators: ["gte", "lte"], params: { gte: "created_at_min", lte: "created_at_max" } }
  })
)

const updatedAt = Schema.optional(
  Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
    // `sort_by=updated_at` exists but there is no `updated_at_min`: no keyset, so the pipeline filters.
    cursor: { cursor: "updated_at", cursor_sort_field: "updated_at", sortable: false }
  })
)

const key = Schema.optional(Metadata.field(Schema.String, { identifier: true }))
const items = nullable(Schema.Array(HrFlowItem))
const skills = nullable(Schema.Array(HrFlowSkill))
const text = nullable(Schema.String)
/** HrFlow's own container object (`board` / `source`), sent on reads only. */
const Container = Schema.Struct({ key: Schema.optional(Schema.String), name: nullable(Schema.String) })

/** A job in a board. */
export const HrFlowJob = Schema.Struct({
  id: nullable(Schema.Number),
  key,
  reference: text,
  board_key: Schema.optional(Schema.String),
  board: nullable(Container),
  name: Schema.String,
  summary: text,
  url: text,
  picture: text,
  location: nullable(HrFlowLocation),
  sections: nullable(Schema.Array(HrFlowSection)),
  culture: text,
  benefits: text,
  responsibilities: text,
  requirements: text,
  interviews: text,
  skills,
  languages: items,
  certifications: items,
  courses: items,
  tasks: items,
  tags: items,
  metadatas: items,
  ranges_float: nullable(Schema.Array(HrFlowRangeFloat)),
  ranges_date: nullable(Schema.Array(HrFlowRangeDate)),
  archived_at: nullable(Metadata.DateTimeString),
  created_at: createdAt,
  updated_at: updatedAt
}).annotations({ identifier: "HrFlowJob" })
/** @see HrFlowJob */
export type HrFlowJob = typeof HrFlowJob.Type

/** A link on a profile (`type` such as `linkedin`, `github`, `from_resume`). */
export const HrFlowUrl = Schema.Struct({ type: nullable(Schema.String), url: nullable(Schema.String) })

/** Older profiles' links: one key per network (`""` or null when none), `from_resume` a list of URLs. */
export const HrFlowUrlMap = Schema.Record({
  key: Schema.String,
  value: Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.Unknown)))
})

/** A profile's personal information. */
export const HrFlowInfo = Schema.Struct({
  full_name: text,
  first_name: text,
  last_name: text,
  email: text,
  phone: text,
  date_birth: text,
  driving_license: text,
  gender: text,
  picture: text,
  location: nullable(HrFlowLocation),
  urls: nullable(Schema.Union(Schema.Array(HrFlowUrl), HrFlowUrlMap)),
  summary: text
})
/** @see HrFlowInfo */
export type HrFlowInfo = typeof HrFlowInfo.Type

/** A date as HrFlow's older write form sends it (`{ iso8601: "..." }`) or as text. */
export const HrFlowDate = Schema.Union(Schema.String, Schema.Struct({ iso8601: nullable(Schema.String) }))

const period = {
  key: text,
  logo: text,
  title: text,
  description: text,
  location: nullable(HrFlowLocation),
  date_start: nullable(HrFlowDate),
  date_end: nullable(HrFlowDate),
  skills,
  certifications: items,
  courses: items,
  tasks: items,
  languages: items,
  interests: items
}

/** A position held. */
export const HrFlowExperience = Schema.Struct({ ...period, company: text })
/** @see HrFlowExperience */
export type HrFlowExperience = typeof HrFlowExperience.Type

/** A degree or course (`title` is the degree). */
export const HrFlowEducation = Schema.Struct({ ...period, school: text })
/** @see HrFlowEducation */
export type HrFlowEducation = typeof HrFlowEducation.Type

/** A file attached to a profile (`type`: `resume`, `cover`, `other`). */
export const HrFlowAttachment = Schema.Struct({
  type: text,
  alt: text,
  file_name: text,
  original_file_name: text,
  extension: text,
  content_type: text,
  file_size: nullable(Numeric),
  public_url: text,
  created_at: text,
  updated_at: text
})

/** A profile's stage and rating for a job; dates are ISO text or epoch milliseconds. */
export const HrFlowLabel = Schema.Struct({
  board_key: text,
  job_key: text,
  job_reference: text,
  stage: text,
  date_stage: nullable(Schema.Union(Schema.String, Schema.Number)),
  rating: nullable(Numeric),
  date_rating: nullable(Schema.Union(Schema.String, Schema.Number))
})

/** A profile in a source. */
export const HrFlowProfile = Schema.Struct({
  id: nullable(Schema.Number),
  key,
  reference: text,
  source_key: Schema.optional(Schema.String),
  source: nullable(Container),
  info: nullable(HrFlowInfo),
  text_language: text,
  text,
  experiences_duration: nullable(Numeric),
  educations_duration: nullable(Numeric),
  experiences: nullable(Schema.Array(HrFlowExperience)),
  educations: nullable(Schema.Array(HrFlowEducation)),
  attachments: nullable(Schema.Array(HrFlowAttachment)),
  skills,
  languages: items,
  certifications: items,
  courses: items,
  tasks: items,
  interests: items,
  tags: items,
  metadatas: items,
  labels: nullable(Schema.Array(HrFlowLabel)),
  archived_at: nullable(Metadata.DateTimeString),
  created_at: createdAt,
  updated_at: updatedAt
}).annotations({ identifier: "HrFlowProfile" })
/** @see HrFlowProfile */
export type HrFlowProfile = typeof HrFlowProfile.Type

/** Both native schemas. */
export const schemas = { job: HrFlowJob, profile: HrFlowProfile } as const

/** HrFlow's timestamp form: whole seconds and a colon-less UTC offset (`2020-06-09T12:39:57+0000`). */
export const formatTimestamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+0000`

/** The date of an instant as `created_at_min` / `created_at_max` take it (`YYYY-MM-DD`, UTC). */
export const formatDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
