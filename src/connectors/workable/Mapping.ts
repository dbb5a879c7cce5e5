/**
 * Workable records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When
 * a unified record came from Workable, `fromUnified` returns that payload as is if nothing was changed
 * (a Workable → unified → Workable trip is lossless), else lays the mapped unified fields over it. A candidate's
 * `job.shortcode` travels as its single `job_ids` entry; job states map to unified statuses
 * (`published` ↔ `open`).
 */
import type * as Connector from "../../core/Connector.js"
import { fromUnifiedBy, isRecord, nonEmpty, originPayload, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { JobState, WorkableCandidate, WorkableJob } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const toStatus: Record<JobState, Unified.UnifiedJob["status"]> = {
  draft: "draft",
  published: "open",
  closed: "closed",
  archived: "archived"
}

const fromStatus = (status: Unified.UnifiedJob["status"]): JobState | undefined =>
  status === undefined ? undefined : status === "open" ? "published" : status

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

/** A Workable job as a unified job. */
export const jobToUnified = (job: WorkableJob): Unified.UnifiedJob => {
  const location = job.location
  const salary = job.salary
  return {
    id: job.id,
    reference: job.shortcode,
    origin: Config.name,
    title: job.title,
    ...putValue("description", job.description),
    ...putValue(
      "sections",
      nonEmpty([
        ...(job.requirements ? [{ name: "requirements", title: "Requirements", description: job.requirements }] : []),
        ...(job.benefits ? [{ name: "benefits", title: "Benefits", description: job.benefits }] : [])
      ])
    ),
    ...putValue("url", job.url),
    ...putValue("apply_url", job.application_url),
    status: toStatus[job.state],
    ...putValue("employment_type", toEmploymentType(job.employment_type)),
    ...putValue("departments", job.department ? [{ name: job.department }] : undefined),
    ...putValue(
      "location",
      location === undefined
        ? undefined
        : {
            ...putValue("text", location.location_str),
            ...putValue("city", location.city),
            ...putValue("region", location.region),
            ...putValue("postal_code", location.zip_code),
            ...putValue("country", location.country_code ?? location.country),
            ...putValue("remote", location.telecommuting)
          }
    ),
    ...putValue("remote", location?.telecommuting),
    ...putValue(
      "salary",
      salary === undefined
        ? undefined
        : { ...putValue("min", salary.salary_from), ...putValue("max", salary.salary_to), ...putValue("currency", salary.salary_currency) }
    ),
    ...putValue("requisition_id", job.code),
    ...putValue("created_at", job.created_at),
    payload: job
  }
}

/** A unified job as a Workable job; `reference` is the shortcode (the id when there is none). */
export const jobFromUnified = (job: Unified.UnifiedJob): WorkableJob => {
  const unchanged = unchangedPayload(Config.name, job, jobToUnified)
  if (unchanged) return unchanged as unknown as WorkableJob
  const base = { ...originPayload(Config.name, job) }
  const section = (name: string) => job.sections?.find((s) => s.name === name)?.description
  const location = job.location
  const out: Mutable<Record<string, unknown>> = {
    ...base,
    id: job.id,
    title: job.title,
    shortcode: job.reference ?? (typeof base.shortcode === "string" ? base.shortcode : job.id),
    state: fromStatus(job.status) ?? base.state ?? "draft",
    ...putValue("code", job.requisition_id),
    ...putValue("department", job.departments?.[0]?.name),
    ...putValue("url", job.url),
    ...putValue("application_url", job.apply_url),
    ...putValue("employment_type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...putValue("description", job.description ?? job.summary),
    ...putValue("requirements", section("requirements")),
    ...putValue("benefits", section("benefits")),
    ...putValue("created_at", job.created_at)
  }
  if (location !== undefined || job.remote !== undefined) {
    out.location = {
      ...(isRecord(base.location) ? base.location : {}),
      ...putValue("location_str", location?.text),
      ...putValue("city", location?.city),
      ...putValue("region", location?.region),
      ...putValue("zip_code", location?.postal_code),
      ...putValue(/^[A-Z]{2}$/.test(location?.country ?? "") ? "country_code" : "country", location?.country),
      ...putValue("telecommuting", job.remote ?? location?.remote)
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

/** A Workable candidate as a unified profile. */
export const candidateToUnified = (candidate: WorkableCandidate): Unified.UnifiedProfile => ({
  id: candidate.id,
  origin: Config.name,
  info: {
    full_name: candidate.name,
    ...putValue("first_name", candidate.firstname),
    ...putValue("last_name", candidate.lastname),
    ...putValue("headline", candidate.headline),
    ...putValue("summary", candidate.summary),
    ...putValue("emails", candidate.email ? [{ value: candidate.email }] : undefined),
    ...putValue("phones", candidate.phone ? [{ value: candidate.phone }] : undefined),
    ...putValue("urls", nonEmpty(candidate.social_profiles?.map((p) => ({ url: p.url, type: p.type })))),
    ...putValue("location", candidate.address ? { text: candidate.address } : undefined)
  },
  ...putValue(
    "experiences",
    nonEmpty(
      candidate.experience_entries?.map((e) => ({
        ...putValue("title", e.title),
        ...putValue("company", e.company),
        ...putValue("description", e.summary),
        ...putValue("date_start", e.start_date),
        ...putValue("date_end", e.end_date),
        ...putValue("current", e.current)
      }))
    )
  ),
  ...putValue(
    "educations",
    nonEmpty(
      candidate.education_entries?.map((e) => ({
        ...putValue("school", e.school),
        ...putValue("degree", e.degree),
        ...putValue("field", e.field_of_study),
        ...putValue("date_start", e.start_date),
        ...putValue("date_end", e.end_date)
      }))
    )
  ),
  ...putValue("skills", nonEmpty(candidate.skills?.map((s) => ({ name: s.name })))),
  ...putValue("tags", nonEmpty(candidate.tags?.map((name) => ({ name })))),
  ...putValue("attachments", candidate.resume_url ? [{ type: "resume", url: candidate.resume_url }] : undefined),
  ...putValue("source", candidate.domain),
  ...putValue("stage", candidate.stage),
  ...putValue("job_ids", candidate.job ? [candidate.job.shortcode] : undefined),
  ...putValue("created_at", candidate.created_at),
  ...putValue("updated_at", candidate.updated_at),
  payload: candidate
})

/** A unified profile as a Workable candidate; `job_ids[0]` becomes `job.shortcode`. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): WorkableCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, candidateToUnified)
  if (unchanged) return unchanged as unknown as WorkableCandidate
  const base = { ...originPayload(Config.name, profile) }
  const { info } = profile
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const shortcode = profile.job_ids?.[0]
  const baseJob = isRecord(base.job) ? base.job : undefined
  return {
    ...base,
    id: profile.id,
    name: info.full_name ?? (joined || (info.emails?.[0]?.value ?? profile.id)),
    ...putValue("firstname", info.first_name),
    ...putValue("lastname", info.last_name),
    ...putValue("headline", info.headline),
    ...putValue("summary", info.summary),
    ...putValue("email", info.emails?.[0]?.value),
    ...putValue("phone", info.phones?.[0]?.value),
    ...putValue("address", info.location?.text ?? ([info.location?.city, info.location?.country].filter(Boolean).join(", ") || undefined)),
    ...putValue(
      "social_profiles",
      nonEmpty(info.urls?.map((u) => ({ type: u.type ?? "other", url: u.url })))
    ),
    ...putValue(
      "experience_entries",
      nonEmpty(
        profile.experiences?.map((e) => ({
          ...putValue("title", e.title),
          ...putValue("company", e.company),
          ...putValue("summary", e.description),
          ...putValue("start_date", e.date_start),
          ...putValue("end_date", e.date_end),
          ...putValue("current", e.current)
        }))
      )
    ),
    ...putValue(
      "education_entries",
      nonEmpty(
        profile.educations?.map((e) => ({
          ...putValue("school", e.school),
          ...putValue("degree", e.degree),
          ...putValue("field_of_study", e.field),
          ...putValue("start_date", e.date_start),
          ...putValue("end_date", e.date_end)
        }))
      )
    ),
    ...putValue("skills", nonEmpty(profile.skills?.map((s) => ({ name: s.name })))),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...putValue("resume_url", profile.attachments?.find((a) => a.type === "resume")?.url),
    ...putValue("domain", profile.source),
    ...putValue("stage", profile.stage),
    ...putValue("job", shortcode === undefined ? undefined : baseJob?.shortcode === shortcode ? baseJob : { shortcode }),
    ...putValue("created_at", profile.created_at),
    ...putValue("updated_at", profile.updated_at)
  } as WorkableCandidate
}

/** `Connector.toUnified` for Workable (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Workable. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
