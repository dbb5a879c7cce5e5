/**
 * `/api/failures`: failed records kept in the state store, and their replay (`app/Failures`, the same
 * functions and schemas as `hrtech-etl failures`). A retry is a push run: it passes the same checks.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Failures from "../../app/Failures.js"
import * as Errors from "../Errors.js"
import * as Group from "../Group.js"
import * as Prepare from "../Prepare.js"
import * as Wire from "../Wire.js"

/** Failed records: listed, and replayed from the origin into the target. */
export class FailuresGroup extends Group.withErrors(
  HttpApiGroup.make("failures")
    .add(
      HttpApiEndpoint.get("list", "/api/failures")
        .setUrlParams(Wire.ListParams)
        .addSuccess(Failures.ListResult)
        .annotate(OpenApi.Summary, "Failed records kept in the state store, newest first (of one pipeline with ?pipeline_id=)")
    )
    .add(
      HttpApiEndpoint.post("retry", "/api/failures/retry")
        .setPayload(Wire.RetryBody)
        .addSuccess(Failures.RetryResult)
        .annotate(
          OpenApi.Summary,
          "Replay a pipeline's failed records: re-read each from the origin by id, write it to the target, remove the failures of those that went through"
        )
    )
) {}

/** The handlers (need the registry, the state store and the handler settings). */
export const layer = Group.handlers(FailuresGroup, (handlers) =>
  handlers
    .handle("list", ({ urlParams }) =>
      Effect.gen(function* () {
        const { limit, ...rest } = urlParams
        // The query's limit is text; the shared request schema checks the number (and names `limit`).
        const query = { ...rest, ...(limit !== undefined ? { limit: /^\d+$/.test(limit) ? Number(limit) : limit } : {}) }
        const request = yield* Either.mapLeft(Failures.decodeList(query), (e) => Prepare.badRequest(e))
        return yield* Failures.list(request).pipe(Effect.mapError((e) => Errors.fromDomain(e)))
      })
    )
    .handle("retry", ({ payload }) =>
      Effect.gen(function* () {
        // Checked as written: preparing rewrites file: URIs into the data directory.
        yield* Effect.mapError(Failures.checkPipeline(payload), (e) => Prepare.badRequest(e))
        const { context, request } = yield* Prepare.prepare({ ...payload, mode: "events" as const }, { kind: "push" })
        const { mode: _mode, ...checked } = request
        return yield* Prepare.respond(Failures.replay(checked), context)
      })
    )
)
