/**
 * Ashby records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When a
 * unified record came from Ashby, `fromUnified` returns that payload as is if nothing was changed (an
 * Ashby → unified → Ashby trip is lossless), else lays the mapped fields over it. A candidate's
 * current `position` at `company` is its current experience and `school` its first education; its
 * location components are the location's `fields` (`city`, `state`, `country`); job statuses and
 * employment types map by name (`Open` ↔ open, `FullTime` ↔ full_time, ...), and values Ashby adds
 * later map to none rather than failing.
 */
import { fromUnifiedBy, nonEmpty, originPayload, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { AshbyCandidate, AshbyJob, EmploymentType, JobStatus } from "./Schemas.js"

const statuses: ReadonlyArray<readonly [JobStatus, NonNullable<Unified.UnifiedJob["status"]>]> = [
  ["Open", "open"],
  ["Closed", "closed"],
  ["Draft", "draft"],
  ["Archived", "archived"]
]

const employmentTypes: ReadonlyArray<readonly [EmploymentType, Unified.EmploymentType]> = [
  ["FullTime", "full_time"],
  ["PartTime", "part_time"],
  ["Intern", "internship"],
  ["Contract", "contract"],
  ["Temporary", "temporary"]
]

/** Ashby's social link types by unified URL type (lower-case). */
const linkTypes: Readonly<Record<string, string>> = {
  linkedin: "LinkedIn",
  github: "GitHub",
  twitter: "Twitter",
  website: "Website",
  portfolio: "Website"
}

/** Ashby's location component types by `location.fields` key (HrFlow's address part names). */
const componentTypes: ReadonlyArray<readonly [string, string]> = [
  ["City", "city"],
  ["Region", "state"],
  ["Country", "country"]
]

/** An Ashby job as a unified job. */
export const jobToUnified = (job: AshbyJob): Unified.UnifiedJob => ({
  id: job.id,
  origin: Config.name,
  name: job.title,
  ...putValue("status", statuses.find(([native]) => native === job.status)?.[1]),
  ...putValue("employment_type", employmentTypes.find(([native]) => native === job.employmentType)?.[1]),
  ...putValue("requisition_id", job.customRequisitionId),
  ...putValue("published_at", job.openedAt),
  ...putValue("created_at", job.createdAt),
  ...putValue("updated_at", job.updatedAt ?? job.createdAt),
  payload: job
})

const completedJob = (job: AshbyJob) => Unified.completeJob(jobToUnified(job))

/** A unified job as an Ashby job (unknown statuses keep the origin's, else become `Draft`). */
export const jobFromUnified = (job: Unified.UnifiedJob): AshbyJob => {
  const unchanged = unchangedPayload(Config.name, job, completedJob)
  if (unchanged) return unchanged as unknown as AshbyJob
  const base = { ...originPayload(Config.name, job) }
  return {
    ...base,
    id: job.id,
    title: job.name,
    status: statuses.find(([, unified]) => unified === job.status)?.[0] ?? (typeof base.status === "string" ? base.status : "Draft"),
    ...putValue("employmentType", employmentTypes.find(([, unified]) => unified === job.employment_type)?.[0]),
    ...putValue("customRequisitionId", job.requisition_id),
    ...putValue("openedAt", job.published_at),
    ...putValue("createdAt", job.created_at),
    ...putValue("updatedAt", job.updated_at)
  } as AshbyJob
}

const contacts = (primary: AshbyCandidate["primaryEmailAddress"], all: AshbyCandidate["emailAddresses"]) => {
  const list = [...(primary ? [primary] : []), ...(all ?? [])]
  const seen = new Set<string>()
  return nonEmpty(
    list.flatMap((c) => {
      if (seen.has(c.value)) return []
      seen.add(c.value)
      return [{ value: c.value, ...putValue("type", c.type) }]
    })
  )
}

const locationOf = (location: AshbyCandidate["location"]): Unified.Location | undefined => {
  if (!location) return undefined
  const fields: Record<string, string> = {}
  for (const component of location.locationComponents ?? []) {
    const key = componentTypes.find(([type]) => type === component.type)?.[1]
    if (key !== undefined) fields[key] = component.name
  }
  const out = {
    ...putValue("text", location.locationSummary),
    ...(Object.keys(fields).length > 0 ? { fields } : {})
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/** An Ashby candidate as a unified profile. */
export const candidateToUnified = (candidate: AshbyCandidate): Unified.UnifiedProfile => ({
  id: candidate.id,
  origin: Config.name,
  info: {
    full_name: candidate.name,
    ...putValue("emails", contacts(candidate.primaryEmailAddress, candidate.emailAddresses)),
    ...putValue("phones", contacts(candidate.primaryPhoneNumber, candidate.phoneNumbers)),
    ...putValue("urls", nonEmpty(candidate.socialLinks?.map((l) => ({ url: l.url, type: l.type.toLowerCase() })))),
    ...putValue("location", locationOf(candidate.location))
  },
  ...putValue(
    "experiences",
    candidate.position || candidate.company
      ? [{ ...putValue("title", candidate.position), ...putValue("company", candidate.company), current: true }]
      : undefined
  ),
  ...putValue("educations", candidate.school ? [{ school: candidate.school }] : undefined),
  ...putValue("tags", nonEmpty(candidate.tags?.map((t) => ({ name: t.title })))),
  ...putValue(
    "attachments",
    candidate.resumeFileHandle ? [{ type: "resume", file_name: candidate.resumeFileHandle.name, original_file_name: candidate.resumeFileHandle.name }] : undefined
  ),
  ...putValue("source", candidate.source?.title),
  ...putValue("created_at", candidate.createdAt),
  ...putValue("updated_at", candidate.updatedAt ?? candidate.createdAt),
  payload: candidate
})

const completedCandidate = (candidate: AshbyCandidate) => Unified.completeProfile(candidateToUnified(candidate))

/** A unified profile as an Ashby candidate; the first email and phone are the primary ones. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): AshbyCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, completedCandidate)
  if (unchanged) return unchanged as unknown as AshbyCandidate
  const info = profile.info ?? {}
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const emails = info.emails?.map((e, i) => ({ value: e.value, type: e.type ?? "Personal", isPrimary: i === 0 }))
  const phones = info.phones?.map((p, i) => ({ value: p.value, type: p.type ?? "Personal", isPrimary: i === 0 }))
  const current = profile.experiences?.find((e) => e.current) ?? profile.experiences?.[0]
  const location = info.location
  const components = componentTypes.flatMap(([type, key]) => {
    const name = location?.fields?.[key]
    return typeof name === "string" && name !== "" ? [{ type, name }] : []
  })
  const summary = location?.text ?? (components.map((c) => c.name).join(", ") || undefined)
  return {
    ...originPayload(Config.name, profile),
    id: profile.id,
    name: info.full_name ?? (joined || (info.emails?.[0]?.value ?? profile.id)),
    ...putValue("primaryEmailAddress", emails?.[0]),
    ...putValue("emailAddresses", nonEmpty(emails)),
    ...putValue("primaryPhoneNumber", phones?.[0]),
    ...putValue("phoneNumbers", nonEmpty(phones)),
    ...putValue(
      "socialLinks",
      nonEmpty(info.urls?.map((u) => ({ type: linkTypes[(u.type ?? "").toLowerCase()] ?? (u.url.includes("linkedin.com") ? "LinkedIn" : "Website"), url: u.url })))
    ),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => ({ title: t.name })))),
    ...putValue("position", current?.title),
    ...putValue("company", current?.company),
    ...putValue("school", profile.educations?.[0]?.school),
    ...putValue(
      "location",
      summary === undefined ? undefined : { locationSummary: summary, ...putValue("locationComponents", nonEmpty(components)) }
    ),
    ...putValue("createdAt", profile.created_at),
    ...putValue("updatedAt", profile.updated_at)
  } as AshbyCandidate
}

/** `Connector.toUnified` for Ashby (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Ashby. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
