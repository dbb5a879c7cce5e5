/**
 * Handlers of the HTTP API: thin shells over `app/Runs` and the registry. Each run request is first
 * checked against the connectors' schemas (so mistakes come back as a 400 naming `where[0].op`,
 * `mapping[1].to`, … before anything is opened), its `file:` / `sqlite:` URIs are confined to the data
 * directory, and every answer is scrubbed of the request's auth values.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Failures from "../app/Failures.js"
import type * as Requests from "../app/Requests.js"
import * as Runs from "../app/Runs.js"
import type * as Connector from "../core/Connector.js"
import { IneligibleOperator, InvalidInput, UnknownField } from "../core/Errors.js"
import * as Formatter from "../core/Formatter.js"
import * as Metadata from "../core/Metadata.js"
import * as Prefilter from "../core/Prefilter.js"
import * as Registry from "../core/Registry.js"
import type { Resource } from "../core/Resource.js"
import * as Unified from "../core/Unified.js"
import { Api, type RunSnapshot } from "./Api.js"
import * as BackgroundRuns from "./BackgroundRuns.js"
import * as Errors from "./Errors.js"
import * as Limits from "./Limits.js"
import * as Safety from "./Safety.js"

/** Settings the handlers need from the server. */
export interface SettingsService {
  /** Directory that `file:` and `sqlite:` URIs in requests are confined to (absolute). */
  readonly dataDir: string
  /** Interval of SSE keep-alive comments. */
  readonly heartbeat?: Duration.DurationInput
}

/** The handler settings tag. */
export class Settings extends Context.Tag("hrtech-etl/server/Settings")<Settings, SettingsService>() {}

type RunRequest = Requests.PullRequest | Requests.PushRequest

/** A request checked and ready to run, with what error mapping needs to know. */
interface Prepared<A extends RunRequest> {
  readonly request: A
  readonly context: Errors.Context
}

const badRequest = (error: { readonly code: string; readonly message: string; readonly field?: string | undefined }, field?: string) =>
  Errors.make(400, {
    code: error.code,
    message: error.message,
    ...((field ?? error.field) !== undefined ? { field: (field ?? error.field)! } : {})
  })

/** Prefixes the field of an error response (`cfg.` for the *_with_formatter routes). */
const prefixed = (prefix: string) => (error: Errors.ApiError): Errors.ApiError =>
  prefix === "" || error.error.field === undefined
    ? error
    : Errors.make(Errors.statusOf(error), {
        ...error.error,
        field: `${prefix}${error.error.field}`,
        message: error.error.message.startsWith(error.error.field)
          ? `${prefix}${error.error.message}`
          : error.error.message
      })

/** The native schemas of a connector name or URI, or a 404 naming the request key. */
const schemasOf = (nameOrUri: string, field: string, context: Errors.Context = {}) =>
  Effect.flatMap(Registry.Registry, (registry) =>
    registry.schemas(nameOrUri).pipe(
      Effect.mapError((e) =>
        Errors.make(404, { code: "not_found", message: Errors.clean(`${field}: ${e.message}`, context), field })
      )
    )
  )

/** WHERE checked against the origin's prefilter metadata; errors name `where[i].field|op|value`. */
const checkWhere = (schema: Connector.NativeSchema, where: Requests.PullRequest["where"]) => {
  const list = where ?? []
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!
    const checked = Prefilter.checkCondition(schema, c.field, c.op, c.value, `where[${i}].value`)
    if (Either.isLeft(checked)) {
      const e = checked.left
      if (e instanceof UnknownField) return Either.left(badRequest(e, `where[${i}].field`))
      if (e instanceof IneligibleOperator) return Either.left(badRequest(e, `where[${i}].op`))
      return Either.left(badRequest(e))
    }
  }
  return Either.right(undefined)
}

/** HAVING's fields (first segment of a dotted path) must exist in the origin schema. */
const checkHaving = (schema: Connector.NativeSchema, having: Requests.PullRequest["having"]) => {
  const list = having ?? []
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!
    const head = c.field.split(".")[0]!
    if (!Metadata.hasField(schema, head)) {
      const e = new UnknownField({ field: c.field, schema: Metadata.schemaName(schema), valid: [...Metadata.fieldNames(schema)] })
      return Either.left(badRequest(e, `having[${i}].field`))
    }
  }
  return Either.right(undefined)
}

const confine = (uri: string, field: string, dataDir: string) =>
  Either.mapLeft(Safety.confineUri(uri, field, dataDir), (e) => badRequest(e))

/** Checks a run request before anything is opened and rewrites its data-dir URIs. */
const prepare = <A extends RunRequest>(original: A, options: { readonly kind: "pull" | "push" }) =>
  Effect.gen(function* () {
    const { dataDir } = yield* Settings
    const secrets = Errors.secretsOf(original.origin_auth, original.target_auth)
    const base: Errors.Context = { origin: original.origin, target: original.target, secrets }
    const origin = yield* confine(original.origin, "origin", dataDir)
    const target = yield* confine(original.target, "target", dataDir)
    const context: Errors.Context = {
      ...base,
      replacements: [
        ...(origin !== original.origin ? [[origin, original.origin] as const] : []),
        ...(target !== original.target ? [[target, original.target] as const] : [])
      ]
    }
    const originSchemas = yield* schemasOf(original.origin, "origin", context)
    const targetSchemas = yield* schemasOf(original.target, "target", context)
    const originSchema = originSchemas[original.resource]
    const targetSchema = targetSchemas[original.resource]
    if ("where" in original) yield* checkWhere(originSchema, original.where)
    yield* checkHaving(originSchema, original.having)
    if (original.mapping !== undefined && original.formatter_id !== undefined) {
      return yield* Effect.fail(
        Errors.make(400, { code: "invalid_input", message: "formatter_id: give either formatter_id or mapping, not both", field: "formatter_id" })
      )
    }
    if (original.mapping !== undefined) {
      yield* Either.mapLeft(Limits.checkMapping(original.mapping), (e) => badRequest(e))
      yield* Either.mapLeft(Formatter.validateMapping(original.mapping, originSchema, targetSchema), (e) => badRequest(e))
    }
    if (original.formatter_id !== undefined) {
      yield* Runs.getFormatter(original.formatter_id).pipe(Effect.mapError((e) => Errors.fromDomain(e, context)))
    }
    if (options.kind === "pull") {
      const cursor = (original as Requests.PullRequest).cursor
      if (cursor.mode !== "id" && cursor.start != null && Metadata.parseInstant(cursor.start) === undefined) {
        return yield* Effect.fail(
          badRequest(
            new InvalidInput({
              field: "cursor.start",
              reason: `expected an ISO-8601 date-time for cursor mode ${cursor.mode}, got ${JSON.stringify(cursor.start)}`
            })
          )
        )
      }
    }
    // The pipeline id (checkpoint key) is derived from the request as the caller wrote it, so it does
    // not depend on where the data directory is.
    const pipelineId =
      options.kind === "pull" ? { pipeline_id: Runs.pipelineIdOf(original as Requests.PullRequest) } : {}
    const request = { ...original, ...pipelineId, origin, target } as A
    return { request, context } satisfies Prepared<A>
  })

const runPull = (prepared: Prepared<Requests.PullRequest>, options: Runs.RunOptions = {}) =>
  Runs.pull(prepared.request, options).pipe(
    Effect.scoped,
    Effect.mapError((e) => Errors.fromDomain(e, prepared.context)),
    Effect.map((result) => Errors.cleanDeep(result, prepared.context))
  )

const runPush = (prepared: Prepared<Requests.PushRequest>) =>
  Runs.push(prepared.request).pipe(
    Effect.scoped,
    Effect.mapError((e) => Errors.fromDomain(e, prepared.context)),
    Effect.map((result) => Errors.cleanDeep(result, prepared.context))
  )

/** Merges `{formatter_id, cfg}` into one request; `cfg` must not name a formatter itself. */
const withFormatter = <A extends RunRequest>(body: { readonly formatter_id: string; readonly cfg: A }) => {
  for (const key of ["formatter_id", "mapping"] as const) {
    if (body.cfg[key] !== undefined) {
      return Either.left(
        Errors.make(400, {
          code: "invalid_input",
          message: `cfg.${key}: give the formatter as the top-level formatter_id only`,
          field: `cfg.${key}`
        })
      )
    }
  }
  return Either.right({ ...body.cfg, formatter_id: body.formatter_id } as A)
}

const fieldsOf = (schema: Connector.NativeSchema, onlyPrefilterable: boolean) =>
  Metadata.exportModelFields(schema, { onlyPrefilterable }).map((f) => ({ ...f }))

const schemaFor = (connector: string, resource: Resource): Effect.Effect<Connector.NativeSchema, Errors.ApiError, Registry.Registry> =>
  connector === "unified" ? Effect.succeed(Unified.schemaFor(resource)) : Effect.map(schemasOf(connector, "connector"), (s) => s[resource])

/** Connectors and schemas. */
export const ConnectorsLive = HttpApiBuilder.group(Api, "connectors", (handlers) =>
  handlers
    .handle("list", () =>
      Effect.map(Registry.Registry, (registry) =>
        registry.list().map((f) => ({
          name: f.name,
          label: f.label,
          warehouse_type: f.warehouseType,
          ...(f.description !== undefined ? { description: f.description } : {}),
          ...(f.api !== undefined ? { api: f.api } : {}),
          auth_keys: f.authKeys.map((k) => ({ ...k }))
        }))
      )
    )
    .handle("unifiedSchema", ({ path }) => Effect.succeed(fieldsOf(Unified.schemaFor(path.resource), false)))
    .handle("schema", ({ path, urlParams }) =>
      Effect.map(schemaFor(path.connector, path.resource), (schema) => fieldsOf(schema, urlParams.only_prefilterable ?? false))
    )
    .handle("fields", ({ path }) =>
      Effect.map(schemaFor(path.connector, path.resource), (schema) => Metadata.fieldPaths(schema).map((p) => ({ ...p })))
    )
)

/** Synchronous runs. */
export const RunLive = HttpApiBuilder.group(Api, "run", (handlers) =>
  handlers
    .handle("pull", ({ payload }) => Effect.flatMap(prepare(payload, { kind: "pull" }), (p) => runPull(p)))
    .handle("push", ({ payload }) => Effect.flatMap(prepare(payload, { kind: "push" }), runPush))
    .handle("pullWithFormatter", ({ payload }) =>
      Effect.gen(function* () {
        const request = yield* withFormatter(payload)
        const prepared = yield* prepare(request, { kind: "pull" }).pipe(Effect.mapError(prefixed("cfg.")))
        return yield* runPull(prepared)
      })
    )
    .handle("pushWithFormatter", ({ payload }) =>
      Effect.gen(function* () {
        const request = yield* withFormatter(payload)
        const prepared = yield* prepare(request, { kind: "push" }).pipe(Effect.mapError(prefixed("cfg.")))
        return yield* runPush(prepared)
      })
    )
)

/** Saved formatters. */
export const FormattersLive = HttpApiBuilder.group(Api, "formatters", (handlers) =>
  handlers
    .handle("build", ({ payload }) =>
      Effect.gen(function* () {
        const { dataDir } = yield* Settings
        yield* confine(payload.origin, "origin", dataDir)
        yield* confine(payload.target, "target", dataDir)
        yield* Either.mapLeft(Limits.checkMapping(payload.mapping), (e) => badRequest(e))
        yield* schemasOf(payload.origin, "origin")
        yield* schemasOf(payload.target, "target")
        return yield* Runs.buildFormatter(payload).pipe(Effect.mapError((e) => Errors.fromDomain(e)))
      })
    )
    .handle("get", ({ path }) => Runs.getFormatter(path.id).pipe(Effect.mapError((e) => Errors.fromDomain(e))))
)

const sseFrame = (snapshot: RunSnapshot): string =>
  `event: ${snapshot.status === "running" ? "progress" : "end"}\ndata: ${JSON.stringify(snapshot)}\n\n`

const unknownRun = (id: string) =>
  Errors.make(404, { code: "not_found", message: `id: no run "${id}" (runs are kept in memory until the server stops)`, field: "id" })

/** Background runs. */
export const RunsLive = HttpApiBuilder.group(Api, "runs", (handlers) =>
  handlers
    .handle("start", ({ payload }) =>
      Effect.gen(function* () {
        const runs = yield* BackgroundRuns.BackgroundRuns
        const prefix = (e: Errors.ApiError) => prefixed("request.")(e)
        const id =
          payload.kind === "pull"
            ? yield* Effect.flatMap(prepare(payload.request, { kind: "pull" }).pipe(Effect.mapError(prefix)), (p) =>
                runs.start("pull", (report) =>
                  runPull(p, {
                    onProgress: (progress) =>
                      report({
                        counters: BackgroundRuns.countersOf(progress.stats),
                        batches: progress.batch,
                        cursor: Errors.cleanDeep(progress.cursor, p.context)
                      })
                  })
                )
              )
            : yield* Effect.flatMap(prepare(payload.request, { kind: "push" }).pipe(Effect.mapError(prefix)), (p) =>
                runs.start("push", () => runPush(p))
              )
        return { run_id: id, status_url: `/api/runs/${id}`, events_url: `/api/runs/${id}/events` }
      })
    )
    .handle("status", ({ path }) =>
      Effect.flatMap(BackgroundRuns.BackgroundRuns, (runs) =>
        Effect.flatMap(runs.get(path.id), Option.match({ onNone: () => Effect.fail(unknownRun(path.id)), onSome: Effect.succeed }))
      )
    )
    .handle("events", ({ path }) =>
      Effect.gen(function* () {
        const runs = yield* BackgroundRuns.BackgroundRuns
        const { heartbeat } = yield* Settings
        const changes = runs.changes(path.id)
        if (Option.isNone(changes)) return yield* Effect.fail(unknownRun(path.id))
        const frames = changes.value.pipe(Stream.map(sseFrame))
        // Comments keep proxies from closing a quiet stream; they end with the run.
        const keepAlive = Stream.tick(heartbeat ?? Duration.seconds(15)).pipe(Stream.drop(1), Stream.as(": keep-alive\n\n"))
        const body = Stream.merge(frames, keepAlive, { haltStrategy: "left" }).pipe(Stream.encodeText)
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
        })
      })
    )
)

/** Failed records: listed, and replayed after the same checks as a push request. */
export const FailuresLive = HttpApiBuilder.group(Api, "failures", (handlers) =>
  handlers
    .handle("list", ({ urlParams }) =>
      Effect.gen(function* () {
        const { limit, ...rest } = urlParams
        // The query's limit is text; the shared request schema checks the number (and names `limit`).
        const query = { ...rest, ...(limit !== undefined ? { limit: /^\d+$/.test(limit) ? Number(limit) : limit } : {}) }
        const request = yield* Either.mapLeft(Failures.decodeList(query), (e) => badRequest(e))
        return yield* Failures.list(request).pipe(Effect.mapError((e) => Errors.fromDomain(e)))
      })
    )
    .handle("retry", ({ payload }) =>
      Effect.gen(function* () {
        // Checked as written: preparing rewrites file: URIs into the data directory.
        yield* Effect.mapError(Failures.checkPipeline(payload), (e) => badRequest(e))
        const { context, request } = yield* prepare({ ...payload, mode: "events" as const }, { kind: "push" })
        const { mode: _mode, ...checked } = request
        return yield* Failures.replay(checked).pipe(
          Effect.scoped,
          Effect.mapError((e) => Errors.fromDomain(e, context)),
          Effect.map((result) => Errors.cleanDeep(result, context))
        )
      })
    )
)

/** Every handler group. */
export const layer = Layer.mergeAll(ConnectorsLive, RunLive, FormattersLive, RunsLive, FailuresLive)
