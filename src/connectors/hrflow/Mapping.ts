/**
 * HrFlow.ai ↔ unified. Unified fields HrFlow has no slot for travel as tags (`status`,
 * `employment_type`, `company`, `requisition_id`, `department`) and a `description` section, and are
 * read back from there. Records from other systems are written under their id as HrFlow `reference`
 * (HrFlow assigns its own `key`), so writing them again updates instead of duplicating.
 */
import * as Schema from "effect/Schema"
import { compact, fromUnifiedBy, toIso, toUnifiedBy } from "../../core/MappingKit.js"
import * as Metadata from "../../core/Metadata.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

const text = (value: string | number | boolean | null | undefined): string | undefined =>
  value === null || value === undefined || value === "" ? undefined : String(value)

/** A unified timestamp in HrFlow's form. */
const toHrFlow = (value: string | null | undefined): string | undefined => {
  const ms = value == null ? undefined : Metadata.parseInstant(value)
  return ms === undefined ? undefined : Schemas.formatTimestamp(ms)
}

const isJobStatus = Schema.is(Unified.JobStatus)
const isEmploymentType = Schema.is(Unified.EmploymentType)

/** Tags that carry unified job fields. */
const jobTagNames = ["status", "employment_type", "company", "requisition_id", "department"] as const
const descriptionSection = "description"

const location = (loc: Schemas.HrFlowJob["location"]): Unified.Location | undefined =>
  loc ? compact<Unified.Location>({ text: text(loc.text), lat: loc.lat ?? undefined, lng: loc.lng ?? undefined }) : undefined

const fromLocation = (loc: Unified.Location | undefined) =>
  loc
    ? {
        text: loc.text ?? ([loc.street, loc.city, loc.region, loc.postal_code, loc.country].filter(Boolean).join(", ") || null),
        lat: loc.lat ?? null,
        lng: loc.lng ?? null
      }
    : undefined

const skills = (list: Schemas.HrFlowJob["skills"]): ReadonlyArray<Unified.Skill> | undefined =>
  list?.map((s) =>
    compact<Unified.Skill>({
      name: s.name,
      type: s.type === "hard" || s.type === "soft" ? s.type : undefined,
      value: text(s.value)
    })
  )

const fromSkills = (list: ReadonlyArray<Unified.Skill> | undefined) =>
  list?.map((s) => ({ name: s.name, type: s.type === "soft" ? "soft" : "hard", value: s.value ?? null }))

const languages = (list: Schemas.HrFlowJob["languages"]) =>
  list?.map((l) => compact<typeof Unified.Language.Type>({ name: l.name, level: text(l.value) }))

const fromLanguages = (list: ReadonlyArray<typeof Unified.Language.Type> | undefined) =>
  list?.map((l) => ({ name: l.name, value: l.level ?? null }))

const identity = (record: { readonly key?: string | undefined; readonly reference?: string | null | undefined }) => ({
  id: record.key ?? record.reference ?? "",
  reference: record.reference ?? undefined,
  origin: Config.name
})

/**
 * Where a unified record goes in HrFlow: its own `key` when it came from HrFlow, otherwise its id as
 * the `reference` HrFlow finds it by.
 */
const fromIdentity = (record: Unified.UnifiedRecord) =>
  record.origin === Config.name
    ? { key: record.id, reference: record.reference ?? undefined }
    : { reference: record.reference ?? record.id }

/** An HrFlow job as a unified job. */
export const jobToUnified = (job: Schemas.HrFlowJob): Unified.UnifiedJob => {
  const tags = job.tags ?? []
  const tag = (name: string) => text(tags.find((t) => t.name === name)?.value)
  const status = tag("status")
  const employmentType = tag("employment_type")
  const department = tags.filter((t) => t.name === "department").flatMap((t) => (text(t.value) ? [{ name: text(t.value)! }] : []))
  const sections = job.sections ?? []
  const salary = job.ranges_float?.find((r) => /salary/i.test(r.name ?? ""))
  const { id, origin, reference } = identity(job)
  return compact<Unified.UnifiedJob>({
    id,
    reference,
    origin,
    payload: job,
    title: job.name,
    summary: text(job.summary),
    description: text(sections.find((s) => s.name === descriptionSection)?.description),
    sections: sections
      .filter((s) => s.name !== descriptionSection && text(s.description) !== undefined)
      .map((s) => compact({ name: text(s.name), title: text(s.title), description: s.description! })),
    url: text(job.url),
    status: status !== undefined && isJobStatus(status) ? status : undefined,
    employment_type: employmentType !== undefined && isEmploymentType(employmentType) ? employmentType : undefined,
    company: tag("company"),
    requisition_id: tag("requisition_id"),
    departments: department.length > 0 ? department : undefined,
    location: location(job.location),
    salary: salary
      ? compact({ min: salary.value_min ?? undefined, max: salary.value_max ?? undefined, currency: text(salary.unit) })
      : undefined,
    skills: skills(job.skills),
    languages: languages(job.languages),
    tags: tags
      .filter((t) => !(jobTagNames as ReadonlyArray<string>).includes(t.name))
      .map((t) => compact({ name: t.name, value: t.value === null || t.value === undefined ? undefined : String(t.value) })),
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at)
  })
}

/** A unified job as an HrFlow job. */
export const jobFromUnified = (job: Unified.UnifiedJob): Schemas.HrFlowJob => {
  const reserved = [
    ["status", job.status],
    ["employment_type", job.employment_type],
    ["company", job.company],
    ["requisition_id", job.requisition_id],
    ...(job.departments ?? []).map((d) => ["department", d.name] as const)
  ] as const
  const tags = [
    ...(job.tags ?? []).map((t) => ({ name: t.name, value: t.value ?? null })),
    ...reserved.flatMap(([name, value]) => (value == null ? [] : [{ name, value }]))
  ]
  const sections = [
    ...(job.description ? [{ name: descriptionSection, title: "Description", description: job.description }] : []),
    ...(job.sections ?? []).map((s) => ({ name: s.name ?? null, title: s.title ?? null, description: s.description }))
  ]
  const salary = job.salary
  return compact<Schemas.HrFlowJob>({
    ...fromIdentity(job),
    name: job.title,
    summary: job.summary ?? null,
    url: job.url ?? job.apply_url ?? null,
    location: fromLocation(job.location),
    sections,
    skills: fromSkills(job.skills),
    languages: fromLanguages(job.languages),
    tags,
    ranges_float:
      salary && (salary.min != null || salary.max != null)
        ? [{ name: "salary", value_min: salary.min ?? null, value_max: salary.max ?? null, unit: salary.currency ?? null }]
        : undefined,
    created_at: toHrFlow(job.created_at),
    updated_at: toHrFlow(job.updated_at)
  })
}

/** An HrFlow profile as a unified profile. */
export const profileToUnified = (profile: Schemas.HrFlowProfile): Unified.UnifiedProfile => {
  const info = profile.info
  const { id, origin, reference } = identity(profile)
  return compact<Unified.UnifiedProfile>({
    id,
    reference,
    origin,
    payload: profile,
    info: compact<Unified.UnifiedProfile["info"]>({
      full_name: text(info.full_name) ?? (([info.first_name, info.last_name].filter(Boolean).join(" ")) || undefined),
      first_name: text(info.first_name),
      last_name: text(info.last_name),
      summary: text(info.summary),
      emails: text(info.email) ? [{ value: info.email! }] : undefined,
      phones: text(info.phone) ? [{ value: info.phone! }] : undefined,
      urls: info.urls?.flatMap((u) => (text(u.url) ? [compact({ url: u.url!, type: text(u.type) })] : [])),
      location: location(info.location),
      date_of_birth: text(info.date_birth),
      gender: text(info.gender)
    }),
    experiences: profile.experiences?.map((e) =>
      compact({
        title: text(e.title),
        company: text(e.company),
        description: text(e.description),
        location: location(e.location),
        date_start: text(e.date_start),
        date_end: text(e.date_end),
        skills: skills(e.skills)
      })
    ),
    educations: profile.educations?.map((e) =>
      compact({
        school: text(e.school),
        degree: text(e.title),
        description: text(e.description),
        location: location(e.location),
        date_start: text(e.date_start),
        date_end: text(e.date_end)
      })
    ),
    skills: skills(profile.skills),
    languages: languages(profile.languages),
    tags: profile.tags?.map((t) => compact({ name: t.name, value: t.value === null || t.value === undefined ? undefined : String(t.value) })),
    attachments: profile.attachments?.map((a) =>
      compact({ type: text(a.type), filename: text(a.original_file_name) ?? text(a.file_name), url: text(a.public_url) })
    ),
    created_at: toIso(profile.created_at),
    updated_at: toIso(profile.updated_at)
  })
}

/** A unified profile as an HrFlow profile. */
export const profileFromUnified = (profile: Unified.UnifiedProfile): Schemas.HrFlowProfile => {
  const info = profile.info
  const fullName = info.full_name ?? ([info.first_name, info.last_name].filter(Boolean).join(" ") || null)
  return compact<Schemas.HrFlowProfile>({
    ...fromIdentity(profile),
    info: {
      full_name: fullName,
      first_name: info.first_name ?? null,
      last_name: info.last_name ?? null,
      email: info.emails?.[0]?.value ?? null,
      phone: info.phones?.[0]?.value ?? null,
      date_birth: info.date_of_birth ?? null,
      gender: info.gender ?? null,
      location: fromLocation(info.location) ?? null,
      urls: (info.urls ?? []).map((u) => ({ type: u.type ?? null, url: u.url })),
      summary: info.summary ?? info.headline ?? null
    },
    experiences: profile.experiences?.map((e) => ({
      company: e.company ?? null,
      title: e.title ?? null,
      description: e.description ?? null,
      location: fromLocation(e.location) ?? null,
      date_start: e.date_start ?? null,
      date_end: e.date_end ?? null,
      ...(e.skills ? { skills: fromSkills(e.skills)! } : {})
    })),
    educations: profile.educations?.map((e) => ({
      school: e.school ?? null,
      title: e.degree ?? null,
      description: e.description ?? null,
      location: fromLocation(e.location) ?? null,
      date_start: e.date_start ?? null,
      date_end: e.date_end ?? null
    })),
    skills: fromSkills(profile.skills),
    languages: fromLanguages(profile.languages),
    tags: profile.tags?.map((t) => ({ name: t.name, value: t.value ?? null })),
    attachments: profile.attachments?.map((a) => ({
      type: a.type ?? null,
      file_name: a.filename ?? null,
      public_url: a.url ?? null
    })),
    created_at: toHrFlow(profile.created_at),
    updated_at: toHrFlow(profile.updated_at)
  })
}

/** Native → unified, per resource. */
export const toUnified = toUnifiedBy(jobToUnified, profileToUnified)

/** Unified → native, per resource. */
export const fromUnified = fromUnifiedBy(jobFromUnified, profileFromUnified)
