/**
 * Failed records, listed and replayed: the CLI (`hrtech-etl failures list|retry`) and the HTTP API
 * (`GET /api/failures`, `POST /api/failures/retry`) go through these functions and schemas.
 *
 * A retry re-reads each failed record's current state from the origin by id (a push of `upserted`
 * events), writes it to the target, and removes the stored failures of the records that went through.
 * A record that fails again keeps exactly one row: its old rows are replaced by the new failure, so
 * retrying never multiplies rows. Failures without a record id cannot be re-read and are left.
 */
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Struct from "effect/Struct"
import * as Decode from "../core/Decode.js"
import { InvalidInput } from "../core/Errors.js"
import * as Push from "../core/Push.js"
import * as State from "../core/State.js"
import * as Uri from "../core/Uri.js"
import * as Requests from "./Requests.js"
import * as Runs from "./Runs.js"

/** The most failures one list or retry reads (a retry re-reads that many records from the origin). */
export const maxLimit = Push.maxStoredFailures

const Limit = Schema.Number.pipe(
  Schema.int({ message: () => "limit must be an integer" }),
  Schema.between(1, maxLimit, { message: () => `limit must be between 1 and ${maxLimit}` })
)

const PipelineId = Schema.String.pipe(Schema.minLength(1, { message: () => "pipeline_id must not be empty" }))

/** `GET /api/failures`, `hrtech-etl failures list`: newest first, of one pipeline or all. */
export const ListRequest = Schema.Struct({
  pipeline_id: Schema.optional(PipelineId),
  limit: Schema.optionalWith(Limit, { default: () => 100 })
}).annotations({ identifier: "FailuresListRequest" })
/** @see ListRequest */
export type ListRequest = typeof ListRequest.Type

/**
 * `POST /api/failures/retry`, `hrtech-etl failures retry`: the push request's keys that choose where
 * records come from and go to (decoded by the same schemas), the pipeline whose failures to replay,
 * and how many of its newest failures to read.
 */
export const RetryRequest = Schema.Struct({
  ...Struct.pick(Requests.PushRequest.fields, "resource", "origin", "target", "origin_auth", "target_auth", "mapping", "formatter_id", "batch_size", "dry_run"),
  pipeline_id: PipelineId,
  limit: Schema.optionalWith(Limit, { default: () => maxLimit })
}).annotations({ identifier: "FailuresRetryRequest" })
/** @see RetryRequest */
export type RetryRequest = typeof RetryRequest.Type

/** A stored failed record as listed (already scrubbed and size-bounded when it was recorded). */
export const Failure = Schema.Struct({
  id: Schema.Number,
  pipeline_id: Schema.String,
  record_id: Schema.optional(Schema.String),
  stage: Push.Stage,
  message: Schema.String,
  payload: Schema.optional(Schema.Unknown),
  created_at: Schema.String
}).annotations({ identifier: "FailedRecord" })
/** @see Failure */
export type Failure = typeof Failure.Type

/** The answer of a list. */
export const ListResult = Schema.Struct({ failures: Schema.Array(Failure) }).annotations({ identifier: "FailuresList" })
/** @see ListResult */
export type ListResult = typeof ListResult.Type

/** The answer of a retry. */
export const RetryResult = Schema.Struct({
  pipeline_id: Schema.String,
  /** Distinct records re-read from the origin. */
  retried: Schema.Number,
  /** Of those, the records the target accepted (their failures are removed; none in a dry run). */
  resolved: Schema.Number,
  /** Of those, the records that failed again or are no longer in the origin (their failures stay). */
  still_failing: Schema.Number,
  /** Failures read that have no record id: they cannot be re-read and stay. */
  not_replayable: Schema.Number,
  push: Push.PushResult
}).annotations({ identifier: "FailuresRetryResult" })
/** @see RetryResult */
export type RetryResult = typeof RetryResult.Type

/** Decodes a list request strictly, naming the offending key. */
export const decodeList = (input: unknown): Either.Either<ListRequest, InvalidInput> => Decode.decodeUnknownEither(ListRequest)(input)

/** Decodes a retry request strictly, naming the offending key. */
export const decodeRetry = (input: unknown): Either.Either<RetryRequest, InvalidInput> => Decode.decodeUnknownEither(RetryRequest)(input)

/** Failed records, newest first. */
export const list = (request: ListRequest) =>
  Effect.flatMap(State.StateStore, (store) => Effect.map(store.listFailures(request.pipeline_id, request.limit), (failures): ListResult => ({ failures })))

// Ids derived by `Pipeline.pipelineId`: `<origin>-><target>:<resource>:<hash>`.
const derivedId = /^(.+)->(.+):(job|profile):[0-9a-f]{16}$/

/**
 * A derived pipeline id names its origin, target and resource: replaying its failures with others
 * would write records into a system that never rejected them.
 */
export const checkPipeline = (request: RetryRequest): Effect.Effect<void, InvalidInput> => {
  const parts = derivedId.exec(request.pipeline_id)
  if (!parts) return Effect.void
  const [, origin, target, resource] = parts
  // Ids hold a database URI without its password (older ids may hold it as given).
  const names = (id: string, uri: string) => id === uri || id === Uri.display(uri)
  const mismatch = !names(origin!, request.origin)
    ? `its origin is ${origin}, not ${Uri.display(request.origin)}`
    : !names(target!, request.target)
      ? `its target is ${target}, not ${Uri.display(request.target)}`
      : resource !== request.resource
        ? `its resource is ${resource}, not ${request.resource}`
        : undefined
  return mismatch === undefined
    ? Effect.void
    : Effect.fail(new InvalidInput({ field: "pipeline_id", reason: `pipeline ${request.pipeline_id} does not match the request: ${mismatch}` }))
}

/**
 * Replays a pipeline's failed records: re-reads them from the origin, writes them to the target and
 * removes the failures of those that went through. New failures are recorded under the same pipeline.
 */
export const retry = (request: RetryRequest) => Effect.zipRight(checkPipeline(request), replay(request))

/**
 * `retry` without the pipeline check, for callers that checked the request as written before
 * rewriting its URIs (the server confines `file:` paths to its data directory).
 */
export const replay = (request: RetryRequest) =>
  Effect.gen(function* () {
    const store = yield* State.StateStore
    const rows = yield* store.listFailures(request.pipeline_id, request.limit)
    const replayable = rows.filter((row) => row.record_id !== undefined)
    const recordIds = [...new Set(replayable.map((row) => row.record_id!))]
    const failedAgain = new Set<string>()
    // Failures of the replay land under the pipeline replayed (a push would file them under its own id).
    const tracking: State.StateStoreService = {
      ...store,
      recordFailures: (failures) =>
        Effect.zipRight(
          store.recordFailures(failures.map((f) => ({ ...f, pipeline_id: request.pipeline_id }))),
          Effect.sync(() => failures.forEach((f) => f.record_id !== undefined && failedAgain.add(f.record_id)))
        )
    }
    const { limit: _limit, pipeline_id: _pipeline, ...target } = request
    const push = yield* Runs.push({
      ...target,
      mode: "events",
      events: recordIds.map((id) => ({ type: "upserted", resource: request.resource, resource_id: id }))
    }).pipe(Effect.provideService(State.StateStore, tracking))
    // In a dry run nothing is recorded: the result's errors and skips say which records would fail.
    const notThrough = new Set([...failedAgain, ...push.errors.flatMap((e) => (e.id ? [e.id] : [])), ...push.skipped.flatMap((s) => (s.id ? [s.id] : []))])
    const resolved = recordIds.filter((id) => !notThrough.has(id))
    if (!push.dry_run) {
      const through = new Set(resolved)
      // A record that failed again now has its new row: its old ones go, so it keeps exactly one.
      const obsolete = replayable.filter((row) => through.has(row.record_id!) || failedAgain.has(row.record_id!))
      yield* store.removeFailures(obsolete.map((row) => row.id))
    }
    return {
      pipeline_id: request.pipeline_id,
      retried: recordIds.length,
      resolved: resolved.length,
      still_failing: recordIds.length - resolved.length,
      not_replayable: rows.length - replayable.length,
      push
    } satisfies RetryResult
  })
