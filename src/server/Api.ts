/**
 * The HTTP API of `hrtech-etl serve`, declared with `@effect/platform`'s HttpApi: every route of
 * REFERENCE.md with Schema-typed payloads and responses, from which `/openapi.json` is generated.
 * Request bodies are the wire schemas of `app/Requests` (snake_case keys), decoded strictly: an
 * unknown key is a 400 naming it. Formatters are chosen by id or given as a mapping (data), never by
 * a code path.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Schema from "effect/Schema"
import { createRequire } from "node:module"
import * as Requests from "../app/Requests.js"
import { Condition } from "../core/Condition.js"
import * as Cursor from "../core/Cursor.js"
import * as Push from "../core/Push.js"
import { Resource, WarehouseType } from "../core/Resource.js"
import * as State from "../core/State.js"
import * as Errors from "./Errors.js"
import { FailuresGroup } from "./Failures.js"
import { SyncsGroup } from "./Syncs.js"
import * as Webhooks from "./Webhooks.js"

/**
 * Unknown keys in a request body are rejected (a typo must not be silently ignored); all issues are
 * collected so an error can list every value a field accepts.
 */
const strict = { parseOptions: { onExcessProperty: "error", errors: "all" } } as const

/** One key of a connector's auth payload. */
export const AuthKeyInfo = Schema.Struct({
  name: Schema.String,
  env: Schema.optional(Schema.String),
  secret: Schema.optional(Schema.Boolean),
  required: Schema.optional(Schema.Boolean),
  description: Schema.optional(Schema.String)
}).annotations({ identifier: "AuthKeyInfo" })

/** A registered connector (`GET /api/connectors`). */
export const ConnectorInfo = Schema.Struct({
  name: Schema.String,
  label: Schema.String,
  warehouse_type: WarehouseType,
  description: Schema.optional(Schema.String),
  api: Schema.optional(
    Schema.Struct({ version: Schema.String, docs: Schema.Array(Schema.String), verified_at: Schema.String }).annotations({
      identifier: "ApiInfo",
      description: "the vendor API version the connector speaks and the documentation it was verified against"
    })
  ),
  auth_keys: Schema.Array(AuthKeyInfo)
}).annotations({ identifier: "ConnectorInfo" })
/** @see ConnectorInfo */
export type ConnectorInfo = typeof ConnectorInfo.Type

/** One field of a native or unified schema, with its metadata (`exportModelFields`). */
export const FieldInfo = Schema.Struct({
  name: Schema.String,
  type: Schema.String,
  required: Schema.Boolean,
  enum: Schema.optional(Schema.Array(Schema.Union(Schema.String, Schema.Number, Schema.Boolean))),
  cursor: Schema.optional(Schema.Unknown.annotations({ description: "cursor role and its query names" })),
  prefilter: Schema.optional(Schema.Unknown.annotations({ description: "{ operators: [...] } allowed in WHERE" })),
  search_binding: Schema.optional(Schema.Unknown),
  in_binding: Schema.optional(Schema.Unknown),
  identifier: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "FieldInfo" })

/** One dotted path into a schema (`GET /api/fields/...`), for mapping and HAVING rows. */
export const FieldPath = Schema.Struct({ path: Schema.String, type: Schema.String }).annotations({ identifier: "FieldPath" })

/** Counters of a pull (`Pipeline.PullStats`). */
export const PullStats = Schema.Struct({
  read: Schema.Number,
  filtered_out: Schema.Number,
  written: Schema.Number,
  created: Schema.Number,
  updated: Schema.Number,
  failed: Schema.Number,
  skipped_seen: Schema.Number,
  skipped_out_of_range: Schema.Number,
  pages: Schema.Number,
  batches: Schema.Number,
  duration_ms: Schema.Number,
  where_in_memory: Schema.Array(Condition).annotations({ description: "WHERE conditions the origin could not push down, applied in memory" }),
  errors: Schema.Array(Push.RecordError).annotations({ description: "the first failures (up to 100)" }),
  dry_run: Schema.Boolean
}).annotations({ identifier: "PullStats" })

/** The result of a pull: the cursor to resume from and the counters. */
export const PullResult = Schema.Struct({
  cursor: Cursor.Cursor,
  stats: PullStats,
  pipeline_id: Schema.String,
  resumed: Schema.Boolean
}).annotations({ identifier: "PullResult" })

/** `POST /api/run/pull` body. */
export const PullBody = Requests.PullRequest.annotations({ ...strict, identifier: "PullRequest" })
/** `POST /api/run/push` body. */
export const PushBody = Requests.PushRequest.annotations({ ...strict, identifier: "PushRequest" })
/** `POST /api/formatters/build` body. */
export const FormatterBuildBody = Requests.FormatterBuildRequest.annotations({ ...strict, identifier: "FormatterBuildRequest" })

/** `POST /api/run/pull_with_formatter` body: a saved formatter's id and the pull (`cfg`) to run with it. */
export const PullWithFormatterBody = Schema.Struct({ formatter_id: Schema.String, cfg: PullBody }).annotations({
  ...strict,
  identifier: "PullWithFormatterRequest"
})
/** `POST /api/run/push_with_formatter` body. */
export const PushWithFormatterBody = Schema.Struct({ formatter_id: Schema.String, cfg: PushBody }).annotations({
  ...strict,
  identifier: "PushWithFormatterRequest"
})

/** What a background run does. */
export const RunKind = Schema.Literal("pull", "push").annotations({ identifier: "RunKind" })
/** @see RunKind */
export type RunKind = typeof RunKind.Type

/** `POST /api/runs` body: `{ kind: "pull", request: PullRequest }` or `{ kind: "push", request: PushRequest }`. */
export const StartRunBody = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("pull"), request: PullBody }).annotations(strict),
  Schema.Struct({ kind: Schema.Literal("push"), request: PushBody }).annotations(strict)
).annotations({ identifier: "StartRunRequest" })
/** @see StartRunBody */
export type StartRunBody = typeof StartRunBody.Type

/** `POST /api/runs` answer (202). */
export const RunStarted = Schema.Struct({
  run_id: Schema.String,
  status_url: Schema.String,
  events_url: Schema.String
}).annotations({ identifier: "RunStarted" })

/** The state of a background run. */
export const RunStatus = Schema.Literal("running", "succeeded", "failed").annotations({ identifier: "RunStatus" })
/** @see RunStatus */
export type RunStatus = typeof RunStatus.Type

/** A background run as `GET /api/runs/{id}` reports it, and as each SSE event carries it. */
export const RunSnapshot = Schema.Struct({
  run_id: Schema.String,
  kind: RunKind,
  status: RunStatus,
  started_at: Schema.String,
  finished_at: Schema.optional(Schema.String),
  /** Live counters (a pull's stats after each batch; a push's at the end). */
  counters: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /** Batches written so far (pull). */
  batches: Schema.Number,
  /** The checkpoint reached so far (pull). */
  cursor: Schema.optional(Schema.Unknown),
  /** The result once succeeded: a PullResult or a PushResult. */
  result: Schema.optional(Schema.Unknown),
  /** The error once failed. */
  error: Schema.optional(Errors.ErrorBody)
}).annotations({ identifier: "RunSnapshot" })
/** @see RunSnapshot */
export type RunSnapshot = typeof RunSnapshot.Type

/** Every error response a route may give; the status says which. */
const withErrors = <Id extends string, Endpoints extends HttpApiEndpoint.HttpApiEndpoint.Any, E, R, TopLevel extends boolean>(
  group: HttpApiGroup.HttpApiGroup<Id, Endpoints, E, R, TopLevel>
) =>
  group
    .addError(Errors.Wire.BadRequest)
    .addError(Errors.Wire.Unauthorized)
    .addError(Errors.Wire.NotFound)
    .addError(Errors.Wire.PayloadTooLarge)
    .addError(Errors.Wire.Unprocessable)
    .addError(Errors.Wire.BadGateway)
    .addError(Errors.Wire.Unavailable)
    .addError(Errors.Wire.InternalError)

const ResourcePath = Schema.Struct({ resource: Resource })
const ConnectorPath = Schema.Struct({
  connector: Schema.String.annotations({ description: "a registered connector name or a storage URI (URL-encoded)" }),
  resource: Resource
})
const IdPath = Schema.Struct({ id: Schema.String })

/** Connectors and their schemas. */
export class ConnectorsGroup extends withErrors(
  HttpApiGroup.make("connectors")
    .add(
      HttpApiEndpoint.get("list", "/api/connectors")
        .addSuccess(Schema.Array(ConnectorInfo))
        .annotate(OpenApi.Summary, "Registered connectors")
    )
    .add(
      HttpApiEndpoint.get("unifiedSchema", "/api/schema/unified/:resource")
        .setPath(ResourcePath)
        .addSuccess(Schema.Array(FieldInfo))
        .annotate(OpenApi.Summary, "Fields of the unified job or profile model")
    )
    .add(
      HttpApiEndpoint.get("schema", "/api/schema/:connector/:resource")
        .setPath(ConnectorPath)
        .setUrlParams(Schema.Struct({ only_prefilterable: Schema.optional(Schema.BooleanFromString) }))
        .addSuccess(Schema.Array(FieldInfo))
        .annotate(OpenApi.Summary, "Fields of a connector's native schema (only_prefilterable=true: fields usable in WHERE)")
    )
    .add(
      HttpApiEndpoint.get("fields", "/api/fields/:connector/:resource")
        .setPath(ConnectorPath)
        .addSuccess(Schema.Array(FieldPath))
        .annotate(OpenApi.Summary, "Every dotted field path of a schema (connector name, storage URI or `unified`)")
    )
) {}

/** Synchronous runs: the request waits for the result. */
export class RunGroup extends withErrors(
  HttpApiGroup.make("run")
    .add(
      HttpApiEndpoint.post("pull", "/api/run/pull")
        .setPayload(PullBody)
        .addSuccess(PullResult)
        .annotate(OpenApi.Summary, "Run a pull and wait for its result (use POST /api/runs for long runs)")
    )
    .add(
      HttpApiEndpoint.post("push", "/api/run/push")
        .setPayload(PushBody)
        .addSuccess(Push.PushResult)
        .annotate(OpenApi.Summary, "Run a push and wait for its result")
    )
    .add(
      HttpApiEndpoint.post("pullWithFormatter", "/api/run/pull_with_formatter")
        .setPayload(PullWithFormatterBody)
        .addSuccess(PullResult)
        .annotate(OpenApi.Summary, "Run a pull with a saved formatter")
    )
    .add(
      HttpApiEndpoint.post("pushWithFormatter", "/api/run/push_with_formatter")
        .setPayload(PushWithFormatterBody)
        .addSuccess(Push.PushResult)
        .annotate(OpenApi.Summary, "Run a push with a saved formatter")
    )
) {}

/** Saved mapping formatters. */
export class FormattersGroup extends withErrors(
  HttpApiGroup.make("formatters")
    .add(
      HttpApiEndpoint.post("build", "/api/formatters/build")
        .setPayload(FormatterBuildBody)
        .addSuccess(State.FormatterRecord)
        .annotate(OpenApi.Summary, "Validate a mapping against both schemas and save it; answers its formatter_id")
    )
    .add(
      HttpApiEndpoint.get("get", "/api/formatters/:id")
        .setPath(IdPath)
        .addSuccess(State.FormatterRecord)
        .annotate(OpenApi.Summary, "A saved formatter")
    )
) {}

/** Background runs that outlive the request, with status and a Server-Sent Events progress stream. */
export class RunsGroup extends withErrors(
  HttpApiGroup.make("runs")
    .add(
      HttpApiEndpoint.post("start", "/api/runs")
        .setPayload(StartRunBody)
        .addSuccess(RunStarted, { status: 202 })
        .annotate(OpenApi.Summary, "Start a pull or push in the background; answers its run_id")
    )
    .add(
      HttpApiEndpoint.get("status", "/api/runs/:id")
        .setPath(IdPath)
        .addSuccess(RunSnapshot)
        .annotate(OpenApi.Summary, "Status, live counters, and the result or error of a background run")
    )
    .add(
      HttpApiEndpoint.get("events", "/api/runs/:id/events")
        .setPath(IdPath)
        .addSuccess(Schema.String.pipe(HttpApiSchema.withEncoding({ kind: "Text", contentType: "text/event-stream" })))
        .annotate(
          OpenApi.Description,
          "Server-Sent Events: `progress` events carry a RunSnapshot after each batch; the stream ends with one `end` event carrying the final RunSnapshot."
        )
        .annotate(OpenApi.Summary, "Progress of a background run as Server-Sent Events")
    )
) {}

const version = (createRequire(import.meta.url)("../../package.json") as { readonly version: string }).version

/**
 * Request-decoding failures are answered with the BadRequest shape (see Server.ts), not with
 * HttpApi's built-in decode error: document only the shape actually sent. The webhook routes live
 * beside the HttpApi (they need the raw body), so their descriptions are added here.
 */
const documentDecodeErrorsAsBadRequest = (spec: Record<string, any>): Record<string, any> => {
  for (const item of Object.values<Record<string, any>>(spec.paths ?? {})) {
    for (const operation of Object.values<Record<string, any>>(item)) {
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
export class Api extends HttpApi.make("hrtech-etl")
  .add(ConnectorsGroup)
  .add(RunGroup)
  .add(FormattersGroup)
  .add(RunsGroup)
  .add(SyncsGroup)
  .add(withErrors(FailuresGroup))
  .annotate(OpenApi.Title, "hrtech-etl")
  .annotate(OpenApi.Version, version)
  .annotate(OpenApi.Transform, documentDecodeErrorsAsBadRequest)
  .annotate(
    OpenApi.Description,
    "Move HR-tech jobs and profiles between systems. Errors are `{ error: { code, message, field? } }`. " +
      "When the server is bound off loopback, every route needs `Authorization: Bearer <HRTECH_ETL_API_TOKEN>`."
  ) {}
