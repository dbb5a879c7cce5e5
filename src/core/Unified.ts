/**
 * The unified HR model: the common shape every connector maps its native jobs and profiles to and
 * from, so that any two connectors can exchange records without a hand-written formatter.
 * Timestamps are ISO-8601 text; every field not needed to identify a record is optional.
 */
import * as Schema from "effect/Schema"
import { EventType } from "./Event.js"
import * as Metadata from "./Metadata.js"
import type { Resource } from "./Resource.js"

const opt = Schema.optional

/** A postal location with optional coordinates. */
export const Location = Schema.Struct({
  text: opt(Schema.String),
  street: opt(Schema.String),
  city: opt(Schema.String),
  region: opt(Schema.String),
  postal_code: opt(Schema.String),
  country: opt(Schema.String),
  lat: opt(Schema.NullOr(Schema.Number)),
  lng: opt(Schema.NullOr(Schema.Number)),
  remote: opt(Schema.Boolean)
}).annotations({ identifier: "Location" })
/** @see Location */
export type Location = typeof Location.Type

/** A skill with its kind and optional level. */
export const Skill = Schema.Struct({
  name: Schema.String,
  type: opt(Schema.Literal("hard", "soft", "language", "tool", "other")),
  value: opt(Schema.NullOr(Schema.String))
}).annotations({ identifier: "Skill" })
/** @see Skill */
export type Skill = typeof Skill.Type

/** A spoken language with an optional proficiency. */
export const Language = Schema.Struct({
  name: Schema.String,
  level: opt(Schema.String)
})

/** A free-form tag. */
export const Tag = Schema.Struct({
  name: Schema.String,
  value: opt(Schema.NullOr(Schema.String))
})

/** A titled section of a job description. */
export const Section = Schema.Struct({
  name: opt(Schema.String),
  title: opt(Schema.String),
  description: Schema.String
})

/** A salary range. */
export const SalaryRange = Schema.Struct({
  min: opt(Schema.NullOr(Schema.Number)),
  max: opt(Schema.NullOr(Schema.Number)),
  currency: opt(Schema.String),
  period: opt(Schema.Literal("hour", "day", "week", "month", "year"))
}).annotations({ identifier: "SalaryRange" })

/** Employment types understood across systems. */
export const EmploymentType = Schema.Literal(
  "full_time",
  "part_time",
  "contract",
  "temporary",
  "internship",
  "volunteer",
  "per_diem",
  "other"
)
/** @see EmploymentType */
export type EmploymentType = typeof EmploymentType.Type

/** Lifecycle status of a job posting. */
export const JobStatus = Schema.Literal("draft", "open", "closed", "archived")

/** A department or team. */
export const Department = Schema.Struct({ id: opt(Schema.String), name: Schema.String })

const timestamps = {
  created_at: opt(
    Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
      cursor: { cursor: "created_at", cursor_start_min: "created_at_min", cursor_end_max: "created_at_max" },
      prefilter: { operators: ["gt", "gte", "lt", "lte"] }
    })
  ),
  updated_at: opt(
    Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
      cursor: { cursor: "updated_at", cursor_start_min: "updated_at_min", cursor_end_max: "updated_at_max" },
      prefilter: { operators: ["gt", "gte", "lt", "lte"] }
    })
  )
}

const identity = {
  id: Metadata.field(Schema.String, {
    identifier: true,
    cursor: { cursor: "id", cursor_start_min: "id_min", cursor_end_max: "id_max" },
    prefilter: { operators: ["eq", "in"] }
  }),
  reference: opt(Schema.NullOr(Schema.String)),
  /** Name of the connector the record came from. */
  origin: opt(Schema.String),
  /** The native record as read, for lossless round trips and HAVING on vendor fields. */
  payload: opt(Schema.Unknown)
}

/** A job posting. */
export const UnifiedJob = Schema.Struct({
  ...identity,
  title: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  summary: opt(Schema.NullOr(Schema.String)),
  description: opt(Schema.NullOr(Schema.String)),
  sections: opt(Schema.Array(Section)),
  url: opt(Schema.NullOr(Schema.String)),
  apply_url: opt(Schema.NullOr(Schema.String)),
  status: opt(Metadata.field(JobStatus, { prefilter: { operators: ["eq", "in"] } })),
  employment_type: opt(EmploymentType),
  company: opt(Schema.String),
  location: opt(Location),
  remote: opt(Schema.Boolean),
  salary: opt(SalaryRange),
  skills: opt(Schema.Array(Skill)),
  languages: opt(Schema.Array(Language)),
  tags: opt(Schema.Array(Tag)),
  departments: opt(Schema.Array(Department)),
  requisition_id: opt(Schema.NullOr(Schema.String)),
  published_at: opt(Schema.NullOr(Metadata.DateTimeString)),
  closes_at: opt(Schema.NullOr(Metadata.DateTimeString)),
  ...timestamps
}).annotations({ identifier: "UnifiedJob" })
/** @see UnifiedJob */
export type UnifiedJob = typeof UnifiedJob.Type

/** An email address. */
export const Email = Schema.Struct({ value: Schema.String, type: opt(Schema.String) })
/** A phone number. */
export const Phone = Schema.Struct({ value: Schema.String, type: opt(Schema.String) })
/** A link to a profile page (LinkedIn, GitHub, portfolio, ...). */
export const Url = Schema.Struct({ url: Schema.String, type: opt(Schema.String) })

/** A candidate's personal information. */
export const ProfileInfo = Schema.Struct({
  full_name: opt(Schema.String),
  first_name: opt(Schema.String),
  last_name: opt(Schema.String),
  headline: opt(Schema.String),
  summary: opt(Schema.String),
  emails: opt(Schema.Array(Email)),
  phones: opt(Schema.Array(Phone)),
  urls: opt(Schema.Array(Url)),
  location: opt(Location),
  date_of_birth: opt(Schema.NullOr(Schema.String)),
  gender: opt(Schema.NullOr(Schema.String))
}).annotations({ identifier: "ProfileInfo" })

/** A position held. */
export const Experience = Schema.Struct({
  title: opt(Schema.String),
  company: opt(Schema.String),
  description: opt(Schema.String),
  location: opt(Location),
  date_start: opt(Schema.NullOr(Schema.String)),
  date_end: opt(Schema.NullOr(Schema.String)),
  current: opt(Schema.Boolean),
  skills: opt(Schema.Array(Skill))
})

/** A degree or course. */
export const Education = Schema.Struct({
  school: opt(Schema.String),
  degree: opt(Schema.String),
  field: opt(Schema.String),
  description: opt(Schema.String),
  location: opt(Location),
  date_start: opt(Schema.NullOr(Schema.String)),
  date_end: opt(Schema.NullOr(Schema.String))
})

/** A file attached to a profile (resume, cover letter). */
export const Attachment = Schema.Struct({
  type: opt(Schema.String),
  filename: opt(Schema.String),
  url: opt(Schema.String),
  content_type: opt(Schema.String)
})

/** A candidate profile. */
export const UnifiedProfile = Schema.Struct({
  ...identity,
  info: ProfileInfo,
  experiences: opt(Schema.Array(Experience)),
  educations: opt(Schema.Array(Education)),
  skills: opt(Schema.Array(Skill)),
  languages: opt(Schema.Array(Language)),
  tags: opt(Schema.Array(Tag)),
  attachments: opt(Schema.Array(Attachment)),
  source: opt(Schema.String),
  stage: opt(Schema.String),
  job_ids: opt(Schema.Array(Schema.String)),
  ...timestamps
}).annotations({ identifier: "UnifiedProfile" })
/** @see UnifiedProfile */
export type UnifiedProfile = typeof UnifiedProfile.Type

const eventFields = {
  /** The vendor's delivery/event id (used for idempotence), if it has one. */
  event_id: opt(Schema.String),
  type: EventType,
  resource_id: Schema.String,
  occurred_at: opt(Schema.NullOr(Metadata.DateTimeString)),
  /** Name of the connector the event came from. */
  origin: opt(Schema.String),
  payload: opt(Schema.Unknown)
}

/** A change to a job. */
export const UnifiedJobEvent = Schema.Struct({ resource: Schema.Literal("job"), ...eventFields }).annotations({
  identifier: "UnifiedJobEvent"
})
/** @see UnifiedJobEvent */
export type UnifiedJobEvent = typeof UnifiedJobEvent.Type

/** A change to a profile. */
export const UnifiedProfileEvent = Schema.Struct({ resource: Schema.Literal("profile"), ...eventFields }).annotations({
  identifier: "UnifiedProfileEvent"
})
/** @see UnifiedProfileEvent */
export type UnifiedProfileEvent = typeof UnifiedProfileEvent.Type

/** Any change event. */
export const UnifiedEvent = Schema.Union(UnifiedJobEvent, UnifiedProfileEvent)
/** @see UnifiedEvent */
export type UnifiedEvent = typeof UnifiedEvent.Type

/** The unified schema of a resource. */
export const schemaFor = (resource: Resource): typeof UnifiedJob | typeof UnifiedProfile =>
  resource === "job" ? UnifiedJob : UnifiedProfile

/** A unified record of either resource. */
export type UnifiedRecord = UnifiedJob | UnifiedProfile

/** Event wire schema of a resource (`resource` may be omitted on input; it is filled in). */
export const eventSchemaFor = (resource: Resource): Schema.Schema<UnifiedEvent, typeof UnifiedEvent.Encoded> =>
  (resource === "job" ? UnifiedJobEvent : UnifiedProfileEvent) as Schema.Schema<
    UnifiedEvent,
    typeof UnifiedEvent.Encoded
  >

