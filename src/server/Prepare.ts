/**
 * Run requests as the HTTP API takes them: each is first checked against the connectors' schemas (so
 * mistakes come back as a 400 naming `where[0].op`, `mapping[1].to`, … before anything is opened),
 * its `file:` / `sqlite:` URIs are confined to the data directory, and every answer is scrubbed of the
 * request's auth values. The run routes, background runs and failure replays all go through here.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Requests from "../app/Requests.js"
import * as Runs from "../app/Runs.js"
import * as Registry from "../core/Registry.js"
import * as Errors from "./Errors.js"
import * as Limits from "./Limits.js"
import * as Safety from "./Safety.js"
import { Settings } from "./Settings.js"

/** A run request: a pull or a push. */
export type RunRequest = Requests.PullRequest | Requests.PushRequest

/** A request checked and ready to run, with what error mapping needs to know. */
export interface Prepared<A extends RunRequest> {
  readonly request: A
  readonly context: Errors.Context
}

/** A 400 from a typed input error, naming `field` (else the error's own field). */
export const badRequest = (error: { readonly code: string; readonly message: string; readonly field?: string | undefined }, field?: string) =>
  Errors.make(400, {
    code: error.code,
    message: error.message,
    ...((field ?? error.field) !== undefined ? { field: (field ?? error.field)! } : {})
  })

/** Prefixes the field of an error response (`cfg.` for the *_with_formatter routes). */
export const prefixed =
  (prefix: string) =>
  (error: Errors.ApiError): Errors.ApiError =>
    prefix === "" || error.error.field === undefined
      ? error
      : Errors.make(Errors.statusOf(error), {
          ...error.error,
          field: `${prefix}${error.error.field}`,
          message: error.error.message.startsWith(error.error.field) ? `${prefix}${error.error.message}` : error.error.message
        })

/** The native schemas of a connector name or URI, or a 404 naming the request key. */
export const schemasOf = (nameOrUri: string, field: string, context: Errors.Context = {}) =>
  Effect.flatMap(Registry.Registry, (registry) =>
    registry
      .schemas(nameOrUri)
      .pipe(Effect.mapError((e) => Errors.make(404, { code: "not_found", message: Errors.clean(`${field}: ${e.message}`, context), field })))
  )

/** Confines a `file:` / `sqlite:` URI of a request to the data directory (400 naming `field`). */
export const confine = (uri: string, field: string, dataDir: string) => Either.mapLeft(Safety.confineUri(uri, field, dataDir), (e) => badRequest(e))

/** Checks a run request before anything is opened and rewrites its data-dir URIs. */
export const prepare = <A extends RunRequest>(original: A, options: { readonly kind: "pull" | "push" }) =>
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
    // Unknown connectors are a 404 naming the request key, before the request itself is checked.
    yield* schemasOf(original.origin, "origin", context)
    yield* schemasOf(original.target, "target", context)
    if (original.mapping !== undefined) yield* Either.mapLeft(Limits.checkMapping(original.mapping), (e) => badRequest(e))
    // The one validation of run requests (CLI, HTTP, syncs): errors name `where[0].op`, `mapping[1].to`, ...
    yield* Runs.validate(original).pipe(Effect.mapError((e) => Errors.fromDomain(e, context)))
    // The pipeline id (checkpoint key) is derived from the request as the caller wrote it, so it does
    // not depend on where the data directory is.
    const pipelineId = options.kind === "pull" ? { pipeline_id: Runs.pipelineIdOf(original as Requests.PullRequest) } : {}
    const request = { ...original, ...pipelineId, origin, target } as A
    return { request, context } satisfies Prepared<A>
  })

/** Runs a checked request in its own scope: failures become error responses, the result is scrubbed. */
export const respond = <A, E, R>(run: Effect.Effect<A, E, R>, context: Errors.Context) =>
  Effect.scoped(run).pipe(
    Effect.mapError((e) => Errors.fromDomain(e, context)),
    Effect.map((result) => Errors.cleanDeep(result, context))
  )

/** Runs a checked pull. */
export const runPull = (prepared: Prepared<Requests.PullRequest>, options: Runs.RunOptions = {}) =>
  respond(Runs.pull(prepared.request, options), prepared.context)

/** Runs a checked push. */
export const runPush = (prepared: Prepared<Requests.PushRequest>) => respond(Runs.push(prepared.request), prepared.context)

/** Merges `{formatter_id, cfg}` into one request; `cfg` must not name a formatter itself. */
export const withFormatter = <A extends RunRequest>(body: { readonly formatter_id: string; readonly cfg: A }) => {
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
