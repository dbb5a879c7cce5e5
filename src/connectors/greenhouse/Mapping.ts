/**
 * Greenhouse ↔ unified. A candidate's current `company` and `title` are its `current` experience
 * (and `title` its headline); past positions are its `employments`. Contact types are narrowed to the
 * values Greenhouse accepts. A record from another system gets no Greenhouse id: writing it creates
 * the candidate, or edits the one with its email (see Client).
 */
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import { compact, fromUnifiedBy, nonEmpty, toIso, toUnifiedBy } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type * as Schemas from "./Schemas.js"

const text = (value: string | null | undefined): string | undefined => (value == null || value === "" ? undefined : value)

/** Narrows a contact type to the values Greenhouse accepts for that kind of contact. */
const typeAmong = (allowed: ReadonlyArray<string>, fallback: string) => (type: string | null | undefined): string => {
  const lower = type?.toLowerCase()
  return lower !== undefined && allowed.includes(lower) ? lower : fallback
}
const emailType = typeAmong(["personal", "work", "other"], "personal")
const phoneType = typeAmong(["home", "work", "mobile", "skype", "other"], "mobile")
const websiteType = typeAmong(["personal", "company", "portfolio", "blog", "other"], "personal")
const socialTypes: ReadonlyArray<string> = ["linkedin", "twitter", "x", "facebook", "social"]

const isJobStatus = Schema.is(Schema.Literal("open", "closed", "draft"))

/** Greenhouse's free-text employment types (`Full-time`, `Full Time`, ...) as unified ones. */
const employmentTypeOf = (value: unknown): Unified.EmploymentType | undefined => {
  const label = typeof value === "string" ? value.toLowerCase().replace(/[\s_-]+/g, "") : ""
  if (label === "") return undefined
  if (label.startsWith("full")) return "full_time"
  if (label.startsWith("part")) return "part_time"
  if (label.startsWith("contract")) return "contract"
  if (label.startsWith("temp")) return "temporary"
  if (label.startsWith("intern")) return "internship"
  return "other"
}

/** A custom field's value, whether Harvest sends it plain or keyed (`{ name, type, value }`). */
const customValue = (fields: Schemas.GreenhouseJob["custom_fields"], key: string): unknown => {
  const field = fields?.[key]
  return field !== null && typeof field === "object" && "value" in field ? (field as { readonly value: unknown }).value : field
}

/** A Greenhouse job as a unified job. */
export const jobToUnified = (job: Schemas.GreenhouseJob): Unified.UnifiedJob => {
  const office = job.offices?.[0]
  const place = text(office?.location?.name) ?? text(office?.name)
  return compact<Unified.UnifiedJob>({
    id: String(job.id),
    origin: Config.name,
    payload: job,
    title: job.name,
    requisition_id: text(job.requisition_id),
    status: job.status,
    employment_type: employmentTypeOf(customValue(job.custom_fields, "employment_type")),
    departments: nonEmpty((job.departments ?? []).map((d) => ({ id: String(d.id), name: d.name }))),
    location: place ? { text: place } : undefined,
    published_at: toIso(job.opened_at),
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at)
  })
}

/**
 * A unified job in Greenhouse's shape. Harvest jobs are read-only here, so this is for dry runs and
 * mappings; a job from another system has no Greenhouse id and does not validate as one.
 */
export const jobFromUnified = (job: Unified.UnifiedJob): Connector.NativeRecord => {
  const status = job.status === "archived" ? "closed" : job.status
  return compact<Partial<Schemas.GreenhouseJob>>({
    id: job.origin === Config.name && /^\d+$/.test(job.id) ? Number(job.id) : undefined,
    name: job.title,
    requisition_id: job.requisition_id ?? null,
    status: status !== undefined && isJobStatus(status) ? status : "open",
    opened_at: job.published_at ?? null,
    created_at: toIso(job.created_at),
    updated_at: toIso(job.updated_at),
    departments: job.departments?.flatMap((d) => (d.id !== undefined && /^\d+$/.test(d.id) ? [{ id: Number(d.id), name: d.name }] : [])),
    custom_fields: job.employment_type ? { employment_type: job.employment_type } : undefined
  })
}

/** A Greenhouse candidate as a unified profile. */
export const candidateToUnified = (candidate: Schemas.GreenhouseCandidate): Unified.UnifiedProfile => {
  const current = text(candidate.company) || text(candidate.title) ? [compact({ company: text(candidate.company), title: text(candidate.title), current: true })] : []
  const jobIds = (candidate.applications ?? []).flatMap((a) => [...(a.jobs ?? []).map((j) => String(j.id)), ...(a.job_id !== undefined ? [String(a.job_id)] : [])])
  const address = candidate.addresses?.[0]
  return compact<Unified.UnifiedProfile>({
    id: candidate.id === undefined ? "" : String(candidate.id),
    origin: Config.name,
    payload: candidate,
    info: compact<Unified.UnifiedProfile["info"]>({
      full_name: [candidate.first_name, candidate.last_name].filter((n) => n !== "").join(" ") || undefined,
      first_name: text(candidate.first_name),
      last_name: text(candidate.last_name),
      headline: text(candidate.title),
      emails: candidate.email_addresses?.map((e) => compact({ value: e.value, type: text(e.type) })),
      phones: candidate.phone_numbers?.map((p) => compact({ value: p.value, type: text(p.type) })),
      urls: nonEmpty([
        ...(candidate.website_addresses ?? []).map((w) => compact({ url: w.value, type: text(w.type) })),
        ...(candidate.social_media_addresses ?? []).map((s) => ({ url: s.value, type: "social" }))
      ]),
      location: address ? { text: address.value } : undefined
    }),
    experiences: nonEmpty([
      ...current,
      ...(candidate.employments ?? []).map((e) =>
        compact({ company: text(e.company_name), title: text(e.title), date_start: text(e.start_date), date_end: text(e.end_date) })
      )
    ]),
    educations: candidate.educations?.map((e) =>
      compact({ school: text(e.school_name), degree: text(e.degree), field: text(e.discipline), date_start: text(e.start_date), date_end: text(e.end_date) })
    ),
    tags: candidate.tags?.map((name) => ({ name })),
    attachments: candidate.attachments?.map((a) => ({ type: a.type, filename: a.filename, url: a.url })),
    job_ids: nonEmpty([...new Set(jobIds)]),
    created_at: toIso(candidate.created_at),
    updated_at: toIso(candidate.updated_at)
  })
}

const splitName = (full: string | undefined): readonly [string, string] => {
  const parts = (full ?? "").trim().split(/\s+/).filter((p) => p !== "")
  return [parts[0] ?? "", parts.slice(1).join(" ")]
}

/** A unified profile as a Greenhouse candidate. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): Schemas.GreenhouseCandidate => {
  const info = profile.info
  const [first, last] = splitName(info.full_name)
  const experiences = profile.experiences ?? []
  const current = experiences.find((e) => e.current === true)
  const urls = info.urls ?? []
  const isSocial = (type: string | undefined) => type !== undefined && socialTypes.includes(type.toLowerCase())
  const native = profile.origin === Config.name
  return compact<Schemas.GreenhouseCandidate>({
    id: native && /^\d+$/.test(profile.id) ? Number(profile.id) : undefined,
    first_name: info.first_name ?? first,
    last_name: info.last_name ?? last,
    company: current?.company ?? null,
    title: current?.title ?? info.headline ?? null,
    email_addresses: info.emails?.map((e) => ({ value: e.value, type: emailType(e.type) })),
    phone_numbers: info.phones?.map((p) => ({ value: p.value, type: phoneType(p.type) })),
    website_addresses: nonEmpty(urls.filter((u) => !isSocial(u.type)).map((u) => ({ value: u.url, type: websiteType(u.type) }))),
    social_media_addresses: nonEmpty(urls.filter((u) => isSocial(u.type)).map((u) => ({ value: u.url }))),
    addresses: info.location?.text ? [{ value: info.location.text, type: "home" }] : undefined,
    tags: profile.tags?.map((t) => t.name),
    attachments: nonEmpty(
      (profile.attachments ?? []).flatMap((a) => (a.url && a.filename ? [{ filename: a.filename, url: a.url, type: a.type ?? "other" }] : []))
    ),
    educations: profile.educations?.map((e) => ({
      school_name: e.school ?? null,
      degree: e.degree ?? null,
      discipline: e.field ?? null,
      start_date: e.date_start ?? null,
      end_date: e.date_end ?? null
    })),
    employments: nonEmpty(
      experiences
        .filter((e) => e !== current)
        .map((e) => ({ company_name: e.company ?? null, title: e.title ?? null, start_date: e.date_start ?? null, end_date: e.date_end ?? null }))
    ),
    // Greenhouse job ids only mean something in Greenhouse.
    applications: native ? nonEmpty((profile.job_ids ?? []).filter((id) => /^\d+$/.test(id)).map((id) => ({ job_id: Number(id) }))) : undefined,
    created_at: toIso(profile.created_at),
    updated_at: toIso(profile.updated_at)
  })
}

/** Native → unified, per resource. */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** Unified → native, per resource. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
