/**
 * SmartRecruiters native records ↔ the unified model. A job's `jobAd` sections become the unified
 * description (`jobDescription`) and named sections; SmartRecruiters' job `status` and
 * `postingStatus` are taken back from `payload` when the unified record came from SmartRecruiters,
 * so native → unified → native is lossless except that a `null` where the unified model has no null
 * comes back absent, and an education's `current` flag is not carried (the unified model has no slot).
 */
import type * as Connector from "../../core/Connector.js"
import { fromUnifiedBy, originPayload, put, putValue, toUnifiedBy } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { SmartRecruitersCandidate, SmartRecruitersJob } from "./Schemas.js"

type JobStatus = NonNullable<Unified.UnifiedJob["status"]>
type Sections = NonNullable<NonNullable<SmartRecruitersJob["jobAd"]>["sections"]>
type SectionName = keyof Sections

/** An object without its undefined and null values, or undefined when nothing is left. */
const compact = <T extends Record<string, unknown>>(value: T): { [K in keyof T]?: NonNullable<T[K]> } | undefined => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v
  return Object.keys(out).length === 0 ? undefined : (out as { [K in keyof T]?: NonNullable<T[K]> })
}

const statusOf: Record<string, JobStatus> = {
  CREATED: "draft",
  SOURCING: "open",
  INTERVIEW: "open",
  OFFER: "open",
  FILLED: "closed",
  CANCELLED: "closed",
  ON_HOLD: "closed"
}

const nativeStatus: Record<JobStatus, string> = { draft: "CREATED", open: "SOURCING", closed: "FILLED", archived: "CANCELLED" }

const sectionNames: ReadonlyArray<SectionName> = ["companyDescription", "jobDescription", "qualifications", "additionalInformation"]
const isSectionName = (name: string | undefined): name is SectionName => sectionNames.includes(name as SectionName)

/** A SmartRecruiters job as a unified job. */
export const jobToUnified = (job: SmartRecruitersJob): Unified.UnifiedJob => {
  const sections = job.jobAd?.sections
  const named = sectionNames.flatMap((name) => {
    const section = sections?.[name]
    return section?.text == null ? [] : [{ name, ...putValue("title", section.title), description: section.text }]
  })
  const location = job.location ? compact({ ...job.location }) : undefined
  return {
    id: job.id,
    title: job.title,
    ...putValue("requisition_id", job.refNumber),
    ...putValue("description", sections?.jobDescription?.text),
    ...(named.length > 0 ? { sections: named } : {}),
    status: statusOf[job.status] ?? "draft",
    ...put("location", location),
    ...putValue("remote", job.location?.remote),
    created_at: job.createdOn,
    updated_at: job.updatedOn,
    origin: Config.name,
    payload: job
  }
}

/** A unified job as a SmartRecruiters job. */
export const jobFromUnified = (job: Unified.UnifiedJob): SmartRecruitersJob => {
  const payload = originPayload(Config.name, job)
  const sections: { -readonly [K in SectionName]?: { title?: string; text: string } } = {}
  for (const section of job.sections ?? []) {
    if (isSectionName(section.name)) sections[section.name] = { ...put("title", section.title), text: section.description }
  }
  if (sections.jobDescription === undefined && job.description != null) sections.jobDescription = { text: job.description }
  const location = job.location
    ? compact({ city: job.location.city ?? job.location.text, region: job.location.region, country: job.location.country, remote: job.location.remote ?? job.remote })
    : job.remote === undefined
      ? undefined
      : { remote: job.remote }
  const created = job.created_at ?? job.updated_at ?? undefined
  const updated = job.updated_at ?? job.created_at ?? undefined
  return {
    id: job.id,
    title: job.title,
    ...putValue("refNumber", job.requisition_id),
    // A record without timestamps fails the native schema, naming the field, rather than getting invented ones.
    ...(put("createdOn", created) as { createdOn: string }),
    ...(put("updatedOn", updated) as { updatedOn: string }),
    status: typeof payload?.status === "string" ? payload.status : nativeStatus[job.status ?? "open"],
    ...put("postingStatus", typeof payload?.postingStatus === "string" ? payload.postingStatus : undefined),
    ...put("location", location),
    ...(Object.keys(sections).length > 0 ? { jobAd: { sections } } : {})
  }
}

/** A SmartRecruiters candidate as a unified profile. */
export const candidateToUnified = (candidate: SmartRecruitersCandidate): Unified.UnifiedProfile => ({
  id: candidate.id,
  info: {
    full_name: [candidate.firstName, candidate.lastName].filter((p) => p !== "").join(" "),
    first_name: candidate.firstName,
    last_name: candidate.lastName,
    ...put("emails", candidate.email == null ? undefined : [{ value: candidate.email }]),
    ...put("phones", candidate.phoneNumber == null ? undefined : [{ value: candidate.phoneNumber }]),
    ...put("location", candidate.location == null ? undefined : compact({ ...candidate.location }))
  },
  ...put(
    "educations",
    candidate.education?.map((e) =>
      compact({
        school: e.institution,
        degree: e.degree,
        field: e.major,
        description: e.description,
        location: e.location == null ? undefined : { text: e.location },
        date_start: e.startDate,
        date_end: e.endDate
      }) ?? {}
    )
  ),
  ...put(
    "experiences",
    candidate.experience?.map((e) =>
      compact({
        title: e.title,
        company: e.company,
        description: e.description,
        location: e.location == null ? undefined : { text: e.location },
        date_start: e.startDate,
        date_end: e.endDate,
        current: e.current
      }) ?? {}
    )
  ),
  ...put("tags", candidate.tags?.map((name) => ({ name }))),
  ...put("created_at", candidate.createdOn),
  ...put("updated_at", candidate.updatedOn),
  origin: Config.name,
  payload: candidate
})

const locationText = (location: Unified.Location | undefined): string | undefined =>
  location === undefined ? undefined : (location.text ?? location.city)

/** A unified profile as a SmartRecruiters candidate; names come from `first_name`/`last_name`, else `full_name`. */
export const candidateFromUnified = (profile: Unified.UnifiedProfile): SmartRecruitersCandidate => {
  const { info } = profile
  const [firstWord = "", ...rest] = (info.full_name ?? "").trim().split(/\s+/)
  const location = info.location
    ? compact({ city: info.location.city ?? info.location.text, region: info.location.region, country: info.location.country, lat: info.location.lat, lng: info.location.lng })
    : undefined
  return {
    id: profile.id,
    firstName: info.first_name ?? firstWord,
    lastName: info.last_name ?? rest.join(" "),
    ...put("email", info.emails?.[0]?.value),
    ...put("phoneNumber", info.phones?.[0]?.value),
    ...put("location", location),
    ...put("tags", profile.tags?.filter((t) => t.value == null).map((t) => t.name)),
    ...put(
      "education",
      profile.educations?.map((e) =>
        compact({
          institution: e.school,
          degree: e.degree,
          major: e.field,
          location: locationText(e.location),
          startDate: e.date_start,
          endDate: e.date_end,
          description: e.description
        }) ?? {}
      )
    ),
    ...put(
      "experience",
      profile.experiences?.map((e) =>
        compact({
          title: e.title,
          company: e.company,
          current: e.current,
          location: locationText(e.location),
          startDate: e.date_start,
          endDate: e.date_end,
          description: e.description
        }) ?? {}
      )
    ),
    ...putValue("createdOn", profile.created_at),
    ...putValue("updatedOn", profile.updated_at)
  }
}

/** `Connector.toUnified` for SmartRecruiters (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, candidateToUnified)

/** `Connector.fromUnified` for SmartRecruiters. */
export const fromUnified = fromUnifiedBy(jobFromUnified, candidateFromUnified)
