/**
 * Ashby records ↔ the unified model. `toUnified` keeps the whole native record in `payload`. When a
 * unified record came from Ashby, `fromUnified` returns that payload as is if nothing was changed (an
 * Ashby → unified → Ashby trip is lossless), else lays the mapped fields over it. A candidate's
 * current `position` at `company` is its current experience and `school` its first education; its
 * location components are the location's `fields` (`city`, `state`, `country`); job statuses and
 * employment types map by name (`Open` ↔ open, `FullTime` ↔ full_time, ...), and values Ashby adds
 * later map to none rather than failing.
 *
 * A job's primary posting (`jobPosting`) gives its location (`locationName`, the address parts,
 * `workplaceType` → `remote`; a `Hybrid` or unknown workplace type is kept as the `workplace_type`
 * metadata), departments (`departmentName`, then `teamName` when it differs), `externalLink` → `url`,
 * `applyLink` → `apply_url`, `descriptionPlain` → `text`, `descriptionSocial` → `summary`, the
 * description parts → `sections` (`opening`, `body`, `closing`, as HTML), `applicationDeadline` →
 * `closes_at`, and the compensation's `summaryComponents` → `ranges_float` (`salary`, `bonus`,
 * `commission`, `equity_percentage`, `equity_cash_value`; the salary's interval is `salary.period`).
 * `isListed`, `publishedDate` and `compensationTierSummary` travel as the metadatas `posting_listed`,
 * `posting_published_date` and `compensation_summary`.
 *
 * A candidate's applications (most recent first) are its `labels` (job id, current stage, the date it
 * entered that stage) and `job_ids`; the primary application — the first `Active`, `Lead` or `Hired`
 * one, else the first — gives `stage`, the `application_status` metadata, `archived_at` and, when the
 * candidate has none, `source`.
 */
import { fromUnifiedBy, isRecord, nonEmpty, originPayload, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { Application, AshbyCandidate, AshbyJob, EmploymentType, JobPosting, JobStatus } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type Period = NonNullable<NonNullable<Unified.UnifiedJob["salary"]>["period"]>
type Component = NonNullable<NonNullable<JobPosting["compensation"]>["summaryComponents"]>[number]

const present = (value: string | null | undefined): string | undefined => (value == null || value === "" ? undefined : value)

/** An amount Ashby sent as a number or as numeric text. */
const amount = (value: number | string | null | undefined): number | undefined => {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value
  return typeof n === "number" && Number.isFinite(n) ? n : undefined
}

/** `metadatas` names for posting and application data the unified model has no field for. */
export const metadataNames = {
  job: ["workplace_type", "posting_listed", "posting_published_date", "compensation_summary"],
  profile: ["application_status"]
} as const

const metadataOf = (record: { readonly metadatas?: ReadonlyArray<Unified.Item> | undefined }, name: string): string | undefined =>
  present(record.metadatas?.find((item) => item.name === name)?.value)

const items = (pairs: ReadonlyArray<readonly [string, string | null | undefined]>): ReadonlyArray<Unified.Item> | undefined =>
  nonEmpty(pairs.flatMap(([name, value]) => (present(value) === undefined ? [] : [{ name, value: value! }])))

/** Compensation component types by `ranges_float` name. */
const rangeNames: ReadonlyArray<readonly [string, string]> = [
  ["Salary", "salary"],
  ["Bonus", "bonus"],
  ["Commission", "commission"],
  ["EquityPercentage", "equity_percentage"],
  ["EquityCashValue", "equity_cash_value"]
]

/** Compensation intervals by salary period (other intervals — `2 WEEK`, `NONE`, ... — have none). */
const intervals: ReadonlyArray<readonly [string, Period]> = [
  ["1 HOUR", "hour"],
  ["1 DAY", "day"],
  ["1 WEEK", "week"],
  ["1 MONTH", "month"],
  ["1 YEAR", "year"]
]

/** Description parts by section name. */
const sectionParts = [
  ["descriptionOpening", "opening"],
  ["descriptionBody", "body"],
  ["descriptionClosing", "closing"]
] as const

/** Postal address parts by `location.fields` key. */
const addressParts = [
  ["streetAddress", "road"],
  ["addressLocality", "city"],
  ["addressRegion", "state"],
  ["postalCode", "postcode"],
  ["addressCountry", "country"]
] as const

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

const remoteOf = (posting: JobPosting): boolean | undefined =>
  posting.workplaceType === "Remote" ? true : posting.workplaceType === "OnSite" || posting.workplaceType === "Hybrid" ? false : (posting.isRemote ?? undefined)

const postingLocation = (posting: JobPosting): Unified.Location | undefined => {
  const address = posting.address?.postalAddress
  const fields: Record<string, string> = {}
  for (const [native, key] of addressParts) {
    const value = present(address?.[native])
    if (value !== undefined) fields[key] = value
  }
  const location = {
    ...putValue("text", present(posting.locationName)),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...putValue("remote", remoteOf(posting))
  }
  return Object.keys(location).length === 0 ? undefined : location
}

const componentsOf = (posting: JobPosting): ReadonlyArray<Component> =>
  posting.compensation?.summaryComponents ?? posting.compensation?.compensationTiers?.[0]?.components ?? []

const rangeOf = (component: Component): Unified.RangeFloat | undefined => {
  const [min, max] = [amount(component.minValue), amount(component.maxValue)]
  if (min === undefined && max === undefined) return undefined
  const name = rangeNames.find(([type]) => type === component.compensationType)?.[1] ?? component.compensationType
  return { name, value_min: min ?? null, value_max: max ?? null, unit: present(component.currencyCode) ?? null }
}

/** The unified fields a job's posting fills. */
const postingToUnified = (posting: JobPosting, departmentId: string | null | undefined): Partial<Unified.UnifiedJob> => {
  const departments = [
    ...(present(posting.departmentName) ? [{ ...putValue("id", departmentId), name: posting.departmentName! }] : []),
    ...(present(posting.teamName) && posting.teamName !== posting.departmentName ? [{ name: posting.teamName! }] : [])
  ]
  const parts = posting.descriptionParts
  const sections = sectionParts.flatMap(([native, name]) => {
    const part = parts?.[native]
    const description = present(part?.html) ?? present(part?.plain)
    return description === undefined ? [] : [{ name, title: null, description }]
  })
  const components = componentsOf(posting)
  const salary = components.find((c) => c.compensationType === "Salary")
  const period = intervals.find(([interval]) => interval === salary?.interval)?.[1]
  const workplace = posting.workplaceType
  return {
    ...putValue("location", postingLocation(posting)),
    ...putValue("departments", nonEmpty(departments)),
    ...putValue("url", present(posting.externalLink)),
    ...putValue("apply_url", present(posting.applyLink)),
    ...putValue("text", present(posting.descriptionPlain) ?? present(parts?.descriptionBody?.plain)),
    ...putValue("summary", present(posting.descriptionSocial)),
    ...putValue("sections", nonEmpty(sections)),
    ...putValue("closes_at", posting.applicationDeadline),
    ...putValue("ranges_float", nonEmpty(components.flatMap((c) => rangeOf(c) ?? []))),
    ...(salary !== undefined && (amount(salary.minValue) !== undefined || amount(salary.maxValue) !== undefined)
      ? {
          salary: {
            min: amount(salary.minValue) ?? null,
            max: amount(salary.maxValue) ?? null,
            ...putValue("currency", present(salary.currencyCode)),
            ...putValue("period", period)
          }
        }
      : {}),
    ...putValue(
      "metadatas",
      items([
        // Remote and OnSite are `remote`; what it cannot say stays a metadata.
        ["workplace_type", workplace === "Remote" || workplace === "OnSite" ? undefined : workplace],
        ["posting_listed", posting.isListed == null ? undefined : String(posting.isListed)],
        ["posting_published_date", posting.publishedDate],
        ["compensation_summary", posting.compensation?.compensationTierSummary ?? posting.compensationTierSummary]
      ])
    )
  }
}

/** An Ashby job as a unified job. */
export const jobToUnified = (job: AshbyJob): Unified.UnifiedJob => ({
  id: job.id,
  origin: Config.name,
  name: job.title,
  ...(job.jobPosting ? postingToUnified(job.jobPosting, job.departmentId) : {}),
  ...putValue("status", statuses.find(([native]) => native === job.status)?.[1]),
  ...putValue("employment_type", employmentTypes.find(([native]) => native === (job.employmentType ?? job.jobPosting?.employmentType))?.[1]),
  ...putValue("requisition_id", job.customRequisitionId),
  ...putValue("published_at", job.openedAt),
  ...putValue("created_at", job.createdAt),
  ...putValue("updated_at", job.updatedAt ?? job.createdAt),
  payload: job
})

const completedJob = (job: AshbyJob) => Unified.completeJob(jobToUnified(job))

const postingFields = ["location", "remote", "departments", "url", "apply_url", "text", "summary", "sections", "closes_at", "ranges_float", "salary"] as const

/** The posting a unified job describes (over the one it was read with), or undefined when it has no posting data. */
const postingFromUnified = (job: Unified.UnifiedJob, base: Readonly<Record<string, unknown>>): JobPosting | undefined => {
  const origin = isRecord(base.jobPosting) ? (base.jobPosting as JobPosting) : undefined
  const hasPosting = postingFields.some((field) => job[field] != null) || metadataNames.job.some((name) => metadataOf(job, name) !== undefined)
  if (!hasPosting && origin === undefined) return undefined
  const location = job.location
  const fields = location?.fields ?? {}
  const postalAddress = Object.fromEntries(
    addressParts.flatMap(([native, key]) => (typeof fields[key] === "string" && fields[key] !== "" ? [[native, fields[key]]] : []))
  )
  const remote = job.remote ?? location?.remote
  const workplace = metadataOf(job, "workplace_type") ?? (remote === true ? "Remote" : remote === false ? "OnSite" : undefined)
  const [department, team] = job.departments ?? []
  const parts = Object.fromEntries(
    sectionParts.flatMap(([native, name]) => {
      const section = job.sections?.find((s) => s.name === name)
      return present(section?.description) === undefined ? [] : [[native, { html: section!.description!, plain: null }]]
    })
  )
  const salaryPeriod = intervals.find(([, period]) => period === job.salary?.period)?.[0]
  const components: Array<Component> = (job.ranges_float ?? []).flatMap((range) => {
    const type = rangeNames.find(([, name]) => name === range.name)?.[0]
    return type === undefined
      ? []
      : [
          {
            compensationType: type,
            interval: type === "Salary" ? (salaryPeriod ?? null) : null,
            currencyCode: range.unit ?? null,
            minValue: range.value_min ?? null,
            maxValue: range.value_max ?? null
          }
        ]
  })
  const listed = metadataOf(job, "posting_listed")
  const summary = metadataOf(job, "compensation_summary")
  const out: Mutable<JobPosting> = {
    ...origin,
    id: origin?.id ?? job.id,
    title: job.name,
    jobId: job.id,
    locationName: present(location?.text) ?? null,
    address: Object.keys(postalAddress).length > 0 ? { postalAddress } : null,
    workplaceType: workplace ?? null,
    departmentName: department?.name ?? null,
    teamName: team?.name ?? department?.name ?? null,
    externalLink: job.url ?? null,
    applyLink: job.apply_url ?? null,
    descriptionPlain: job.text ?? null,
    descriptionSocial: job.summary ?? null,
    descriptionParts: Object.keys(parts).length > 0 ? parts : null,
    applicationDeadline: job.closes_at ?? null,
    isListed: listed === undefined ? null : listed === "true",
    publishedDate: metadataOf(job, "posting_published_date") ?? null,
    compensationTierSummary: summary ?? null,
    compensation: components.length > 0 || summary !== undefined ? { compensationTierSummary: summary ?? null, summaryComponents: components } : null
  }
  // The deprecated flag would contradict `workplaceType` once the job is edited.
  delete out.isRemote
  return out
}

/** A unified job as an Ashby job (unknown statuses keep the origin's, else become `Draft`). */
export const jobFromUnified = (job: Unified.UnifiedJob): AshbyJob => {
  const unchanged = unchangedPayload(Config.name, job, completedJob)
  if (unchanged) return unchanged as unknown as AshbyJob
  const base = { ...originPayload(Config.name, job) }
  return {
    ...base,
    id: job.id,
    title: job.name,
    ...putValue("departmentId", job.departments?.[0]?.id),
    ...putValue("jobPosting", postingFromUnified(job, base)),
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

/** The application behind a candidate's `stage`: the first `Active`, `Lead` or `Hired` one, else the first. */
const primaryApplication = (applications: ReadonlyArray<Application>): Application | undefined =>
  applications.find((a) => a.status === "Active" || a.status === "Lead" || a.status === "Hired") ?? applications[0]

/** When the application entered its current stage: the history entry it has not left. */
const dateStage = (application: Application): string | undefined =>
  application.applicationHistory?.findLast((entry) => entry.leftStageAt == null)?.enteredStageAt ?? undefined

const labelOf = (application: Application) => ({
  job_key: application.job.id,
  ...putValue("stage", application.currentInterviewStage?.title),
  ...putValue("date_stage", dateStage(application))
})

/** The unified fields a candidate's applications fill. */
const applicationsToUnified = (applications: ReadonlyArray<Application>): Partial<Unified.UnifiedProfile> => {
  const primary = primaryApplication(applications)
  return {
    ...putValue("labels", nonEmpty(applications.map(labelOf))),
    ...putValue("job_ids", nonEmpty([...new Set(applications.map((a) => a.job.id))])),
    ...putValue("stage", primary?.currentInterviewStage?.title),
    ...putValue("archived_at", primary?.archivedAt),
    ...putValue("metadatas", items([["application_status", primary?.status]]))
  }
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
    candidate.resumeFileHandle
      ? [{ type: "resume", file_name: candidate.resumeFileHandle.name, original_file_name: candidate.resumeFileHandle.name }]
      : undefined
  ),
  ...applicationsToUnified(candidate.applications ?? []),
  ...putValue("source", candidate.source?.title ?? primaryApplication(candidate.applications ?? [])?.source?.title),
  ...putValue("created_at", candidate.createdAt),
  ...putValue("updated_at", candidate.updatedAt ?? candidate.createdAt),
  payload: candidate
})

const completedCandidate = (candidate: AshbyCandidate) => Unified.completeProfile(candidateToUnified(candidate))

/**
 * The applications a unified profile describes: its labels (else its job ids, the first at `stage`), in
 * order, the first carrying the `application_status` and `archived_at`; each over the application of
 * the same job it was read with.
 */
const applicationsFromUnified = (profile: Unified.UnifiedProfile, base: Readonly<Record<string, unknown>>): ReadonlyArray<Application> | undefined => {
  const read = Array.isArray(base.applications) ? (base.applications as ReadonlyArray<Application>) : []
  const labels = (profile.labels ?? []).filter((l) => present(l.job_key) !== undefined)
  const described =
    labels.length > 0
      ? labels.map((l) => ({ job: l.job_key!, stage: present(l.stage), date: present(l.date_stage) }))
      : (profile.job_ids ?? [])
          .flatMap((job) => (present(job) === undefined ? [] : [job]))
          .map((job, i) => ({ job, stage: i === 0 ? present(profile.stage) : undefined, date: undefined }))
  if (described.length === 0) return undefined
  const status = metadataOf(profile, "application_status")
  return described.map(({ job, stage, date }, i): Application => {
    const origin = read.find((a) => a.job.id === job)
    return {
      ...origin,
      job: { ...origin?.job, id: job },
      currentInterviewStage:
        stage === undefined ? null : { ...(origin?.currentInterviewStage?.title === stage ? origin.currentInterviewStage : {}), title: stage },
      applicationHistory: date === undefined ? null : [{ stageId: null, title: stage ?? null, enteredStageAt: date, leftStageAt: null }],
      ...(i === 0 ? { status: status ?? null, archivedAt: profile.archived_at ?? null } : {})
    }
  })
}

/** The contacts with the primary one (`info.email` / `info.phone`, the original's field) first. */
const primaryFirst = <A extends { readonly value: string }>(list: ReadonlyArray<A> | undefined, primary: string | null | undefined) =>
  list === undefined || !present(primary) ? list : [...list.filter((c) => c.value === primary), ...list.filter((c) => c.value !== primary)]

/** A unified profile as an Ashby candidate; `info.email` and `info.phone` are the primary ones. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): AshbyCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, completedCandidate)
  if (unchanged) return unchanged as unknown as AshbyCandidate
  const info = profile.info ?? {}
  const joined = [info.first_name, info.last_name].filter(Boolean).join(" ")
  const emails = primaryFirst(info.emails, info.email)?.map((e, i) => ({ value: e.value, type: e.type ?? "Personal", isPrimary: i === 0 }))
  const phones = primaryFirst(info.phones, info.phone)?.map((p, i) => ({ value: p.value, type: p.type ?? "Personal", isPrimary: i === 0 }))
  const current = profile.experiences?.find((e) => e.current) ?? profile.experiences?.[0]
  const location = info.location
  const components = componentTypes.flatMap(([type, key]) => {
    const name = location?.fields?.[key]
    return typeof name === "string" && name !== "" ? [{ type, name }] : []
  })
  const summary = location?.text ?? (components.map((c) => c.name).join(", ") || undefined)
  const base = { ...originPayload(Config.name, profile) }
  return {
    ...base,
    id: profile.id,
    name: info.full_name ?? (joined || (info.emails?.[0]?.value ?? profile.id)),
    ...putValue("primaryEmailAddress", emails?.[0]),
    ...putValue("emailAddresses", nonEmpty(emails)),
    ...putValue("primaryPhoneNumber", phones?.[0]),
    ...putValue("phoneNumbers", nonEmpty(phones)),
    ...putValue(
      "socialLinks",
      nonEmpty(
        info.urls?.map((u) => ({ type: linkTypes[(u.type ?? "").toLowerCase()] ?? (u.url.includes("linkedin.com") ? "LinkedIn" : "Website"), url: u.url }))
      )
    ),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => ({ title: t.name })))),
    ...putValue("position", current?.title),
    ...putValue("company", current?.company),
    ...putValue("school", profile.educations?.[0]?.school),
    ...putValue("location", summary === undefined ? undefined : { locationSummary: summary, ...putValue("locationComponents", nonEmpty(components)) }),
    ...putValue("applications", applicationsFromUnified(profile, base)),
    ...putValue("source", profile.source === undefined ? undefined : { ...(isRecord(base.source) ? base.source : {}), title: profile.source }),
    ...putValue("createdAt", profile.created_at),
    ...putValue("updatedAt", profile.updated_at)
  } as AshbyCandidate
}

/** `Connector.toUnified` for Ashby (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for Ashby. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
