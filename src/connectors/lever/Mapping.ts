/**
 * Lever native records ↔ the unified model. Epoch-millisecond timestamps become ISO-8601 text and back.
 *
 * A posting's `text` is the job's `name`, `content.description` its `text`, each content list a
 * section (its title as `name` and `title`) and the closing statement the section named `closing`;
 * `categories` give the location, department and employment type, `country` and `workplaceType` the
 * location's country and `remote`, `salaryRange` the salary, `reqCode` the requisition id. Lever's
 * categories the unified model has no field for (`team`, `level`, the `commitment` text) travel as
 * `metadatas` of those names. An opportunity's contact details fill `info`; its archive time is
 * `archived_at`, its first source `source`, its stage `stage`; expanded applications (`expand=
 * applications`) give `job_ids` and `labels`; `contact`, `origin` and the archive reason travel as
 * `metadatas`.
 *
 * A unified record read from Lever and not changed since maps back to that payload exactly; an edited
 * one takes back from `payload` what the unified model cannot hold exactly (a posting's `state`
 * among those of the same status, a salary's Lever `interval`).
 */
import { fromUnifiedBy, isRecord, nonEmpty, originPayload, put, putValue, toUnifiedBy, unchangedPayload } from "../../core/MappingKit.js"
import * as Metadata from "../../core/Metadata.js"
import * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { LeverOpportunity, LeverPosting } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type JobStatus = NonNullable<Unified.UnifiedJob["status"]>
type Period = NonNullable<NonNullable<Unified.UnifiedJob["salary"]>["period"]>
type Item = Unified.Item

const iso = (ms: number | null | undefined): string | undefined => (ms == null ? undefined : new Date(ms).toISOString())

const millis = (value: string | null | undefined): number | undefined => (value == null ? undefined : Metadata.parseInstant(value))

/** Text Lever sends as `""` for "none" is absent here. */
const present = (value: string | null | undefined): string | undefined => (value == null || value === "" ? undefined : value)

const statusOf: Readonly<Record<string, JobStatus>> = {
  published: "open",
  internal: "open",
  closed: "closed",
  draft: "draft",
  pending: "draft",
  rejected: "closed"
}

const stateOf: Record<JobStatus, string> = { open: "published", closed: "closed", draft: "draft", archived: "closed" }

/** Lever's free-text commitment ("Full-time", "Contract", ...) as an employment type. */
export const employmentType = (commitment: string): Unified.EmploymentType => {
  const text = commitment.toLowerCase().replace(/[^a-z]/g, "")
  if (text.startsWith("fulltime") || text === "permanent") return "full_time"
  if (text.startsWith("parttime")) return "part_time"
  if (text.startsWith("contract") || text.startsWith("freelance")) return "contract"
  if (text.startsWith("intern")) return "internship"
  if (text.startsWith("temp")) return "temporary"
  if (text.startsWith("volunt")) return "volunteer"
  if (text.startsWith("perdiem")) return "per_diem"
  return "other"
}

const commitmentOf: Record<Unified.EmploymentType, string | undefined> = {
  full_time: "Full-time",
  part_time: "Part-time",
  contract: "Contract",
  temporary: "Temporary",
  internship: "Internship",
  volunteer: "Volunteer",
  per_diem: "Per diem",
  other: undefined
}

const periods: ReadonlyArray<Period> = ["hour", "day", "week", "month", "year"]

/** Lever's salary interval (`per-year-salary`, `per-hour-wage`, ...) as a period. */
export const periodOf = (interval: string): Period | undefined => periods.find((p) => interval.includes(p))

const intervalOf: Record<Period, string> = {
  hour: "per-hour-wage",
  day: "per-day-wage",
  week: "per-week-salary",
  month: "per-month-salary",
  year: "per-year-salary"
}

/** The section a posting's closing statement becomes. */
export const closingSection = "closing"

/** `metadatas` names that carry posting categories and opportunity fields the unified model has no field for. */
export const metadataNames = {
  job: ["team", "level", "commitment"],
  profile: ["contact", "origin", "archive_reason"]
} as const

const items = (pairs: ReadonlyArray<readonly [string, string | null | undefined]>): ReadonlyArray<Item> | undefined =>
  nonEmpty(pairs.flatMap(([name, value]) => (present(value) === undefined ? [] : [{ name, value: value! }])))

const metadata = (record: { readonly metadatas?: ReadonlyArray<Item> | undefined }, name: string): string | undefined =>
  present(record.metadatas?.find((m) => m.name === name)?.value)

/** A Lever posting as a unified job. */
export const postingToUnified = (posting: LeverPosting): Unified.UnifiedJob => {
  const categories = posting.categories
  const content = posting.content
  const salary = posting.salaryRange
  const period = salary?.interval == null ? undefined : periodOf(salary.interval)
  const sections = [
    ...(content?.lists ?? []).map((list) => ({ name: list.text, title: list.text, description: list.content })),
    ...(present(content?.closing) === undefined ? [] : [{ name: closingSection, title: null, description: content!.closing! }])
  ]
  const location = {
    ...put("text", present(categories?.location)),
    ...put("country", present(posting.country)),
    ...(posting.workplaceType === "remote" ? { remote: true } : posting.workplaceType === "on-site" ? { remote: false } : {})
  }
  const remote = location.remote
  return {
    id: posting.id,
    name: posting.text,
    ...put("text", present(content?.description)),
    ...put("sections", nonEmpty(sections)),
    ...put("url", present(posting.urls?.show)),
    ...put("apply_url", present(posting.urls?.apply)),
    ...put("status", statusOf[posting.state]),
    ...put("employment_type", present(categories?.commitment) === undefined ? undefined : employmentType(categories!.commitment!)),
    ...put("location", Object.keys(location).length > 0 ? location : undefined),
    ...put("remote", remote),
    ...put("departments", present(categories?.department) === undefined ? undefined : [{ name: categories!.department! }]),
    ...put(
      "salary",
      salary == null ? undefined : { min: salary.min ?? null, max: salary.max ?? null, ...putValue("currency", salary.currency), ...put("period", period) }
    ),
    ...put("requisition_id", present(posting.reqCode) ?? posting.requisitionCodes?.[0]),
    ...put("tags", nonEmpty(posting.tags?.map((name) => ({ name, value: null })))),
    ...put(
      "metadatas",
      items([
        ["team", categories?.team],
        ["level", categories?.level],
        ["commitment", categories?.commitment]
      ])
    ),
    ...put("created_at", iso(posting.createdAt)),
    ...put("updated_at", iso(posting.updatedAt)),
    origin: Config.name,
    payload: posting
  }
}

/** A unified job as a Lever posting. */
export const postingFromUnified = (job: Unified.UnifiedJob): LeverPosting => {
  const unchanged = unchangedPayload(Config.name, job, (native: LeverPosting) => Unified.completeJob(postingToUnified(native)))
  if (unchanged) return unchanged as unknown as LeverPosting
  const payload = originPayload(Config.name, job)
  const commitment = metadata(job, "commitment") ?? (job.employment_type ? commitmentOf[job.employment_type] : undefined)
  const categories = {
    ...put("team", metadata(job, "team")),
    ...put("department", present(job.departments?.[0]?.name)),
    ...put("location", present(job.location?.text) ?? present(job.location?.city)),
    ...put("commitment", commitment),
    ...put("level", metadata(job, "level"))
  }
  const payloadSalary = isRecord(payload?.salaryRange) ? payload.salaryRange : undefined
  const interval =
    job.salary?.period !== undefined ? intervalOf[job.salary.period] : typeof payloadSalary?.interval === "string" ? payloadSalary.interval : undefined
  const lists = (job.sections ?? []).filter((s) => s.name !== closingSection)
  const closing = job.sections?.find((s) => s.name === closingSection)?.description
  const content: Mutable<NonNullable<LeverPosting["content"]>> = {
    ...put("description", present(job.text)),
    ...put("lists", nonEmpty(lists.map((s) => ({ text: s.title ?? s.name ?? "", content: s.description ?? "" })))),
    ...put("closing", present(closing))
  }
  const urls = { ...put("show", present(job.url)), ...put("apply", present(job.apply_url)) }
  const remote = job.remote ?? job.location?.remote
  const payloadState = typeof payload?.state === "string" && statusOf[payload.state] === job.status ? payload.state : undefined
  return {
    id: job.id,
    text: job.name,
    state: payloadState ?? stateOf[job.status ?? "open"],
    // A record without timestamps fails the native schema, naming the field, rather than getting invented ones.
    ...(put("createdAt", millis(job.created_at ?? job.updated_at)) as { createdAt: number }),
    ...put("updatedAt", millis(job.updated_at)),
    ...(Object.keys(categories).length > 0 ? { categories } : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
    ...put("country", present(job.location?.country)),
    ...put("workplaceType", remote === true ? "remote" : remote === false ? "on-site" : undefined),
    ...put("reqCode", present(job.requisition_id)),
    ...put(
      "salaryRange",
      job.salary === undefined
        ? undefined
        : { min: job.salary.min ?? null, max: job.salary.max ?? null, ...put("currency", job.salary.currency), ...put("interval", interval) }
    ),
    ...(Object.keys(urls).length > 0 ? { urls } : {}),
    ...put("tags", nonEmpty(job.tags?.map((t) => t.name)))
  }
}

const idOf = (ref: string | { readonly id: string } | null | undefined): string | undefined =>
  ref == null ? undefined : typeof ref === "string" ? ref : ref.id

/** A Lever opportunity as a unified profile. */
export const opportunityToUnified = (opportunity: LeverOpportunity): Unified.UnifiedProfile => {
  const stage = idOf(opportunity.stage)
  const applications = (opportunity.applications ?? []).flatMap((a) => (typeof a === "string" ? [] : [a]))
  const jobIds = applications.flatMap((a) => (idOf(a.posting) === undefined ? [] : [idOf(a.posting)!]))
  const info = {
    ...put("full_name", present(opportunity.name)),
    ...put("headline", present(opportunity.headline)),
    ...put("emails", nonEmpty(opportunity.emails?.map((value) => ({ value })))),
    ...put("phones", nonEmpty(opportunity.phones?.map((phone) => ({ value: phone.value, ...putValue("type", phone.type) })))),
    ...put("urls", nonEmpty(opportunity.links?.map((url) => ({ url })))),
    ...put("location", present(opportunity.location) === undefined ? undefined : { text: opportunity.location! })
  }
  return {
    id: opportunity.id,
    ...(Object.keys(info).length > 0 ? { info } : {}),
    ...put("tags", nonEmpty(opportunity.tags?.map((name) => ({ name, value: null })))),
    ...put("stage", stage),
    ...put("source", present(opportunity.sources?.[0])),
    ...put("job_ids", nonEmpty(jobIds)),
    ...put(
      "labels",
      nonEmpty(
        applications.map((a) => ({
          job_key: idOf(a.posting) ?? null,
          stage: stage ?? null,
          ...put("date_stage", iso(opportunity.lastAdvancedAt))
        }))
      )
    ),
    ...put(
      "metadatas",
      items([
        ["contact", opportunity.contact],
        ["origin", opportunity.origin],
        ["archive_reason", opportunity.archived?.reason]
      ])
    ),
    ...put("archived_at", iso(opportunity.archived?.archivedAt)),
    ...put("created_at", iso(opportunity.createdAt)),
    ...put("updated_at", iso(opportunity.updatedAt)),
    origin: Config.name,
    payload: opportunity
  }
}

/** A unified profile as a Lever opportunity. */
export const opportunityFromUnified = (profile: Unified.UnifiedProfile): LeverOpportunity => {
  const unchanged = unchangedPayload(Config.name, profile, (native: LeverOpportunity) => Unified.completeProfile(opportunityToUnified(native)))
  if (unchanged) return unchanged as unknown as LeverOpportunity
  const info = profile.info ?? {}
  const archivedAt = millis(profile.archived_at)
  const reason = metadata(profile, "archive_reason")
  return {
    id: profile.id,
    ...put("name", present(info.full_name)),
    ...put("headline", present(info.headline)),
    ...put("emails", nonEmpty(info.emails?.map((e) => e.value))),
    ...put("phones", nonEmpty(info.phones?.map((p) => ({ value: p.value, ...put("type", p.type) })))),
    ...put("location", present(info.location?.text)),
    ...put("links", nonEmpty(info.urls?.map((u) => u.url))),
    ...put("stage", present(profile.stage)),
    ...put("archived", archivedAt === undefined && reason === undefined ? undefined : { archivedAt: archivedAt ?? null, reason: reason ?? null }),
    ...put("sources", present(profile.source) === undefined ? undefined : [profile.source!]),
    ...put("contact", metadata(profile, "contact")),
    ...put("origin", metadata(profile, "origin")),
    ...put("tags", nonEmpty(profile.tags?.map((t) => t.name))),
    ...(put("createdAt", millis(profile.created_at ?? profile.updated_at)) as { createdAt: number }),
    ...put("updatedAt", millis(profile.updated_at))
  }
}

/** `Connector.toUnified` for Lever (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(postingToUnified, opportunityToUnified)

/** `Connector.fromUnified` for Lever. */
export const fromUnified = fromUnifiedBy(postingFromUnified, opportunityFromUnified)
