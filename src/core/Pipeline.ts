/**
 * Pull and push pipelines. A pull is a Stream of named steps: read (prefilters pushed down) → record
 * step (`toItems`: decode, boundary dedup, postfilter, format; see `RecordStep` and `Checkpoint`) →
 * batch → write (`writeBatch`) → checkpoint (`afterBatch`, `finish`). The checkpoint only ever moves
 * past records the target accepted. A push runs the same record step over given records.
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Batching from "./Batching.js"
import * as Checkpoint from "./Checkpoint.js"
import type { Condition } from "./Condition.js"
import * as Connector from "./Connector.js"
import type { ConnectorError } from "./ConnectorError.js"
import * as Cursor from "./Cursor.js"
import * as Decode from "./Decode.js"
import type { CoreError } from "./Errors.js"
import { InvalidInput } from "./Errors.js"
import { isRemoval } from "./Event.js"
import * as Formatter from "./Formatter.js"
import * as Postfilter from "./Postfilter.js"
import type * as Pull from "./Pull.js"
import type { PushMode, PushResult, RecordError, Skipped, Stage } from "./Push.js"
import * as Push from "./Push.js"
import * as RecordStep from "./RecordStep.js"
import * as RunRequest from "./RunRequest.js"
import * as Uri from "./Uri.js"
import type { Resource } from "./Resource.js"
import * as State from "./State.js"
import * as Unified from "./Unified.js"

/** Counters of a pull run (the schema lives in `Pull.ts`, shared with the HTTP API). */
export type PullStats = Pull.PullStats

/** The result of a pull: where the next run resumes, and what happened. */
export interface PullResult {
  readonly cursor: Cursor.Cursor
  readonly stats: PullStats
}

/** Progress emitted by `pullStream` after each batch. */
export interface PullProgress extends PullResult {
  readonly batch: number
  /** True for the last element, emitted when the run is complete. */
  readonly done: boolean
}

/** A pull that stopped on an error; carries the checkpoint reached and the counters so far. */
export class PipelineFailed extends Schema.TaggedError<PipelineFailed>("hrtech-etl/PipelineFailed")("PipelineFailed", {
  reason: Schema.String,
  errorCode: Schema.String,
  cursor: Schema.optional(Schema.Unknown),
  stats: Schema.optional(Schema.Unknown)
}) {
  readonly code = "run_failed"
  /** The run stopped part-way: a system failed it, or (rate limit, state store, a hook) it may go through later. */
  get category(): "unavailable" | "upstream" {
    return this.errorCode === "hook_failed" || this.errorCode === "rate_limited" || this.errorCode === "state_error" ? "unavailable" : "upstream"
  }
  override get message(): string {
    return `run failed: ${this.reason}`
  }
}

/** Callbacks through which a run persists its state. */
export interface Hooks {
  /** Called after each batch the target accepted, with the cursor to resume from. */
  readonly onCheckpoint?: (cursor: Cursor.Cursor) => Effect.Effect<void, unknown>
  /** Called with each batch's failed records (decode, format, write). */
  readonly onFailures?: (failures: ReadonlyArray<State.FailedRecord>) => Effect.Effect<void, unknown>
  /** Called after each batch with the counters so far. */
  readonly onProgress?: (progress: PullProgress) => Effect.Effect<void, unknown>
}

/** Options of a pull. */
export interface PullOptions extends Hooks {
  readonly resource: Resource
  readonly origin: Connector.Connector
  readonly target: Connector.Connector
  readonly cursor: Cursor.CursorEncoded | Cursor.Cursor
  readonly where?: ReadonlyArray<Condition>
  readonly having?: ReadonlyArray<Condition>
  readonly formatter?: Formatter.Formatter
  /** Records per write batch (default 1000); records filtered out or failed before the write do not count. */
  readonly batchSize?: number
  /** Longest wait before a partial batch is written (default 1 second). */
  readonly batchWindow?: Duration.DurationInput
  /** Read, filter and format, but write nothing and do not checkpoint. */
  readonly dryRun?: boolean
  /** Records updated less than this long before the run started are left for the next run (default 0). */
  readonly lag?: Duration.DurationInput
  /** Identifies the pipeline in failed-record reports (default derived from the options). */
  readonly pipelineId?: string
}

const MAX_REPORTED_ERRORS = 100

// Every record a pipeline writes has passed the target's own schema (see `formatOne`).
const validated: Connector.WriteOptions = { validated: true }

/** A stable id of a pipeline: origin, target, resource and a hash of its filters and formatter. */
export const pipelineId = (options: {
  readonly resource: Resource
  readonly origin: string
  readonly target: string
  readonly cursorMode?: string
  readonly where?: ReadonlyArray<Condition>
  readonly having?: ReadonlyArray<Condition>
  readonly formatter?: string
}): string =>
  // Database URIs without their password: the id is shown, logged and stored as a key.
  `${Uri.display(options.origin)}->${Uri.display(options.target)}:${options.resource}:${State.hash(
    JSON.stringify([options.cursorMode ?? "", options.where ?? [], options.having ?? [], options.formatter ?? ""])
  )}`

interface Prepared {
  readonly cursor: Cursor.Cursor | undefined
  readonly pushed: ReadonlyArray<Condition>
  readonly inMemory: ReadonlyArray<Condition>
  readonly step: RecordStep.RecordStep
}

/** Validates a run's inputs up front: cursor, WHERE against the origin, HAVING, formatter vs both schemas. */
const prepare = (options: PullOptions | PushOptions, cursorInput?: Cursor.CursorEncoded | Cursor.Cursor) =>
  Effect.gen(function* () {
    const { origin, target, resource } = options
    const formatter = yield* Formatter.decode(options.formatter)
    const mapping = Formatter.mappingOf(formatter)
    const { cursor, where, having } = yield* RunRequest.validate(
      { origin: Connector.schemaOf(origin, resource), target: Connector.schemaOf(target, resource) },
      {
        cursor: cursorInput,
        // An empty (null) WHERE or HAVING given from JavaScript means none.
        where: ("where" in options && options.where) || undefined,
        having: options.having || undefined,
        mapping
      }
    )
    const split = origin.pushdown(resource, where)
    const keep = yield* Postfilter.compile([...split.inMemory, ...having])
    const format = Formatter.toFunction(formatter) ?? Formatter.viaUnified(origin, target, resource)
    return {
      cursor,
      pushed: split.pushed,
      inMemory: split.inMemory,
      step: RecordStep.make({ origin, target, resource, keep, format })
    } satisfies Prepared
  })

/** One record on its way through a pull, with its cursor position. */
interface Item {
  readonly id: string | undefined
  readonly value: string | undefined
  /** The formatted record to write; undefined when filtered out or failed before writing. */
  readonly output: Connector.NativeRecord | undefined
  readonly error: RecordError | undefined
  readonly source: unknown
}

const hasOutput = (item: Item): boolean => item.output !== undefined

const emptyStats = (dryRun: boolean, inMemory: ReadonlyArray<Condition>): PullStats => ({
  read: 0,
  filtered_out: 0,
  written: 0,
  created: 0,
  updated: 0,
  archived: 0,
  failed: 0,
  skipped_seen: 0,
  skipped_out_of_range: 0,
  requests: 0,
  retries: 0,
  waited_ms: 0,
  pages: 0,
  batches: 0,
  duration_ms: 0,
  where_in_memory: [...inMemory],
  errors: [],
  dry_run: dryRun
})

/** What the steps of one pull share. The counters and the checkpoint are its only mutable state. */
interface PullRun {
  readonly options: PullOptions
  readonly pipelineId: string
  readonly dryRun: boolean
  readonly step: RecordStep.RecordStep
  readonly valueOf: (record: Connector.NativeRecord) => string | undefined
  readonly checkpoint: Checkpoint.Tracker
  /** Checkpoint after each batch only when the origin is ordered and each write is durable at once. */
  readonly checkpointEachBatch: boolean
  readonly stats: PullStats
  readonly startedAt: number
  readonly transport: ReturnType<typeof transportCounter>
  /** Records the origin reported unreadable, settled with the next batch. */
  readonly unreadable: Array<Item>
  /** The vendor sync token the origin handed over, if any. */
  nextToken: string | undefined
  batches: number
}

/** Read step: what the origin is asked for; its sync token and unreadable records are kept on the run. */
const readOptions = (run: PullRun, pushed: ReadonlyArray<Condition>, batchSize: number, until: string | undefined): Connector.ReadOptions => ({
  cursor: run.checkpoint.cursor,
  where: pushed,
  batchSize,
  ...(until ? { until } : {}),
  onToken: (token) => {
    run.nextToken = token
  },
  onInvalid: (issue) => {
    run.stats.read++
    run.unreadable.push({
      id: undefined,
      value: undefined,
      output: undefined,
      error: { stage: "decode", message: issue.location ? `${issue.location}: ${issue.reason}` : issue.reason },
      source: issue.raw
    })
  }
})

/** Record step of a pull: one page of raw records → items to batch (checked, deduplicated, filtered, formatted). */
const toItems =
  (run: PullRun) =>
  (page: Chunk.Chunk<unknown>): Chunk.Chunk<Item> => {
    const { stats, step, checkpoint } = run
    stats.pages++
    const items: Array<Item> = []
    for (const raw of page) {
      stats.read++
      const e = step.check(raw)
      if (e !== undefined) {
        items.push({
          id: e.recordId,
          value: undefined,
          output: undefined,
          error: { ...(e.recordId ? { id: e.recordId } : {}), stage: "decode", message: e.message },
          source: raw
        })
        continue
      }
      const record = raw as Connector.NativeRecord
      const recordId = step.idOf(record)
      const value = run.valueOf(record)
      const admission = checkpoint.admit(value, recordId)
      if (admission === "seen") {
        stats.skipped_seen++
        continue
      }
      if (admission === "out_of_range") {
        stats.skipped_out_of_range++
        continue
      }
      const shaped = step.shape(record)
      if (shaped._tag === "Filtered") {
        stats.filtered_out++
        items.push({ id: recordId, value, output: undefined, error: undefined, source: undefined })
      } else if (shaped._tag === "Formatted") {
        items.push({ id: recordId, value, output: shaped.output, error: undefined, source: undefined })
      } else {
        items.push({
          id: recordId,
          value,
          output: undefined,
          error: { ...(recordId ? { id: recordId } : {}), stage: "format", message: shaped.reason },
          source: record
        })
      }
    }
    return Chunk.unsafeFromArray(items)
  }

/**
 * Write step: writes a batch's formatted records and settles every item of it — counters, the
 * checkpoint (accepted and permanently failed records pass it, refused ones hold it) and the failed
 * records to report.
 */
const writeBatch = (run: PullRun, batch: Chunk.Chunk<Item>) =>
  Effect.gen(function* () {
    const { options, stats, checkpoint, dryRun } = run
    const { target, resource } = options
    const items = run.unreadable.length > 0 ? [...run.unreadable.splice(0), ...batch] : Chunk.toReadonlyArray(batch)
    const toWrite: Array<Connector.NativeRecord> = []
    for (const item of items) if (item.output) toWrite.push(item.output)
    const outcomes = dryRun || toWrite.length === 0 ? [] : yield* target.write(resource, toWrite, validated)
    if (!dryRun && outcomes.length !== toWrite.length) {
      return yield* Effect.die(new Error(`${target.name}.write returned ${outcomes.length} outcomes for ${toWrite.length} records`))
    }
    const failures: Array<State.FailedRecord> = []
    let o = 0
    for (const item of items) {
      if (item.error) {
        stats.failed++
        failures.push(failed(run.pipelineId, item.error, item.source))
        // Decode and format failures are permanent: they are reported and stored, and the cursor moves on.
        checkpoint.accept(item.value, item.id)
        continue
      }
      if (!item.output || dryRun) {
        checkpoint.accept(item.value, item.id)
        continue
      }
      const outcome = outcomes[o++]!
      if (outcome._tag === "failed") {
        stats.failed++
        const error: RecordError = { ...(item.id ? { id: item.id } : {}), stage: "write", message: outcome.reason }
        failures.push(failed(run.pipelineId, error, item.output))
        checkpoint.reject(item.value)
      } else {
        stats.written++
        if (outcome._tag === "created") stats.created++
        else if (outcome._tag === "archived") stats.archived++
        else stats.updated++
        checkpoint.accept(item.value, item.id)
      }
    }
    return failures
  })

/** The counters as of now, copied for a progress element. */
const snapshot = (run: PullRun) =>
  Effect.map(
    Effect.clockWith((clock) => clock.currentTimeMillis),
    (now) => {
      run.stats.duration_ms = now - run.startedAt
      run.transport.update(run.stats)
      return { ...run.stats }
    }
  )

/** Checkpoint step after a batch: report its failures, save the checkpoint, emit progress. */
const afterBatch = (run: PullRun, failures: ReadonlyArray<State.FailedRecord>) =>
  Effect.gen(function* () {
    const { options, stats } = run
    for (const f of failures) {
      if (stats.errors.length >= MAX_REPORTED_ERRORS) break
      stats.errors.push({ ...(f.record_id ? { id: f.record_id } : {}), stage: f.stage, message: f.message })
    }
    if (failures.length > 0 && options.onFailures) yield* hook("onFailures", options.onFailures(failures))
    stats.batches++
    run.batches++
    const cursor = run.checkpoint.current()
    if (!run.dryRun && run.checkpointEachBatch && options.onCheckpoint) yield* hook("onCheckpoint", options.onCheckpoint(cursor))
    const progress: PullProgress = { cursor, stats: yield* snapshot(run), batch: run.batches, done: false }
    if (options.onProgress) yield* hook("onProgress", options.onProgress(progress))
    return progress
  })

/** Final step: settle what the origin reported late, commit the target, save the resume cursor. */
const finish = (run: PullRun) =>
  Effect.gen(function* () {
    const { options, dryRun } = run
    if (run.unreadable.length > 0) yield* Effect.flatMap(writeBatch(run, Chunk.empty()), (failures) => afterBatch(run, failures))
    const cursor = run.checkpoint.final(dryRun ? undefined : run.nextToken)
    if (!dryRun && options.target.commit) yield* options.target.commit
    if (!dryRun && !run.checkpointEachBatch && options.onCheckpoint) yield* hook("onCheckpoint", options.onCheckpoint(cursor))
    return { cursor, stats: yield* snapshot(run), batch: run.batches, done: true } satisfies PullProgress
  })

/**
 * The pull as a Stream of progress, one element per written batch and a final `done` element.
 * Consume it with `Stream.runLast`, compose it, or iterate it with `for await` via `Stream.toAsyncIterable`.
 */
export const pullStream = (options: PullOptions): Stream.Stream<PullProgress, CoreError | ConnectorError | PipelineFailed> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const { origin, target, resource } = options
      const dryRun = options.dryRun ?? false
      yield* Connector.require(origin, resource, "read")
      if (!dryRun) yield* Connector.require(target, resource, "write")
      const prepared = yield* prepare(options, options.cursor)
      const cursor = prepared.cursor!
      const valueOf = yield* Connector.cursorValueOf(origin, resource, cursor.mode)
      const sortable = Connector.isSortable(origin, resource, cursor.mode)
      const startedAt = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const until = Checkpoint.upperBound(cursor, options.lag, startedAt)
      const batchSize = Math.max(1, options.batchSize ?? 1000)
      const run: PullRun = {
        options,
        pipelineId: options.pipelineId ?? pipelineId({ resource, origin: origin.name, target: target.name, cursorMode: cursor.mode }),
        dryRun,
        step: prepared.step,
        valueOf,
        checkpoint: Checkpoint.make(cursor, { sortable, until }),
        checkpointEachBatch: sortable && target.commit === undefined,
        stats: emptyStats(dryRun, prepared.inMemory),
        startedAt,
        transport: transportCounter(origin, target),
        unreadable: [],
        nextToken: undefined,
        batches: 0
      }
      const batches = origin.read(resource, readOptions(run, prepared.pushed, batchSize, until)).pipe(
        // Fetch the next page while this one is decoded, filtered and formatted.
        Stream.bufferChunks({ capacity: 1 }),
        Stream.mapChunks(toItems(run)),
        // `batchSize` counts the records to write; filtered and failed items ride along for the checkpoint.
        (items) => Batching.within(items, batchSize, options.batchWindow ?? Duration.seconds(1), { counts: hasOutput }),
        // Read ahead one batch while the current one is being written.
        Stream.buffer({ capacity: 1 }),
        Stream.mapEffect((batch) => Effect.flatMap(writeBatch(run, batch), (failures) => afterBatch(run, failures)))
      )
      const failWith = (error: ConnectorError | PipelineFailed) =>
        error._tag === "PipelineFailed"
          ? error
          : new PipelineFailed({ reason: error.message, errorCode: error.code, cursor: run.checkpoint.current(), stats: { ...run.stats } })
      return Stream.concat(batches, Stream.fromEffect(finish(run))).pipe(Stream.mapError(failWith))
    })
  )

/** Measures the transport counters of origin and target from the start of a run. */
const transportCounter = (origin: Connector.Connector, target: Connector.Connector) => {
  const sources = origin === target ? [origin] : [origin, target]
  const read = () =>
    sources.reduce(
      (acc, c) => {
        const s = c.transportStats?.()
        return s ? { requests: acc.requests + s.requests, retries: acc.retries + s.retries, waited_ms: acc.waited_ms + s.waited_ms } : acc
      },
      { requests: 0, retries: 0, waited_ms: 0 }
    )
  const base = read()
  return {
    update: (stats: PullStats) => {
      const now = read()
      stats.requests = now.requests - base.requests
      stats.retries = now.retries - base.retries
      stats.waited_ms = now.waited_ms - base.waited_ms
    }
  }
}

const hook = (name: string, effect: Effect.Effect<void, unknown>) =>
  Effect.mapError(
    effect,
    (e) =>
      new PipelineFailed({
        reason: `${name} failed: ${e instanceof Error ? e.message : String(e)}`,
        errorCode: "hook_failed"
      })
  )

const failed = (pipeline: string, error: RecordError, payload: unknown): State.FailedRecord => ({
  pipeline_id: pipeline,
  ...(error.id ? { record_id: error.id } : {}),
  stage: error.stage,
  // Bounded: a vendor's or a caller's huge text must not fill the failures table.
  message: Push.boundMessage(error.message),
  ...(payload !== undefined ? { payload: Push.boundPayload(payload) } : {})
})

/** Runs a pull to completion and returns the cursor to resume from and the counters. */
export const pull = (options: PullOptions): Effect.Effect<PullResult, CoreError | ConnectorError | PipelineFailed> =>
  Stream.runLast(pullStream(options)).pipe(
    Effect.map((last) => {
      const { cursor, stats } = Option.getOrThrow(last)
      return { cursor, stats }
    })
  )

/** Options of a push. */
export interface PushOptions {
  readonly resource: Resource
  readonly origin: Connector.Connector
  readonly target: Connector.Connector
  readonly mode: PushMode
  /** Native origin records (mode `resources`). */
  readonly resources?: ReadonlyArray<unknown>
  /** Unified events (mode `events`); resolved to records with the origin's `fetchByEvents`. */
  readonly events?: ReadonlyArray<unknown>
  readonly having?: ReadonlyArray<Condition>
  readonly formatter?: Formatter.Formatter
  readonly batchSize?: number
  readonly dryRun?: boolean
  readonly pipelineId?: string
  readonly onFailures?: Hooks["onFailures"]
}

/** Decodes and collapses events: per resource id only the latest event counts. */
const collapseEvents = (
  resource: Resource,
  raw: ReadonlyArray<unknown>
): Either.Either<{ readonly latest: ReadonlyArray<Unified.UnifiedEvent>; readonly duplicates: number }, InvalidInput> => {
  const schema = Unified.eventSchemaFor(resource)
  const byId = new Map<string, { event: Unified.UnifiedEvent; index: number }>()
  for (let i = 0; i < raw.length; i++) {
    const input = raw[i]
    const withResource = input !== null && typeof input === "object" && !("resource" in input) ? { ...input, resource } : input
    const decoded = Decode.decodeUnknownEither(schema, `events[${i}]`)(withResource)
    if (Either.isLeft(decoded)) return Either.left(decoded.left)
    const event = decoded.right
    const previous = byId.get(event.resource_id)
    if (!previous || isLater(event, i, previous.event, previous.index)) byId.set(event.resource_id, { event, index: i })
  }
  const latest = [...byId.values()].sort((a, b) => a.index - b.index).map((e) => e.event)
  return Either.right({ latest, duplicates: raw.length - latest.length })
}

const isLater = (a: Unified.UnifiedEvent, ai: number, b: Unified.UnifiedEvent, bi: number): boolean => {
  if (a.occurred_at && b.occurred_at) {
    const c = Cursor.compareValues(a.occurred_at, b.occurred_at)
    if (c !== 0) return c > 0
  }
  return ai > bi
}

/** Pushes given records, or the records that change events refer to, into the target. */
export const push = (options: PushOptions): Effect.Effect<PushResult, CoreError | ConnectorError | PipelineFailed> =>
  Effect.gen(function* () {
    const { origin, target, resource } = options
    const dryRun = options.dryRun ?? false
    const startedAt = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
    if (!dryRun) yield* Connector.require(target, resource, "write")
    const { step } = yield* prepare(options)
    const id = options.pipelineId ?? pipelineId({ resource, origin: origin.name, target: target.name })
    const errors: Array<RecordError> = []
    const skipped: Array<Skipped> = []
    const failures: Array<State.FailedRecord> = []
    let errorsTotal = 0
    // Every error is counted; only the first ones are listed and stored (one bad body can hold 500,000 records).
    const fail = (stage: Stage, recordId: string | undefined, message: string, payload?: unknown) => {
      errorsTotal++
      const error: RecordError = { ...(recordId ? { id: recordId } : {}), stage, message: Push.boundMessage(message) }
      if (errors.length < Push.maxReportedErrors) errors.push(error)
      if (failures.length < Push.maxStoredFailures) failures.push(failed(id, error, payload))
    }
    let skippedTotal = 0
    // Counted like errors: a body of 500,000 events for records the origin lacks must not make a 500,000-entry answer.
    const skip = (recordId: string, reason: string) => {
      skippedTotal++
      if (skipped.length < Push.maxReportedSkipped) skipped.push({ id: recordId, reason })
    }
    let totalEvents = 0
    let fetched = 0
    let duplicates = 0
    let missing = 0
    let archived = 0
    let records: ReadonlyArray<unknown>

    if (options.mode === "events") {
      if (!options.events) return yield* new InvalidInput({ field: "events", reason: "required when mode is events" })
      totalEvents = options.events.length
      const collapsed = yield* collapseEvents(resource, options.events)
      duplicates = collapsed.duplicates
      const removals = collapsed.latest.filter((e) => isRemoval(e.type))
      const changes = collapsed.latest.filter((e) => !isRemoval(e.type))
      if (removals.length > 0) {
        if (!target.archive || !target.capabilities.archive.includes(resource)) {
          for (const e of removals) {
            skip(e.resource_id, `${e.type} event: ${target.name} has no archive or delete path`)
          }
        } else if (!dryRun) {
          const outcomes = yield* target.archive(
            resource,
            removals.map((e) => e.resource_id)
          )
          outcomes.forEach((outcome, i) => {
            if (outcome._tag === "failed") fail("archive", removals[i]!.resource_id, outcome.reason)
            else archived++
          })
        }
      }
      const found = changes.length === 0 ? [] : yield* origin.fetchByEvents(resource, changes)
      fetched = found.length
      const foundIds = new Set(found.map((r) => (r !== null && typeof r === "object" ? step.idOf(r as Connector.NativeRecord) : undefined)))
      for (const e of changes) {
        if (!foundIds.has(e.resource_id)) {
          missing++
          skip(e.resource_id, `${e.type} event: not found in ${origin.name}`)
        }
      }
      records = found
    } else {
      if (!options.resources) return yield* new InvalidInput({ field: "resources", reason: "required when mode is resources" })
      records = options.resources
    }

    let skippedHaving = 0
    const toWrite: Array<{ id: string | undefined; output: Connector.NativeRecord }> = []
    for (const raw of records) {
      const invalid = step.check(raw)
      if (invalid !== undefined) {
        fail("decode", invalid.recordId, invalid.message, raw)
        continue
      }
      const record = raw as Connector.NativeRecord
      const shaped = step.shape(record)
      if (shaped._tag === "Filtered") skippedHaving++
      else if (shaped._tag === "Unformattable") fail("format", step.idOf(record), shaped.reason, raw)
      else toWrite.push({ id: step.idOf(record), output: shaped.output })
    }

    let pushed = 0
    const batchSize = Math.max(1, options.batchSize ?? 1000)
    if (!dryRun) {
      for (let i = 0; i < toWrite.length; i += batchSize) {
        const batch = toWrite.slice(i, i + batchSize)
        const outcomes = yield* target
          .write(
            resource,
            batch.map((b) => b.output),
            validated
          )
          .pipe(Effect.catchAll((error) => Effect.succeed(batch.map((b) => Connector.Outcome.failed(b.id, error.message)))))
        outcomes.forEach((outcome, j) => {
          if (outcome._tag === "failed") fail("write", batch[j]!.id, outcome.reason, batch[j]!.output)
          else pushed++
        })
      }
    }
    if (!dryRun && target.commit) yield* target.commit
    if (failures.length > 0 && options.onFailures) yield* hook("onFailures", options.onFailures(failures))
    const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
    return {
      total_events: totalEvents,
      total_resources_fetched: options.mode === "events" ? fetched : records.length,
      total_resources_pushed: pushed,
      total_archived: archived,
      skipped_missing: missing,
      skipped_having: skippedHaving,
      skipped_duplicate_events: duplicates,
      skipped,
      skipped_total: skippedTotal,
      skipped_truncated: skippedTotal > skipped.length,
      errors,
      errors_total: errorsTotal,
      errors_truncated: errorsTotal > errors.length,
      dry_run: dryRun,
      duration_ms: now - startedAt
    } satisfies PushResult
  })

/** Runs a pull as a Promise, for callers who do not use Effect. */
export const runPull = (options: PullOptions): Promise<PullResult> => Effect.runPromise(pull(options))

/** Runs a push as a Promise, for callers who do not use Effect. */
export const runPush = (options: PushOptions): Promise<PushResult> => Effect.runPromise(push(options))

/** The pull's progress as an async iterable, for `for await` consumers. */
export const pullIterable = (options: PullOptions): AsyncIterable<PullProgress> => Stream.toAsyncIterable(pullStream(options))
