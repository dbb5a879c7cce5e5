/**
 * Ashby records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When a
 * unified record came from Ashby, `fromUnified` returns that payload as is if nothing was changed (an
 * Ashby → unified → Ashby trip is lossless), else lays the mapped fields over it. A candidate's
 * current `position` at `company` is its current experience and `school` its first education; job
 * statuses and employment types map by name (`Open` ↔ open, `FullTime` ↔ full_time, ...).
 */
import type * as Connector from "../../core/Connector.js"
import type { Resource } from "../../core/Resource.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { AshbyCandidate, AshbyJob, EmploymentType, JobStatus } from "./Schemas.js"

/** `{ key: value }` when the value is neither undefined nor null, `{}` otherwise. */
const put = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V }

const nonEmpty = <A>(values: ReadonlyArray<A> | undefined): ReadonlyArray<A> | undefined =>
  values === undefined || values.length === 0 ? undefined : values

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The native record a unified record was made from, when it came from Ashby. */
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

/** An Ashby job as a unified job. */
export const jobToUnified = (job: AshbyJob): Unified.UnifiedJob => ({
  id: job.id,
  origin: Config.name,
  title: job.title,
  status: statuses.find(([native]) => native === job.status)![1],
  ...put("employment_type", employmentTypes.find(([native]) => native === job.employmentType)?.[1]),
  ...put("requisition_id", job.customRequisitionId),
  ...put("published_at", job.openedAt),
  ...put("created_at", job.createdAt),
  ...put("updated_at", job.updatedAt),
  payload: job
})

/** A unified job as an Ashby job (`closed` jobs stay `Closed`, unknown statuses become `Draft`). */
export const jobFromUnified = (job: Unified.UnifiedJob): AshbyJob => {
  const unchanged = unchangedPayload(job, jobToUnified)
  if (unchanged) return unchanged as unknown as AshbyJob
  const base = ownPayload(job)
  return {
    ...base,
    id: job.id,
    title: job.title,
    status: statuses.find(([, unified]) => unified === job.status)?.[0] ?? (typeof base.status === "string" ? base.status : "Draft"),
    ...put("employmentType", employmentTypes.find(([, unified]) => unified === job.employment_type)?.[0]),
    ...put("customRequisitionId", job.requisition_id),
    ...put("openedAt", job.published_at),
    ...put("createdAt", job.created_at),
    ...put("updatedAt", job.updated_at)
  } as AshbyJob
}

const contacts = (primary: AshbyCandidate["primaryEmailAddress"], all: AshbyCandidate["emailAddresses"]) => {
  const list = [...(primary ? [primary] : []), ...(all ?? [])]
  const seen = new Set<string>()
  return nonEmpty(
    list.flatMap((c) => {
      if (seen.has(c.value)) return []
      seen.add(c.value)
      return [{ value: c.value, ...put("type", c.type) }]
    })
  )
}

/** An Ashby candidate as a unified profile. */
export const candidateToUnified = (candidate: AshbyCandidate): Unified.UnifiedProfile => ({
  id: candidate.id,
  origin: Config.name,
  info: {
    full_name: candidate.name,
    ...put("emails", contacts(candidate.primaryEmailAddress, candidate.emailAddresses)),
    ...put("phones", contacts(candidate.primaryPhoneNumber, candidate.phoneNumbers)),
    ...put("urls", nonEmpty(candidate.socialLinks?.map((l) => ({ url: l.url, type: l.type.toLowerCase() })))),
    ...put("location", candidate.location?.locationSummary ? { text: candidate.location.locationSummary } : undefined)
  },
  ...put(
    "experiences",
    candidate.position || candidate.company
      ? [{ ...put("title", candidate.position), ...put("company", candidate.company), current: true }]
      : undefined
  ),
  ...put("educations", candidate.school ? [{ school: candidate.school }] : undefined),
  ...put("tags", nonEmpty(candidate.tags?.map((t) => ({ name: t.title })))),
  ...put("attachments", candidate.resumeFileHandle ? [{ type: "resume", filename: candidate.resumeFileHandle.name }] : undefined),
  ...put("source", candidate.source?.title),
  ...put("created_at", candidate.createdAt),
  ...put("updated_at", candidate.updatedAt),
  payload: candidate
})

/** A unified profile as an Ashby candidate; the first email and phone are the primary ones. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): AshbyCandidate => {
  const unchanged = unchangedPayload(profile, candidateToUnified)
  if (unchanged) return unchanged as unknown as AshbyCandidate
  const { info } = profile
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const emails = info.emails?.map((e, i) => ({ value: e.value, type: e.type ?? "Personal", isPrimary: i === 0 }))
  const phones = info.phones?.map((p, i) => ({ value: p.value, type: p.type ?? "Personal", isPrimary: i === 0 }))
  const current = profile.experiences?.find((e) => e.current) ?? profile.experiences?.[0]
  const location = info.location
  const components = [
    ...(location?.city ? [{ type: "City", name: location.city }] : []),
    ...(location?.region ? [{ type: "Region", name: location.region }] : []),
    ...(location?.country ? [{ type: "Country", name: location.country }] : [])
  ]
  const summary = location?.text ?? (components.map((c) => c.name).join(", ") || undefined)
  return {
    ...ownPayload(profile),
    id: profile.id,
    name: info.full_name ?? (joined || (info.emails?.[0]?.value ?? profile.id)),
    ...put("primaryEmailAddress", emails?.[0]),
    ...put("emailAddresses", nonEmpty(emails)),
    ...put("primaryPhoneNumber", phones?.[0]),
    ...put("phoneNumbers", nonEmpty(phones)),
    ...put(
      "socialLinks",
      nonEmpty(info.urls?.map((u) => ({ type: linkTypes[(u.type ?? "").toLowerCase()] ?? (u.url.includes("linkedin.com") ? "LinkedIn" : "Website"), url: u.url })))
    ),
    ...put("tags", nonEmpty(profile.tags?.map((t) => ({ title: t.name })))),
    ...put("position", current?.title),
    ...put("company", current?.company),
    ...put("school", profile.educations?.[0]?.school),
    ...put(
      "location",
      summary === undefined ? undefined : { locationSummary: summary, ...put("locationComponents", nonEmpty(components)) }
    ),
    ...put("createdAt", profile.created_at),
    ...put("updatedAt", profile.updated_at)
  } as AshbyCandidate
}

/** `Connector.toUnified` for Ashby (records are validated by the pipeline before this is called). */
export const toUnified = (resource: Resource, record: Connector.NativeRecord): Unified.UnifiedRecord =>
  resource === "job" ? jobToUnified(record as unknown as AshbyJob) : candidateToUnified(record as unknown as AshbyCandidate)

/** `Connector.fromUnified` for Ashby. */
export const fromUnified = (resource: Resource, record: Unified.UnifiedRecord): Connector.NativeRecord =>
  (resource === "job"
    ? jobFromUnified(record as Unified.UnifiedJob)
    : candidateFromUnified(record as Unified.UnifiedProfile)) as unknown as Connector.NativeRecord
