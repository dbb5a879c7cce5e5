/**
 * Warehouse B native records ↔ the unified model (the original project's vocabulary). A job's
 * `name` is the unified `name`, its `summary` the job text (`text`), `compensation` the `salary`
 * range (kept equal to the `ranges_float` entry named `salary`), `category` the first department;
 * a candidate's `name` and `email` are `info.full_name` / `info.email`. Tags `name:value` become
 * unified tags `{ name, value }` and back (so a tag name holds no `:`, and a tag without a value has
 * none, null or absent alike); `metadata` travels as `payload`. A record mapped to unified and back
 * comes out equal to the original, except that a null where the unified model has no null comes back
 * absent.
 */
import { fromUnifiedBy, isRecord, put, toUnifiedBy } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import type { JobStatus, WarehouseBJob, WarehouseBProfile } from "./Schemas.js"

/** `"level:senior"` → `{ name: "level", value: "senior" }`; a tag without `:` is a bare name. */
export const parseTag = (tag: string): { readonly name: string; readonly value?: string } => {
  const at = tag.indexOf(":")
  return at < 0 ? { name: tag } : { name: tag.slice(0, at), value: tag.slice(at + 1) }
}

/** The inverse of `parseTag`. */
export const formatTag = (tag: { readonly name: string; readonly value?: string | null | undefined }): string =>
  tag.value == null ? tag.name : `${tag.name}:${tag.value}`

const toUnifiedStatus: Record<JobStatus, Unified.UnifiedJob["status"] & string> = {
  published: "open",
  draft: "draft",
  closed: "closed",
  archived: "archived"
}
const fromUnifiedStatus: Record<NonNullable<Unified.UnifiedJob["status"]>, JobStatus> = {
  open: "published",
  draft: "draft",
  closed: "closed",
  archived: "archived"
}
/** A Warehouse B job as a unified job. */
export const jobToUnified = (job: WarehouseBJob): Unified.UnifiedJob => ({
  id: job.id,
  name: job.name,
  ...put("text", job.summary),
  ...put("tags", job.tags?.map(parseTag)),
  ...put("departments", job.category == null ? undefined : [{ name: job.category }]),
  ...put("status", job.status === undefined ? undefined : toUnifiedStatus[job.status]),
  ...put("location", job.location),
  ...put("salary", job.compensation),
  ...put("url", job.url),
  created_at: job.created,
  updated_at: job.modified,
  ...put("payload", job.metadata)
})

/** A unified job as a Warehouse B job (the input is completed: `salary` agrees with `ranges_float`). */
export const jobFromUnified = (job: Unified.UnifiedJob): WarehouseBJob => {
  const created = job.created_at ?? job.updated_at ?? undefined
  const modified = job.updated_at ?? job.created_at ?? undefined
  const remote = job.remote ?? job.location?.remote
  const location = { ...put("city", job.location?.city), ...put("country", job.location?.country), ...put("remote", remote) }
  return {
    id: job.id,
    name: job.name,
    ...put("summary", job.text),
    ...put("tags", job.tags?.map(formatTag)),
    ...put("category", job.departments?.[0]?.name),
    ...put("status", job.status === undefined ? undefined : fromUnifiedStatus[job.status]),
    // B keeps no location text: a place known only by its text has nothing to go in.
    ...put("location", Object.keys(location).length === 0 ? undefined : location),
    ...put(
      "compensation",
      job.salary === undefined ? undefined : { ...put("min", job.salary.min), ...put("max", job.salary.max), ...put("currency", job.salary.currency) }
    ),
    ...put("url", job.url),
    // A record without timestamps fails the target schema, naming the field, rather than getting invented ones.
    ...(put("created", created) as { created: string }),
    ...(put("modified", modified) as { modified: string }),
    ...put("metadata", isRecord(job.payload) ? job.payload : undefined)
  }
}

/** A Warehouse B candidate as a unified profile. */
export const profileToUnified = (profile: WarehouseBProfile): Unified.UnifiedProfile => ({
  id: profile.id,
  info: {
    full_name: profile.name,
    ...put("email", profile.email),
    ...put("headline", profile.headline)
  },
  ...put("tags", profile.tags?.map(parseTag)),
  ...put("stage", profile.stage),
  created_at: profile.created,
  updated_at: profile.modified,
  ...put("payload", profile.metadata)
})

/** A unified profile as a Warehouse B candidate (the input is completed: `info.email` is the first address). */
export const profileFromUnified = (profile: Unified.UnifiedProfile): WarehouseBProfile => {
  const info: Unified.ProfileInfo = profile.info ?? {}
  const created = profile.created_at ?? profile.updated_at ?? undefined
  const modified = profile.updated_at ?? profile.created_at ?? undefined
  return {
    id: profile.id,
    // B requires a name: completion built `full_name` from first and last names when it could.
    name: info.full_name ?? info.email ?? profile.id,
    ...put("email", info.email),
    ...put("headline", info.headline),
    ...put("tags", profile.tags?.map(formatTag)),
    ...put("stage", profile.stage),
    ...(put("created", created) as { created: string }),
    ...(put("modified", modified) as { modified: string }),
    ...put("metadata", isRecord(profile.payload) ? profile.payload : undefined)
  }
}

/** `Connector.toUnified` for Warehouse B (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, profileToUnified)

/** `Connector.fromUnified` for Warehouse B. */
export const fromUnified = fromUnifiedBy(jobFromUnified, profileFromUnified)
