/**
 * Teamtailor records (flat, dasherized) ↔ the unified model. `toUnified` keeps the whole native record
 * in `payload`. When a unified record came from Teamtailor, `fromUnified` returns that payload as is
 * if nothing was changed (a Teamtailor → unified → Teamtailor trip is lossless), else lays the mapped
 * fields over it. Job statuses: `open`/`unlisted` → open, `draft`/`scheduled` → draft, `archived` →
 * archived (unified `closed` → `archived`); `remote-status` `fully` ↔ remote, `none` ↔ not remote.
 */
import type * as Connector from "../../core/Connector.js"
import type { Resource } from "../../core/Resource.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { TeamtailorCandidate, TeamtailorJob } from "./Schemas.js"

/** `{ key: value }` when the value is neither undefined nor null, `{}` otherwise. */
const put = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V }

const nonEmpty = <A>(values: ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  values === undefined || values.length === 0 ? undefined : values

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The native record a unified record was made from, when it came from Teamtailor. */
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

/** The payload itself when the unified record is exactly what it maps to. */
const unchangedPayload = <U extends Unified.UnifiedRecord>(record: U, toUnifiedOf: (native: never) => U): Connector.NativeRecord | undefined => {
  const base = ownPayload(record)
  if (Object.keys(base).length === 0) return undefined
  return canonical(toUnifiedOf(base as never)) === canonical(record) ? base : undefined
}

const statusToUnified: Readonly<Record<string, Unified.UnifiedJob["status"]>> = {
  open: "open",
  unlisted: "open",
  draft: "draft",
  scheduled: "draft",
  archived: "archived"
}

const statusFromUnified: Readonly<Record<NonNullable<Unified.UnifiedJob["status"]>, string>> = {
  open: "open",
  draft: "draft",
  closed: "archived",
  archived: "archived"
}

const periods: ReadonlyArray<readonly [string, NonNullable<Unified.UnifiedJob["salary"]>["period"]]> = [
  ["hourly", "hour"],
  ["daily", "day"],
  ["weekly", "week"],
  ["monthly", "month"],
  ["yearly", "year"]
]

const employmentTypes: ReadonlyArray<readonly [Unified.EmploymentType, string]> = [
  ["full_time", "fulltime"],
  ["part_time", "parttime"],
  ["temporary", "temporary"],
  ["contract", "contract"],
  ["internship", "internship"],
  ["volunteer", "volunteer"],
  ["per_diem", "perdiem"],
  ["other", "other"]
]

const letters = (value: string) => value.toLowerCase().replace(/[^a-z]/g, "")

const link = (links: TeamtailorJob["links"], name: string) => links?.[name] ?? undefined

/** A Teamtailor job as a unified job. */
export const jobToUnified = (job: TeamtailorJob): Unified.UnifiedJob => {
  const remote = job["remote-status"] === "fully" ? true : job["remote-status"] === "none" ? false : undefined
  const min = job["min-salary"]
  const max = job["max-salary"]
  const unit = job["salary-time-unit"]
  return {
    id: job.id,
    origin: Config.name,
    title: job.title,
    ...put("summary", job.pitch),
    ...put("description", job.body),
    ...put("url", link(job.links, "careersite-job-url")),
    ...put("apply_url", link(job.links, "careersite-job-apply-url") ?? job["external-application-url"]),
    ...put("status", job.status == null ? undefined : statusToUnified[job.status]),
    ...put("employment_type", job["employment-type"] == null ? undefined : employmentTypes.find(([, v]) => v === letters(job["employment-type"]!))?.[0]),
    ...put("remote", remote),
    ...put("location", remote === undefined ? undefined : { remote }),
    ...put(
      "salary",
      min == null && max == null
        ? undefined
        : {
            ...put("min", min),
            ...put("max", max),
            ...put("currency", job.currency),
            ...put("period", periods.find(([v]) => v === unit)?.[1])
          }
    ),
    ...put("tags", nonEmpty(job.tags?.map((name) => ({ name })))),
    ...put("created_at", job["created-at"]),
    ...put("updated_at", job["updated-at"]),
    payload: job
  }
}

/** A unified job as a Teamtailor job. */
export const jobFromUnified = (job: Unified.UnifiedJob): TeamtailorJob => {
  const unchanged = unchangedPayload(job, jobToUnified)
  if (unchanged) return unchanged as unknown as TeamtailorJob
  const remote = job.remote ?? job.location?.remote
  return {
    ...ownPayload(job),
    id: job.id,
    title: job.title,
    ...put("pitch", job.summary),
    ...put("body", job.description),
    ...put("status", job.status === undefined ? undefined : statusFromUnified[job.status]),
    ...put("employment-type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...put("remote-status", remote === undefined ? undefined : remote ? "fully" : "none"),
    ...put("min-salary", job.salary?.min),
    ...put("max-salary", job.salary?.max),
    ...put("currency", job.salary?.currency),
    ...put("salary-time-unit", periods.find(([, period]) => period === job.salary?.period)?.[0]),
    ...put("tags", nonEmpty(job.tags?.map((t) => t.name))),
    ...put("external-application-url", job.apply_url),
    ...put("created-at", job.created_at),
    ...put("updated-at", job.updated_at)
  } as TeamtailorJob
}

/** A Teamtailor candidate as a unified profile. */
export const candidateToUnified = (candidate: TeamtailorCandidate): Unified.UnifiedProfile => {
  const first = candidate["first-name"]
  const last = candidate["last-name"]
  const full = [first, last].filter(Boolean).join(" ")
  return {
    id: candidate.id,
    origin: Config.name,
    info: {
      ...put("full_name", full === "" ? undefined : full),
      ...put("first_name", first),
      ...put("last_name", last),
      ...put("summary", candidate.pitch),
      ...put("emails", candidate.email ? [{ value: candidate.email }] : undefined),
      ...put("phones", candidate.phone ? [{ value: candidate.phone }] : undefined),
      ...put("urls", candidate["linkedin-url"] ? [{ type: "linkedin", url: candidate["linkedin-url"] }] : undefined)
    },
    ...put("tags", nonEmpty(candidate.tags?.map((name) => ({ name })))),
    ...put("attachments", candidate.resume ? [{ type: "resume", url: candidate.resume }] : undefined),
    ...put("source", candidate.sourced === true ? "sourced" : undefined),
    ...put("created_at", candidate["created-at"]),
    ...put("updated_at", candidate["updated-at"]),
    payload: candidate
  }
}

/** A unified profile as a Teamtailor candidate; a lone full name is split at its first space. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): TeamtailorCandidate => {
  const unchanged = unchangedPayload(profile, candidateToUnified)
  if (unchanged) return unchanged as unknown as TeamtailorCandidate
  const { info } = profile
  const full = info.full_name?.trim()
  const space = full?.indexOf(" ") ?? -1
  const first = info.first_name ?? (full === undefined || full === "" ? undefined : space < 0 ? full : full.slice(0, space))
  const last = info.last_name ?? (full !== undefined && space > 0 ? full.slice(space + 1) : undefined)
  return {
    ...ownPayload(profile),
    id: profile.id,
    ...put("first-name", first),
    ...put("last-name", last),
    ...put("email", info.emails?.[0]?.value),
    ...put("phone", info.phones?.[0]?.value),
    ...put("linkedin-url", info.urls?.find((u) => u.type?.toLowerCase() === "linkedin" || u.url.includes("linkedin.com"))?.url),
    ...put("pitch", info.summary ?? info.headline),
    ...put("resume", profile.attachments?.find((a) => a.type === "resume")?.url),
    ...put("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...put("created-at", profile.created_at),
    ...put("updated-at", profile.updated_at)
  } as TeamtailorCandidate
}

/** `Connector.toUnified` for Teamtailor (records are validated by the pipeline before this is called). */
export const toUnified = (resource: Resource, record: Connector.NativeRecord): Unified.UnifiedRecord =>
  resource === "job" ? jobToUnified(record as unknown as TeamtailorJob) : candidateToUnified(record as unknown as TeamtailorCandidate)

/** `Connector.fromUnified` for Teamtailor. */
export const fromUnified = (resource: Resource, record: Unified.UnifiedRecord): Connector.NativeRecord =>
  (resource === "job"
    ? jobFromUnified(record as Unified.UnifiedJob)
    : candidateFromUnified(record as Unified.UnifiedProfile)) as unknown as Connector.NativeRecord
