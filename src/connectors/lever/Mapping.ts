/**
 * Lever native records ↔ the unified model. Epoch-millisecond timestamps become ISO-8601 text and back.
 * A posting's `categories.team` and `categories.commitment` travel as valued tags (`team`,
 * `commitment`); Lever's own tags are tags without a value. Values the unified model cannot hold
 * exactly (a posting's `state` and salary `interval`, an opportunity's `archived`) are taken back from
 * `payload` when the unified record came from Lever, so native → unified → native is lossless except
 * that a `null` where the unified model has no null (phone `type`, salary `currency`) comes back absent.
 */
import type * as Connector from "../../core/Connector.js"
import { fromUnifiedBy, isRecord, originPayload, put, putValue, toUnifiedBy } from "../../core/MappingKit.js"
import * as Metadata from "../../core/Metadata.js"
import type * as Unified from "../../core/Unified.js"
import * as Config from "./Config.js"
import type { LeverOpportunity, LeverPosting } from "./Schemas.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type JobStatus = NonNullable<Unified.UnifiedJob["status"]>
type Period = NonNullable<NonNullable<Unified.UnifiedJob["salary"]>["period"]>

const iso = (ms: number): string => new Date(ms).toISOString()

const millis = (value: string | null | undefined): number | undefined =>
  value == null ? undefined : Metadata.parseInstant(value)

const statusOf: Record<string, JobStatus> = {
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

/** Valued tags carrying posting categories the unified model has no field for. */
const categoryTags = ["team", "commitment"] as const

/** A Lever posting as a unified job. */
export const postingToUnified = (posting: LeverPosting): Unified.UnifiedJob => {
  const categories = posting.categories
  const salary = posting.salaryRange
  const period = salary?.interval == null ? undefined : periodOf(salary.interval)
  const valued: Array<{ readonly name: string; readonly value: string }> = []
  for (const name of categoryTags) {
    const value = categories?.[name]
    if (value != null) valued.push({ name, value })
  }
  return {
    id: posting.id,
    title: posting.text,
    ...put("description", posting.content?.description),
    ...put("sections", posting.content?.lists?.map((list) => ({ title: list.text, description: list.content }))),
    ...put("url", posting.urls?.show),
    ...put("apply_url", posting.urls?.apply),
    status: statusOf[posting.state] ?? "draft",
    ...put("employment_type", categories?.commitment == null ? undefined : employmentType(categories.commitment)),
    ...put("location", categories?.location == null ? undefined : { text: categories.location }),
    ...put("departments", categories?.department == null ? undefined : [{ name: categories.department }]),
    ...put(
      "salary",
      salary == null
        ? undefined
        : { ...put("min", salary.min), ...put("max", salary.max), ...putValue("currency", salary.currency), ...put("period", period) }
    ),
    tags: [...(posting.tags ?? []).map((name) => ({ name })), ...valued],
    created_at: iso(posting.createdAt),
    updated_at: iso(posting.updatedAt),
    origin: Config.name,
    payload: posting
  }
}

/** A unified job as a Lever posting. */
export const postingFromUnified = (job: Unified.UnifiedJob): LeverPosting => {
  const payload = originPayload(Config.name, job)
  const valued = (name: string) => job.tags?.find((t) => t.name === name && t.value != null)?.value ?? undefined
  const commitment = valued("commitment") ?? (job.employment_type ? commitmentOf[job.employment_type] : undefined)
  const categories = {
    ...put("team", valued("team")),
    ...put("department", job.departments?.[0]?.name),
    ...put("location", job.location ? (job.location.text ?? job.location.city) : undefined),
    ...put("commitment", commitment)
  }
  const payloadSalary = isRecord(payload?.salaryRange) ? payload.salaryRange : undefined
  const interval =
    typeof payloadSalary?.interval === "string" ? payloadSalary.interval : job.salary?.period ? intervalOf[job.salary.period] : undefined
  const content: Mutable<NonNullable<LeverPosting["content"]>> = {
    ...put("description", job.description ?? job.summary),
    ...put("lists", job.sections?.map((s) => ({ text: s.title ?? s.name ?? "", content: s.description })))
  }
  const urls = { ...put("show", job.url), ...put("apply", job.apply_url) }
  const created = millis(job.created_at ?? job.updated_at)
  const updated = millis(job.updated_at ?? job.created_at)
  return {
    id: job.id,
    text: job.title,
    state: typeof payload?.state === "string" ? payload.state : stateOf[job.status ?? "open"],
    // A record without timestamps fails the native schema, naming the field, rather than getting invented ones.
    ...(put("createdAt", created) as { createdAt: number }),
    ...(put("updatedAt", updated) as { updatedAt: number }),
    ...(Object.keys(categories).length > 0 ? { categories } : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
    ...put(
      "salaryRange",
      job.salary === undefined
        ? undefined
        : { ...put("min", job.salary.min), ...put("max", job.salary.max), ...put("currency", job.salary.currency), ...put("interval", interval) }
    ),
    ...(Object.keys(urls).length > 0 ? { urls } : {}),
    ...put("tags", job.tags?.filter((t) => t.value == null).map((t) => t.name))
  }
}

/** A Lever opportunity as a unified profile. */
export const opportunityToUnified = (opportunity: LeverOpportunity): Unified.UnifiedProfile => ({
  id: opportunity.id,
  info: {
    ...putValue("full_name", opportunity.name),
    ...putValue("headline", opportunity.headline),
    ...put("emails", opportunity.emails?.map((value) => ({ value }))),
    ...put("phones", opportunity.phones?.map((phone) => ({ value: phone.value, ...putValue("type", phone.type) }))),
    ...put("urls", opportunity.links?.map((url) => ({ url }))),
    ...put("location", opportunity.location == null ? undefined : { text: opportunity.location })
  },
  ...put("tags", opportunity.tags?.map((name) => ({ name }))),
  ...putValue("stage", opportunity.stage),
  created_at: iso(opportunity.createdAt),
  updated_at: iso(opportunity.updatedAt),
  origin: Config.name,
  payload: opportunity
})

const locationText = (location: Unified.Location | undefined): string | undefined => {
  if (location === undefined) return undefined
  const parts = [location.city, location.region, location.country].filter((p): p is string => p !== undefined && p !== "")
  return location.text ?? (parts.length > 0 ? parts.join(", ") : undefined)
}

/** A unified profile as a Lever opportunity. */
export const opportunityFromUnified = (profile: Unified.UnifiedProfile): LeverOpportunity => {
  const { info } = profile
  const payload = originPayload(Config.name, profile)
  const name = info.full_name ?? ([info.first_name, info.last_name].filter(Boolean).join(" ") || undefined)
  const created = millis(profile.created_at ?? profile.updated_at)
  const updated = millis(profile.updated_at ?? profile.created_at)
  return {
    id: profile.id,
    ...put("name", name),
    ...put("headline", info.headline),
    ...put("emails", info.emails?.map((e) => e.value)),
    ...put("phones", info.phones?.map((p) => ({ value: p.value, ...put("type", p.type) }))),
    ...put("location", locationText(info.location)),
    ...put("links", info.urls?.map((u) => u.url)),
    ...put("stage", profile.stage),
    ...put("archived", payload && "archived" in payload ? (payload.archived as LeverOpportunity["archived"]) : undefined),
    ...put("tags", profile.tags?.filter((t) => t.value == null).map((t) => t.name)),
    ...(put("createdAt", created) as { createdAt: number }),
    ...(put("updatedAt", updated) as { updatedAt: number })
  }
}

/** `Connector.toUnified` for Lever (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(postingToUnified, opportunityToUnified)

/** `Connector.fromUnified` for Lever. */
export const fromUnified = fromUnifiedBy(postingFromUnified, opportunityFromUnified)
