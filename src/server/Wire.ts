/**
 * The wire schemas of the HTTP API: request bodies, paths and query parameters, and the answers.
 * Request bodies are the schemas of `app/Requests`, `app/Failures` and `scale/Definition` (snake_case
 * keys), decoded strictly: an unknown key is a 400 naming it. Results are the core's own schemas
 * (`Pull.PullStats`, `Push.PushResult`), never copies, so the API cannot drift from what a run reports.
 */
import * as Schema from "effect/Schema"
import * as Failures from "../app/Failures.js"
import * as Requests from "../app/Requests.js"
import * as Cursor from "../core/Cursor.js"
import * as Pull from "../core/Pull.js"
import * as Push from "../core/Push.js"
import { Resource, WarehouseType } from "../core/Resource.js"
import * as Definition from "../scale/Definition.js"
import * as Errors from "./Errors.js"

/**
 * Unknown keys in a request body are rejected (a typo must not be silently ignored); all issues are
 * collected so an error can list every value a field accepts.
 */
export const strict = { parseOptions: { onExcessProperty: "error", errors: "all" } } as const

/** `{resource}` path parameter. */
export const ResourcePath = Schema.Struct({ resource: Resource })

/** `{connector}/{resource}` path parameters. */
export const ConnectorPath = Schema.Struct({
  connector: Schema.String.annotations({ description: "a registered connector name or a storage URI (URL-encoded)" }),
  resource: Resource
})

/** `{id}` path parameter (a formatter or a background run). */
export const IdPath = Schema.Struct({ id: Schema.String })

/** `{name}` path parameter (a sync). */
export const NamePath = Schema.Struct({ name: Schema.String })

// --- connectors and schemas

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

// --- runs

/** Counters of a pull: the core's schema. */
export const PullStats = Pull.PullStats

/** The result of a push: the core's schema. */
export const PushResult = Push.PushResult

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

// --- background runs

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

// --- scheduled syncs

/** `POST /api/syncs` and `PUT /api/syncs/{name}` body. */
export const SyncBody = Definition.SyncInput.annotations({ ...strict, identifier: "SyncInput" })

/** `PUT /api/sync_limits/{concurrency_class}` body. */
export const LimitBody = Schema.Struct({ max_concurrent: Definition.ClassLimit.fields.max_concurrent }).annotations({
  ...strict,
  identifier: "ConcurrencyLimitInput"
})

/** `POST /api/syncs/{name}/run` body: an object, empty for now (`{}`). */
export const RunNowBody = Schema.Struct({}).annotations({ ...strict, identifier: "RunNowRequest" })

// --- failed records

/** `POST /api/failures/retry` body. */
export const RetryBody = Failures.RetryRequest.annotations({ ...strict, identifier: "FailuresRetryRequest" })

/** `GET /api/failures` query: read as text and decoded by `Failures.ListRequest`, as the CLI's flags are. */
export const ListParams = Schema.Struct({
  pipeline_id: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.String.annotations({ description: `1 to ${Failures.maxLimit} (default 100)` }))
})
