/**
 * The HTTP API of `hrtech-etl serve`, declared with `@effect/platform`'s HttpApi: every route of
 * REFERENCE.md with Schema-typed payloads and responses (`Wire.ts`), from which `/openapi.json` is
 * generated. Each group lives in `groups/` with its handlers; this module composes them.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as OpenApi from "@effect/platform/OpenApi"
import type * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import { createRequire } from "node:module"
import type * as Registry from "../core/Registry.js"
import type * as State from "../core/State.js"
import type * as BackgroundRuns from "./BackgroundRuns.js"
import * as Group from "./Group.js"
import * as Connectors from "./groups/Connectors.js"
import * as Failures from "./groups/Failures.js"
import * as Formatters from "./groups/Formatters.js"
import * as Run from "./groups/Run.js"
import * as Runs from "./groups/Runs.js"
import * as Syncs from "./groups/Syncs.js"
import type { Settings } from "./Settings.js"
import * as Webhooks from "./Webhooks.js"

const version = (createRequire(import.meta.url)("../../package.json") as { readonly version: string }).version

/**
 * Request-decoding failures are answered with the BadRequest shape (see Server.ts), not with
 * HttpApi's built-in decode error: document only the shape actually sent. The webhook routes live
 * beside the HttpApi (they need the raw body), so their descriptions are added here.
 */
// The OpenAPI document is walked as loosely as @effect/platform types it.
const documentDecodeErrorsAsBadRequest: Context.Tag.Service<typeof OpenApi.Transform> = (spec) => {
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      const bad = operation?.responses?.["400"]
      if (bad?.content?.["application/json"]) {
        bad.description = "Invalid input; `error.field` names the offending key (e.g. `where[0].op`)"
        bad.content["application/json"].schema = { $ref: "#/components/schemas/BadRequest" }
      }
    }
  }
  const schemas = spec.components?.schemas ?? {}
  delete schemas.HttpApiDecodeError
  delete schemas.Issue
  delete schemas.PropertyKey
  spec.paths = { ...spec.paths, ...Webhooks.openApiPaths }
  return spec
}

/** The whole API. */
export class Api extends HttpApi.make(Group.apiId)
  .add(Connectors.ConnectorsGroup)
  .add(Run.RunGroup)
  .add(Formatters.FormattersGroup)
  .add(Runs.RunsGroup)
  .add(Syncs.SyncsGroup)
  .add(Failures.FailuresGroup)
  .annotate(OpenApi.Title, "hrtech-etl")
  .annotate(OpenApi.Version, version)
  .annotate(OpenApi.Transform, documentDecodeErrorsAsBadRequest)
  .annotate(
    OpenApi.Description,
    "Move HR-tech jobs and profiles between systems. Errors are `{ error: { code, message, field? } }`. " +
      "When the server is bound off loopback, every route needs `Authorization: Bearer <HRTECH_ETL_API_TOKEN>`."
  ) {}

/** The handlers of every group. */
const handlers = Layer.mergeAll(Connectors.layer, Run.layer, Formatters.layer, Runs.layer, Syncs.layer, Failures.layer)

/** The API with every group served: a group without handlers is a compile error here. */
export const layer: Layer.Layer<HttpApi.Api, never, Registry.Registry | State.StateStore | BackgroundRuns.BackgroundRuns | Settings> = HttpApiBuilder.api(
  Api
).pipe(Layer.provide(handlers))
