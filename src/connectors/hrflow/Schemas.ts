/**
 * HrFlow.ai's native job and profile objects (API v1), as `storing/jobs` and `storing/profiles`
 * return them and `job/indexing` / `profile/indexing` accept them. Timestamps are ISO-8601 text with
 * a colon-less offset (`2020-06-09T12:39:57+0000`).
 *
 * Query metadata, per HrFlow's list parameters:
 * - `created_at`: bounded by `created_at_min` / `created_at_max` (inclusive) and ordered by
 *   `sort_by=created_at` + `order_by=asc|desc`, so it is a full keyset cursor;
 * - `updated_at`: orderable (`sort_by=updated_at`) but not boundable, so it is declared
 *   `sortable: false` and the pipeline filters by it in memory (the reader stops early, see Client).
 * - `key` identifies a record; it is assigned by HrFlow, so records to be created have none.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** A place, as text with optional coordinates. */
export const HrFlowLocation = Schema.Struct({
  text: nullable(Schema.String),
  lat: nullable(Schema.Number),
  lng: nullable(Schema.Number)
})

/** A skill: `type` is `hard` or `soft`; `value` a level when known. */
export const HrFlowSkill = Schema.Struct({
  name: Schema.String,
  type: nullable(Schema.String),
  value: nullable(Schema.Union(Schema.String, Schema.Number))
})

/** A language, with an optional level. */
export const HrFlowLanguage = Schema.Struct({
  name: Schema.String,
  value: nullable(Schema.Union(Schema.String, Schema.Number))
})

/** A free key/value tag. */
export const HrFlowTag = Schema.Struct({
  name: Schema.String,
  value: nullable(Schema.Union(Schema.String, Schema.Number, Schema.Boolean))
})

/** A titled part of a job description. */
export const HrFlowSection = Schema.Struct({
  name: nullable(Schema.String),
  title: nullable(Schema.String),
  description: nullable(Schema.String)
})

/** A numeric range such as a salary (`unit` is the currency or unit). */
export const HrFlowRangeFloat = Schema.Struct({
  name: nullable(Schema.String),
  value_min: nullable(Schema.Number),
  value_max: nullable(Schema.Number),
  unit: nullable(Schema.String)
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
  Metadata.field(Metadata.DateTimeString, {
    // `sort_by=updated_at` exists but there is no `updated_at_min`: no keyset, so the pipeline filters.
    cursor: { cursor: "updated_at", cursor_sort_field: "updated_at", sortable: false }
  })
)

const key = Schema.optional(Metadata.field(Schema.String, { identifier: true }))

/** A job in a board. */
export const HrFlowJob = Schema.Struct({
  key,
  reference: nullable(Schema.String),
  board_key: Schema.optional(Schema.String),
  name: Schema.String,
  summary: nullable(Schema.String),
  url: nullable(Schema.String),
  location: nullable(HrFlowLocation),
  sections: nullable(Schema.Array(HrFlowSection)),
  skills: nullable(Schema.Array(HrFlowSkill)),
  languages: nullable(Schema.Array(HrFlowLanguage)),
  tags: nullable(Schema.Array(HrFlowTag)),
  ranges_float: nullable(Schema.Array(HrFlowRangeFloat)),
  archived_at: nullable(Metadata.DateTimeString),
  created_at: createdAt,
  updated_at: updatedAt
}).annotations({ identifier: "HrFlowJob" })
/** @see HrFlowJob */
export type HrFlowJob = typeof HrFlowJob.Type

/** A link on a profile (`type` such as `linkedin`, `github`). */
export const HrFlowUrl = Schema.Struct({ type: nullable(Schema.String), url: nullable(Schema.String) })

/** A profile's personal information. */
export const HrFlowInfo = Schema.Struct({
  full_name: nullable(Schema.String),
  first_name: nullable(Schema.String),
  last_name: nullable(Schema.String),
  email: nullable(Schema.String),
  phone: nullable(Schema.String),
  date_birth: nullable(Schema.String),
  gender: nullable(Schema.String),
  location: nullable(HrFlowLocation),
  urls: nullable(Schema.Array(HrFlowUrl)),
  summary: nullable(Schema.String)
})

/** A position held. */
export const HrFlowExperience = Schema.Struct({
  company: nullable(Schema.String),
  title: nullable(Schema.String),
  description: nullable(Schema.String),
  location: nullable(HrFlowLocation),
  date_start: nullable(Schema.String),
  date_end: nullable(Schema.String),
  skills: nullable(Schema.Array(HrFlowSkill))
})

/** A degree or course (`title` is the degree). */
export const HrFlowEducation = Schema.Struct({
  school: nullable(Schema.String),
  title: nullable(Schema.String),
  description: nullable(Schema.String),
  location: nullable(HrFlowLocation),
  date_start: nullable(Schema.String),
  date_end: nullable(Schema.String)
})

/** A file attached to a profile (`type` such as `resume`). */
export const HrFlowAttachment = Schema.Struct({
  type: nullable(Schema.String),
  file_name: nullable(Schema.String),
  original_file_name: nullable(Schema.String),
  extension: nullable(Schema.String),
  public_url: nullable(Schema.String)
})

/** A profile in a source. */
export const HrFlowProfile = Schema.Struct({
  key,
  reference: nullable(Schema.String),
  source_key: Schema.optional(Schema.String),
  info: HrFlowInfo,
  text_language: nullable(Schema.String),
  experiences: nullable(Schema.Array(HrFlowExperience)),
  educations: nullable(Schema.Array(HrFlowEducation)),
  skills: nullable(Schema.Array(HrFlowSkill)),
  languages: nullable(Schema.Array(HrFlowLanguage)),
  tags: nullable(Schema.Array(HrFlowTag)),
  attachments: nullable(Schema.Array(HrFlowAttachment)),
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
