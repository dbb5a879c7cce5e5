/**
 * HrFlow.ai ↔ unified. HrFlow's objects are the shape of the unified model, so most fields map one to
 * one both ways. What HrFlow has no slot for travels in reserved places and is read back from there:
 * a job's `text` is the section named `description`; `status`, `employment_type`, `company`,
 * `requisition_id`, `department`, `remote`, `apply_url`, `published_at` and `closes_at` are tags of
 * those names. Records from other systems are written under their id as HrFlow `reference` (HrFlow
 * assigns its own `key`), so writing them again updates instead of duplicating.
 *
 * Reading normalises what HrFlow sends in several forms: numbers sent as text, item values sent as
 * numbers or booleans (kept as text), `location.fields: []`, older `info.urls` objects, epoch-ms label
 * dates, and placeholder period dates (`1969-12-31T23:59:59`, `1970-01-01T00:00:00`, year 1, years from 2100).
 */
import * as Schema from "effect/Schema"
import { compact, fromUnifiedBy, isRecord, nonEmpty, toIso, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Metadata from "../../core/Metadata.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/** A value as text; null and absent are absent (empty text is kept: it round-trips as sent). */
const text = (value: string | number | boolean | null | undefined): string | undefined => (value === null || value === undefined ? undefined : String(value))

const numeric = (value: string | number | null | undefined): number | undefined => {
  if (value === null || value === undefined || value === "") return undefined
  const n = typeof value === "number" ? value : Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** A unified timestamp in HrFlow's form. */
const toHrFlow = (value: string | null | undefined): string | undefined => {
  const ms = value == null ? undefined : Metadata.parseInstant(value)
  return ms === undefined ? undefined : Schemas.formatTimestamp(ms)
}

/** An ISO text of epoch milliseconds, or the text itself. */
const instantText = (value: string | number | null | undefined): string | undefined =>
  typeof value === "number" ? (Number.isFinite(value) ? new Date(value).toISOString() : undefined) : text(value)

/** Placeholders HrFlow's parsing puts where a period has no real date. */
const isPlaceholderDate = (value: string): boolean => {
  const ms = Metadata.parseInstant(value.length === 10 ? `${value}T00:00:00Z` : value)
  if (ms === undefined) return false
  const year = new Date(ms).getUTCFullYear()
  return year <= 1 || year >= 2100 || /^1969-12-31T23:59:59/.test(value) || /^1970-01-01T00:00:00/.test(value)
}

const periodDate = (value: typeof Schemas.HrFlowDate.Type | null | undefined): string | undefined => {
  const raw = typeof value === "string" ? text(value) : text(value?.iso8601)
  return raw === undefined || isPlaceholderDate(raw) ? undefined : raw
}

const isJobStatus = Schema.is(Unified.JobStatus)
const isEmploymentType = Schema.is(Unified.EmploymentType)

/** The section holding a job's `text`. */
const textSection = "description"

/** Tags that carry unified job fields HrFlow has no slot for. */
export const reservedJobTags: ReadonlyArray<string> = [
  "status",
  "employment_type",
  "company",
  "requisition_id",
  "department",
  "remote",
  "apply_url",
  "published_at",
  "closes_at"
]

// ---- shared parts

const location = (loc: Schemas.HrFlowLocation | null | undefined): Unified.Location | undefined => {
  if (!loc) return undefined
  // `[]` is HrFlow's "no parsed parts"; an object is kept as sent.
  const fields = isRecord(loc.fields) ? loc.fields : undefined
  const out = compact<Unified.Location>({ text: text(loc.text), lat: numeric(loc.lat), lng: numeric(loc.lng), fields })
  return Object.keys(out).length === 0 ? undefined : out
}

const fromLocation = (loc: Unified.Location | undefined): Schemas.HrFlowLocation | undefined =>
  loc
    ? compact<Schemas.HrFlowLocation>({
        text: loc.text ?? null,
        lat: loc.lat ?? null,
        lng: loc.lng ?? null,
        fields: loc.fields ?? undefined
      })
    : undefined

const skillTypes: Readonly<Record<string, NonNullable<Unified.Skill["type"]>>> = {
  hard: "hard",
  hard_skill: "hard",
  soft: "soft",
  soft_skill: "soft",
  language: "language",
  tool: "tool",
  other: "other"
}

const skills = (list: ReadonlyArray<Schemas.HrFlowSkill> | null | undefined): ReadonlyArray<Unified.Skill> | undefined =>
  list?.map((s) =>
    compact<Unified.Skill>({
      name: s.name,
      // HrFlow's types are free text: known ones map, anything else is "other".
      type: s.type == null || s.type === "" ? undefined : (skillTypes[s.type.toLowerCase()] ?? "other"),
      value: text(s.value)
    })
  )

const fromSkills = (list: ReadonlyArray<Unified.Skill> | undefined) => list?.map((s) => ({ name: s.name, type: s.type ?? null, value: s.value ?? null }))

const itemsOf = (list: ReadonlyArray<Schemas.HrFlowItem> | null | undefined): ReadonlyArray<Unified.Item> | undefined =>
  list?.map((item) => compact<Unified.Item>({ name: item.name, value: text(item.value) }))

const fromItems = (list: ReadonlyArray<Unified.Item> | undefined) => list?.map((item) => ({ name: item.name, value: item.value ?? null }))

const identity = (record: { readonly key?: string | undefined; readonly reference?: string | null | undefined }) =>
  compact<{ id: string; key?: string; reference?: string; origin: string }>({
    id: record.key ?? text(record.reference) ?? "",
    key: record.key,
    reference: text(record.reference),
    origin: Config.name
  })

/**
 * Where a unified record goes in HrFlow: its own `key` when it came from HrFlow, otherwise its id as
 * the `reference` HrFlow finds it by.
 */
const fromIdentity = (record: Unified.UnifiedRecord) =>
  record.origin === Config.name
    ? compact<{ key?: string; reference?: string | null }>({ key: record.key ?? record.id, reference: record.reference ?? undefined })
    : { reference: record.reference ?? record.id }

// ---- jobs

/** An HrFlow job as a unified job. */
export const jobToUnified = (job: Schemas.HrFlowJob): Unified.UnifiedJob => {
  const tags = job.tags ?? []
  const tag = (name: string) => text(tags.find((t) => t.name === name)?.value)
  const status = tag("status")
  const employmentType = tag("employment_type")
  const remote = tag("remote")
  const departments = tags.flatMap((t) => {
    const name = t.name === "department" ? text(t.value) : undefined
    return name === undefined ? [] : [{ name }]
  })
  const sections = job.sections ?? []
  const described = sections.find((s) => s.name === textSection)
  return compact<Unified.UnifiedJob>({
    ...identity(job),
    payload: job,
    board_key: job.board_key ?? job.board?.key,
    name: job.name,
    summary: text(job.summary),
    text: text(described?.description),
    sections: nonEmpty(
      sections.filter((s) => s !== described).map((s) => compact({ name: text(s.name), title: text(s.title), description: text(s.description) }))
    ),
    url: text(job.url),
    picture: text(job.picture),
    culture: text(job.culture),
    benefits: text(job.benefits),
    responsibilities: text(job.responsibilities),
    requirements: text(job.requirements),
    interviews: text(job.interviews),
    location: location(job.location),
    skills: skills(job.skills),
    languages: itemsOf(job.languages),
    certifications: itemsOf(job.certifications),
    courses: itemsOf(job.courses),
    tasks: itemsOf(job.tasks),
    tags: itemsOf(tags.filter((t) => !reservedJobTags.includes(t.name))),
    metadatas: itemsOf(job.metadatas),
    ranges_float: job.ranges_float?.map((r) =>
      compact<Unified.RangeFloat>({ name: text(r.name), value_min: numeric(r.value_min), value_max: numeric(r.value_max), unit: text(r.unit) })
    ),
    ranges_date: job.ranges_date?.map((r) => compact({ name: text(r.name), value_min: text(r.value_min), value_max: text(r.value_max) })),
    status: status !== undefined && isJobStatus(status) ? status : undefined,
    employment_type: employmentType !== undefined && isEmploymentType(employmentType) ? employmentType : undefined,
    company: tag("company"),
    requisition_id: tag("requisition_id"),
    departments: nonEmpty(departments),
    remote: remote === "true" ? true : remote === "false" ? false : undefined,
    apply_url: tag("apply_url"),
    published_at: toIso(tag("published_at")),
    closes_at: toIso(tag("closes_at")),
    archived_at: toIso(job.archived_at),
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at)
  })
}

/** A unified job as an HrFlow job. */
export const jobFromUnified = (job: Unified.UnifiedJob): Schemas.HrFlowJob => {
  const unchanged = unchangedPayload(Config.name, job, (native: Schemas.HrFlowJob) => Unified.completeJob(jobToUnified(native)))
  if (unchanged) return unchanged as unknown as Schemas.HrFlowJob
  const reserved: ReadonlyArray<readonly [string, string | null | undefined]> = [
    ["status", job.status],
    ["employment_type", job.employment_type],
    ["company", job.company],
    ["requisition_id", job.requisition_id],
    ...(job.departments ?? []).map((d) => ["department", d.name] as const),
    ["remote", job.remote === undefined ? undefined : String(job.remote)],
    ["apply_url", job.apply_url],
    ["published_at", job.published_at],
    ["closes_at", job.closes_at]
  ]
  const tags = [...(fromItems(job.tags) ?? []), ...reserved.flatMap(([name, value]) => (value == null ? [] : [{ name, value }]))]
  const origin = job.origin === Config.name && isRecord(job.payload) ? (job.payload as Schemas.HrFlowJob) : undefined
  const title = origin?.sections?.find((s) => s.name === textSection)?.title ?? "Description"
  const sections = [
    ...(job.text != null && job.text !== "" ? [{ name: textSection, title, description: job.text }] : []),
    ...(job.sections ?? []).map((s) => ({ name: s.name ?? null, title: s.title ?? null, description: s.description ?? null }))
  ]
  return compact<Schemas.HrFlowJob>({
    ...fromIdentity(job),
    name: job.name,
    summary: job.summary ?? null,
    url: job.url ?? null,
    picture: job.picture ?? undefined,
    culture: job.culture ?? undefined,
    benefits: job.benefits ?? undefined,
    responsibilities: job.responsibilities ?? undefined,
    requirements: job.requirements ?? undefined,
    interviews: job.interviews ?? undefined,
    location: fromLocation(job.location),
    sections,
    skills: fromSkills(job.skills),
    languages: fromItems(job.languages),
    certifications: fromItems(job.certifications),
    courses: fromItems(job.courses),
    tasks: fromItems(job.tasks),
    tags,
    metadatas: fromItems(job.metadatas),
    ranges_float: job.ranges_float?.map((r) => ({
      name: r.name ?? null,
      value_min: r.value_min ?? null,
      value_max: r.value_max ?? null,
      unit: r.unit ?? null
    })),
    ranges_date: job.ranges_date?.map((r) => ({ name: r.name ?? null, value_min: r.value_min ?? null, value_max: r.value_max ?? null })),
    archived_at: toHrFlow(job.archived_at),
    created_at: toHrFlow(job.created_at),
    updated_at: toHrFlow(job.updated_at)
  })
}

// ---- profiles

/** Links from either form of `info.urls`: a list, or the older object keyed by network. */
const urls = (value: Schemas.HrFlowInfo["urls"]): ReadonlyArray<typeof Unified.Url.Type> | undefined => {
  if (value == null) return undefined
  if (Array.isArray(value)) {
    return (value as ReadonlyArray<typeof Schemas.HrFlowUrl.Type>).flatMap((u) => {
      const url = text(u.url)
      return url === undefined ? [] : [compact({ url, type: text(u.type) })]
    })
  }
  return Object.entries(value as typeof Schemas.HrFlowUrlMap.Type).flatMap(([type, entry]) => {
    if (typeof entry === "string") return entry === "" ? [] : [{ type, url: entry }]
    return (entry ?? []).flatMap((url) => (typeof url === "string" && url !== "" ? [{ type, url }] : []))
  })
}

const periodOf = (p: Schemas.HrFlowExperience | Schemas.HrFlowEducation) => ({
  key: text(p.key),
  logo: text(p.logo),
  title: text(p.title),
  description: text(p.description),
  location: location(p.location),
  date_start: periodDate(p.date_start),
  date_end: periodDate(p.date_end),
  skills: skills(p.skills),
  certifications: itemsOf(p.certifications),
  courses: itemsOf(p.courses),
  tasks: itemsOf(p.tasks),
  languages: itemsOf(p.languages),
  interests: itemsOf(p.interests)
})

type Period = Unified.UnifiedProfile["experiences"] extends ReadonlyArray<infer E> | undefined ? E : never
type EducationPeriod = Unified.UnifiedProfile["educations"] extends ReadonlyArray<infer E> | undefined ? E : never

const fromPeriod = (p: Period | EducationPeriod) =>
  compact({
    key: p.key ?? undefined,
    logo: p.logo ?? undefined,
    title: p.title ?? null,
    description: p.description ?? null,
    location: fromLocation(p.location) ?? null,
    date_start: p.date_start ?? null,
    date_end: p.date_end ?? null,
    skills: fromSkills(p.skills),
    certifications: fromItems(p.certifications),
    courses: fromItems(p.courses),
    tasks: fromItems(p.tasks),
    languages: fromItems(p.languages),
    interests: fromItems(p.interests)
  })

/** An HrFlow profile as a unified profile. */
export const profileToUnified = (profile: Schemas.HrFlowProfile): Unified.UnifiedProfile => {
  const info = profile.info
  return compact<Unified.UnifiedProfile>({
    ...identity(profile),
    payload: profile,
    source_key: profile.source_key ?? profile.source?.key,
    source: text(profile.source?.name),
    info: info
      ? compact<Unified.ProfileInfo>({
          full_name: text(info.full_name),
          first_name: text(info.first_name),
          last_name: text(info.last_name),
          email: text(info.email),
          phone: text(info.phone),
          date_birth: text(info.date_birth),
          gender: text(info.gender),
          picture: text(info.picture),
          summary: text(info.summary),
          urls: nonEmpty(urls(info.urls)),
          location: location(info.location)
        })
      : undefined,
    text_language: text(profile.text_language),
    text: text(profile.text),
    experiences_duration: numeric(profile.experiences_duration),
    educations_duration: numeric(profile.educations_duration),
    experiences: profile.experiences?.map((e) => compact<Period>({ ...periodOf(e), company: text(e.company) })),
    educations: profile.educations?.map((e) => compact<EducationPeriod>({ ...periodOf(e), school: text(e.school) })),
    attachments: profile.attachments?.map((a) =>
      compact<typeof Unified.Attachment.Type>({
        type: text(a.type),
        alt: text(a.alt),
        file_name: text(a.file_name),
        original_file_name: text(a.original_file_name),
        extension: text(a.extension),
        content_type: text(a.content_type),
        file_size: numeric(a.file_size),
        public_url: text(a.public_url),
        created_at: toIso(a.created_at) ?? text(a.created_at),
        updated_at: toIso(a.updated_at) ?? text(a.updated_at)
      })
    ),
    skills: skills(profile.skills),
    languages: itemsOf(profile.languages),
    certifications: itemsOf(profile.certifications),
    courses: itemsOf(profile.courses),
    tasks: itemsOf(profile.tasks),
    interests: itemsOf(profile.interests),
    tags: itemsOf(profile.tags),
    metadatas: itemsOf(profile.metadatas),
    labels: profile.labels?.map((l) =>
      compact<typeof Unified.Label.Type>({
        board_key: text(l.board_key),
        job_key: text(l.job_key),
        job_reference: text(l.job_reference),
        stage: text(l.stage),
        date_stage: instantText(l.date_stage),
        rating: numeric(l.rating),
        date_rating: instantText(l.date_rating)
      })
    ),
    archived_at: toIso(profile.archived_at),
    created_at: toIso(profile.created_at),
    updated_at: toIso(profile.updated_at)
  })
}

/** A unified profile as an HrFlow profile. */
export const profileFromUnified = (profile: Unified.UnifiedProfile): Schemas.HrFlowProfile => {
  const unchanged = unchangedPayload(Config.name, profile, (native: Schemas.HrFlowProfile) => Unified.completeProfile(profileToUnified(native)))
  if (unchanged) return unchanged as unknown as Schemas.HrFlowProfile
  const info = profile.info ?? {}
  const out: Mutable<Schemas.HrFlowProfile> = compact<Schemas.HrFlowProfile>({
    ...fromIdentity(profile),
    info: {
      full_name: info.full_name ?? null,
      first_name: info.first_name ?? null,
      last_name: info.last_name ?? null,
      email: info.email ?? null,
      phone: info.phone ?? null,
      date_birth: info.date_birth ?? null,
      gender: info.gender ?? null,
      picture: info.picture ?? null,
      location: fromLocation(info.location) ?? null,
      urls: (info.urls ?? []).map((u) => ({ type: u.type ?? null, url: u.url })),
      summary: info.summary ?? null
    },
    text_language: profile.text_language ?? undefined,
    text: profile.text ?? undefined,
    experiences_duration: profile.experiences_duration ?? undefined,
    educations_duration: profile.educations_duration ?? undefined,
    experiences: profile.experiences?.map((e) => ({ ...fromPeriod(e), company: e.company ?? null })),
    educations: profile.educations?.map((e) => ({ ...fromPeriod(e), school: e.school ?? null })),
    attachments: profile.attachments?.map((a) => ({
      type: a.type ?? null,
      alt: a.alt ?? null,
      file_name: a.file_name ?? null,
      original_file_name: a.original_file_name ?? null,
      extension: a.extension ?? null,
      content_type: a.content_type ?? null,
      file_size: a.file_size ?? null,
      public_url: a.public_url ?? null,
      created_at: a.created_at ?? null,
      updated_at: a.updated_at ?? null
    })),
    skills: fromSkills(profile.skills),
    languages: fromItems(profile.languages),
    certifications: fromItems(profile.certifications),
    courses: fromItems(profile.courses),
    tasks: fromItems(profile.tasks),
    interests: fromItems(profile.interests),
    tags: fromItems(profile.tags),
    metadatas: fromItems(profile.metadatas),
    labels: profile.labels?.map((l) => ({
      board_key: l.board_key ?? null,
      job_key: l.job_key ?? null,
      job_reference: l.job_reference ?? null,
      stage: l.stage ?? null,
      date_stage: l.date_stage ?? null,
      rating: l.rating ?? null,
      date_rating: l.date_rating ?? null
    })),
    archived_at: toHrFlow(profile.archived_at),
    created_at: toHrFlow(profile.created_at),
    updated_at: toHrFlow(profile.updated_at)
  })
  return out
}

/** Native → unified, per resource. */
export const toUnified = toUnifiedBy(jobToUnified, profileToUnified)

/** Unified → native, per resource. */
export const fromUnified = fromUnifiedBy(jobFromUnified, profileFromUnified)
