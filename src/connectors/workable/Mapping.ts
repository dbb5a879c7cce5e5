/**
 * Workable records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When
 * a unified record came from Workable, `fromUnified` returns that payload as is if nothing was changed
 * (a Workable → unified → Workable trip is lossless), else lays the mapped unified fields over it.
 *
 * A job's `title` is the unified `name`, `shortcode` its `reference`, `code` its requisition id,
 * `description` / `requirements` / `benefits` the fields of those names, `keywords` its tags; the
 * primary `location` and `workplace_type` give the location and `remote` (`on_site` and `hybrid` are
 * not remote); `industry`, `function`, `experience`, `education` and the workplace type travel as
 * `metadatas`. Job states map to unified statuses (`published` ↔ `open`; an unknown state leaves the
 * status absent). A candidate's `job.shortcode` is its single `job_ids` entry and its label (with the
 * stage); `domain` is the `source`; Workable's pipeline details (`profile_url`, `stage_kind`,
 * disqualification, `sourced`, `hired_at`, `cover_letter`) travel as `metadatas`.
 */
import { fromUnifiedBy, isRecord, nonEmpty, originPayload, put, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { JobState, WorkableCandidate, WorkableJob } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const toStatus: Readonly<Record<string, Unified.UnifiedJob["status"]>> = {
  draft: "draft",
  published: "open",
  closed: "closed",
  archived: "archived"
}

const fromStatus = (status: Unified.UnifiedJob["status"]): JobState | undefined => (status === undefined ? undefined : status === "open" ? "published" : status)

const employmentTypes: ReadonlyArray<readonly [Unified.EmploymentType, string]> = [
  ["full_time", "Full-time"],
  ["part_time", "Part-time"],
  ["contract", "Contract"],
  ["temporary", "Temporary"],
  ["internship", "Internship"],
  ["volunteer", "Volunteer"],
  ["other", "Other"]
]

const toEmploymentType = (value: string | null | undefined): Unified.EmploymentType | undefined => {
  if (value == null) return undefined
  const key = value.toLowerCase().replace(/[^a-z]/g, "")
  return employmentTypes.find(([, label]) => label.toLowerCase().replace(/[^a-z]/g, "") === key)?.[0]
}

const present = (value: string | null | undefined): string | undefined => (value == null || value === "" ? undefined : value)

/** `metadatas` names that carry Workable fields the unified model has no field for. */
export const metadataNames = {
  job: ["workplace_type", "industry", "function", "experience", "education"],
  profile: ["profile_url", "stage_kind", "disqualified", "disqualification_reason", "sourced", "hired_at", "cover_letter"]
} as const

const items = (pairs: ReadonlyArray<readonly [string, string | null | undefined]>): ReadonlyArray<Unified.Item> | undefined =>
  nonEmpty(pairs.flatMap(([name, value]) => (present(value) === undefined ? [] : [{ name, value: value! }])))

const flag = (value: boolean | null | undefined): string | undefined => (value == null ? undefined : String(value))

/** A Workable job as a unified job. */
export const jobToUnified = (job: WorkableJob): Unified.UnifiedJob => {
  const location = job.location
  const salary = job.salary
  const workplace = job.workplace_type ?? location?.workplace_type
  const remote = workplace === "remote" ? true : workplace === "on_site" || workplace === "hybrid" ? false : (location?.telecommuting ?? undefined)
  const departmentId = job.department_hierarchy?.find((d) => d.name === job.department)?.id
  return {
    id: job.id,
    reference: job.shortcode,
    origin: Config.name,
    name: job.title,
    ...putValue("text", present(job.description)),
    ...putValue("requirements", present(job.requirements)),
    ...putValue("benefits", present(job.benefits)),
    ...putValue("url", present(job.url)),
    ...putValue("apply_url", present(job.application_url)),
    ...putValue("status", toStatus[job.state as JobState]),
    ...putValue("employment_type", toEmploymentType(job.employment_type)),
    ...putValue(
      "departments",
      present(job.department) ? [{ ...(departmentId == null ? {} : { id: String(departmentId) }), name: job.department! }] : undefined
    ),
    ...putValue(
      "location",
      location == null
        ? undefined
        : {
            ...putValue("text", present(location.location_str)),
            ...putValue("city", present(location.city)),
            ...putValue("region", present(location.region) ?? present(location.region_code)),
            ...putValue("postal_code", present(location.zip_code)),
            ...putValue("country", present(location.country_code) ?? present(location.country)),
            ...putValue("remote", remote)
          }
    ),
    ...putValue("remote", remote),
    ...putValue(
      "salary",
      salary == null ? undefined : { min: salary.salary_from ?? null, max: salary.salary_to ?? null, ...putValue("currency", present(salary.salary_currency)) }
    ),
    ...putValue("tags", nonEmpty(job.keywords?.map((name) => ({ name, value: null })))),
    ...putValue(
      "metadatas",
      items([
        ["workplace_type", workplace],
        ["industry", job.industry],
        ["function", job.function],
        ["experience", job.experience],
        ["education", job.education]
      ])
    ),
    ...putValue("requisition_id", present(job.code)),
    ...putValue("created_at", job.created_at),
    ...putValue("updated_at", job.updated_at),
    payload: job
  }
}

const metadata = (record: { readonly metadatas?: ReadonlyArray<Unified.Item> | undefined }, name: string): string | undefined =>
  present(record.metadatas?.find((m) => m.name === name)?.value)

/** A unified job as a Workable job; `reference` is the shortcode (the id when there is none). */
export const jobFromUnified = (job: Unified.UnifiedJob): WorkableJob => {
  const unchanged = unchangedPayload(Config.name, job, (native: WorkableJob) => Unified.completeJob(jobToUnified(native)))
  if (unchanged) return unchanged as unknown as WorkableJob
  const base = { ...originPayload(Config.name, job) }
  const location = job.location
  const remote = job.remote ?? location?.remote
  const workplace = metadata(job, "workplace_type") ?? (remote === true ? "remote" : undefined)
  const out: Mutable<Record<string, unknown>> = {
    ...base,
    id: job.id,
    title: job.name,
    shortcode: job.reference ?? (typeof base.shortcode === "string" ? base.shortcode : job.id),
    state: fromStatus(job.status) ?? base.state ?? "draft",
    ...putValue("code", present(job.requisition_id)),
    ...putValue("department", present(job.departments?.[0]?.name)),
    ...putValue("url", present(job.url)),
    ...putValue("application_url", present(job.apply_url)),
    ...putValue("employment_type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...putValue("description", present(job.text)),
    ...putValue("requirements", present(job.requirements)),
    ...putValue("benefits", present(job.benefits)),
    ...putValue("keywords", nonEmpty(job.tags?.map((t) => t.name))),
    ...putValue("workplace_type", workplace),
    ...putValue("industry", metadata(job, "industry")),
    ...putValue("function", metadata(job, "function")),
    ...putValue("experience", metadata(job, "experience")),
    ...putValue("education", metadata(job, "education")),
    ...putValue("created_at", job.created_at),
    ...putValue("updated_at", job.updated_at)
  }
  if (location !== undefined || remote !== undefined) {
    out.location = {
      ...(isRecord(base.location) ? base.location : {}),
      ...putValue("location_str", present(location?.text)),
      ...putValue("city", present(location?.city)),
      ...putValue("region", present(location?.region)),
      ...putValue("zip_code", present(location?.postal_code)),
      ...putValue(/^[A-Z]{2}$/.test(location?.country ?? "") ? "country_code" : "country", present(location?.country)),
      ...putValue("telecommuting", remote),
      ...putValue("workplace_type", workplace)
    }
  }
  if (job.salary !== undefined) {
    out.salary = {
      ...putValue("salary_from", job.salary.min),
      ...putValue("salary_to", job.salary.max),
      ...putValue("salary_currency", job.salary.currency)
    }
  }
  return out as unknown as WorkableJob
}

const skillName = (skill: string | { readonly name: string }): string => (typeof skill === "string" ? skill : skill.name)

/** A Workable candidate as a unified profile. */
export const candidateToUnified = (candidate: WorkableCandidate): Unified.UnifiedProfile => {
  const place = candidate.location
  const shortcode = candidate.job?.shortcode
  const locationText = present(candidate.address) ?? present(place?.location_str)
  const location = {
    ...putValue("text", locationText),
    ...putValue("city", present(place?.city)),
    ...putValue("region", present(place?.region) ?? present(place?.region_code)),
    ...putValue("postal_code", present(place?.zip_code)),
    ...putValue("country", present(place?.country_code) ?? present(place?.country))
  }
  return {
    id: candidate.id,
    origin: Config.name,
    info: {
      full_name: candidate.name,
      ...putValue("first_name", present(candidate.firstname)),
      ...putValue("last_name", present(candidate.lastname)),
      ...putValue("headline", present(candidate.headline)),
      ...putValue("summary", present(candidate.summary)),
      ...putValue("picture", present(candidate.image_url)),
      ...putValue("email", present(candidate.email)),
      ...putValue("phone", present(candidate.phone)),
      ...putValue("urls", nonEmpty(candidate.social_profiles?.map((p) => ({ url: p.url, type: p.type })))),
      ...putValue("location", Object.keys(location).length > 0 ? location : undefined)
    },
    ...putValue(
      "experiences",
      nonEmpty(
        candidate.experience_entries?.map((e) => ({
          ...put("key", e.id),
          ...put("title", e.title),
          ...put("company", e.company),
          ...put("description", e.summary),
          ...put("date_start", e.start_date),
          ...put("date_end", e.end_date),
          ...putValue("current", e.current)
        }))
      )
    ),
    ...putValue(
      "educations",
      nonEmpty(
        candidate.education_entries?.map((e) => ({
          ...put("key", e.id),
          ...put("school", e.school),
          ...put("title", e.degree),
          ...put("degree", e.degree),
          ...put("field", e.field_of_study),
          ...put("date_start", e.start_date),
          ...put("date_end", e.end_date)
        }))
      )
    ),
    ...putValue("skills", nonEmpty(candidate.skills?.map((s) => ({ name: skillName(s) })))),
    ...putValue("tags", nonEmpty(candidate.tags?.map((name) => ({ name, value: null })))),
    ...putValue("attachments", present(candidate.resume_url) ? [{ type: "resume", public_url: candidate.resume_url! }] : undefined),
    ...putValue("source", present(candidate.domain)),
    ...putValue("stage", present(candidate.stage)),
    ...putValue("job_ids", shortcode === undefined ? undefined : [shortcode]),
    ...putValue("labels", shortcode === undefined ? undefined : [{ job_key: shortcode, stage: present(candidate.stage) ?? null }]),
    ...putValue(
      "metadatas",
      items([
        ["profile_url", candidate.profile_url],
        ["stage_kind", candidate.stage_kind],
        ["disqualified", flag(candidate.disqualified)],
        ["disqualification_reason", candidate.disqualification_reason],
        ["sourced", flag(candidate.sourced)],
        ["hired_at", candidate.hired_at],
        ["cover_letter", candidate.cover_letter]
      ])
    ),
    ...putValue("created_at", candidate.created_at),
    ...putValue("updated_at", candidate.updated_at),
    payload: candidate
  }
}

/** A unified profile as a Workable candidate; `job_ids[0]` becomes `job.shortcode`. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): WorkableCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, (native: WorkableCandidate) => Unified.completeProfile(candidateToUnified(native)))
  if (unchanged) return unchanged as unknown as WorkableCandidate
  const base = { ...originPayload(Config.name, profile) }
  const info = profile.info ?? {}
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const shortcode = profile.job_ids?.[0]
  const baseJob = isRecord(base.job) ? base.job : undefined
  const address = present(info.location?.text) ?? ([info.location?.city, info.location?.country].filter(Boolean).join(", ") || undefined)
  return {
    ...base,
    id: profile.id,
    name: present(info.full_name) ?? (joined || (info.email ?? profile.id)),
    ...putValue("firstname", present(info.first_name)),
    ...putValue("lastname", present(info.last_name)),
    ...putValue("headline", present(info.headline)),
    ...putValue("summary", present(info.summary)),
    ...putValue("image_url", present(info.picture)),
    ...putValue("email", present(info.email)),
    ...putValue("phone", present(info.phone)),
    ...putValue("address", address),
    ...putValue("social_profiles", nonEmpty(info.urls?.map((u) => ({ type: u.type ?? "other", url: u.url })))),
    ...putValue(
      "experience_entries",
      nonEmpty(
        profile.experiences?.map((e) => ({
          ...put("id", e.key),
          ...put("title", e.title),
          ...put("company", e.company),
          ...put("summary", e.description),
          ...put("start_date", e.date_start),
          ...put("end_date", e.date_end),
          ...putValue("current", e.current)
        }))
      )
    ),
    ...putValue(
      "education_entries",
      nonEmpty(
        profile.educations?.map((e) => ({
          ...put("id", e.key),
          ...put("school", e.school),
          // A title, even null, is the degree; an absent one leaves only a known degree.
          ...put("degree", e.title !== undefined ? e.title : present(e.degree)),
          ...put("field_of_study", e.field),
          ...put("start_date", e.date_start),
          ...put("end_date", e.date_end)
        }))
      )
    ),
    ...putValue("skills", nonEmpty(profile.skills?.map((s) => ({ name: s.name })))),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...putValue("resume_url", present(profile.attachments?.find((a) => a.type === "resume")?.public_url)),
    ...putValue("cover_letter", metadata(profile, "cover_letter")),
    ...putValue("domain", present(profile.source)),
    ...putValue("stage", present(profile.stage)),
    ...putValue("job", shortcode === undefined ? undefined : baseJob?.shortcode === shortcode ? baseJob : { shortcode }),
    ...putValue("created_at", profile.created_at),
    ...putValue("updated_at", profile.updated_at)
  } as WorkableCandidate
}

/** `Connector.toUnified` for Workable (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Workable. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
