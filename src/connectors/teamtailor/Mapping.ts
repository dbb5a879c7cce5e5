/**
 * Teamtailor records (flat, dasherized) ↔ the unified model. `toUnified` keeps the whole native record
 * in `payload`. When a unified record came from Teamtailor, `fromUnified` returns that payload as is
 * if nothing was changed (a Teamtailor → unified → Teamtailor trip is lossless), else lays the mapped
 * fields over it. Job statuses: `open`/`unlisted` → open, `draft`/`scheduled` → draft, `archived` →
 * archived (unified `closed` → `archived`); `remote-status` `fully` ↔ remote, `none` ↔ not remote.
 */
import type * as Connector from "../../core/Connector.js"
import { fromUnifiedBy, nonEmpty, originPayload, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { TeamtailorCandidate, TeamtailorJob } from "./Schemas.js"

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
    ...putValue("summary", job.pitch),
    ...putValue("description", job.body),
    ...putValue("url", link(job.links, "careersite-job-url")),
    ...putValue("apply_url", link(job.links, "careersite-job-apply-url") ?? job["external-application-url"]),
    ...putValue("status", job.status == null ? undefined : statusToUnified[job.status]),
    ...putValue("employment_type", job["employment-type"] == null ? undefined : employmentTypes.find(([, v]) => v === letters(job["employment-type"]!))?.[0]),
    ...putValue("remote", remote),
    ...putValue("location", remote === undefined ? undefined : { remote }),
    ...putValue(
      "salary",
      min == null && max == null
        ? undefined
        : {
            ...putValue("min", min),
            ...putValue("max", max),
            ...putValue("currency", job.currency),
            ...putValue("period", periods.find(([v]) => v === unit)?.[1])
          }
    ),
    ...putValue("tags", nonEmpty(job.tags?.map((name) => ({ name })))),
    ...putValue("created_at", job["created-at"]),
    ...putValue("updated_at", job["updated-at"]),
    payload: job
  }
}

/** A unified job as a Teamtailor job. */
export const jobFromUnified = (job: Unified.UnifiedJob): TeamtailorJob => {
  const unchanged = unchangedPayload(Config.name, job, jobToUnified)
  if (unchanged) return unchanged as unknown as TeamtailorJob
  const remote = job.remote ?? job.location?.remote
  return {
    ...originPayload(Config.name, job),
    id: job.id,
    title: job.title,
    ...putValue("pitch", job.summary),
    ...putValue("body", job.description),
    ...putValue("status", job.status === undefined ? undefined : statusFromUnified[job.status]),
    ...putValue("employment-type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...putValue("remote-status", remote === undefined ? undefined : remote ? "fully" : "none"),
    ...putValue("min-salary", job.salary?.min),
    ...putValue("max-salary", job.salary?.max),
    ...putValue("currency", job.salary?.currency),
    ...putValue("salary-time-unit", periods.find(([, period]) => period === job.salary?.period)?.[0]),
    ...putValue("tags", nonEmpty(job.tags?.map((t) => t.name))),
    ...putValue("external-application-url", job.apply_url),
    ...putValue("created-at", job.created_at),
    ...putValue("updated-at", job.updated_at)
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
      ...putValue("full_name", full === "" ? undefined : full),
      ...putValue("first_name", first),
      ...putValue("last_name", last),
      ...putValue("summary", candidate.pitch),
      ...putValue("emails", candidate.email ? [{ value: candidate.email }] : undefined),
      ...putValue("phones", candidate.phone ? [{ value: candidate.phone }] : undefined),
      ...putValue("urls", candidate["linkedin-url"] ? [{ type: "linkedin", url: candidate["linkedin-url"] }] : undefined)
    },
    ...putValue("tags", nonEmpty(candidate.tags?.map((name) => ({ name })))),
    ...putValue("attachments", candidate.resume ? [{ type: "resume", url: candidate.resume }] : undefined),
    ...putValue("source", candidate.sourced === true ? "sourced" : undefined),
    ...putValue("created_at", candidate["created-at"]),
    ...putValue("updated_at", candidate["updated-at"]),
    payload: candidate
  }
}

/** A unified profile as a Teamtailor candidate; a lone full name is split at its first space. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): TeamtailorCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, candidateToUnified)
  if (unchanged) return unchanged as unknown as TeamtailorCandidate
  const { info } = profile
  const full = info.full_name?.trim()
  const space = full?.indexOf(" ") ?? -1
  const first = info.first_name ?? (full === undefined || full === "" ? undefined : space < 0 ? full : full.slice(0, space))
  const last = info.last_name ?? (full !== undefined && space > 0 ? full.slice(space + 1) : undefined)
  return {
    ...originPayload(Config.name, profile),
    id: profile.id,
    ...putValue("first-name", first),
    ...putValue("last-name", last),
    ...putValue("email", info.emails?.[0]?.value),
    ...putValue("phone", info.phones?.[0]?.value),
    ...putValue("linkedin-url", info.urls?.find((u) => u.type?.toLowerCase() === "linkedin" || u.url.includes("linkedin.com"))?.url),
    ...putValue("pitch", info.summary ?? info.headline),
    ...putValue("resume", profile.attachments?.find((a) => a.type === "resume")?.url),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...putValue("created-at", profile.created_at),
    ...putValue("updated-at", profile.updated_at)
  } as TeamtailorCandidate
}

/** `Connector.toUnified` for Teamtailor (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Teamtailor. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
