/**
 * hrtech-etl/formatters/a_to_b: ready-made native → native formatters from Warehouse A (the
 * original project's example ATS) to Warehouse B (its example CRM), as the original's
 * `formatters/a_to_b.py` `format_job` / `format_profile`. Pass one as a pull's `formatter` to skip
 * the unified model: A's fields go straight to B's, including what the unified path cannot carry
 * from one to the other (A's location text becomes B's city, its skills and board become B tags).
 */
import type * as Connector from "../core/Connector.js"
import { put } from "../core/MappingKit.js"
import type { WarehouseAJob, WarehouseAProfile } from "./warehouse_a/Schemas.js"
import type { JobStatus, WarehouseBJob, WarehouseBProfile } from "./warehouse_b/Schemas.js"

const statuses: Record<WarehouseAJob["status"], JobStatus> = { open: "published", draft: "draft", closed: "closed", archived: "archived" }

const skillTags = (skills: ReadonlyArray<string> | undefined) => (skills ?? []).map((skill) => `skill:${skill}`)

/** A Warehouse A job as a Warehouse B job. */
export function formatJob(job: WarehouseAJob): WarehouseBJob
/** As a pipeline formatter: the pipeline hands it A's records, validated against `WarehouseAJob`. */
export function formatJob(record: Connector.NativeRecord): WarehouseBJob
export function formatJob(record: Connector.NativeRecord | WarehouseAJob): WarehouseBJob {
  const job = record as WarehouseAJob
  const hasPay = job.salary_min != null || job.salary_max != null
  return {
    id: job.job_id,
    name: job.title,
    ...put("summary", job.description),
    tags: [`board_key:${job.board_key}`, ...skillTags(job.skills)],
    status: statuses[job.status],
    ...put(
      "location",
      job.location == null && job.remote === undefined ? undefined : { ...put("city", job.location ?? undefined), ...put("remote", job.remote) }
    ),
    ...put(
      "compensation",
      hasPay ? { ...put("min", job.salary_min), ...put("max", job.salary_max), ...put("currency", job.salary_currency ?? undefined) } : undefined
    ),
    ...put("url", job.url),
    created: job.created_at,
    modified: job.updated_at,
    ...put("metadata", job.payload)
  }
}

/** A Warehouse A profile as a Warehouse B candidate. */
export function formatProfile(profile: WarehouseAProfile): WarehouseBProfile
/** As a pipeline formatter: the pipeline hands it A's records, validated against `WarehouseAProfile`. */
export function formatProfile(record: Connector.NativeRecord): WarehouseBProfile
export function formatProfile(record: Connector.NativeRecord | WarehouseAProfile): WarehouseBProfile {
  const profile = record as WarehouseAProfile
  return {
    id: profile.profile_id,
    name: profile.full_name,
    ...put("email", profile.email),
    ...put("headline", profile.headline ?? profile.summary),
    tags: [`source_key:${profile.source_key}`, ...(profile.tags ?? []), ...skillTags(profile.skills)],
    created: profile.created_at,
    modified: profile.updated_at,
    ...put("metadata", profile.payload)
  }
}
