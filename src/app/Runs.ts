/**
 * Runs described by wire requests: resolve connectors through the registry, load saved formatters and
 * checkpoints from the state store, run the pipeline, persist checkpoints and failed records.
 * The CLI and the HTTP API are thin shells over these functions.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { Condition } from "../core/Condition.js"
import * as Cursor from "../core/Cursor.js"
import { InvalidInput } from "../core/Errors.js"
import * as Formatter from "../core/Formatter.js"
import * as Pipeline from "../core/Pipeline.js"
import * as Registry from "../core/Registry.js"
import * as RunRequest from "../core/RunRequest.js"
import type { Resource } from "../core/Resource.js"
import * as State from "../core/State.js"
import type { FormatterBuildRequest, PullRequest, PushRequest } from "./Requests.js"

/** A formatter id that the state store does not hold. */
export class UnknownFormatter extends Schema.TaggedError<UnknownFormatter>("hrtech-etl/UnknownFormatter")("UnknownFormatter", { formatter_id: Schema.String }) {
  readonly code = "not_found"
  readonly category = "not_found" as const
  readonly field = "formatter_id"
  override get message(): string {
    return `formatter_id: no saved formatter "${this.formatter_id}"`
  }
}

/** The mapping a run uses: inline, or loaded by id. */
const mappingFor = (request: { readonly formatter_id?: string | undefined; readonly mapping?: State.Mapping | undefined; readonly resource: string }) =>
  Effect.gen(function* () {
    if (request.formatter_id !== undefined && request.mapping !== undefined) {
      return yield* new InvalidInput({ field: "formatter_id", reason: "give either formatter_id or mapping, not both" })
    }
    if (request.mapping !== undefined) return Option.some(request.mapping)
    if (request.formatter_id === undefined) return Option.none()
    const store = yield* State.StateStore
    const saved = yield* store.getFormatter(request.formatter_id)
    if (Option.isNone(saved)) return yield* new UnknownFormatter({ formatter_id: request.formatter_id })
    if (saved.value.resource !== request.resource) {
      return yield* new InvalidInput({
        field: "formatter_id",
        reason: `formatter ${request.formatter_id} maps ${saved.value.resource} records, not ${request.resource}`
      })
    }
    return Option.some(saved.value.mapping)
  })

/** The parts of a run request that `validate` checks (a pull, a push, or a sync definition's equivalent). */
export interface Checkable {
  readonly resource: Resource
  readonly origin: string
  readonly target: string
  readonly cursor?: Cursor.CursorEncoded | Cursor.Cursor | undefined
  readonly where?: ReadonlyArray<Condition> | undefined
  readonly having?: ReadonlyArray<Condition> | undefined
  readonly formatter_id?: string | undefined
  readonly mapping?: State.Mapping | undefined
}

/**
 * The one validation of run requests, before any connection is opened: the formatter (inline or saved)
 * and `RunRequest.validate` against both connectors' schemas. CLI and HTTP runs and sync definitions
 * go through it; errors name the request field (`where[0].op`, `mapping[1].to`, `formatter_id`).
 * Returns the mapping the run uses.
 */
export const validate = (request: Checkable) =>
  Effect.gen(function* () {
    const mapping = yield* mappingFor(request)
    const registry = yield* Registry.Registry
    const origin = (yield* registry.schemas(request.origin))[request.resource]
    const target = (yield* registry.schemas(request.target))[request.resource]
    yield* RunRequest.validate(
      { origin, target },
      {
        cursor: request.cursor,
        where: request.where,
        having: request.having,
        mapping: Option.getOrUndefined(mapping)
      }
    )
    return mapping
  })

/** The pipeline id of a pull request: the given one, or one derived from its options. */
export const pipelineIdOf = (request: PullRequest): string =>
  request.pipeline_id ??
  Pipeline.pipelineId({
    resource: request.resource,
    origin: request.origin,
    target: request.target,
    cursorMode: request.cursor.mode,
    ...(request.where ? { where: request.where } : {}),
    ...(request.having ? { having: request.having } : {}),
    formatter: request.formatter_id ?? (request.mapping ? JSON.stringify(request.mapping) : "")
  })

/** Options of a run: whether checkpoints are persisted, plus progress hooks. */
export interface RunOptions {
  /** Load the stored checkpoint (when the cursor has no start) and save one after each batch. */
  readonly persistCursor?: boolean
  readonly onProgress?: Pipeline.Hooks["onProgress"]
}

/** What a run needs: the state store, the checked mapping, and both connectors resolved with their auth. */
const open = (request: PullRequest | PushRequest) =>
  Effect.gen(function* () {
    const registry = yield* Registry.Registry
    const store = yield* State.StateStore
    const mapping = yield* validate(request)
    const origin = yield* registry.resolve(request.origin, request.origin_auth ?? {})
    const target = yield* registry.resolve(request.target, request.target_auth ?? {})
    return { store, mapping, origin, target }
  })

/** Runs a pull request. */
export const pull = (request: PullRequest, options: RunOptions = {}) =>
  Effect.gen(function* () {
    const { store, mapping, origin, target } = yield* open(request)
    const id = pipelineIdOf(request)
    const persist = options.persistCursor ?? request.resume ?? false
    let cursor = request.cursor
    let resumed = false
    if (persist && (cursor.start === null || cursor.start === undefined)) {
      const saved = yield* store.loadCursor(id)
      if (Option.isSome(saved) && saved.value.mode === cursor.mode) {
        cursor = { ...Cursor.resumeFrom(saved.value), sort_by: saved.value.sort_by }
        resumed = true
      }
    }
    const dryRun = request.dry_run ?? false
    const result = yield* Pipeline.pull({
      resource: request.resource,
      origin,
      target,
      cursor,
      pipelineId: id,
      dryRun,
      ...(request.where ? { where: request.where } : {}),
      ...(request.having ? { having: request.having } : {}),
      ...(Option.isSome(mapping) ? { formatter: mapping.value } : {}),
      ...(request.batch_size ? { batchSize: request.batch_size } : {}),
      ...(persist && !dryRun ? { onCheckpoint: (c: Cursor.Cursor) => store.saveCursor(id, c) } : {}),
      onFailures: (failures) => (dryRun ? Effect.void : store.recordFailures(failures)),
      ...(options.onProgress ? { onProgress: options.onProgress } : {})
    })
    return { ...result, pipeline_id: id, resumed }
  })

/** Runs a push request. */
export const push = (request: PushRequest) =>
  Effect.gen(function* () {
    const { store, mapping, origin, target } = yield* open(request)
    const dryRun = request.dry_run ?? false
    return yield* Pipeline.push({
      resource: request.resource,
      origin,
      target,
      mode: request.mode,
      ...(request.resources ? { resources: request.resources } : {}),
      ...(request.events ? { events: request.events } : {}),
      ...(request.having ? { having: request.having } : {}),
      ...(Option.isSome(mapping) ? { formatter: mapping.value } : {}),
      ...(request.batch_size ? { batchSize: request.batch_size } : {}),
      dryRun,
      onFailures: (failures) => (dryRun ? Effect.void : store.recordFailures(failures))
    })
  })

/** Validates a mapping against both connectors' schemas and saves it; returns the saved formatter. */
export const buildFormatter = (request: FormatterBuildRequest) =>
  Effect.gen(function* () {
    const registry = yield* Registry.Registry
    const store = yield* State.StateStore
    const originSchemas = yield* registry.schemas(request.origin)
    const targetSchemas = yield* registry.schemas(request.target)
    yield* Formatter.validateMapping(request.mapping, originSchemas[request.resource], targetSchemas[request.resource])
    return yield* store.saveFormatter(request)
  })

/** A saved formatter by id. */
export const getFormatter = (formatterId: string) =>
  Effect.gen(function* () {
    const store = yield* State.StateStore
    const saved = yield* store.getFormatter(formatterId)
    if (Option.isNone(saved)) return yield* new UnknownFormatter({ formatter_id: formatterId })
    return saved.value
  })

/** The dependencies of every run. */
export type Requirements = Registry.Registry | State.StateStore | Scope.Scope
