/**
 * The original's "Custom Formatters": your own function per resource from Warehouse A's native
 * record to Warehouse B's (a ready-made pair is `hrtech-etl/formatters/a_to_b`), then a pull with
 * `formatter: formatJob`. (Without a formatter the records go native → unified → native through the
 * connectors' mappings.)
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import { Cursor, Pipeline } from "hrtech-etl"
import type { WarehouseAJob, WarehouseAProfile } from "hrtech-etl/connectors/warehouse_a"
import type { WarehouseBJob, WarehouseBProfile } from "hrtech-etl/connectors/warehouse_b"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

/** A job of Warehouse A as a job of Warehouse B. */
export const formatJob = (job: WarehouseAJob): WarehouseBJob => ({
  id: job.job_id,
  name: job.title,
  created: job.created_at,
  modified: job.updated_at,
  ...(job.payload !== undefined ? { metadata: job.payload } : {})
})

/** A profile of Warehouse A as a candidate of Warehouse B. */
export const formatProfile = (profile: WarehouseAProfile): WarehouseBProfile => ({
  id: profile.profile_id,
  name: profile.full_name,
  created: profile.created_at,
  modified: profile.updated_at,
  ...(profile.payload !== undefined ? { metadata: profile.payload } : {})
})

/** `cursor_jobs = pull(resource=JOB, origin, target, cursor, formatter=format_job)`. */
export const program = Effect.gen(function* () {
  const { origin, target } = yield* connectors
  const cursor = Cursor.make("updated_at", { start: null, sortBy: "asc" })
  return yield* Pipeline.pull({ resource: "job", origin, target, cursor, formatter: formatJob })
})

if (process.argv[1] === fileURLToPath(import.meta.url)) NodeRuntime.runMain(Effect.scoped(program))
