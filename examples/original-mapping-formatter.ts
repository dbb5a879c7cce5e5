/**
 * The original's "JSON / Mapping-based Formatters" (2.6): `buildMappingFormatter(mapping)` returns a
 * function from a record to a record (a missing source becomes `null`, as in the original), and the
 * same value is a pipeline formatter, checked against both schemas before the run starts. The
 * mapping's output (`id`, `name`) is a unified job, so the target here is a JSONL file.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import { buildMappingFormatter, Cursor, Pipeline } from "hrtech-etl"
import * as File from "hrtech-etl/connectors/file"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

export const mapping = [
  { from: "job_id", to: "id" },
  { from: "title", to: "name" }
]

export const formatter = buildMappingFormatter(mapping)

/** Pulls Warehouse A jobs through the mapping into a JSONL file. */
export const program = (path: string) =>
  Effect.gen(function* () {
    const { origin } = yield* connectors
    const target = yield* File.makeFromUri(`file:${path}`)
    const cursor = Cursor.make("updated_at", { start: null, sortBy: "asc" })
    return yield* Pipeline.pull({ resource: "job", origin, target, cursor, formatter })
  })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatter({ job_id: "job-1", title: "Data Engineer" })) // { id: "job-1", name: "Data Engineer" }
  NodeRuntime.runMain(Effect.scoped(program("jobs.jsonl")))
}
