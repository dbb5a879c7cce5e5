/**
 * Wire schemas of scheduled syncs (snake_case keys, as every wire format here): the definition a
 * caller gives (`hrtech-etl syncs add`, `POST /api/syncs`), the view answered back (auth values
 * never included, only their keys), the per-run history and the live status of a sync.
 */
import * as Cron from "effect/Cron"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { AuthPayload } from "../app/Requests.js"
import { Conditions } from "../core/Condition.js"
import * as Cursor from "../core/Cursor.js"
import { Resource } from "../core/Resource.js"
import * as Uri from "../core/Uri.js"

/** A sync name: the key of a definition, of its checkpoint and of its runs. */
export const SyncName = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    message: () => "expected 1-100 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit"
  })
).annotations({ identifier: "SyncName" })

/** A concurrency class (usually a vendor name): its syncs share one cluster-wide limit. */
export const ConcurrencyClass = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, {
    message: () => "expected 1-100 characters from A-Z a-z 0-9 . _ : -, starting with a letter or digit"
  })
).annotations({ identifier: "ConcurrencyClass" })

/**
 * Whether a cron expression parses (5 fields, or 6 with seconds first) and names a date that exists
 * (`0 0 30 2 *` parses but never comes); the problem otherwise.
 */
export const cronProblem = (expression: string): string | undefined =>
  Either.match(Cron.parse(expression, "UTC"), {
    onLeft: (e) => e.message,
    onRight: (cron) => {
      try {
        Cron.next(cron, new Date(0))
        return undefined
      } catch {
        return "it matches no date (such as 30 February)"
      }
    }
  })

/** A cron expression: `*\/5 * * * *` (minutes) or with a leading seconds field; evaluated in UTC. */
export const Schedule = Schema.String.pipe(
  Schema.filter((s) => {
    const problem = cronProblem(s)
    return problem === undefined ? true : `invalid cron expression ${JSON.stringify(s)}: ${problem}`
  })
).annotations({ identifier: "CronSchedule" })

const Positive = (max: number, name: string) =>
  Schema.Number.pipe(
    Schema.int({ message: () => `${name} must be an integer` }),
    Schema.between(1, max, { message: () => `${name} must be between 1 and ${max}` })
  )

/** What a caller gives to define (or replace) a sync. */
export const SyncInput = Schema.Struct({
  name: SyncName,
  tenant: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  resource: Resource,
  origin: Schema.String.pipe(Schema.minLength(1)),
  target: Schema.String.pipe(Schema.minLength(1)),
  /** Stored with the definition, used by workers, never answered back. */
  origin_auth: Schema.optional(AuthPayload),
  target_auth: Schema.optional(AuthPayload),
  cursor_mode: Schema.optionalWith(Cursor.CursorMode, { default: () => "updated_at" as const }),
  /** Where the first run starts (inclusive); later runs resume from the checkpoint. */
  cursor_start: Schema.optional(Schema.String),
  where: Schema.optional(Conditions),
  having: Schema.optional(Conditions),
  formatter_id: Schema.optional(Schema.String),
  schedule: Schedule,
  /** Default: the origin's connector name (for storage URIs, their scheme). */
  concurrency_class: Schema.optional(ConcurrencyClass),
  batch_size: Schema.optional(Positive(100_000, "batch_size")),
  /** A run taking longer is stopped and recorded as failed (default 3600). */
  timeout_seconds: Schema.optional(Positive(7 * 24 * 3600, "timeout_seconds")),
  enabled: Schema.optionalWith(Schema.Boolean, { default: () => true })
}).annotations({ identifier: "SyncInput" })
/** @see SyncInput */
export type SyncInput = typeof SyncInput.Type

/**
 * A stored definition as listings and the scheduler read it: auth payloads stay encrypted in the
 * store, only the names of their keys are known.
 */
export interface SyncRecord extends Omit<SyncInput, "concurrency_class" | "origin_auth" | "target_auth"> {
  readonly concurrency_class: string
  readonly origin_auth_keys: ReadonlyArray<string>
  readonly target_auth_keys: ReadonlyArray<string>
  readonly created_at: string
  readonly updated_at: string
  /** The next scheduled time (ISO), or null when disabled. */
  readonly next_due_at: string | null
  /** A pending `run-now` request (ISO time of the request). */
  readonly run_requested_at: string | null
}

/** A stored definition, auth decrypted: what workers run. Never leaves the process as is. */
export interface StoredSync extends SyncRecord, Pick<SyncInput, "origin_auth" | "target_auth"> {}

/** Run statuses. */
export const RunStatus = Schema.Literal("queued", "running", "succeeded", "failed", "canceled").annotations({ identifier: "SyncRunStatus" })
/** @see RunStatus */
export type RunStatus = typeof RunStatus.Type

/** What started a run. */
export const Trigger = Schema.Literal("schedule", "manual").annotations({ identifier: "SyncRunTrigger" })
/** @see Trigger */
export type Trigger = typeof Trigger.Type

/** Counters of a run (the pull's, as of the last accepted batch). */
export const RunCounters = Schema.Struct({
  read: Schema.Number,
  written: Schema.Number,
  created: Schema.Number,
  updated: Schema.Number,
  failed: Schema.Number,
  filtered_out: Schema.Number,
  skipped_seen: Schema.Number,
  batches: Schema.Number
}).annotations({ identifier: "SyncRunCounters" })
/** @see RunCounters */
export type RunCounters = typeof RunCounters.Type

/** Zero counters. */
export const emptyCounters: RunCounters = { read: 0, written: 0, created: 0, updated: 0, failed: 0, filtered_out: 0, skipped_seen: 0, batches: 0 }

/** One run of a sync (`syncs status`, `GET /api/syncs/{name}/runs`). */
export const RunRecord = Schema.Struct({
  run_id: Schema.String,
  sync: Schema.String,
  tenant: Schema.String,
  trigger: Trigger,
  status: RunStatus,
  /** The lane (`class#n`) that ran it: at most one run per lane at a time. */
  lane: Schema.String,
  /** Attempts started (more than 1 when a worker died and another resumed the run). */
  attempts: Schema.Number,
  /** The worker that ran (or runs) the latest attempt. */
  worker: Schema.NullOr(Schema.String),
  queued_at: Schema.String,
  started_at: Schema.NullOr(Schema.String),
  finished_at: Schema.NullOr(Schema.String),
  /** Last progress report (after each accepted batch). */
  heartbeat_at: Schema.NullOr(Schema.String),
  counters: RunCounters,
  /** The checkpoint reached. */
  cursor: Schema.NullOr(Schema.Unknown),
  error: Schema.NullOr(Schema.String)
}).annotations({ identifier: "SyncRun" })
/** @see RunRecord */
export type RunRecord = typeof RunRecord.Type

/** How an attempt ended: as its run did, or interrupted (the worker stopped or the lane moved; another attempt resumes). */
export const AttemptStatus = Schema.Literal("succeeded", "failed", "canceled", "interrupted").annotations({ identifier: "SyncAttemptStatus" })
/** @see AttemptStatus */
export type AttemptStatus = typeof AttemptStatus.Type

/** One attempt at a run: which worker ran it, from when to when (the end is null while running or after a crash). */
export const AttemptRecord = Schema.Struct({
  run_id: Schema.String,
  sync: Schema.String,
  attempt: Schema.Number,
  worker: Schema.String,
  started_at: Schema.String,
  finished_at: Schema.NullOr(Schema.String),
  status: Schema.NullOr(AttemptStatus)
}).annotations({ identifier: "SyncRunAttempt" })
/** @see AttemptRecord */
export type AttemptRecord = typeof AttemptRecord.Type

/** A definition as answered: auth payloads reduced to their key names. */
export const SyncView = Schema.Struct({
  name: Schema.String,
  tenant: Schema.String,
  resource: Resource,
  origin: Schema.String,
  target: Schema.String,
  origin_auth_keys: Schema.Array(Schema.String),
  target_auth_keys: Schema.Array(Schema.String),
  cursor_mode: Cursor.CanonicalCursorMode,
  cursor_start: Schema.optional(Schema.String),
  where: Schema.optional(Conditions),
  having: Schema.optional(Conditions),
  formatter_id: Schema.optional(Schema.String),
  schedule: Schema.String,
  concurrency_class: Schema.String,
  batch_size: Schema.optional(Schema.Number),
  timeout_seconds: Schema.optional(Schema.Number),
  enabled: Schema.Boolean,
  created_at: Schema.String,
  updated_at: Schema.String,
  next_due_at: Schema.NullOr(Schema.String),
  run_requested_at: Schema.NullOr(Schema.String)
}).annotations({ identifier: "Sync" })
/** @see SyncView */
export type SyncView = typeof SyncView.Type

/** The view of a stored definition: every auth value dropped. */
export const view = (sync: SyncRecord): SyncView => ({
  name: sync.name,
  tenant: sync.tenant,
  resource: sync.resource,
  // A database URI is shown without its password, in the API and the CLI alike.
  origin: Uri.display(sync.origin),
  target: Uri.display(sync.target),
  origin_auth_keys: [...sync.origin_auth_keys].sort(),
  target_auth_keys: [...sync.target_auth_keys].sort(),
  cursor_mode: sync.cursor_mode,
  ...(sync.cursor_start !== undefined ? { cursor_start: sync.cursor_start } : {}),
  ...(sync.where !== undefined ? { where: sync.where } : {}),
  ...(sync.having !== undefined ? { having: sync.having } : {}),
  ...(sync.formatter_id !== undefined ? { formatter_id: sync.formatter_id } : {}),
  schedule: sync.schedule,
  concurrency_class: sync.concurrency_class,
  ...(sync.batch_size !== undefined ? { batch_size: sync.batch_size } : {}),
  ...(sync.timeout_seconds !== undefined ? { timeout_seconds: sync.timeout_seconds } : {}),
  enabled: sync.enabled,
  created_at: sync.created_at,
  updated_at: sync.updated_at,
  next_due_at: sync.next_due_at,
  run_requested_at: sync.run_requested_at
})

/** Live status of a sync: its definition, the run in progress and the last finished one. */
export const SyncStatus = Schema.Struct({
  sync: SyncView,
  /** The queued or running run, if any. */
  current: Schema.NullOr(RunRecord),
  /** The last finished run, if any. */
  last_run: Schema.NullOr(RunRecord),
  /** Totals over the kept history. */
  runs_succeeded: Schema.Number,
  runs_failed: Schema.Number
}).annotations({ identifier: "SyncStatus" })
/** @see SyncStatus */
export type SyncStatus = typeof SyncStatus.Type

/** A concurrency class and its cluster-wide limit of simultaneous runs. */
export const ClassLimit = Schema.Struct({
  concurrency_class: Schema.String,
  max_concurrent: Positive(1000, "max_concurrent")
}).annotations({ identifier: "ConcurrencyLimit" })
/** @see ClassLimit */
export type ClassLimit = typeof ClassLimit.Type

/** The limit of a class that has none set. */
export const defaultMaxConcurrent = 4

/** The default concurrency class of an origin: its connector name, or the scheme of a storage URI. */
export const defaultClassOf = (origin: string): string => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(origin)
  if (scheme) return scheme[1]!.toLowerCase() === "postgresql" ? "postgres" : scheme[1]!.toLowerCase()
  return origin
}
