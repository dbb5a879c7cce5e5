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
const { nullable } = Metadata

/**
 * A place: the original's `text`, `lat`, `lng` and `fields` (parsed address parts keyed as HrFlow
 * keys them: `city`, `state`, `country`, `postcode`, `road`, ...). `street`, `city`, `region`,
 * `postal_code`, `country` and `remote` are this project's extras, kept equal to their `fields`
 * counterparts by `completeJob` / `completeProfile`.
 */
export const Location = Schema.Struct({
  text: nullable(Schema.String),
  lat: nullable(Schema.Number),
  lng: nullable(Schema.Number),
  fields: nullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  street: opt(Schema.String),
  city: opt(Schema.String),
  region: opt(Schema.String),
  postal_code: opt(Schema.String),
  country: opt(Schema.String),
  remote: opt(Schema.Boolean)
}).annotations({ identifier: "Location" })
/** @see Location */
export type Location = typeof Location.Type

/** A skill with its kind (`hard`, `soft`, ...) and optional level (`value`). */
export const Skill = Schema.Struct({
  name: Schema.String,
  type: opt(Schema.Literal("hard", "soft", "language", "tool", "other")),
  value: nullable(Schema.String)
}).annotations({ identifier: "Skill" })
/** @see Skill */
export type Skill = typeof Skill.Type

/** The original's `{ name, value }` item: languages, tasks, certifications, courses, interests, tags, metadatas. */
export const Item = Schema.Struct({
  name: Schema.String,
  value: nullable(Schema.String)
}).annotations({ identifier: "Item" })
/** @see Item */
export type Item = typeof Item.Type

/** A spoken language; `value` is its level. */
export const Language = Item
/** A free-form tag. */
export const Tag = Item

/** A titled section of a job description. */
export const Section = Schema.Struct({
  ...Metadata.nullables(Schema.String, "name", "title", "description")
}).annotations({ identifier: "Section" })

/** A named numeric range (`unit`: a currency or unit); a salary is the range named `salary`. */
export const RangeFloat = Schema.Struct({
  name: nullable(Schema.String),
  value_min: nullable(Schema.Number),
  value_max: nullable(Schema.Number),
  unit: nullable(Schema.String)
}).annotations({ identifier: "RangeFloat" })
/** @see RangeFloat */
export type RangeFloat = typeof RangeFloat.Type

/** A named date range (ISO text). */
export const RangeDate = Schema.Struct({
  ...Metadata.nullables(Schema.String, "name", "value_min", "value_max")
}).annotations({ identifier: "RangeDate" })

/** A salary range: this project's extra, kept equal to the `ranges_float` entry named `salary`. */
export const SalaryRange = Schema.Struct({
  min: opt(Schema.NullOr(Schema.Number)),
  max: opt(Schema.NullOr(Schema.Number)),
  currency: opt(Schema.String),
  period: opt(Schema.Literal("hour", "day", "week", "month", "year"))
}).annotations({ identifier: "SalaryRange" })
/** @see SalaryRange */
export type SalaryRange = typeof SalaryRange.Type

/** Employment types understood across systems. */
export const EmploymentType = Schema.Literal("full_time", "part_time", "contract", "temporary", "internship", "volunteer", "per_diem", "other")
/** @see EmploymentType */
export type EmploymentType = typeof EmploymentType.Type

/** Lifecycle status of a job posting. */
export const JobStatus = Schema.Literal("draft", "open", "closed", "archived")

/** A department or team. */
export const Department = Schema.Struct({ id: opt(Schema.String), name: Schema.String })

const instant = nullable(Metadata.DateTimeString)

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
  ),
  archived_at: instant
}

const identity = {
  id: Metadata.field(Schema.String, {
    identifier: true,
    cursor: { cursor: "id", cursor_start_min: "id_min", cursor_end_max: "id_max" },
    prefilter: { operators: ["eq", "in"] }
  }),
  /** The origin system's own key for the record, when it differs from `id`. */
  key: nullable(Schema.String),
  /** The caller's reference for the record (an external id). */
  reference: nullable(Schema.String),
  /** Name of the connector the record came from. */
  origin: opt(Schema.String),
  /** The native record as read, for lossless round trips and HAVING on vendor fields. */
  payload: opt(Schema.Unknown)
}

const items = opt(Schema.Array(Item))
const longText = nullable(Schema.String)

/**
 * A job posting, in the original project's vocabulary (HrFlow-shaped). Only `id` and `name` are
 * required. Extras this project adds: `status`, `employment_type`, `company`, `remote`, `salary`
 * (= `ranges_float` `salary`), `departments`, `requisition_id`, `apply_url`, `published_at`, `closes_at`.
 */
export const UnifiedJob = Schema.Struct({
  ...identity,
  board_key: nullable(Schema.String),
  name: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  url: nullable(Schema.String),
  picture: nullable(Schema.String),
  summary: longText,
  text: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
    })
  ),
  location: opt(Location),
  sections: opt(Schema.Array(Section)),
  culture: longText,
  benefits: longText,
  responsibilities: longText,
  requirements: longText,
  interviews: longText,
  skills: opt(Schema.Array(Skill)),
  languages: items,
  tasks: items,
  certifications: items,
  courses: items,
  tags: items,
  metadatas: items,
  ranges_float: opt(Schema.Array(RangeFloat)),
  ranges_date: opt(Schema.Array(RangeDate)),
  ...timestamps,
  status: opt(Metadata.field(JobStatus, { prefilter: { operators: ["eq", "in"] } })),
  employment_type: opt(EmploymentType),
  company: opt(Schema.String),
  remote: opt(Schema.Boolean),
  salary: opt(SalaryRange),
  departments: opt(Schema.Array(Department)),
  requisition_id: nullable(Schema.String),
  apply_url: nullable(Schema.String),
  published_at: instant,
  closes_at: instant
}).annotations({ identifier: "UnifiedJob" })
/** @see UnifiedJob */
export type UnifiedJob = typeof UnifiedJob.Type

/** An email address (extra: `info.email` is the first). */
export const Email = Schema.Struct({ value: Schema.String, type: opt(Schema.String) })
/** A phone number (extra: `info.phone` is the first). */
export const Phone = Schema.Struct({ value: Schema.String, type: opt(Schema.String) })
/** A link to a profile page (`type`: linkedin, github, twitter, facebook, website, ...). */
export const Url = Schema.Struct({ type: opt(Schema.String), url: Schema.String })

/**
 * A candidate's personal information, as the original names it. Extras: `emails` and `phones` (all
 * of them; `email` / `phone` are the first) and `headline`.
 */
export const ProfileInfo = Schema.Struct({
  ...Metadata.nullables(Schema.String, "full_name", "first_name", "last_name", "email", "phone", "date_birth"),
  location: opt(Location),
  urls: opt(Schema.Array(Url)),
  ...Metadata.nullables(Schema.String, "picture", "gender", "summary"),
  emails: opt(Schema.Array(Email)),
  phones: opt(Schema.Array(Phone)),
  headline: nullable(Schema.String)
}).annotations({ identifier: "ProfileInfo" })
/** @see ProfileInfo */
export type ProfileInfo = typeof ProfileInfo.Type

const period = {
  ...Metadata.nullables(Schema.String, "key", "logo", "title", "description"),
  location: opt(Location),
  date_start: nullable(Schema.String),
  date_end: nullable(Schema.String),
  skills: opt(Schema.Array(Skill)),
  certifications: items,
  courses: items,
  tasks: items,
  languages: items,
  interests: items
}

/** A position held (`current` is an extra: no `date_end`). */
export const Experience = Schema.Struct({
  ...period,
  company: nullable(Schema.String),
  current: opt(Schema.Boolean)
}).annotations({ identifier: "Experience" })

/** A degree or course: `title` is the degree; `degree` (= `title`) and `field` are extras. */
export const Education = Schema.Struct({
  ...period,
  ...Metadata.nullables(Schema.String, "school", "degree", "field")
}).annotations({ identifier: "Education" })

/** A file attached to a profile (resume, cover letter), as HrFlow describes one. */
export const Attachment = Schema.Struct({
  ...Metadata.nullables(Schema.String, "type", "alt", "file_name", "original_file_name", "extension", "content_type"),
  file_size: nullable(Schema.Number),
  ...Metadata.nullables(Schema.String, "public_url", "created_at", "updated_at")
}).annotations({ identifier: "Attachment" })

/** A profile's place in a job's pipeline (`stage`, `rating`), as the original's `labels`. */
export const Label = Schema.Struct({
  ...Metadata.nullables(Schema.String, "board_key", "job_key", "job_reference", "stage", "date_stage"),
  rating: nullable(Schema.Number),
  date_rating: nullable(Schema.String)
}).annotations({ identifier: "Label" })

/**
 * A candidate profile, in the original project's vocabulary (HrFlow-shaped). Only `id` is required.
 * Extras: `source`, `stage` (the current one) and `job_ids` (jobs applied to), plus `info.emails` /
 * `info.phones` / `info.headline`.
 */
export const UnifiedProfile = Schema.Struct({
  ...identity,
  source_key: nullable(Schema.String),
  info: opt(ProfileInfo),
  text_language: nullable(Schema.String),
  text: longText,
  experiences_duration: nullable(Schema.Number),
  educations_duration: nullable(Schema.Number),
  experiences: opt(Schema.Array(Experience)),
  educations: opt(Schema.Array(Education)),
  attachments: opt(Schema.Array(Attachment)),
  skills: opt(Schema.Array(Skill)),
  languages: items,
  certifications: items,
  courses: items,
  tasks: items,
  interests: items,
  labels: opt(Schema.Array(Label)),
  tags: items,
  metadatas: items,
  ...timestamps,
  source: opt(Schema.String),
  stage: nullable(Schema.String),
  job_ids: opt(Schema.Array(Schema.String))
}).annotations({ identifier: "UnifiedProfile" })
/** @see UnifiedProfile */
export type UnifiedProfile = typeof UnifiedProfile.Type

/** `location.fields` keys (HrFlow's address parts) behind each of this project's location extras. */
const addressParts = [
  ["street", "road"],
  ["city", "city"],
  ["region", "state"],
  ["postal_code", "postcode"],
  ["country", "country"]
] as const

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null && value !== ""

/** A location whose extras and `fields` agree: each fills the other where it is missing. */
export const completeLocation = (location: Location): Location => {
  const fields: Record<string, unknown> = { ...location.fields }
  const out: { -readonly [K in keyof Location]: Location[K] } = { ...location }
  let changed = false
  for (const [extra, part] of addressParts) {
    const own = location[extra]
    const parsed = fields[part]
    if (own === undefined && typeof parsed === "string" && parsed !== "") {
      out[extra] = parsed
    } else if (own !== undefined && (parsed === undefined || parsed === null)) {
      fields[part] = own
      changed = true
    }
  }
  if (changed) out.fields = fields
  if (!present(out.text)) {
    const text = [out.street, out.city, out.region, out.postal_code, out.country].filter(present).join(", ")
    if (text !== "") out.text = text
  }
  return out
}

const isSalaryRange = (range: RangeFloat): boolean => range.name?.toLowerCase() === "salary"

/**
 * A unified job whose extras agree with the original's fields they extend: `salary` and the
 * `ranges_float` entry named `salary`, `archived_at` and `status: "archived"`, `remote` and
 * `location.remote`, location extras and `location.fields`. Each side fills the other where it is
 * missing; nothing present is overwritten.
 */
export const completeJob = (job: UnifiedJob): UnifiedJob => {
  const out: { -readonly [K in keyof UnifiedJob]: UnifiedJob[K] } = { ...job }
  const salaryRange = job.ranges_float?.find(isSalaryRange)
  if (job.salary !== undefined && salaryRange === undefined && (job.salary.min != null || job.salary.max != null)) {
    out.ranges_float = [
      ...(job.ranges_float ?? []),
      {
        name: "salary",
        value_min: job.salary.min ?? null,
        value_max: job.salary.max ?? null,
        unit: job.salary.currency ?? null
      }
    ]
  } else if (job.salary === undefined && salaryRange !== undefined) {
    out.salary = {
      min: salaryRange.value_min ?? null,
      max: salaryRange.value_max ?? null,
      ...(present(salaryRange.unit) ? { currency: salaryRange.unit } : {})
    }
  }
  if (job.status === undefined && present(job.archived_at)) out.status = "archived"
  if (job.location !== undefined) out.location = completeLocation(job.location)
  if (out.remote === undefined && out.location?.remote !== undefined) out.remote = out.location.remote
  else if (out.remote !== undefined && out.location !== undefined && out.location.remote === undefined) {
    out.location = { ...out.location, remote: out.remote }
  }
  return out
}

const fullNameOf = (info: ProfileInfo): string | undefined => {
  const joined = [info.first_name, info.last_name].filter(present).join(" ")
  return joined === "" ? undefined : joined
}

/**
 * A single contact value (email, phone) and its list made to agree: without the single one, the list's
 * first; with it, the list holds it (first when added). Only what changes is returned.
 */
const agreeing = <V extends { readonly value: string }>(
  one: string | null | undefined,
  many: ReadonlyArray<V> | undefined
): { readonly one?: string; readonly many?: ReadonlyArray<V | { readonly value: string }> } => {
  if (!present(one)) return many !== undefined && many.length > 0 ? { one: many[0]!.value } : {}
  if (many === undefined || many.length === 0) return { many: [{ value: one }] }
  return many.some((item) => item.value === one) ? {} : { many: [{ value: one }, ...many] }
}

/** Profile info whose extras agree: `email` / `phone` are the first of `emails` / `phones`, and `full_name` is set. */
export const completeInfo = (info: ProfileInfo): ProfileInfo => {
  const out: { -readonly [K in keyof ProfileInfo]: ProfileInfo[K] } = { ...info }
  const email = agreeing(info.email, info.emails)
  if (email.one !== undefined) out.email = email.one
  if (email.many !== undefined) out.emails = email.many
  const phone = agreeing(info.phone, info.phones)
  if (phone.one !== undefined) out.phone = phone.one
  if (phone.many !== undefined) out.phones = phone.many
  if (!present(info.full_name)) {
    const full = fullNameOf(info)
    if (full !== undefined) out.full_name = full
  }
  if (info.location !== undefined) out.location = completeLocation(info.location)
  return out
}

/**
 * A unified profile whose extras agree with the original's fields: `info` as `completeInfo`, each
 * education's `degree` and `title`, and the locations of experiences as `completeLocation`.
 */
export const completeProfile = (profile: UnifiedProfile): UnifiedProfile => {
  const out: { -readonly [K in keyof UnifiedProfile]: UnifiedProfile[K] } = { ...profile }
  if (profile.info !== undefined) out.info = completeInfo(profile.info)
  if (profile.educations !== undefined) {
    out.educations = profile.educations.map((education) =>
      !present(education.title) && present(education.degree)
        ? { ...education, title: education.degree }
        : present(education.title) && education.degree === undefined
          ? { ...education, degree: education.title }
          : education
    )
  }
  if (profile.experiences !== undefined) {
    out.experiences = profile.experiences.map((experience) =>
      experience.location === undefined ? experience : { ...experience, location: completeLocation(experience.location) }
    )
  }
  return out
}

/** `completeJob` or `completeProfile`, by resource. */
export const complete = <R extends UnifiedRecord>(resource: Resource, record: R): R =>
  (resource === "job" ? completeJob(record as UnifiedJob) : completeProfile(record as UnifiedProfile)) as R

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
export const schemaFor = (resource: Resource): typeof UnifiedJob | typeof UnifiedProfile => (resource === "job" ? UnifiedJob : UnifiedProfile)

/** A unified record of either resource. */
export type UnifiedRecord = UnifiedJob | UnifiedProfile

/** Event wire schema of a resource (`resource` may be omitted on input; it is filled in). */
export const eventSchemaFor = (resource: Resource): Schema.Schema<UnifiedEvent, typeof UnifiedEvent.Encoded> =>
  (resource === "job" ? UnifiedJobEvent : UnifiedProfileEvent) as Schema.Schema<UnifiedEvent, typeof UnifiedEvent.Encoded>
