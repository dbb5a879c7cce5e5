/**
 * Pull and push pipelines, composed from Stream combinators:
 * read (prefilters pushed down) → decode → boundary dedup → postfilter → format → batched write →
 * checkpoint. The checkpoint only ever moves past records the target accepted.
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Batching from "./Batching.js"
import type { Condition } from "./Condition.js"
import * as Connector from "./Connector.js"
import type { ConnectorError, DecodeError } from "./ConnectorError.js"
import * as Cursor from "./Cursor.js"
import * as Decode from "./Decode.js"
import type { CoreError } from "./Errors.js"
import { InvalidInput } from "./Errors.js"
import { isRemoval } from "./Event.js"
import * as Formatter from "./Formatter.js"
import * as Metadata from "./Metadata.js"
import * as Postfilter from "./Postfilter.js"
import * as Prefilter from "./Prefilter.js"
import type { PushMode, PushResult, RecordError, Skipped, Stage } from "./Push.js"
import * as Push from "./Push.js"
import * as Uri from "./Uri.js"
import type { Resource } from "./Resource.js"
import * as State from "./State.js"
import * as Unified from "./Unified.js"

/** Counters of a pull run. */
export interface PullStats {
  /** Records received from the origin (valid or not). */
  read: number
  /** Records removed by HAVING or by WHERE conditions applied in memory. */
  filtered_out: number
  /** Records the target accepted (created + updated). */
  written: number
  created: number
  updated: number
  /** Records the target removed on write (e.g. a job board dropping a closed job); counted in `written`. */
  archived: number
  /** Records that failed decode, format or write. */
  failed: number
  /** Records skipped because an earlier run (or page) already took them at the boundary value. */
  skipped_seen: number
  /** Records outside the cursor range, dropped because the origin cannot bound by the cursor. */
  skipped_out_of_range: number
  pages: number
  batches: number
  duration_ms: number
  /** WHERE conditions the origin could not push down, applied in memory instead. */
  where_in_memory: Array<Condition>
  /** HTTP requests made by origin and target during the run, retries, and milliseconds waited before retrying. */
  requests: number
  retries: number
  waited_ms: number
  /** The first failures (up to 100), with id, stage and message; all are passed to `onFailures`. */
  errors: Array<RecordError>
  dry_run: boolean
}

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
export class PipelineFailed extends Schema.TaggedError<PipelineFailed>("hrtech-etl/PipelineFailed")(
  "PipelineFailed",
  {
    reason: Schema.String,
    errorCode: Schema.String,
    cursor: Schema.optional(Schema.Unknown),
    stats: Schema.optional(Schema.Unknown)
  }
) {
  readonly code = "run_failed"
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

/** Decodes a cursor; a timestamp-mode start must be a real date-time (or epoch milliseconds, e.g. Lever's). */
const decodeCursor = (input: Cursor.CursorEncoded | Cursor.Cursor): Either.Either<Cursor.Cursor, InvalidInput> =>
  Either.flatMap(Decode.decodeUnknownEither(Cursor.Cursor, "cursor")(input), (cursor) =>
    cursor.mode !== "id" && cursor.start != null && Metadata.parseInstant(cursor.start) === undefined &&
    !/^\d{10,16}$/.test(cursor.start)
      ? Either.left(
          new InvalidInput({
            field: "cursor.start",
            reason: `expected an ISO-8601 date-time (or epoch milliseconds) for cursor mode ${cursor.mode}, got ${JSON.stringify(cursor.start)}`
          })
        )
      : Either.right(cursor)
  )

interface Prepared {
  readonly cursor: Cursor.Cursor
  readonly pushed: ReadonlyArray<Condition>
  readonly inMemory: ReadonlyArray<Condition>
  readonly keep: (record: Connector.NativeRecord) => boolean
  readonly format: Formatter.FormatFunction
  readonly validateTarget: (raw: unknown) => DecodeError | undefined
}

/** Validates a run's inputs up front: cursor, WHERE against the origin, HAVING, formatter vs both schemas. */
const prepare = (options: PullOptions | PushOptions, cursorInput?: Cursor.CursorEncoded | Cursor.Cursor) =>
  Effect.gen(function* () {
    const { origin, target, resource } = options
    const originSchema = Connector.schemaOf(origin, resource)
    const targetSchema = Connector.schemaOf(target, resource)
    const cursor = cursorInput === undefined ? undefined : yield* decodeCursor(cursorInput)
    const where = "where" in options && options.where ? yield* Prefilter.validateWhere(originSchema, options.where) : []
    const having = options.having ? yield* Prefilter.validateHaving(originSchema, options.having) : []
    const split = origin.pushdown(resource, where)
    const keepFn = yield* Postfilter.compile([...split.inMemory, ...having])
    const formatter = yield* Formatter.decode(options.formatter)
    const mapping = Formatter.mappingOf(formatter)
    if (mapping) yield* Formatter.validateMapping(mapping, originSchema, targetSchema)
    const format = Formatter.toFunction(formatter) ?? Formatter.viaUnified(origin, target, resource)
    return {
      cursor,
      pushed: split.pushed,
      inMemory: split.inMemory,
      keep: keepFn,
      format,
      validateTarget: Connector.validator(target, resource)
    }
  })

/** Formats a record and validates it against the target schema. */
const formatOne = (
  prepared: Pick<Prepared, "format" | "validateTarget">,
  record: Connector.NativeRecord
): Either.Either<Connector.NativeRecord, string> => {
  let output: unknown
  try {
    output = prepared.format(record)
  } catch (e) {
    return Either.left(`formatter threw: ${e instanceof Error ? e.message : String(e)}`)
  }
  const invalid = prepared.validateTarget(output)
  return invalid === undefined ? Either.right(output as Connector.NativeRecord) : Either.left(`target schema: ${invalid.message}`)
}

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

/** Tracks the furthest accepted position and the ids taken at that value. */
class Position {
  value: string | null
  readonly ids: Set<string>
  constructor(
    readonly sortBy: Cursor.SortBy,
    start: string | null,
    boundary: ReadonlyArray<string>
  ) {
    this.value = start
    this.ids = new Set(start === null ? [] : boundary)
  }
  /** Whether this record was already taken at the current furthest value. */
  seen(value: string | undefined, id: string | undefined): boolean {
    return value !== undefined && id !== undefined && this.value !== null && this.ids.has(id) &&
      Cursor.compareValues(value, this.value) === 0
  }
  advance(value: string | undefined, id: string | undefined): void {
    if (value === undefined) return
    const c = this.value === null ? 1 : Cursor.compareValues(value, this.value)
    if (c === 0) {
      if (id !== undefined) this.ids.add(id)
    } else if (this.value === null || (this.sortBy === "asc" ? c > 0 : c < 0)) {
      this.value = value
      // Cleared, not replaced: `toCursor` copies the ids it reports.
      this.ids.clear()
      if (id !== undefined) this.ids.add(id)
    }
  }
  toCursor(base: Cursor.Cursor): Cursor.Cursor {
    const cursor: { -readonly [K in keyof Cursor.Cursor]: Cursor.Cursor[K] } = {
      mode: base.mode,
      start: base.start ?? null,
      end: this.value,
      sort_by: base.sort_by
    }
    if (this.ids.size > 0) cursor.boundary_ids = [...this.ids]
    if (base.token != null) cursor.token = base.token
    return cursor
  }
}

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

const upperBound = (cursor: Cursor.Cursor, lag: Duration.DurationInput | undefined, now: number): string | undefined =>
  cursor.mode !== "id" && cursor.sort_by === "asc"
    ? new Date(now - Duration.toMillis(lag ?? 0)).toISOString()
    : undefined

/**
 * The pull as a Stream of progress, one element per written batch and a final `done` element.
 * Consume it with `Stream.runLast`, compose it, or iterate it with `for await` via `Stream.toAsyncIterable`.
 */
export const pullStream = (
  options: PullOptions
): Stream.Stream<PullProgress, CoreError | ConnectorError | PipelineFailed> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const { origin, target, resource } = options
      const dryRun = options.dryRun ?? false
      yield* Connector.require(origin, resource, "read")
      if (!dryRun) yield* Connector.require(target, resource, "write")
      const prepared = yield* prepare(options, options.cursor)
      const cursor = prepared.cursor!
      const getValue = yield* Connector.cursorValueOf(origin, resource, cursor.mode)
      const getId = Connector.idOf(origin, resource)
      const validate = Connector.validator(origin, resource)
      const sortable = Connector.isSortable(origin, resource, cursor.mode)
      // Checkpoint after each batch only when the origin is ordered and each write is durable at once.
      const checkpointEachBatch = sortable && target.commit === undefined
      const startedAt = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const until = upperBound(cursor, options.lag, startedAt)
      const batchSize = Math.max(1, options.batchSize ?? 1000)
      const id = options.pipelineId ??
        pipelineId({ resource, origin: origin.name, target: target.name, cursorMode: cursor.mode })

      const stats = emptyStats(dryRun, prepared.inMemory)
      const transport = transportCounter(origin, target)
      const start = cursor.start ?? null
      // Ids an earlier run already took at the start value (the start is inclusive).
      const takenAtStart = new Set(start === null ? [] : cursor.boundary_ids ?? [])
      const isTakenAtStart = (value: string | undefined, recordId: string | undefined) =>
        takenAtStart.size > 0 && value !== undefined && recordId !== undefined &&
        takenAtStart.has(recordId) && Cursor.compareValues(value, start!) === 0
      // Duplicates within this run (e.g. a record repeated at a page edge).
      const dedup = new Position(cursor.sort_by, null, [])
      // `committed` is the checkpoint: it moves only past accepted records, and freezes at the first
      // write failure so the failed record is read again next run.
      const committed = new Position(cursor.sort_by, start, cursor.boundary_ids ?? [])
      let frozen = false
      // For origins that cannot order by the cursor, the run checkpoints once, at the end.
      let lowestFailure: string | undefined
      let batchNo = 0

      const inRange = (value: string | undefined): boolean => {
        if (value === undefined) return true
        // Checked for every origin, ordered ones included: a record repeated from before the start (a
        // sloppy bound at a page edge) must not be written again. With a vendor sync token the origin
        // itself returns only changes, so a change is never "before" the start.
        if (start !== null && cursor.token == null && Cursor.isBeforeStart(cursor.sort_by, value, start)) return false
        if (!sortable && until !== undefined && Cursor.compareValues(value, until) > 0) return false
        return true
      }

      const toItems = (page: Chunk.Chunk<unknown>): Chunk.Chunk<Item> => {
        stats.pages++
        const items: Array<Item> = []
        for (const raw of page) {
          stats.read++
          const e = validate(raw)
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
          const recordId = getId(record)
          const value = getValue(record)
          if (isTakenAtStart(value, recordId) || dedup.seen(value, recordId)) {
            stats.skipped_seen++
            continue
          }
          dedup.advance(value, recordId)
          if (!inRange(value)) {
            stats.skipped_out_of_range++
            continue
          }
          if (!prepared.keep(record)) {
            stats.filtered_out++
            items.push({ id: recordId, value, output: undefined, error: undefined, source: undefined })
            continue
          }
          const formatted = formatOne(prepared, record)
          items.push(
            Either.isRight(formatted)
              ? { id: recordId, value, output: formatted.right, error: undefined, source: undefined }
              : {
                  id: recordId,
                  value,
                  output: undefined,
                  error: { ...(recordId ? { id: recordId } : {}), stage: "format", message: formatted.left },
                  source: record
                }
          )
        }
        return Chunk.unsafeFromArray(items)
      }

      const accept = (item: Item) => {
        if (!frozen) committed.advance(item.value, item.id)
      }

      const reject = (item: Item) => {
        if (sortable) frozen = true
        else if (
          item.value !== undefined &&
          (lowestFailure === undefined || Cursor.isAfter(cursor.sort_by, lowestFailure, item.value))
        ) {
          lowestFailure = item.value
        }
      }

      const writeBatch = (batch: Chunk.Chunk<Item>) =>
        Effect.gen(function* () {
          const items = unreadable.length > 0 ? [...unreadable.splice(0), ...batch] : Chunk.toReadonlyArray(batch)
          const toWrite: Array<Connector.NativeRecord> = []
          for (const item of items) if (item.output) toWrite.push(item.output)
          const outcomes = dryRun || toWrite.length === 0 ? [] : yield* target.write(resource, toWrite, validated)
          if (!dryRun && outcomes.length !== toWrite.length) {
            return yield* Effect.die(
              new Error(`${target.name}.write returned ${outcomes.length} outcomes for ${toWrite.length} records`)
            )
          }
          const failures: Array<State.FailedRecord> = []
          let o = 0
          for (const item of items) {
            if (item.error) {
              stats.failed++
              failures.push(failed(id, item.error, item.source))
              // Decode and format failures are permanent: they are reported and stored, and the cursor moves on.
              accept(item)
              continue
            }
            if (!item.output) {
              accept(item)
              continue
            }
            if (dryRun) {
              accept(item)
              continue
            }
            const outcome = outcomes[o++]!
            if (outcome._tag === "failed") {
              stats.failed++
              const error: RecordError = { ...(item.id ? { id: item.id } : {}), stage: "write", message: outcome.reason }
              failures.push(failed(id, error, item.output))
              reject(item)
            } else {
              stats.written++
              if (outcome._tag === "created") stats.created++
              else if (outcome._tag === "archived") stats.archived++
              else stats.updated++
              accept(item)
            }
          }
          for (const f of failures) {
            if (stats.errors.length >= MAX_REPORTED_ERRORS) break
            stats.errors.push({ ...(f.record_id ? { id: f.record_id } : {}), stage: f.stage, message: f.message })
          }
          if (failures.length > 0 && options.onFailures) yield* hook("onFailures", options.onFailures(failures))
          stats.batches++
          batchNo++
          const checkpoint = committed.toCursor(cursor)
          if (!dryRun && checkpointEachBatch && options.onCheckpoint) yield* hook("onCheckpoint", options.onCheckpoint(checkpoint))
          const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
          stats.duration_ms = now - startedAt
          transport.update(stats)
          const progress: PullProgress = { cursor: checkpoint, stats: { ...stats }, batch: batchNo, done: false }
          if (options.onProgress) yield* hook("onProgress", options.onProgress(progress))
          return progress
        })

      const finish = Effect.gen(function* () {
        if (unreadable.length > 0) yield* writeBatch(Chunk.empty())
        if (
          !sortable && lowestFailure !== undefined &&
          (committed.value === null || !Cursor.isAfter(cursor.sort_by, lowestFailure, committed.value))
        ) {
          // Unordered origin: resume at the earliest failed value; every record at that value is read
          // again (the target's upsert makes that harmless), so the failed one is not lost.
          committed.value = lowestFailure
          committed.ids.clear()
        }
        // A vendor sync token is only valid once every record before it was accepted.
        const final = committed.toCursor(
          nextToken !== undefined && !frozen && lowestFailure === undefined && !dryRun ? { ...cursor, token: nextToken } : cursor
        )
        if (!dryRun && target.commit) yield* target.commit
        if (!dryRun && !checkpointEachBatch && options.onCheckpoint) yield* hook("onCheckpoint", options.onCheckpoint(final))
        const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        stats.duration_ms = now - startedAt
        transport.update(stats)
        return { cursor: final, stats: { ...stats }, batch: batchNo, done: true } satisfies PullProgress
      })

      let nextToken: string | undefined
      const unreadable: Array<Item> = []
      const readOptions: Connector.ReadOptions = {
        cursor,
        where: prepared.pushed,
        batchSize,
        ...(until ? { until } : {}),
        onToken: (token) => {
          nextToken = token
        },
        onInvalid: (issue) => {
          stats.read++
          unreadable.push({
            id: undefined,
            value: undefined,
            output: undefined,
            error: { stage: "decode", message: issue.location ? `${issue.location}: ${issue.reason}` : issue.reason },
            source: issue.raw
          })
        }
      }
      const batches = origin.read(resource, readOptions).pipe(
        // Fetch the next page while this one is decoded, filtered and formatted.
        Stream.bufferChunks({ capacity: 1 }),
        Stream.mapChunks(toItems),
        // `batchSize` counts the records to write; filtered and failed items ride along for the checkpoint.
        (items) => Batching.within(items, batchSize, options.batchWindow ?? Duration.seconds(1), { counts: hasOutput }),
        // Read ahead one batch while the current one is being written.
        Stream.buffer({ capacity: 1 }),
        Stream.mapEffect(writeBatch)
      )
      const failWith = (error: ConnectorError | PipelineFailed) =>
        error._tag === "PipelineFailed"
          ? error
          : new PipelineFailed({
              reason: error.message,
              errorCode: error.code,
              cursor: committed.toCursor(cursor),
              stats: { ...stats }
            })
      return Stream.concat(batches, Stream.fromEffect(finish)).pipe(Stream.mapError(failWith))
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
    const withResource =
      input !== null && typeof input === "object" && !("resource" in input) ? { ...input, resource } : input
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
    const prepared = yield* prepare(options)
    const id = options.pipelineId ?? pipelineId({ resource, origin: origin.name, target: target.name })
    const getId = Connector.idOf(origin, resource)
    const decode = Connector.decoder(origin, resource)
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
            skipped.push({ id: e.resource_id, reason: `${e.type} event: ${target.name} has no archive or delete path` })
          }
        } else if (!dryRun) {
          const outcomes = yield* target.archive(resource, removals.map((e) => e.resource_id))
          outcomes.forEach((outcome, i) => {
            if (outcome._tag === "failed") fail("archive", removals[i]!.resource_id, outcome.reason)
            else archived++
          })
        }
      }
      const found = changes.length === 0 ? [] : yield* origin.fetchByEvents(resource, changes)
      fetched = found.length
      const foundIds = new Set(found.map((r) => (r !== null && typeof r === "object" ? getId(r as Connector.NativeRecord) : undefined)))
      for (const e of changes) {
        if (!foundIds.has(e.resource_id)) {
          missing++
          skipped.push({ id: e.resource_id, reason: `${e.type} event: not found in ${origin.name}` })
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
      const decoded = decode(raw)
      if (Either.isLeft(decoded)) {
        fail("decode", decoded.left.recordId, decoded.left.message, raw)
        continue
      }
      const recordId = getId(decoded.right)
      if (!prepared.keep(decoded.right)) {
        skippedHaving++
        continue
      }
      const formatted = formatOne(prepared, decoded.right)
      if (Either.isLeft(formatted)) fail("format", recordId, formatted.left, raw)
      else toWrite.push({ id: recordId, output: formatted.right })
    }

    let pushed = 0
    const batchSize = Math.max(1, options.batchSize ?? 1000)
    if (!dryRun) {
      for (let i = 0; i < toWrite.length; i += batchSize) {
        const batch = toWrite.slice(i, i + batchSize)
        const outcomes = yield* target.write(resource, batch.map((b) => b.output), validated).pipe(
          Effect.catchAll((error) =>
            Effect.succeed(batch.map((b) => Connector.Outcome.failed(b.id, error.message)))
          )
        )
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
export const pullIterable = (options: PullOptions): AsyncIterable<PullProgress> =>
  Stream.toAsyncIterable(pullStream(options))
