/**
 * Warehouse A native records ↔ the unified model (the original project's vocabulary). A job's
 * `title` is the unified `name`, `description` its `text`, `board_key` its `board_key`, the location
 * text `location.text` and the salary columns the `salary` range (kept equal to the `ranges_float`
 * entry named `salary`). A profile's contact fields are `info.email` / `info.phone` and its
 * `source_key` the unified `source_key`. A record mapped to unified and back comes out equal to the
 * original, except that a null where the unified model has no null (a job's `salary_currency`)
 * comes back absent; what A has no field for (tag values, other ranges) is not kept.
 */
import { fromUnifiedBy, isRecord, put, toUnifiedBy } from "../../core/MappingKit.js"
import type * as Unified from "../../core/Unified.js"
import type { WarehouseAJob, WarehouseAProfile } from "./Schemas.js"

/** The board of records that come from systems without boards. */
export const defaultBoardKey = "default"

/** The source of profiles that come from systems without sources. */
export const defaultSourceKey = "default"

const named = (values: ReadonlyArray<string> | undefined) => values?.map((name) => ({ name }))

const names = (values: ReadonlyArray<{ readonly name: string }> | undefined) => values?.map((v) => v.name)

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
    board_key: job.board_key,
    name: job.title,
    ...put("text", job.description),
    status: job.status,
    ...put("skills", named(job.skills)),
    ...put("location", job.location === undefined ? undefined : { text: job.location }),
    ...put("remote", job.remote),
    ...put("salary", salary),
    ...put("url", job.url),
    created_at: job.created_at,
    updated_at: job.updated_at,
    ...put("payload", job.payload)
  }
}

/** A unified job as a Warehouse A job (the input is completed: `salary` agrees with `ranges_float`). */
export const jobFromUnified = (job: Unified.UnifiedJob): WarehouseAJob => {
  const created = job.created_at ?? job.updated_at ?? undefined
  const updated = job.updated_at ?? job.created_at ?? undefined
  return {
    job_id: job.id,
    title: job.name,
    ...put("description", job.text),
    ...put("skills", names(job.skills)),
    board_key: job.board_key ?? defaultBoardKey,
    status: job.status ?? "open",
    // Completion wrote the address parts into `location.text` when it had none.
    ...put("location", job.location === undefined ? undefined : (job.location.text ?? null)),
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
  source_key: profile.source_key,
  info: {
    full_name: profile.full_name,
    ...put("email", profile.email),
    ...put("phone", profile.phone),
    ...put("headline", profile.headline),
    ...put("summary", profile.summary),
    ...put("location", profile.location === undefined ? undefined : { text: profile.location })
  },
  ...put("skills", named(profile.skills)),
  ...put("tags", named(profile.tags)),
  created_at: profile.created_at,
  updated_at: profile.updated_at,
  ...put("payload", profile.payload)
})

/** A unified profile as a Warehouse A profile (the input is completed: `info.email` is the first address). */
export const profileFromUnified = (profile: Unified.UnifiedProfile): WarehouseAProfile => {
  const info: Unified.ProfileInfo = profile.info ?? {}
  const created = profile.created_at ?? profile.updated_at ?? undefined
  const updated = profile.updated_at ?? profile.created_at ?? undefined
  return {
    profile_id: profile.id,
    // A requires a name: completion built `full_name` from first and last names when it could.
    full_name: info.full_name ?? info.email ?? profile.id,
    ...put("email", info.email),
    ...put("phone", info.phone),
    ...put("headline", info.headline),
    ...put("summary", info.summary),
    ...put("skills", names(profile.skills)),
    ...put("tags", names(profile.tags)),
    source_key: profile.source_key ?? defaultSourceKey,
    ...put("location", info.location === undefined ? undefined : (info.location.text ?? null)),
    ...(put("created_at", created) as { created_at: string }),
    ...(put("updated_at", updated) as { updated_at: string }),
    ...put("payload", isRecord(profile.payload) ? profile.payload : undefined)
  }
}

/** `Connector.toUnified` for Warehouse A (records are validated by the pipeline before this is called). */
export const toUnified = toUnifiedBy(jobToUnified, profileToUnified)

/** `Connector.fromUnified` for Warehouse A. */
export const fromUnified = fromUnifiedBy(jobFromUnified, profileFromUnified)
