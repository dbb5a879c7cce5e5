/**
 * Teamtailor records (flat, dasherized, with included relationships) ↔ the unified model.
 * `toUnified` keeps the whole native record in `payload`. When a unified record came from Teamtailor,
 * `fromUnified` returns that payload as is if nothing was changed (a Teamtailor → unified → Teamtailor
 * trip is lossless), else lays the mapped fields over it.
 *
 * Jobs: `title` → name, `pitch` → summary, `body` → text, the career-site links → url / apply_url
 * (else `external-application-url`), `start-date` / `end-date` → published_at / closes_at, the
 * included `department` and first of `locations`, salary, employment type, tags. Statuses:
 * `open` / `unlisted` / `temp` → open (`human-status` `expired` → closed), `draft` (and `human-status`
 * `scheduled`) → draft, `archived` → archived; unified `closed` → `archived`. `remote-status` `fully`
 * ↔ remote, `none` ↔ not remote; `hybrid` and `temporary` are kept in `metadatas` (`remote-status`)
 * with the other job attributes that have no unified field (`employment-level`, `internal`).
 *
 * Candidates: names, email, phone, LinkedIn URL, pitch (info.summary), picture, resume (attachments),
 * tags, the source (`referring-site`, else referred / sourced), and the included `job-applications`
 * as labels (job, stage, date of the stage change) and `job_ids`.
 */
import { fromUnifiedBy, nonEmpty, originPayload, putValue, toIso, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { TeamtailorCandidate, TeamtailorJob } from "./Schemas.js"

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null && value !== ""

const statusToUnified: Readonly<Record<string, NonNullable<Unified.UnifiedJob["status"]>>> = {
  open: "open",
  unlisted: "open",
  temp: "open",
  draft: "draft",
  archived: "archived"
}

const statusFromUnified: Readonly<Record<NonNullable<Unified.UnifiedJob["status"]>, string>> = {
  open: "open",
  draft: "draft",
  closed: "archived",
  archived: "archived"
}

const jobStatus = (job: TeamtailorJob): Unified.UnifiedJob["status"] => {
  if (job["human-status"] === "expired") return "closed"
  if (job["human-status"] === "scheduled" || job["human-status"] === "unsaved") return "draft"
  return job.status == null ? undefined : statusToUnified[job.status]
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

const link = (links: TeamtailorJob["links"], name: string) => {
  const value = links?.[name]
  return present(value) ? value : undefined
}

const numberOf = (value: number | string | null | undefined): number | undefined => {
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value
  return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : undefined
}

/** Job attributes without a unified field, kept as `metadatas` (`remote-status` only when neither fully nor none). */
const metadataOf = (record: { readonly metadatas?: ReadonlyArray<Unified.Item> | undefined }, name: string): string | undefined => {
  const value = record.metadatas?.find((item) => item.name === name)?.value
  return present(value) ? value : undefined
}

/** A Teamtailor job as a unified job. */
export const jobToUnified = (job: TeamtailorJob): Unified.UnifiedJob => {
  const remoteStatus = job["remote-status"]
  const remote = remoteStatus === "fully" ? true : remoteStatus === "none" ? false : undefined
  const min = job["min-salary"]
  const max = job["max-salary"]
  const place = job.locations?.[0]
  const location =
    place === undefined && remote === undefined
      ? undefined
      : {
          ...putValue("text", place?.name),
          ...putValue("lat", numberOf(place?.lat)),
          ...putValue("lng", numberOf(place?.long)),
          ...putValue("street", place?.address),
          ...putValue("city", place?.city),
          ...putValue("postal_code", place?.zip),
          ...putValue("country", place?.country),
          ...putValue("remote", remote)
        }
  const metadatas = [
    ...(present(remoteStatus) && remote === undefined ? [{ name: "remote-status", value: remoteStatus }] : []),
    ...(present(job["employment-level"]) ? [{ name: "employment-level", value: job["employment-level"] }] : []),
    ...(job.internal == null ? [] : [{ name: "internal", value: String(job.internal) }])
  ]
  const department = job.department ?? undefined
  return {
    id: job.id,
    origin: Config.name,
    name: job.title,
    ...putValue("summary", present(job.pitch) ? job.pitch : undefined),
    ...putValue("text", present(job.body) ? job.body : undefined),
    ...putValue("url", link(job.links, "careersite-job-url")),
    ...putValue(
      "apply_url",
      link(job.links, "careersite-job-apply-url") ?? (present(job["external-application-url"]) ? job["external-application-url"] : undefined)
    ),
    ...putValue("status", jobStatus(job)),
    ...putValue("employment_type", present(job["employment-type"]) ? employmentTypes.find(([, v]) => v === letters(job["employment-type"]!))?.[0] : undefined),
    ...putValue("remote", remote),
    ...putValue("location", location),
    ...putValue("departments", department !== undefined && present(department.name) ? [{ id: department.id, name: department.name }] : undefined),
    ...putValue(
      "salary",
      min == null && max == null && !present(job.currency) && !present(job["salary-time-unit"])
        ? undefined
        : {
            min: min ?? null,
            max: max ?? null,
            ...putValue("currency", job.currency),
            ...putValue("period", periods.find(([v]) => v === job["salary-time-unit"])?.[1])
          }
    ),
    ...putValue("tags", nonEmpty(job.tags?.map((name) => ({ name, value: null })))),
    ...putValue("metadatas", nonEmpty(metadatas)),
    ...putValue("published_at", toIso(job["start-date"])),
    ...putValue("closes_at", toIso(job["end-date"])),
    ...putValue("created_at", toIso(job["created-at"])),
    ...putValue("updated_at", toIso(job["updated-at"])),
    payload: job
  }
}

/** A unified job as a Teamtailor job. */
export const jobFromUnified = (job: Unified.UnifiedJob): TeamtailorJob => {
  // The record given here is completed (`Unified.completeJob`): so is what the payload maps to.
  const unchanged = unchangedPayload(Config.name, job, (native: TeamtailorJob) => Unified.completeJob(jobToUnified(native)))
  if (unchanged) return unchanged as unknown as TeamtailorJob
  const remote = job.remote ?? job.location?.remote
  const place = job.location
  const department = job.departments?.[0]
  const internal = metadataOf(job, "internal")
  const location =
    place === undefined
      ? undefined
      : {
          id: "",
          ...putValue("name", place.text),
          ...putValue("address", place.street),
          ...putValue("city", place.city),
          ...putValue("zip", place.postal_code),
          ...putValue("country", place.country),
          ...putValue("lat", place.lat),
          ...putValue("long", place.lng)
        }
  return {
    ...originPayload(Config.name, job),
    id: job.id,
    title: job.name,
    ...putValue("pitch", job.summary),
    ...putValue("body", job.text),
    ...putValue("status", job.status === undefined ? undefined : statusFromUnified[job.status]),
    ...putValue("employment-type", employmentTypes.find(([type]) => type === job.employment_type)?.[1]),
    ...putValue("employment-level", metadataOf(job, "employment-level")),
    ...putValue("remote-status", remote === undefined ? metadataOf(job, "remote-status") : remote ? "fully" : "none"),
    ...putValue("internal", internal === undefined ? undefined : internal === "true"),
    ...putValue("min-salary", job.salary?.min),
    ...putValue("max-salary", job.salary?.max),
    ...putValue("currency", job.salary?.currency),
    ...putValue("salary-time-unit", periods.find(([, period]) => period === job.salary?.period)?.[0]),
    ...putValue("tags", nonEmpty(job.tags?.map((t) => t.name))),
    ...putValue("external-application-url", job.apply_url),
    ...putValue("start-date", job.published_at),
    ...putValue("end-date", job.closes_at),
    ...putValue("department", department === undefined ? undefined : { id: department.id ?? "", name: department.name }),
    // Relationships are read-only here (JsonApi.toResource leaves them out); they round-trip in memory.
    ...putValue("locations", location === undefined ? undefined : [location]),
    ...putValue("created-at", job.created_at),
    ...putValue("updated-at", job.updated_at)
  } as TeamtailorJob
}

/** A Teamtailor candidate as a unified profile. */
export const candidateToUnified = (candidate: TeamtailorCandidate): Unified.UnifiedProfile => {
  const applications = candidate["job-applications"] ?? []
  const labels = applications.map((application) => ({
    job_key: application.job?.id ?? null,
    stage: application.stage?.name ?? null,
    ...putValue("date_stage", toIso(application["changed-stage-at"]))
  }))
  const jobIds = applications.flatMap((application) => (application.job == null ? [] : [application.job.id]))
  const attachments = [
    ...(present(candidate.resume) ? [{ type: "resume", public_url: candidate.resume }] : []),
    ...(present(candidate["original-resume"]) ? [{ type: "original_resume", public_url: candidate["original-resume"] }] : [])
  ]
  return {
    id: candidate.id,
    origin: Config.name,
    info: {
      ...putValue("first_name", candidate["first-name"]),
      ...putValue("last_name", candidate["last-name"]),
      ...putValue("email", candidate.email),
      ...putValue("phone", candidate.phone),
      ...putValue("summary", candidate.pitch),
      ...putValue("picture", candidate.picture),
      ...putValue("urls", present(candidate["linkedin-url"]) ? [{ type: "linkedin", url: candidate["linkedin-url"] }] : undefined)
    },
    ...putValue("tags", nonEmpty(candidate.tags?.map((name) => ({ name, value: null })))),
    ...putValue("attachments", nonEmpty(attachments)),
    ...putValue(
      "source",
      present(candidate["referring-site"])
        ? candidate["referring-site"]
        : candidate.referred === true
          ? "referred"
          : candidate.sourced === true
            ? "sourced"
            : undefined
    ),
    ...putValue("labels", nonEmpty(labels)),
    ...putValue("stage", labels[0]?.stage),
    ...putValue("job_ids", nonEmpty(jobIds)),
    ...putValue("created_at", toIso(candidate["created-at"])),
    ...putValue("updated_at", toIso(candidate["updated-at"])),
    payload: candidate
  }
}

/** A unified profile as a Teamtailor candidate; a lone full name is split at its first space. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): TeamtailorCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, (native: TeamtailorCandidate) => Unified.completeProfile(candidateToUnified(native)))
  if (unchanged) return unchanged as unknown as TeamtailorCandidate
  const info = profile.info ?? {}
  const full = info.full_name?.trim()
  const space = full?.indexOf(" ") ?? -1
  // A full name is split only when neither part is given (else it was built from them).
  const split = info.first_name == null && info.last_name == null && full !== undefined && full !== ""
  const first = info.first_name ?? (split ? (space < 0 ? full : full.slice(0, space)) : undefined)
  const last = info.last_name ?? (split && space > 0 ? full.slice(space + 1) : undefined)
  const applications = (profile.labels ?? []).flatMap((label, i) =>
    present(label.job_key)
      ? [
          {
            id: `${profile.id}-${i}`,
            job: { id: label.job_key },
            ...putValue("stage", present(label.stage) ? { id: "", name: label.stage } : undefined),
            ...putValue("changed-stage-at", label.date_stage)
          }
        ]
      : []
  )
  return {
    ...originPayload(Config.name, profile),
    id: profile.id,
    ...putValue("first-name", first),
    ...putValue("last-name", last),
    ...putValue("email", info.email),
    ...putValue("phone", info.phone),
    ...putValue("linkedin-url", info.urls?.find((u) => u.type?.toLowerCase() === "linkedin" || u.url.includes("linkedin.com"))?.url),
    ...putValue("pitch", info.summary ?? info.headline),
    ...putValue("picture", info.picture),
    ...putValue("resume", profile.attachments?.find((a) => a.type === "resume")?.public_url),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...putValue("sourced", profile.source === "sourced" ? true : undefined),
    ...putValue("referred", profile.source === "referred" ? true : undefined),
    ...putValue("referring-site", present(profile.source) && profile.source !== "sourced" && profile.source !== "referred" ? profile.source : undefined),
    ...putValue("job-applications", nonEmpty(applications)),
    ...putValue("created-at", profile.created_at),
    ...putValue("updated-at", profile.updated_at)
  } as TeamtailorCandidate
}

/** `Connector.toUnified` for Teamtailor (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Teamtailor. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
