/**
 * Greenhouse Harvest v3 ↔ unified.
 *
 * Job: `name`, `requisition_id`, `status` (unknown statuses map to none), `opened_at` → `published_at`,
 * the joined department and offices → `departments` and `location`, and two custom fields when the
 * account has them: `employment_type` and the currency range `salary_range` (→ the `salary` range).
 *
 * Candidate: a candidate's current `company` and `title` are its `current` experience (and `title` its
 * headline); past positions are its `employments`; each application (joined from `/v3/applications`)
 * is a label (`job_key` = the job id, `stage` = its current stage) and its job is in `job_ids`; the
 * first application's stage is `stage`. Contact types are narrowed to the values Greenhouse accepts.
 * A record from another system gets no Greenhouse id: writing it creates the candidate, or edits the
 * one with its email (see Client).
 */
import type * as Connector from "../../core/Connector.js"
import { compact, fromUnifiedBy, isRecord, nonEmpty, toIso, toUnifiedBy } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

const text = (value: string | null | undefined): string | undefined => (value == null || value === "" ? undefined : value)

/** A Greenhouse id from unified text: digits only, else none. */
const numericId = (value: string | null | undefined): number | undefined => (value != null && /^\d{1,15}$/.test(value) ? Number(value) : undefined)

/** Narrows a contact type to the values Greenhouse accepts for that kind of contact. */
const typeAmong =
  (allowed: ReadonlyArray<string>, fallback: string) =>
  (type: string | null | undefined): string => {
    const lower = type?.toLowerCase()
    return lower !== undefined && allowed.includes(lower) ? lower : fallback
  }
const emailType = typeAmong(["personal", "work", "other"], "personal")
const phoneType = typeAmong(["home", "work", "mobile", "skype", "other"], "mobile")
const websiteType = typeAmong(["personal", "company", "portfolio", "blog", "other"], "personal")
const socialTypes: ReadonlyArray<string> = ["linkedin", "twitter", "x", "facebook", "social"]

const jobStatusOf = (status: string): Unified.UnifiedJob["status"] =>
  (Schemas.jobStatuses as ReadonlyArray<string>).includes(status) ? (status as Unified.UnifiedJob["status"]) : undefined

/** Greenhouse's free-text employment types (`Full-time`, `Full Time`, ...) as unified ones. */
const employmentTypeOf = (value: unknown): Unified.EmploymentType | undefined => {
  const label = typeof value === "string" ? value.toLowerCase().replace(/[\s_-]+/g, "") : ""
  if (label === "") return undefined
  if (label.startsWith("full")) return "full_time"
  if (label.startsWith("part")) return "part_time"
  if (label.startsWith("contract")) return "contract"
  if (label.startsWith("temp")) return "temporary"
  if (label.startsWith("intern")) return "internship"
  if (label.startsWith("volunteer")) return "volunteer"
  if (label.startsWith("perdiem")) return "per_diem"
  return "other"
}

/** A custom field's value, whether Harvest sends it plain or keyed (`{ name, type, value }`). */
const customValue = (fields: Schemas.GreenhouseJob["custom_fields"], key: string): unknown => {
  const field = fields?.[key]
  return isRecord(field) && "value" in field ? field.value : field
}

const finite = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null)

/** The `salary_range` currency-range custom field as the unified salary range. */
const salaryRangeOf = (fields: Schemas.GreenhouseJob["custom_fields"]): Unified.RangeFloat | undefined => {
  const range = customValue(fields, "salary_range")
  if (!isRecord(range)) return undefined
  const min = finite(range.min_value)
  const max = finite(range.max_value)
  if (min === null && max === null) return undefined
  return { name: "salary", value_min: min, value_max: max, unit: typeof range.unit === "string" ? range.unit : null }
}

const officePlace = (office: NonNullable<Schemas.GreenhouseJob["offices"]>[number]): string | undefined =>
  typeof office.location === "string" ? text(office.location) : (text(office.location?.name) ?? text(office.name))

/** A Greenhouse job as a unified job. */
export const jobToUnified = (job: Schemas.GreenhouseJob): Unified.UnifiedJob => {
  const office = job.offices?.[0]
  const place = office ? officePlace(office) : undefined
  const salary = salaryRangeOf(job.custom_fields)
  const department = job.department
  return compact<Unified.UnifiedJob>({
    id: String(job.id),
    origin: Config.name,
    payload: job,
    name: job.name,
    requisition_id: text(job.requisition_id),
    status: jobStatusOf(job.status),
    employment_type: employmentTypeOf(customValue(job.custom_fields, "employment_type")),
    departments: department ? [compact({ id: department.id == null ? undefined : String(department.id), name: department.name })] : undefined,
    location: place ? { text: place } : undefined,
    ranges_float: salary ? [salary] : undefined,
    published_at: toIso(job.opened_at),
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at)
  })
}

/**
 * A unified job in Greenhouse's shape. Harvest jobs are read-only here, so this serves dry runs and
 * mappings; a job from another system has no Greenhouse id and does not validate as one.
 */
export const jobFromUnified = (job: Unified.UnifiedJob): Connector.NativeRecord => {
  const status = job.status === "archived" ? "closed" : job.status
  const department = job.departments?.[0]
  const departmentId = numericId(department?.id)
  const salary = job.ranges_float?.find((r) => r.name?.toLowerCase() === "salary")
  const customFields = compact<Record<string, unknown>>({
    employment_type: job.employment_type,
    salary_range:
      salary && (salary.value_min != null || salary.value_max != null)
        ? { min_value: salary.value_min ?? null, max_value: salary.value_max ?? null, unit: salary.unit ?? null }
        : undefined
  })
  return compact<Partial<Schemas.GreenhouseJob>>({
    id: job.origin === Config.name ? numericId(job.id) : undefined,
    name: job.name,
    requisition_id: job.requisition_id ?? null,
    status: status ?? "open",
    opened_at: job.published_at ?? null,
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at),
    department_id: departmentId ?? null,
    department: department ? { id: departmentId ?? null, name: department.name } : undefined,
    offices: job.location?.text ? [{ id: null, name: null, location: { name: job.location.text } }] : undefined,
    custom_fields: Object.keys(customFields).length > 0 ? customFields : undefined
  })
}

type Application = Schemas.GreenhouseApplication

const jobIdOf = (application: Application): number | undefined => application.job_id ?? application.jobs?.find((j) => j.id != null)?.id ?? undefined

/** One application as a label: the job it is for and its current stage. */
const labelOf = (application: Application): typeof Unified.Label.Type => {
  const job = jobIdOf(application)
  return compact({
    job_key: job === undefined ? undefined : String(job),
    stage: text(application.current_stage?.name),
    date_stage: toIso(application.last_activity_at)
  })
}

/** A Greenhouse candidate as a unified profile. */
export const candidateToUnified = (candidate: Schemas.GreenhouseCandidate): Unified.UnifiedProfile => {
  const company = text(candidate.company)
  const title = text(candidate.title)
  const current = company || title ? [compact<typeof Unified.Experience.Type>({ company, title, current: true })] : []
  const applications = candidate.applications ?? []
  const jobIds = applications.flatMap((a) => {
    const job = jobIdOf(a)
    return job === undefined ? [] : [String(job)]
  })
  const address = candidate.addresses?.[0]
  const first = text(candidate.first_name)
  const last = text(candidate.last_name)
  return compact<Unified.UnifiedProfile>({
    id: candidate.id === undefined ? "" : String(candidate.id),
    origin: Config.name,
    payload: candidate,
    info: compact<NonNullable<Unified.UnifiedProfile["info"]>>({
      full_name: [first, last].filter((n) => n !== undefined).join(" ") || undefined,
      first_name: first,
      last_name: last,
      headline: title,
      emails: nonEmpty(candidate.email_addresses?.map((e) => compact({ value: e.value, type: text(e.type) }))),
      phones: nonEmpty(candidate.phone_numbers?.map((p) => compact({ value: p.value, type: text(p.type) }))),
      urls: nonEmpty([
        ...(candidate.website_addresses ?? []).map((w) => compact({ url: w.value, type: text(w.type) })),
        ...(candidate.social_media_addresses ?? []).map((s) => ({ url: s.value, type: text(s.type) ?? "social" }))
      ]),
      location: address ? { text: address.value } : undefined
    }),
    experiences: nonEmpty([
      ...current,
      ...(candidate.employments ?? []).map((e) =>
        compact({
          key: e.id == null ? undefined : String(e.id),
          company: text(e.company_name),
          title: text(e.title),
          date_start: text(e.start_date),
          date_end: text(e.end_date)
        })
      )
    ]),
    educations: nonEmpty(
      candidate.educations?.map((e) =>
        compact({
          key: e.id == null ? undefined : String(e.id),
          school: text(e.school_name),
          title: text(e.degree),
          degree: text(e.degree),
          field: text(e.discipline),
          date_start: text(e.start_date),
          date_end: text(e.end_date)
        })
      )
    ),
    tags: nonEmpty(candidate.tags?.map((name) => ({ name }))),
    labels: nonEmpty(applications.map(labelOf)),
    job_ids: nonEmpty([...new Set(jobIds)]),
    stage: text(applications[0]?.current_stage?.name),
    created_at: toIso(candidate.created_at),
    updated_at: toIso(candidate.updated_at)
  })
}

const splitName = (full: string | null | undefined): readonly [string, string] => {
  const parts = (full ?? "")
    .trim()
    .split(/\s+/)
    .filter((p) => p !== "")
  return [parts[0] ?? "", parts.slice(1).join(" ")]
}

/** The applications a native profile names: its labels, else its job ids (the first with `stage`). */
const applicationsOf = (profile: Unified.UnifiedProfile): ReadonlyArray<Application> | undefined => {
  const fromLabels = (profile.labels ?? []).flatMap((label) => {
    const job = numericId(label.job_key)
    return job === undefined
      ? []
      : [
          compact<Application>({
            job_id: job,
            current_stage: label.stage ? { id: null, name: label.stage } : undefined,
            last_activity_at: label.date_stage ?? undefined
          })
        ]
  })
  if (fromLabels.length > 0) return fromLabels
  return nonEmpty(
    (profile.job_ids ?? []).flatMap((id, i) => {
      const job = numericId(id)
      return job === undefined
        ? []
        : [compact<Application>({ job_id: job, current_stage: i === 0 && profile.stage ? { id: null, name: profile.stage } : undefined })]
    })
  )
}

/** A unified profile as a Greenhouse candidate. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): Schemas.GreenhouseCandidate => {
  const info = profile.info ?? {}
  const [first, last] = splitName(info.full_name)
  const experiences = profile.experiences ?? []
  const current = experiences.find((e) => e.current === true)
  const urls = info.urls ?? []
  const isSocial = (type: string | undefined) => type !== undefined && socialTypes.includes(type.toLowerCase())
  const native = profile.origin === Config.name
  return compact<Schemas.GreenhouseCandidate>({
    id: native ? numericId(profile.id) : undefined,
    first_name: info.first_name ?? first,
    last_name: info.last_name ?? last,
    company: current?.company ?? null,
    title: current?.title ?? info.headline ?? null,
    email_addresses: info.emails?.map((e) => ({ value: e.value, type: emailType(e.type) })),
    phone_numbers: info.phones?.map((p) => ({ value: p.value, type: phoneType(p.type) })),
    website_addresses: nonEmpty(urls.filter((u) => !isSocial(u.type)).map((u) => ({ value: u.url, type: websiteType(u.type) }))),
    social_media_addresses: nonEmpty(urls.filter((u) => isSocial(u.type)).map((u) => compact({ value: u.url, type: u.type }))),
    addresses: info.location?.text ? [{ value: info.location.text, type: "home" }] : undefined,
    tags: profile.tags?.map((t) => t.name),
    educations: profile.educations?.map((e) => ({
      id: numericId(e.key) ?? null,
      school_name: e.school ?? null,
      degree: e.title ?? e.degree ?? null,
      discipline: e.field ?? null,
      start_date: e.date_start ?? null,
      end_date: e.date_end ?? null
    })),
    employments: nonEmpty(
      experiences
        .filter((e) => e !== current)
        .map((e) => ({
          id: numericId(e.key) ?? null,
          company_name: e.company ?? null,
          title: e.title ?? null,
          start_date: e.date_start ?? null,
          end_date: e.date_end ?? null
        }))
    ),
    // Greenhouse job ids only mean something in Greenhouse.
    applications: native ? applicationsOf(profile) : undefined,
    created_at: toIso(profile.created_at),
    updated_at: toIso(profile.updated_at)
  })
}

/** Native → unified, per resource. */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** Unified → native, per resource. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
