/**
 * The original's "Push: Native Resources" (2.2): push Warehouse A jobs you already hold into
 * Warehouse B, formatted by `formatJob`; the result counts what was pushed and skipped.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import { Pipeline } from "hrtech-etl"
import type { WarehouseAJob } from "hrtech-etl/connectors/warehouse_a"
import * as aToB from "hrtech-etl/formatters/a_to_b"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

/** Pushes the given jobs (native Warehouse A records). */
export const program = (jobsToPush: ReadonlyArray<WarehouseAJob>) =>
  Effect.gen(function* () {
    const { origin, target } = yield* connectors
    const result = yield* Pipeline.push({
      resource: "job",
      origin,
      target,
      mode: "resources",
      resources: jobsToPush,
      having: [], // optional postfilters on native origin objects
      formatter: aToB.formatJob,
      batchSize: 1000,
      dryRun: false
    })
    yield* Effect.log(`pushed: ${result.total_resources_pushed}`)
    yield* Effect.log(`skipped_missing: ${result.skipped_missing}`)
    yield* Effect.log(`skipped_having: ${result.skipped_having}`)
    yield* Effect.log(`errors: ${JSON.stringify(result.errors)}`)
    return result
  })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const job: WarehouseAJob = {
    job_id: "job-1",
    title: "Data Engineer",
    board_key: "board-1",
    status: "open",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-02T00:00:00Z"
  }
  NodeRuntime.runMain(Effect.scoped(program([job])))
}
