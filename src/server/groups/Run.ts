/**
 * `/api/run/...`: synchronous runs, answered when the run is over. Formatters are chosen by id or
 * given as a mapping (data), never by a code path.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Effect from "effect/Effect"
import * as Group from "../Group.js"
import * as Prepare from "../Prepare.js"
import * as Wire from "../Wire.js"

/** Synchronous runs: the request waits for the result. */
export class RunGroup extends Group.withErrors(
  HttpApiGroup.make("run")
    .add(
      HttpApiEndpoint.post("pull", "/api/run/pull")
        .setPayload(Wire.PullBody)
        .addSuccess(Wire.PullResult)
        .annotate(OpenApi.Summary, "Run a pull and wait for its result (use POST /api/runs for long runs)")
    )
    .add(
      HttpApiEndpoint.post("push", "/api/run/push")
        .setPayload(Wire.PushBody)
        .addSuccess(Wire.PushResult)
        .annotate(OpenApi.Summary, "Run a push and wait for its result")
    )
    .add(
      HttpApiEndpoint.post("pullWithFormatter", "/api/run/pull_with_formatter")
        .setPayload(Wire.PullWithFormatterBody)
        .addSuccess(Wire.PullResult)
        .annotate(OpenApi.Summary, "Run a pull with a saved formatter")
    )
    .add(
      HttpApiEndpoint.post("pushWithFormatter", "/api/run/push_with_formatter")
        .setPayload(Wire.PushWithFormatterBody)
        .addSuccess(Wire.PushResult)
        .annotate(OpenApi.Summary, "Run a push with a saved formatter")
    )
) {}

/** The handlers (need the registry, the state store and the handler settings). */
export const layer = Group.handlers(RunGroup, (handlers) =>
  handlers
    .handle("pull", ({ payload }) => Effect.flatMap(Prepare.prepare(payload, { kind: "pull" }), (p) => Prepare.runPull(p)))
    .handle("push", ({ payload }) => Effect.flatMap(Prepare.prepare(payload, { kind: "push" }), Prepare.runPush))
    .handle("pullWithFormatter", ({ payload }) =>
      Effect.gen(function* () {
        const request = yield* Prepare.withFormatter(payload)
        const prepared = yield* Prepare.prepare(request, { kind: "pull" }).pipe(Effect.mapError(Prepare.prefixed("cfg.")))
        return yield* Prepare.runPull(prepared)
      })
    )
    .handle("pushWithFormatter", ({ payload }) =>
      Effect.gen(function* () {
        const request = yield* Prepare.withFormatter(payload)
        const prepared = yield* Prepare.prepare(request, { kind: "push" }).pipe(Effect.mapError(Prepare.prefixed("cfg.")))
        return yield* Prepare.runPush(prepared)
      })
    )
)
