/**
 * SmartRecruiters native records ↔ the unified model.
 *
 * Jobs: `title` is the name, `refNumber` the reference (and requisition id); the job ad's sections
 * become named sections, with the job description as `text`, the company description as `culture`
 * and the qualifications as `requirements`; `typeOfEmployment`, `department`, `compensation` (the
 * salary range), the location (address parts, coordinates, `remote`) and the statuses are mapped to
 * their unified fields, the other `{ id, label }` properties (industry, function, experience level,
 * EEO category), `hybrid` and the target hiring date to `metadatas`. A record read from SmartRecruiters
 * and not changed goes back exactly as read; a changed one takes SmartRecruiters' own `status` and
 * `postingStatus` back from `payload`.
 *
 * Candidates: names, email, phone, location, web links (`info.urls`), education, experience, tags,
 * and the applications (`primaryAssignment`, `secondaryAssignments`) as `labels`, `stage` (the
 * primary application's status) and `job_ids`; `averageRating` is the primary label's rating.
 */
import { fromUnifiedBy, nonEmpty, originPayload, putValue, toIso, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { SmartRecruitersCandidate, SmartRecruitersJob } from "./Schemas.js"

type JobStatus = NonNullable<Unified.UnifiedJob["status"]>
type Sections = NonNullable<NonNullable<SmartRecruitersJob["jobAd"]>["sections"]>
type SectionName = keyof Sections
type Property = { readonly id?: string | null | undefined; readonly label?: string | null | undefined }
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null && value !== ""

/** An object without its undefined and null values, or undefined when nothing is left. */
const compact = <T extends Record<string, unknown>>(value: T): { [K in keyof T]?: NonNullable<T[K]> } | undefined => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v
  return Object.keys(out).length === 0 ? undefined : (out as { [K in keyof T]?: NonNullable<T[K]> })
}

const statusOf: Readonly<Record<string, JobStatus>> = {
  CREATED: "draft",
  SOURCING: "open",
  INTERVIEW: "open",
  OFFER: "open",
  FILLED: "closed",
  CANCELLED: "closed",
  ON_HOLD: "closed"
}

const nativeStatus: Readonly<Record<JobStatus, string>> = { draft: "CREATED", open: "SOURCING", closed: "FILLED", archived: "CANCELLED" }

/** SmartRecruiters' type-of-employment ids and labels of each unified employment type. */
const employmentTypes: ReadonlyArray<readonly [Unified.EmploymentType, string, string]> = [
  ["full_time", "permanent", "Full-time"],
  ["part_time", "part_time", "Part-time"],
  ["contract", "contract", "Contract"],
  ["temporary", "temporary", "Temporary"],
  ["internship", "intern", "Internship"],
  ["volunteer", "volunteer", "Volunteer"],
  ["per_diem", "per_diem", "Per diem"],
  ["other", "other", "Other"]
]

const letters = (value: string) => value.toLowerCase().replace(/[^a-z]/g, "")

/** A type of employment by its id, else by its label (accounts name their own types). */
const employmentTypeOf = (property: Property | null | undefined): Unified.EmploymentType | undefined => {
  if (property == null) return undefined
  const byId = employmentTypes.find(([, id]) => id === property.id)
  if (byId) return byId[0]
  const label = letters(property.label ?? property.id ?? "")
  if (label === "") return undefined
  if (label.includes("full") || label.includes("permanent")) return "full_time"
  if (label.includes("part")) return "part_time"
  if (label.includes("contract") || label.includes("freelance")) return "contract"
  if (label.includes("temp") || label.includes("seasonal")) return "temporary"
  if (label.includes("intern") || label.includes("apprentice")) return "internship"
  if (label.includes("volunteer")) return "volunteer"
  return "other"
}

const sectionNames: ReadonlyArray<SectionName> = ["companyDescription", "jobDescription", "qualifications", "additionalInformation"]
const isSectionName = (name: string | null | undefined): name is SectionName => sectionNames.includes(name as SectionName)

/** The unified long-text field each job ad section also fills. */
const sectionField = {
  companyDescription: "culture",
  jobDescription: "text",
  qualifications: "requirements"
} as const satisfies Partial<Record<SectionName, keyof Unified.UnifiedJob>>

/** `{ id, label }` properties kept as `metadatas` (named by their SmartRecruiters key, valued by their id). */
const propertyMetadatas = ["industry", "function", "experienceLevel", "eeoCategory"] as const

const numberOf = (value: number | string | null | undefined): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined
  if (typeof value !== "string" || value.trim() === "") return undefined
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : undefined
}

const locationText = (parts: ReadonlyArray<string | null | undefined>): string | undefined => {
  const text = parts.filter(present).join(", ")
  return text === "" ? undefined : text
}

/** A SmartRecruiters job as a unified job. */
export const jobToUnified = (job: SmartRecruitersJob): Unified.UnifiedJob => {
  const sections = job.jobAd?.sections ?? undefined
  const named = sectionNames.flatMap((name) => {
    const section = sections?.[name]
    return section == null || !present(section.text) ? [] : [{ name, ...putValue("title", section.title), description: section.text }]
  })
  const long: Partial<Record<(typeof sectionField)[keyof typeof sectionField], string>> = {}
  for (const [name, field] of Object.entries(sectionField)) {
    const text = sections?.[name as SectionName]?.text
    if (present(text)) long[field] = text
  }
  const place = job.location ?? undefined
  const location =
    place === undefined
      ? undefined
      : compact({
          text: place.fullLocation ?? locationText([place.address, place.city, place.region, place.postalCode, place.country ?? place.countryCode]),
          lat: numberOf(place.latitude),
          lng: numberOf(place.longitude),
          street: place.address,
          city: place.city,
          region: place.region,
          postal_code: place.postalCode,
          country: place.country ?? place.countryCode,
          remote: place.remote
        })
  const metadatas = [
    ...propertyMetadatas.flatMap((name) => {
      const property = job[name]
      return property == null || !present(property.id ?? property.label) ? [] : [{ name, value: property.id ?? property.label ?? null }]
    }),
    ...(place?.hybrid == null ? [] : [{ name: "hybrid", value: String(place.hybrid) }]),
    ...(present(job.targetHiringDate) ? [{ name: "targetHiringDate", value: job.targetHiringDate }] : [])
  ]
  const compensation = job.compensation ?? undefined
  const department = job.department ?? undefined
  return {
    id: job.id,
    name: job.title,
    ...putValue("reference", job.refNumber),
    ...putValue("requisition_id", job.refNumber),
    ...long,
    ...(named.length > 0 ? { sections: named } : {}),
    ...putValue("status", job.status == null ? undefined : statusOf[job.status]),
    ...putValue("employment_type", employmentTypeOf(job.typeOfEmployment)),
    ...putValue("location", location),
    ...putValue("remote", place?.remote),
    ...putValue(
      "departments",
      department === undefined || !present(department.label) ? undefined : [{ ...putValue("id", department.id), name: department.label }]
    ),
    ...putValue(
      "salary",
      compensation === undefined ? undefined : { min: compensation.min ?? null, max: compensation.max ?? null, ...putValue("currency", compensation.currency) }
    ),
    ...putValue("metadatas", nonEmpty(metadatas)),
    ...putValue("created_at", toIso(job.createdOn)),
    ...putValue("updated_at", toIso(job.updatedOn)),
    origin: Config.name,
    payload: job
  }
}

/** A unified job as a SmartRecruiters job. */
export const jobFromUnified = (job: Unified.UnifiedJob): SmartRecruitersJob => {
  // An unchanged record from SmartRecruiters goes back exactly as read (the record given is completed, so is what the payload maps to).
  const unchanged = unchangedPayload(Config.name, job, (native: SmartRecruitersJob) => Unified.completeJob(jobToUnified(native)))
  if (unchanged) return unchanged as unknown as SmartRecruitersJob
  const payload = originPayload(Config.name, job)
  const sections: Mutable<Partial<Record<SectionName, { title?: string; text: string }>>> = {}
  for (const section of job.sections ?? []) {
    if (isSectionName(section.name) && present(section.description)) {
      sections[section.name] = { ...putValue("title", section.title), text: section.description }
    }
  }
  for (const [name, field] of Object.entries(sectionField)) {
    const text = job[field]
    if (present(text)) sections[name as SectionName] = { ...putValue("title", sections[name as SectionName]?.title), text }
  }
  const place = job.location
  const location = compact({
    fullLocation: place?.text,
    address: place?.street,
    city: place?.city,
    region: place?.region,
    postalCode: place?.postal_code,
    country: place?.country,
    latitude: place?.lat == null ? undefined : String(place.lat),
    longitude: place?.lng == null ? undefined : String(place.lng),
    remote: job.remote ?? place?.remote,
    hybrid: metadataOf(job, "hybrid") === undefined ? undefined : metadataOf(job, "hybrid") === "true"
  })
  const employment = employmentTypes.find(([type]) => type === job.employment_type)
  const department = job.departments?.[0]
  const properties = Object.fromEntries(
    propertyMetadatas.flatMap((name) => {
      const id = metadataOf(job, name)
      return id === undefined ? [] : [[name, { id }]]
    })
  )
  return {
    id: job.id,
    title: job.name,
    ...putValue("refNumber", job.reference ?? job.requisition_id),
    ...putValue("createdOn", job.created_at),
    ...putValue("updatedOn", job.updated_at),
    ...putValue("status", typeof payload?.status === "string" ? payload.status : job.status === undefined ? undefined : nativeStatus[job.status]),
    ...putValue("postingStatus", typeof payload?.postingStatus === "string" ? payload.postingStatus : undefined),
    ...putValue("department", department === undefined ? undefined : { ...putValue("id", department.id), label: department.name }),
    ...putValue("location", location),
    ...putValue("typeOfEmployment", employment === undefined ? undefined : { id: employment[1], label: employment[2] }),
    ...properties,
    ...putValue("targetHiringDate", metadataOf(job, "targetHiringDate")),
    ...putValue(
      "compensation",
      job.salary === undefined ? undefined : { min: job.salary.min ?? null, max: job.salary.max ?? null, ...putValue("currency", job.salary.currency) }
    ),
    ...(Object.keys(sections).length > 0 ? { jobAd: { sections } } : {})
  }
}

const metadataOf = (record: { readonly metadatas?: ReadonlyArray<Unified.Item> | undefined }, name: string): string | undefined => {
  const value = record.metadatas?.find((item) => item.name === name)?.value
  return present(value) ? value : undefined
}

/** The web profiles SmartRecruiters keeps, by their unified url type. */
const webTypes = ["linkedin", "facebook", "twitter", "skype", "website"] as const

type Assignment = NonNullable<SmartRecruitersCandidate["primaryAssignment"]>

const labelOf = (
  assignment: Assignment,
  rating: number | null | undefined
): Unified.UnifiedProfile["labels"] extends ReadonlyArray<infer L> | undefined ? L : never => ({
  ...putValue("job_key", assignment.job?.id),
  ...putValue("stage", assignment.status),
  ...putValue("rating", rating)
})

/** A SmartRecruiters candidate as a unified profile. */
export const candidateToUnified = (candidate: SmartRecruitersCandidate): Unified.UnifiedProfile => {
  const place = candidate.location ?? undefined
  const location =
    place === undefined
      ? undefined
      : compact({
          text: locationText([place.city, place.region, place.country ?? place.countryCode]),
          lat: numberOf(place.lat),
          lng: numberOf(place.lng),
          city: place.city,
          region: place.region,
          country: place.country ?? place.countryCode
        })
  const web = candidate.web ?? undefined
  const urls = webTypes.flatMap((type) => (present(web?.[type]) ? [{ type, url: web[type] }] : []))
  const primary = candidate.primaryAssignment ?? undefined
  const assignments = [...(primary === undefined ? [] : [primary]), ...(candidate.secondaryAssignments ?? [])]
  const labels = assignments.map((assignment, i) => labelOf(assignment, i === 0 ? candidate.averageRating : undefined))
  const jobIds = assignments.flatMap((assignment) => (present(assignment.job?.id) ? [assignment.job.id] : []))
  return {
    id: candidate.id,
    info: {
      ...putValue("first_name", candidate.firstName),
      ...putValue("last_name", candidate.lastName),
      ...putValue("email", candidate.email),
      ...putValue("phone", candidate.phoneNumber),
      ...putValue("location", location),
      ...putValue("urls", nonEmpty(urls))
    },
    ...putValue(
      "educations",
      nonEmpty(candidate.education ?? undefined)?.map((e) => ({
        ...putValue("school", e.institution),
        ...putValue("title", e.degree),
        ...putValue("degree", e.degree),
        ...putValue("field", e.major),
        ...putValue("description", e.description),
        ...putValue("location", present(e.location) ? { text: e.location } : undefined),
        ...putValue("date_start", e.startDate),
        ...putValue("date_end", e.endDate)
      }))
    ),
    ...putValue(
      "experiences",
      nonEmpty(candidate.experience ?? undefined)?.map((e) => ({
        ...putValue("title", e.title),
        ...putValue("company", e.company),
        ...putValue("description", e.description),
        ...putValue("location", present(e.location) ? { text: e.location } : undefined),
        ...putValue("date_start", e.startDate),
        ...putValue("date_end", e.endDate),
        ...putValue("current", e.current)
      }))
    ),
    ...putValue("tags", nonEmpty(candidate.tags?.map((name) => ({ name, value: null })))),
    ...putValue("labels", nonEmpty(labels)),
    ...putValue("stage", primary?.status),
    ...putValue("job_ids", nonEmpty(jobIds)),
    ...putValue("source", primary?.source),
    ...putValue("created_at", toIso(candidate.createdOn)),
    ...putValue("updated_at", toIso(candidate.updatedOn)),
    origin: Config.name,
    payload: candidate
  }
}

const place = (location: Unified.Location | undefined): string | undefined =>
  location === undefined ? undefined : (location.text ?? location.city ?? undefined)

/** A unified profile as a SmartRecruiters candidate; names come from `first_name`/`last_name`, else `full_name`. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): SmartRecruitersCandidate => {
  const unchanged = unchangedPayload(Config.name, profile, (native: SmartRecruitersCandidate) => Unified.completeProfile(candidateToUnified(native)))
  if (unchanged) return unchanged as unknown as SmartRecruitersCandidate
  const info = profile.info ?? {}
  // A full name is split only when neither part is given (else it was built from them).
  const split = info.first_name == null && info.last_name == null
  const [firstWord = "", ...rest] = split ? (info.full_name ?? "").trim().split(/\s+/) : []
  const location = info.location
    ? compact({ city: info.location.city, region: info.location.region, country: info.location.country, lat: info.location.lat, lng: info.location.lng })
    : undefined
  const web = compact(
    Object.fromEntries(webTypes.map((type) => [type, info.urls?.find((u) => u.type?.toLowerCase() === type)?.url])) as Record<
      (typeof webTypes)[number],
      string | undefined
    >
  )
  // Applications: the labels when there are any, else the `stage` / `job_ids` extras.
  const labels = profile.labels ?? []
  const assignments: Array<Assignment> =
    labels.length > 0
      ? labels.map((label) => ({ ...putValue("job", present(label.job_key) ? { id: label.job_key } : undefined), ...putValue("status", label.stage) }))
      : (profile.job_ids ?? []).map((id, i) => ({ job: { id }, ...(i === 0 ? putValue("status", profile.stage) : {}) }))
  const [primary, ...secondary] = assignments
  const rating = labels[0]?.rating
  return {
    id: profile.id,
    ...putValue("firstName", info.first_name ?? (firstWord === "" ? undefined : firstWord)),
    ...putValue("lastName", info.last_name ?? (rest.length === 0 ? undefined : rest.join(" "))),
    ...putValue("email", info.email),
    ...putValue("phoneNumber", info.phone),
    ...putValue("location", location),
    ...putValue("web", web),
    ...putValue("averageRating", rating),
    ...putValue("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...putValue(
      "education",
      profile.educations?.map(
        (e) =>
          compact({
            institution: e.school,
            degree: e.title ?? e.degree,
            major: e.field,
            location: place(e.location),
            startDate: e.date_start,
            endDate: e.date_end,
            description: e.description
          }) ?? {}
      )
    ),
    ...putValue(
      "experience",
      profile.experiences?.map(
        (e) =>
          compact({
            title: e.title,
            company: e.company,
            current: e.current,
            location: place(e.location),
            startDate: e.date_start,
            endDate: e.date_end,
            description: e.description
          }) ?? {}
      )
    ),
    ...putValue("primaryAssignment", primary === undefined ? undefined : { ...primary, ...putValue("source", profile.source) }),
    ...putValue("secondaryAssignments", nonEmpty(secondary)),
    ...putValue("createdOn", profile.created_at),
    ...putValue("updatedOn", profile.updated_at)
  }
}

/** `Connector.toUnified` for SmartRecruiters (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for SmartRecruiters. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
