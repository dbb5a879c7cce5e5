/**
 * The distributed engine behind `hrtech-etl worker`, on @effect/cluster and @effect/workflow with
 * their SQL storage:
 *
 * - `SyncLane` entities, `<class>#<n>` for n below the class's limit: each processes one persisted
 *   `RunSync` message at a time, and the cluster runs each entity on exactly one worker. So at most
 *   `limit` runs of a class are in progress across the whole cluster, and a lane's messages survive
 *   its worker: the next owner of the lane's shard processes what was left unanswered.
 * - The `SyncRun` workflow (one execution per run id) whose `pull` activity runs an attempt of the
 *   run (`Execute.execute`). A worker killed mid-run leaves the workflow unfinished; the worker that
 *   takes over its shard runs the activity again, which resumes from the last checkpoint.
 * - The scheduler, a cluster singleton: every tick it queues due syncs (schedule reached or run
 *   requested, none active) on the least loaded lane of their class.
 */
import * as ClusterSchema from "@effect/cluster/ClusterSchema"
import * as Entity from "@effect/cluster/Entity"
import * as Singleton from "@effect/cluster/Singleton"
import * as Rpc from "@effect/rpc/Rpc"
import * as Activity from "@effect/workflow/Activity"
import * as Workflow from "@effect/workflow/Workflow"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as State from "../core/State.js"
import type * as Definition from "./Definition.js"
import * as Execute from "./Execute.js"
import { type QueuedRun, SyncStore } from "./SyncStore.js"
import * as Syncs from "./Syncs.js"

/** The name this worker records on the attempts it runs. */
export class WorkerName extends Context.Tag("hrtech-etl/scale/WorkerName")<WorkerName, string>() {}

/** Run one queued run; the reply is its outcome. Persisted, deduplicated by run id. */
export const RunSync = Rpc.make("RunSync", {
  payload: Execute.RunPayload.fields,
  success: Execute.RunOutcome,
  primaryKey: (payload) => payload.run_id
}).annotate(ClusterSchema.Persisted, true)

/** A lane of a concurrency class: one run at a time. */
export const SyncLane = Entity.make("SyncLane", [RunSync])

/** The durable workflow of one run. */
export const SyncRun = Workflow.make({
  name: "SyncRun",
  payload: Execute.RunPayload,
  success: Execute.RunOutcome,
  idempotencyKey: (payload) => payload.run_id
})

/** The lane id of a class and index. */
export const laneId = (concurrencyClass: string, index: number): string => `${concurrencyClass}#${index}`

// A failing state database is retried inside the activity: a finished workflow would keep its
// failure for good, and the run would stay active forever.
const stateRetry = Schedule.exponential(Duration.millis(500), 2).pipe(Schedule.either(Schedule.spaced(Duration.seconds(30))))

/** The workflow's implementation: one activity that runs (or resumes) the run. */
export const SyncRunLive = SyncRun.toLayer((payload) =>
  Activity.make({
    name: "pull",
    success: Execute.RunOutcome,
    execute: Effect.flatMap(WorkerName, (worker) =>
      Execute.execute(payload, worker).pipe(
        Effect.tapError((e) => Effect.logWarning(`run ${payload.run_id}: state store failed, retrying`, e.message)),
        // The schedule never ends: a run is retried until the state database answers again.
        Effect.retry(stateRetry),
        Effect.orDie
      )
    )
  })
)

/** The lanes' implementation: each message runs the run's workflow and waits for its outcome. */
export const SyncLaneLive = SyncLane.toLayer(Effect.succeed({ RunSync: (envelope: Entity.Request<typeof RunSync>) => SyncRun.execute(envelope.payload) }), {
  concurrency: 1,
  maxIdleTime: Duration.minutes(5)
})

/** Options of the scheduler. */
export interface SchedulerOptions {
  /** Time between two looks at the due syncs (default 1 s). */
  readonly tick?: Duration.DurationInput
  /** Most runs queued per tick (default 1000). */
  readonly maxPerTick?: number
  /** Finished runs kept per sync (default 200). */
  readonly keepRuns?: number
}

/** Spreads syncs of equal load over lanes: the starting lane comes from the name. */
const startIndex = (name: string, lanes: number): number => Number(BigInt(`0x${State.hash(name)}`) % BigInt(lanes))

/** The run a due sync gets now. */
export const runFor = (sync: Definition.StoredSync, now: string, lane: string): QueuedRun => {
  const manual = sync.run_requested_at !== null
  const scheduled = sync.enabled && sync.next_due_at !== null && sync.next_due_at <= now
  return {
    run_id: manual ? `${sync.name}@manual:${sync.run_requested_at}` : `${sync.name}@${sync.next_due_at}`,
    sync: sync.name,
    tenant: sync.tenant,
    trigger: manual ? "manual" : "schedule",
    concurrency_class: sync.concurrency_class,
    lane,
    queued_at: now,
    consumes_due_at: scheduled ? sync.next_due_at : null,
    // Missed times are not made up for: the next run is the schedule's next time after now.
    next_due_at: scheduled ? Syncs.nextDue(sync.schedule, new Date(now)).toISOString() : sync.next_due_at,
    consumes_request: sync.run_requested_at
  }
}

/** One look at the due syncs: queue each on the least loaded lane of its class and send it there. */
export const tick = (maxPerTick: number) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const client = yield* SyncLane.client
    const now = yield* Syncs.nowIso
    const due = yield* store.due(now, maxPerTick)
    const loads = new Map<string, { readonly limit: number; readonly load: Map<string, number> }>()
    let queued = 0
    for (const sync of due) {
      let known = loads.get(sync.concurrency_class)
      if (known === undefined) {
        known = {
          limit: yield* store.limitOf(sync.concurrency_class),
          load: new Map(yield* store.laneLoad(sync.concurrency_class))
        }
        loads.set(sync.concurrency_class, known)
      }
      const first = startIndex(sync.name, known.limit)
      let lane = laneId(sync.concurrency_class, first)
      for (let i = 0; i < known.limit; i++) {
        const candidate = laneId(sync.concurrency_class, (first + i) % known.limit)
        if ((known.load.get(candidate) ?? 0) < (known.load.get(lane) ?? 0)) lane = candidate
      }
      const run = runFor(sync, now, lane)
      if (!(yield* store.queue(run))) continue
      known.load.set(lane, (known.load.get(lane) ?? 0) + 1)
      queued++
      yield* client(lane)
        .RunSync({ run_id: run.run_id, sync: run.sync }, { discard: true })
        .pipe(Effect.catchAllCause((cause) => Effect.logWarning(`could not send run ${run.run_id} (sent again when the scheduler restarts)`, cause)))
    }
    return queued
  })

/**
 * Sends active runs again: a scheduler that stopped between recording a run and sending it, or a send
 * that failed before the message was stored, left a run unsent. Sends are deduplicated by run id,
 * so runs already sent are not run twice.
 */
export const resend = (options: { readonly olderThan?: Duration.DurationInput; readonly queuedOnly?: boolean; readonly max?: number } = {}) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const client = yield* SyncLane.client
    const now = yield* Clock.currentTimeMillis
    const before = new Date(now - Duration.toMillis(options.olderThan ?? 0)).toISOString()
    const active = yield* store.activeSince(before, { ...(options.queuedOnly ? { queuedOnly: true } : {}), ...(options.max ? { max: options.max } : {}) })
    for (const run of active) {
      yield* client(run.lane)
        .RunSync({ run_id: run.run_id, sync: run.sync }, { discard: true })
        .pipe(Effect.catchAllCause((cause) => Effect.logWarning(`could not send run ${run.run_id} again`, cause)))
    }
    return active.length
  })

/** The scheduler loop (runs as a cluster singleton). */
export const scheduler = (options: SchedulerOptions = {}) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const resent = yield* resend().pipe(Effect.retry(stateRetry))
    yield* Effect.logInfo(`scheduler started on this worker (${resent} active runs sent again)`)
    let ticks = 0
    const sweepEvery = 120
    yield* Effect.gen(function* () {
      yield* tick(options.maxPerTick ?? 1000)
      if (++ticks % sweepEvery === 0) {
        // Runs queued long ago and still not started may have been lost on the way: send them again.
        yield* resend({ olderThan: Duration.minutes(5), queuedOnly: true, max: 500 })
        yield* store.prune(options.keepRuns ?? 200)
      }
    }).pipe(
      Effect.catchAllCause((cause) => Effect.logWarning("scheduler tick failed", cause)),
      Effect.repeat(Schedule.spaced(options.tick ?? Duration.seconds(1)))
    )
  })

/** The scheduler as a cluster singleton. */
export const SchedulerLive = (options: SchedulerOptions = {}) => Singleton.make("hrtech-etl/scheduler", scheduler(options))

/** Everything a worker registers on the cluster: lanes, the run workflow and the scheduler. */
export const layer = (options: SchedulerOptions = {}) => Layer.mergeAll(SyncLaneLive, SyncRunLive, SchedulerLive(options))
