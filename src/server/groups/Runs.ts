/**
 * `/api/runs`: pulls and pushes run in the background (`BackgroundRuns`), with their status and a
 * Server-Sent Events progress stream.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as BackgroundRuns from "../BackgroundRuns.js"
import * as Errors from "../Errors.js"
import * as Group from "../Group.js"
import * as Prepare from "../Prepare.js"
import { Settings } from "../Settings.js"
import * as Wire from "../Wire.js"

/** Background runs that outlive the request, with status and a Server-Sent Events progress stream. */
export class RunsGroup extends Group.withErrors(
  HttpApiGroup.make("runs")
    .add(
      HttpApiEndpoint.post("start", "/api/runs")
        .setPayload(Wire.StartRunBody)
        .addSuccess(Wire.RunStarted, { status: 202 })
        .annotate(OpenApi.Summary, "Start a pull or push in the background; answers its run_id")
    )
    .add(
      HttpApiEndpoint.get("status", "/api/runs/:id")
        .setPath(Wire.IdPath)
        .addSuccess(Wire.RunSnapshot)
        .annotate(OpenApi.Summary, "Status, live counters, and the result or error of a background run")
    )
    .add(
      HttpApiEndpoint.get("events", "/api/runs/:id/events")
        .setPath(Wire.IdPath)
        .addSuccess(Schema.String.pipe(HttpApiSchema.withEncoding({ kind: "Text", contentType: "text/event-stream" })))
        .annotate(
          OpenApi.Description,
          "Server-Sent Events: `progress` events carry a RunSnapshot after each batch; the stream ends with one `end` event carrying the final RunSnapshot."
        )
        .annotate(OpenApi.Summary, "Progress of a background run as Server-Sent Events")
    )
) {}

const sseFrame = (snapshot: Wire.RunSnapshot): string => `event: ${snapshot.status === "running" ? "progress" : "end"}\ndata: ${JSON.stringify(snapshot)}\n\n`

const unknownRun = (id: string) =>
  Errors.make(404, { code: "not_found", message: `id: no run "${id}" (runs are kept in memory until the server stops)`, field: "id" })

const prefix = Prepare.prefixed("request.")

/** The handlers (need the background runs, the registry, the state store and the handler settings). */
export const layer = Group.handlers(RunsGroup, (handlers) =>
  handlers
    .handle("start", ({ payload }) =>
      Effect.gen(function* () {
        const runs = yield* BackgroundRuns.BackgroundRuns
        const id =
          payload.kind === "pull"
            ? yield* Effect.flatMap(Prepare.prepare(payload.request, { kind: "pull" }).pipe(Effect.mapError(prefix)), (p) =>
                runs.start("pull", (report) =>
                  Prepare.runPull(p, {
                    onProgress: (progress) =>
                      report({
                        counters: BackgroundRuns.countersOf(progress.stats),
                        batches: progress.batch,
                        cursor: Errors.cleanDeep(progress.cursor, p.context)
                      })
                  })
                )
              )
            : yield* Effect.flatMap(Prepare.prepare(payload.request, { kind: "push" }).pipe(Effect.mapError(prefix)), (p) =>
                runs.start("push", () => Prepare.runPush(p))
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
