/**
 * Warehouse A native records ↔ the unified model. A record mapped to unified and back comes out
 * equal to the original, except that a null where the unified model has no null (a job's
 * `salary_currency`; a profile's `email`, `phone`, `headline`, `summary`, `location`) comes back
 * absent. Fields the unified model has no slot for travel as tags (`board_key`) or in `payload`.
 */
import type * as Connector from "../../core/Connector.js"
import { fromUnifiedBy, isRecord, put, toUnifiedBy } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import type { WarehouseAJob, WarehouseAProfile } from "./Schemas.js"

/** The board of records that come from systems without boards. */
export const defaultBoardKey = "default"

/** The source of profiles that come from systems without sources. */
export const defaultSourceKey = "default"

const names = (values: ReadonlyArray<string> | undefined) => (values === undefined ? undefined : values.map((name) => ({ name })))

const fromNames = (values: ReadonlyArray<{ readonly name: string }> | undefined) => values?.map((v) => v.name)

/** A Warehouse A job as a unified job. */
export const jobToUnified = (job: WarehouseAJob): Unified.UnifiedJob => {
  const salary =
    job.salary_min !== undefined || job.salary_max !== undefined || job.salary_currency !== undefined
      ? {
          ...put("min", job.salary_min),
          ...put("max", job.salary_max),
          ...put("currency", job.salary_currency ?? undefined)
        }
      : undefined
  return {
    id: job.job_id,
    title: job.title,
    ...put("description", job.description),
    status: job.status,
    ...put("skills", job.skills?.map((name) => ({ name }))),
    tags: [{ name: "board_key", value: job.board_key }],
    ...put("location", job.location === undefined ? undefined : { ...put("text", job.location ?? undefined) }),
    ...put("remote", job.remote),
    ...put("salary", salary),
    ...put("url", job.url),
    created_at: job.created_at,
    updated_at: job.updated_at,
    ...put("payload", job.payload)
  }
}

/** A unified job as a Warehouse A job; `board_key` comes from the `board_key` tag. */
export const jobFromUnified = (job: Unified.UnifiedJob): WarehouseAJob => {
  const board = job.tags?.find((t) => t.name === "board_key")?.value
  const created = job.created_at ?? job.updated_at ?? undefined
  const updated = job.updated_at ?? job.created_at ?? undefined
  return {
    job_id: job.id,
    title: job.title,
    ...put("description", job.description === undefined ? job.summary : job.description),
    ...put("skills", fromNames(job.skills)),
    board_key: board ?? defaultBoardKey,
    status: job.status ?? "open",
    ...put("location", job.location === undefined ? undefined : (job.location.text ?? job.location.city ?? null)),
    ...put("remote", job.remote ?? job.location?.remote),
    ...put("salary_min", job.salary?.min),
    ...put("salary_max", job.salary?.max),
    ...put("salary_currency", job.salary?.currency),
    ...put("url", job.url),
    // A record without timestamps fails the target schema, naming the field, rather than getting invented ones.
    ...(put("created_at", created) as { created_at: string }),
    ...(put("updated_at", updated) as { updated_at: string }),
    ...put("payload", isRecord(job.payload) ? job.payload : undefined)
  }
}

/** A Warehouse A profile as a unified profile. */
export const profileToUnified = (profile: WarehouseAProfile): Unified.UnifiedProfile => ({
  id: profile.profile_id,
  info: {
    full_name: profile.full_name,
    ...put("headline", profile.headline ?? undefined),
    ...put("summary", profile.summary ?? undefined),
    ...put("emails", profile.email == null ? undefined : [{ value: profile.email }]),
    ...put("phones", profile.phone == null ? undefined : [{ value: profile.phone }]),
    ...put("location", profile.location == null ? undefined : { text: profile.location })
  },
  ...put("skills", names(profile.skills)),
  ...put("tags", names(profile.tags)),
  source: profile.source_key,
  created_at: profile.created_at,
  updated_at: profile.updated_at,
  ...put("payload", profile.payload)
})

/** A unified profile as a Warehouse A profile. */
export const profileFromUnified = (profile: Unified.UnifiedProfile): WarehouseAProfile => {
  const { info } = profile
  const fullName = info.full_name ?? ([info.first_name, info.last_name].filter(Boolean).join(" ") || undefined)
  const created = profile.created_at ?? profile.updated_at ?? undefined
  const updated = profile.updated_at ?? profile.created_at ?? undefined
  return {
    profile_id: profile.id,
    full_name: fullName ?? info.emails?.[0]?.value ?? profile.id,
    ...put("email", info.emails?.[0]?.value),
    ...put("phone", info.phones?.[0]?.value),
    ...put("headline", info.headline),
    ...put("summary", info.summary),
    ...put("skills", fromNames(profile.skills)),
    ...put("tags", fromNames(profile.tags)),
    source_key: profile.source ?? defaultSourceKey,
    ...put("location", info.location === undefined ? undefined : (info.location.text ?? info.location.city)),
    ...(put("created_at", created) as { created_at: string }),
    ...(put("updated_at", updated) as { updated_at: string }),
    ...put("payload", isRecord(profile.payload) ? profile.payload : undefined)
  }
}
/** `Connector.toUnified` for Warehouse A (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, profileToUnified)

/** `Connector.fromUnified` for Warehouse A. */
export const fromUnified = fromUnifiedBy(jobFromUnified, profileFromUnified)
