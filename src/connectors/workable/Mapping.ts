/**
 * Workable records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When
 * a unified record came from Workable, `fromUnified` returns that payload as is if nothing was changed
 * (a Workable → unified → Workable trip is lossless), else lays the mapped unified fields over it. A candidate's
 * `job.shortcode` travels as its single `job_ids` entry; job states map to unified statuses
 * (`published` ↔ `open`).
 */
import type * as Connector from "../../core/Connector.js"
import type { Resource } from "../../core/Resource.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { JobState, WorkableCandidate, WorkableJob } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** `{ key: value }` when the value is neither undefined nor null, `{}` otherwise. */
const put = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V }

const nonEmpty = <A>(values: ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  values === undefined || values.length === 0 ? undefined : values

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The native record a unified record was made from, when it came from Workable. */
const ownPayload = (record: Unified.UnifiedRecord): Record<string, unknown> =>
  record.origin === Config.name && isRecord(record.payload) ? { ...record.payload } : {}

/** JSON with sorted keys, without `payload` and `origin`: equal texts mean equal mapped content. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (key, inner: unknown) =>
    key === "payload" || key === "origin"
      ? undefined
      : isRecord(inner)
        ? Object.fromEntries(Object.keys(inner).sort().map((k) => [k, inner[k]]))
        : inner
  )

/**
 * The payload itself when the unified record is exactly what it maps to (nothing was changed on the
 * way), so an unchanged round trip is lossless even where the mapping normalises values.
 */
const unchangedPayload = <U extends Unified.UnifiedRecord>(
  record: U,
  toUnifiedOf: (native: never) => U
): Connector.NativeRecord | undefined => {
  const base = ownPayload(record)
  if (Object.keys(base).length === 0) return undefined
  return canonical(toUnifiedOf(base as never)) === canonical(record) ? base : undefined
}

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
    ...put("description", job.description),
    ...put(
      "sections",
      nonEmpty([
        ...(job.requirements ? [{ name: "requirements", title: "Requirements", description: job.requirements }] : []),
        ...(job.benefits ? [{ name: "benefits", title: "Benefits", description: job.benefits }] : [])
      ])
    ),
    ...put("url", job.url),
    ...put("apply_url", job.application_url),
    status: toStatus[job.state],
    ...put("employment_type", toEmploymentType(job.employment_type)),
    ...put("departments", job.department ? [{ name: job.department }] : undefined),
    ...put(
      "location",
      location === undefined
        ? undefined
        : {
            ...put("text", location.location_str),
            ...put("city", location.city),
            ...put("region", location.region),
            ...put("postal_code", location.zip_code),
            ...put("country", location.country_code ?? location.country),
            ...put("remote", location.telecommuting)
          }
    ),
    ...put("remote", location?.telecommuting),
    ...put(
      "salary",
      salary === undefined
        ? undefined
        : { ...put("min", salary.salary_from), ...put("max", salary.salary_to), ...put("currency", salary.salary_currency) }
    ),
    ...put("requisition_id", job.code),
    ...put("created_at", job.created_at),
    payload: job
  }
}

/** A unified job as a Workable job; `reference` is the shortcode (the id when there is none). */
export const jobFromUnified = (job: Unified.UnifiedJob): WorkableJob => {
  const unchanged = unchangedPayload(job, jobToUnified)
  if (unchanged) return unchanged as unknown as WorkableJob
  const base = ownPayload(job)
  const section = (name: string) => job.sections?.find((s) => s.name === name)?.description
  const location = job.location
  const out: Mutable<Record<string, unknown>> = {
    ...base,
    id: job.id,
    title: job.title,
    shortcode: job.reference ?? (typeof base.shortcode === "string" ? base.shortcode : job.id),
    state: fromStatus(job.status) ?? base.state ?? "draft",
    ...put("code", job.requisition_id),
    ...put("department", job.departments?.[0]?.name),
    ...put("url", job.url),
    ...put("application_url", job.apply_url),
    ...put("employment_type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...put("description", job.description ?? job.summary),
    ...put("requirements", section("requirements")),
    ...put("benefits", section("benefits")),
    ...put("created_at", job.created_at)
  }
  if (location !== undefined || job.remote !== undefined) {
    out.location = {
      ...(isRecord(base.location) ? base.location : {}),
      ...put("location_str", location?.text),
      ...put("city", location?.city),
      ...put("region", location?.region),
      ...put("zip_code", location?.postal_code),
      ...put(/^[A-Z]{2}$/.test(location?.country ?? "") ? "country_code" : "country", location?.country),
      ...put("telecommuting", job.remote ?? location?.remote)
    }
  }
  if (job.salary !== undefined) {
    out.salary = {
      ...put("salary_from", job.salary.min),
      ...put("salary_to", job.salary.max),
      ...put("salary_currency", job.salary.currency)
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
    ...put("first_name", candidate.firstname),
    ...put("last_name", candidate.lastname),
    ...put("headline", candidate.headline),
    ...put("summary", candidate.summary),
    ...put("emails", candidate.email ? [{ value: candidate.email }] : undefined),
    ...put("phones", candidate.phone ? [{ value: candidate.phone }] : undefined),
    ...put("urls", nonEmpty(candidate.social_profiles?.map((p) => ({ url: p.url, type: p.type })))),
    ...put("location", candidate.address ? { text: candidate.address } : undefined)
  },
  ...put(
    "experiences",
    nonEmpty(
      candidate.experience_entries?.map((e) => ({
        ...put("title", e.title),
        ...put("company", e.company),
        ...put("description", e.summary),
        ...put("date_start", e.start_date),
        ...put("date_end", e.end_date),
        ...put("current", e.current)
      }))
    )
  ),
  ...put(
    "educations",
    nonEmpty(
      candidate.education_entries?.map((e) => ({
        ...put("school", e.school),
        ...put("degree", e.degree),
        ...put("field", e.field_of_study),
        ...put("date_start", e.start_date),
        ...put("date_end", e.end_date)
      }))
    )
  ),
  ...put("skills", nonEmpty(candidate.skills?.map((s) => ({ name: s.name })))),
  ...put("tags", nonEmpty(candidate.tags?.map((name) => ({ name })))),
  ...put("attachments", candidate.resume_url ? [{ type: "resume", url: candidate.resume_url }] : undefined),
  ...put("source", candidate.domain),
  ...put("stage", candidate.stage),
  ...put("job_ids", candidate.job ? [candidate.job.shortcode] : undefined),
  ...put("created_at", candidate.created_at),
  ...put("updated_at", candidate.updated_at),
  payload: candidate
})

/** A unified profile as a Workable candidate; `job_ids[0]` becomes `job.shortcode`. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): WorkableCandidate => {
  const unchanged = unchangedPayload(profile, candidateToUnified)
  if (unchanged) return unchanged as unknown as WorkableCandidate
  const base = ownPayload(profile)
  const { info } = profile
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const shortcode = profile.job_ids?.[0]
  const baseJob = isRecord(base.job) ? base.job : undefined
  return {
    ...base,
    id: profile.id,
    name: info.full_name ?? (joined || (info.emails?.[0]?.value ?? profile.id)),
    ...put("firstname", info.first_name),
    ...put("lastname", info.last_name),
    ...put("headline", info.headline),
    ...put("summary", info.summary),
    ...put("email", info.emails?.[0]?.value),
    ...put("phone", info.phones?.[0]?.value),
    ...put("address", info.location?.text ?? ([info.location?.city, info.location?.country].filter(Boolean).join(", ") || undefined)),
    ...put(
      "social_profiles",
      nonEmpty(info.urls?.map((u) => ({ type: u.type ?? "other", url: u.url })))
    ),
    ...put(
      "experience_entries",
      nonEmpty(
        profile.experiences?.map((e) => ({
          ...put("title", e.title),
          ...put("company", e.company),
          ...put("summary", e.description),
          ...put("start_date", e.date_start),
          ...put("end_date", e.date_end),
          ...put("current", e.current)
        }))
      )
    ),
    ...put(
      "education_entries",
      nonEmpty(
        profile.educations?.map((e) => ({
          ...put("school", e.school),
          ...put("degree", e.degree),
          ...put("field_of_study", e.field),
          ...put("start_date", e.date_start),
          ...put("end_date", e.date_end)
        }))
      )
    ),
    ...put("skills", nonEmpty(profile.skills?.map((s) => ({ name: s.name })))),
    ...put("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...put("resume_url", profile.attachments?.find((a) => a.type === "resume")?.url),
    ...put("domain", profile.source),
    ...put("stage", profile.stage),
    ...put("job", shortcode === undefined ? undefined : baseJob?.shortcode === shortcode ? baseJob : { shortcode }),
    ...put("created_at", profile.created_at),
    ...put("updated_at", profile.updated_at)
  } as WorkableCandidate
}

/** `Connector.toUnified` for Workable (records are validated by the pipeline before this is called). */
export const toUnified = (resource: Resource, record: Connector.NativeRecord): Unified.UnifiedRecord =>
  resource === "job" ? jobToUnified(record as unknown as WorkableJob) : candidateToUnified(record as unknown as WorkableCandidate)

/** `Connector.fromUnified` for Workable. */
export const fromUnified = (resource: Resource, record: Unified.UnifiedRecord): Connector.NativeRecord =>
  (resource === "job"
    ? jobFromUnified(record as Unified.UnifiedJob)
    : candidateFromUnified(record as Unified.UnifiedProfile)) as unknown as Connector.NativeRecord
