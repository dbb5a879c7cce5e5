/**
 * The original project's quick start (2.1), line by line: pull jobs, then profiles, from Warehouse A
 * into Warehouse B with the ready-made A → B formatters (`hrtech-etl/formatters/a_to_b`, the
 * original's `formatters/a_to_b.py`), from scratch; each result's `cursor.end` is where the next run
 * resumes.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import { Cursor, Pipeline } from "hrtech-etl"
import * as aToB from "hrtech-etl/formatters/a_to_b"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

export const program = Effect.gen(function* () {
  const { origin, target } = yield* connectors

  // start from scratch (no cursor yet)
  const cursor = Cursor.make("updated_at", { start: null, sortBy: "asc" })

  // --- PULL JOBS: A -> B ---
  const jobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor, formatter: aToB.formatJob, batchSize: 5000 })
  yield* Effect.log(`jobs cursor_start: ${jobs.cursor.start}`)
  yield* Effect.log(`jobs cursor_end: ${jobs.cursor.end}`)

  // --- PULL PROFILES: A -> B ---
  const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor, formatter: aToB.formatProfile, batchSize: 5000 })
  yield* Effect.log(`profiles cursor_end: ${profiles.cursor.end}`)

  // Store jobs.cursor / profiles.cursor to resume on next run: Cursor.resumeFrom(jobs.cursor).
  return { jobs, profiles }
})

if (process.argv[1] === fileURLToPath(import.meta.url)) NodeRuntime.runMain(Effect.scoped(program))
