/**
 * Pull vocabulary: what a pull reports. The counters are a Schema so that every surface that shows
 * them (the HTTP API, its OpenAPI document, background-run snapshots) uses this one declaration.
 */
import * as Schema from "effect/Schema"
import { Condition } from "./Condition.js"
import { RecordError } from "./Push.js"

/** Counters of a pull run (mutable: the pipeline updates them in place as batches go through). */
export const PullStats = Schema.mutable(
  Schema.Struct({
    /** Records received from the origin (valid or not). */
    read: Schema.Number,
    /** Records removed by HAVING or by WHERE conditions applied in memory. */
    filtered_out: Schema.Number,
    /** Records the target accepted (created + updated). */
    written: Schema.Number,
    created: Schema.Number,
    updated: Schema.Number,
    /** Records the target removed on write (e.g. a job board dropping a closed job); counted in `written`. */
    archived: Schema.Number,
    /** Records that failed decode, format or write. */
    failed: Schema.Number,
    /** Records skipped because an earlier run (or page) already took them at the boundary value. */
    skipped_seen: Schema.Number,
    /** Records outside the cursor range, dropped because the origin cannot bound by the cursor. */
    skipped_out_of_range: Schema.Number,
    pages: Schema.Number,
    batches: Schema.Number,
    duration_ms: Schema.Number,
    where_in_memory: Schema.mutable(Schema.Array(Condition)).annotations({
      description: "WHERE conditions the origin could not push down, applied in memory"
    }),
    /** HTTP requests made by origin and target during the run, retries, and milliseconds waited before retrying. */
    requests: Schema.Number,
    retries: Schema.Number,
    waited_ms: Schema.Number,
    errors: Schema.mutable(Schema.Array(RecordError)).annotations({ description: "the first failures (up to 100)" }),
    dry_run: Schema.Boolean
  })
).annotations({ identifier: "PullStats", description: "Counters of a pull" })
/** @see PullStats */
export type PullStats = typeof PullStats.Type
