/**
 * One attempt at a sync run: hold the sync's guard, record the attempt, run the pull through
 * `app/Runs` with the checkpoint persisted after each accepted batch (so a later attempt resumes
 * where this one stopped), report counters after each batch, and record how it ended. Every failure
 * of the run itself is recorded and answered as a failed outcome: one tenant's failing sync never
 * fails the lane that carries others.
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Requests from "../app/Requests.js"
import * as Runs from "../app/Runs.js"
import * as Decode from "../core/Decode.js"
import type * as Pipeline from "../core/Pipeline.js"
import * as Scrub from "../core/Scrub.js"
import * as State from "../core/State.js"
import * as Definition from "./Definition.js"
import { SyncGuard } from "./Guard.js"
import { type RunEnd, SyncStore } from "./SyncStore.js"
import * as Syncs from "./Syncs.js"

/** What a run answers to the engine. */
export const RunOutcome = Schema.Struct({
  run_id: Schema.String,
  status: Schema.Literal("succeeded", "failed", "canceled"),
  counters: Definition.RunCounters,
  error: Schema.NullOr(Schema.String)
}).annotations({ identifier: "SyncRunOutcome" })
/** @see RunOutcome */
export type RunOutcome = typeof RunOutcome.Type

/** The payload of a run message: which run of which sync. */
export const RunPayload = Schema.Struct({ run_id: Schema.String, sync: Schema.String }).annotations({ identifier: "SyncRunPayload" })
/** @see RunPayload */
export type RunPayload = typeof RunPayload.Type

/** Counters of a run from the pull's stats. */
export const countersOf = (stats: Pipeline.PullStats): Definition.RunCounters => ({
  read: stats.read,
  written: stats.written,
  created: stats.created,
  updated: stats.updated,
  failed: stats.failed,
  filtered_out: stats.filtered_out,
  skipped_seen: stats.skipped_seen,
  batches: stats.batches
})

/** The auth values of a definition: removed from every recorded error. */
const secretsOf = (sync: Definition.StoredSync): ReadonlyArray<string> => {
  const out: Array<string> = []
  const walk = (v: unknown, depth: number) => {
    if (depth > 4) return
    if (typeof v === "string" && v.length >= 4) out.push(v)
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1)
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) walk(x, depth + 1)
  }
  walk(sync.origin_auth, 0)
  walk(sync.target_auth, 0)
  return out
}

/** The pull request a definition describes; the start applies only before the first checkpoint. */
export const requestOf = (sync: Definition.StoredSync, hasCheckpoint: boolean) =>
  Decode.decodeUnknownEither(Requests.PullRequest)({
    resource: sync.resource,
    origin: sync.origin,
    target: sync.target,
    ...(sync.origin_auth ? { origin_auth: sync.origin_auth } : {}),
    ...(sync.target_auth ? { target_auth: sync.target_auth } : {}),
    cursor: { mode: sync.cursor_mode, start: hasCheckpoint ? null : (sync.cursor_start ?? null), sort_by: "asc" },
    ...(sync.where ? { where: sync.where } : {}),
    ...(sync.having ? { having: sync.having } : {}),
    ...(sync.formatter_id !== undefined ? { formatter_id: sync.formatter_id } : {}),
    ...(sync.batch_size !== undefined ? { batch_size: sync.batch_size } : {}),
    pipeline_id: Syncs.pipelineIdOf(sync),
    resume: true
  })

/** The default longest run. */
export const defaultTimeoutSeconds = 3600

/** Runs one attempt of a run on this worker and records it; never fails for the run's own reasons. */
export const execute = (payload: RunPayload, worker: string) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const guard = yield* SyncGuard
    const stateStore = yield* State.StateStore
    // Auth that does not decrypt fails the run (recorded); retrying the attempt cannot help.
    const found = yield* store.get(payload.sync).pipe(
      Effect.map(Either.right),
      Effect.catchTag("SyncSecretUnreadable", (e) => Effect.succeed(Either.left(e.message)))
    )
    return yield* Effect.scoped(
      Effect.gen(function* () {
        yield* guard.hold(payload.sync)
        const started = yield* store.startAttempt(payload.run_id, worker, yield* Syncs.nowIso)
        // A message for a run the store no longer holds (history pruned or reset) has nothing to do.
        if (Option.isNone(started)) {
          return { run_id: payload.run_id, status: "canceled", counters: Definition.emptyCounters, error: "the run is not recorded" } satisfies RunOutcome
        }
        const attempt = started.value
        // Until the run's end is recorded, any exit (interruption, a failing state database) records
        // the attempt's end, before the guard is released: attempts of a sync never seem to overlap.
        let recorded = false
        const record = (end: RunEnd) =>
          Effect.flatMap(Syncs.nowIso, (at) => store.finish(payload.run_id, attempt, end, at)).pipe(Effect.tap(() => Effect.sync(() => void (recorded = true))))
        const attemptEnded = Effect.suspend(() =>
          recorded ? Effect.void : Effect.flatMap(Syncs.nowIso, (at) => store.interrupted(payload.run_id, attempt, at)).pipe(Effect.ignore)
        )
        return yield* Effect.gen(function* () {
          if (Either.isLeft(found) || Option.isNone(found.right)) {
            const end = Either.isLeft(found)
              ? { status: "failed" as const, counters: Definition.emptyCounters, cursor: null, error: found.left }
              : { status: "canceled" as const, counters: Definition.emptyCounters, cursor: null, error: "the sync was removed" }
            yield* record(end)
            return { run_id: payload.run_id, status: end.status, counters: end.counters, error: end.error } satisfies RunOutcome
          }
          const sync = found.right.value
          const pipelineId = Syncs.pipelineIdOf(sync)
          let counters = Definition.emptyCounters
          let cursor: unknown = null
          const run = Effect.gen(function* () {
            const hasCheckpoint = Option.isSome(yield* stateStore.loadCursor(pipelineId))
            const request = yield* requestOf(sync, hasCheckpoint)
            return yield* Runs.pull(request, {
              persistCursor: true,
              onProgress: (progress) =>
                Effect.gen(function* () {
                  counters = countersOf(progress.stats)
                  cursor = progress.cursor
                  yield* store.progress(payload.run_id, counters, cursor, yield* Syncs.nowIso)
                })
            })
          }).pipe(
            Effect.scoped,
            Effect.timeoutFail({
              duration: Duration.seconds(sync.timeout_seconds ?? defaultTimeoutSeconds),
              onTimeout: () => new State.StateError({ operation: "run", reason: `timed out after ${sync.timeout_seconds ?? defaultTimeoutSeconds} s` })
            })
          )
          // An interruption (worker stopping, lane moving) is not an outcome: the next attempt resumes.
          const exit = yield* Effect.exit(run)
          if (Exit.isInterrupted(exit)) return yield* Effect.interrupt
          const secrets = secretsOf(sync)
          const end = Exit.match(exit, {
            onSuccess: (result) => {
              const c = countersOf(result.stats)
              const failedRecords = result.stats.failed > 0 ? `${result.stats.failed} records failed: ${result.stats.errors[0]?.message ?? ""}` : null
              return {
                status: result.stats.failed > 0 ? ("failed" as const) : ("succeeded" as const),
                counters: c,
                cursor: result.cursor,
                error: failedRecords === null ? null : Scrub.message(failedRecords, secrets)
              }
            },
            onFailure: (cause) => {
              const failure = Cause.failureOption(cause)
              const text = Option.match(failure, {
                onNone: () => `internal error: ${Cause.pretty(cause).split("\n")[0] ?? "defect"}`,
                onSome: (e) => (e as { message?: string }).message ?? String(e)
              })
              return { status: "failed" as const, counters, cursor, error: Scrub.message(text, secrets) }
            }
          })
          yield* record(end)
          return { run_id: payload.run_id, status: end.status, counters: end.counters, error: end.error } satisfies RunOutcome
        }).pipe(Effect.onExit(() => attemptEnded))
      })
    )
  })
