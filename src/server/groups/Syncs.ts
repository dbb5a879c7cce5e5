/**
 * `/api/syncs`: scheduled syncs over HTTP, run by `hrtech-etl worker` processes. Definitions are
 * checked like run requests (schemas, WHERE/HAVING, formatter by id) and their `file:` / `sqlite:`
 * URIs are confined to the data directory, since workers will open them. Auth payloads are stored
 * encrypted (a server without `HRTECH_ETL_SECRET_KEY` refuses them with 400 secret_key_required) and
 * never answered: a sync is shown with the names of its auth keys only.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Outbound from "../../core/Outbound.js"
import * as Registry from "../../core/Registry.js"
import * as Definition from "../../scale/Definition.js"
import * as Environment from "../../scale/Environment.js"
import { SyncStore } from "../../scale/SyncStore.js"
import * as Syncs from "../../scale/Syncs.js"
import * as Errors from "../Errors.js"
import * as Group from "../Group.js"
import * as Prepare from "../Prepare.js"
import * as Safety from "../Safety.js"
import { Settings } from "../Settings.js"
import * as Wire from "../Wire.js"

/** Scheduled syncs, their runs, and the concurrency limits per class. */
export class SyncsGroup extends Group.withErrors(
  HttpApiGroup.make("syncs")
    .add(
      HttpApiEndpoint.get("list", "/api/syncs")
        .setUrlParams(Schema.Struct({ tenant: Schema.optional(Schema.String) }))
        .addSuccess(Schema.Array(Definition.SyncView))
        .annotate(OpenApi.Summary, "Scheduled syncs (of one tenant with ?tenant=); auth values are never included")
    )
    .add(
      HttpApiEndpoint.post("create", "/api/syncs")
        .setPayload(Wire.SyncBody)
        .addSuccess(Definition.SyncView, { status: 201 })
        .annotate(OpenApi.Summary, "Define a scheduled sync (400 already_exists when the name is taken; PUT replaces)")
    )
    .add(
      HttpApiEndpoint.get("status", "/api/syncs/:name")
        .setPath(Wire.NamePath)
        .addSuccess(Definition.SyncStatus)
        .annotate(OpenApi.Summary, "A sync with its live status: the run in progress, the last finished run, totals")
    )
    .add(
      HttpApiEndpoint.put("replace", "/api/syncs/:name")
        .setPath(Wire.NamePath)
        .setPayload(Wire.SyncBody)
        .addSuccess(Definition.SyncView)
        .annotate(OpenApi.Summary, "Define or replace a sync (the body's name must be the path's)")
    )
    .add(
      HttpApiEndpoint.del("remove", "/api/syncs/:name")
        .setPath(Wire.NamePath)
        .addSuccess(Schema.Void, { status: 204 })
        .annotate(OpenApi.Summary, "Remove a sync (its history and checkpoint stay)")
    )
    .add(
      HttpApiEndpoint.post("runNow", "/api/syncs/:name/run")
        .setPath(Wire.NamePath)
        .setPayload(Wire.RunNowBody)
        .addSuccess(Definition.SyncView, { status: 202 })
        .annotate(OpenApi.Summary, "Ask the workers to run a sync now (after its current run, if any)")
    )
    .add(
      HttpApiEndpoint.get("runs", "/api/syncs/:name/runs")
        .setPath(Wire.NamePath)
        .setUrlParams(Schema.Struct({ limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 1000))) }))
        .addSuccess(Schema.Array(Definition.RunRecord))
        .annotate(OpenApi.Summary, "Runs of a sync, newest first (status, attempts, worker, counters, checkpoint, error)")
    )
    .add(
      HttpApiEndpoint.get("limits", "/api/sync_limits")
        .addSuccess(Schema.Array(Definition.ClassLimit))
        .annotate(OpenApi.Summary, `Concurrency limits per class (classes not listed run at most ${Definition.defaultMaxConcurrent} at once)`)
    )
    .add(
      HttpApiEndpoint.put("setLimit", "/api/sync_limits/:concurrency_class")
        .setPath(Schema.Struct({ concurrency_class: Definition.ConcurrencyClass }))
        .setPayload(Wire.LimitBody)
        .addSuccess(Definition.ClassLimit)
        .annotate(OpenApi.Summary, "Set how many runs of a class may be in progress at once, cluster-wide")
    )
) {}

/** Runs an operation on the sync store, mapping its failures by their category. */
const withStore = <A, E, R>(effect: Effect.Effect<A, E, R>, context: Errors.Context = {}) =>
  Effect.flatMap(Environment.LazySyncStore, (open) => Effect.flatMap(open, (store) => Effect.provideService(effect, SyncStore, store))).pipe(
    Effect.mapError((e) => Errors.fromDomain(e, context))
  )

/**
 * Confines `file:` / `sqlite:` URIs of a definition to the data directory and checks its addresses
 * against the server's outbound policy, as for a run request: workers run stored syncs with the
 * operator's trust, so a caller's `base_url` or `postgres://` host is checked here, when it is stored.
 */
const confined = (input: Definition.SyncInput) =>
  Effect.gen(function* () {
    const { dataDir } = yield* Settings
    const policy = yield* Outbound.Policy
    const registry = yield* Registry.Registry
    const refused = (side: "origin" | "target", field: string) => (e: { readonly reason: string }) =>
      Prepare.badRequest({ code: "invalid_input", message: `${field}: ${e.reason}`, field })
    const checkSide = (side: "origin" | "target", name: string, auth: Readonly<Record<string, unknown>> | undefined) =>
      Effect.gen(function* () {
        if (registry.isUri(name)) return yield* Either.mapLeft(Outbound.checkStorage(policy, name), refused(side, side))
        // An unknown connector is reported by the definition's own validation.
        const factory = yield* Effect.option(registry.get(name))
        if (factory._tag === "None") return name
        yield* Either.mapLeft(Outbound.checkPayload(policy, name, auth ?? {}, Registry.ownUrls(factory.value)), (e) =>
          refused(side, `${side}_auth.${e.field}`)(e)
        )
        return name
      })
    yield* checkSide("origin", input.origin, input.origin_auth)
    yield* checkSide("target", input.target, input.target_auth)
    const origin = yield* Either.mapLeft(Safety.confineUri(input.origin, "origin", dataDir), (e) => Prepare.badRequest(e))
    const target = yield* Either.mapLeft(Safety.confineUri(input.target, "target", dataDir), (e) => Prepare.badRequest(e))
    return { ...input, origin, target }
  })

const define = (input: Definition.SyncInput, replace: boolean) =>
  Effect.gen(function* () {
    const context: Errors.Context = { secrets: Errors.secretsOf(input.origin_auth, input.target_auth) }
    const checked = yield* confined(input)
    return yield* withStore(Syncs.add(checked, { replace }), context)
  })

/** The handlers of `/api/syncs` and `/api/sync_limits` (need the registry, the state store and the handler settings). */
const SyncsLive = Group.handlers(SyncsGroup, (handlers) =>
  handlers
    .handle("list", ({ urlParams }) => withStore(Syncs.list({ tenant: urlParams.tenant })))
    .handle("create", ({ payload }) => define(payload, false))
    .handle("status", ({ path }) => withStore(Syncs.status(path.name)))
    .handle("replace", ({ path, payload }) =>
      payload.name === path.name
        ? define(payload, true)
        : Effect.fail(Errors.make(400, { code: "invalid_input", message: `name: must be the path's name "${path.name}"`, field: "name" }))
    )
    .handle("remove", ({ path }) => withStore(Syncs.remove(path.name)))
    .handle("runNow", ({ path }) => withStore(Syncs.runNow(path.name)))
    .handle("runs", ({ path, urlParams }) => withStore(Syncs.history(path.name, urlParams.limit ?? 20)))
    .handle("limits", () => withStore(Syncs.limits))
    .handle("setLimit", ({ path, payload }) => withStore(Syncs.setLimit({ concurrency_class: path.concurrency_class, max_concurrent: payload.max_concurrent })))
)

/** The sync routes with their store (opened on first use from `Environment.StateUri`). */
export const layer = SyncsLive.pipe(Layer.provide(Environment.lazyLayer))
