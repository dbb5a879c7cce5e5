/**
 * Wire schemas of a run request, shared by the CLI (flags and `--config` files) and the HTTP API
 * (request bodies). Keys are snake_case, as in REFERENCE.md.
 */
import * as Schema from "effect/Schema"
import { Conditions } from "../core/Condition.js"
import * as Cursor from "../core/Cursor.js"
import { PushMode } from "../core/Push.js"
import { Resource } from "../core/Resource.js"
import { Mapping } from "../core/State.js"

/** An auth/config payload for a connector (`origin_auth`, `target_auth`). */
export const AuthPayload = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const BatchSize = Schema.Number.pipe(
  Schema.int({ message: () => "batch_size must be an integer" }),
  Schema.between(1, 100_000, { message: () => "batch_size must be between 1 and 100000" })
)

const common = {
  resource: Resource,
  origin: Schema.String.pipe(Schema.minLength(1)),
  target: Schema.String.pipe(Schema.minLength(1)),
  origin_auth: Schema.optional(AuthPayload),
  target_auth: Schema.optional(AuthPayload),
  having: Schema.optional(Conditions),
  formatter_id: Schema.optional(Schema.String),
  mapping: Schema.optional(Mapping),
  batch_size: Schema.optional(BatchSize),
  dry_run: Schema.optional(Schema.Boolean)
}

/** A pull request (`POST /api/run/pull`, `hrtech-etl pull`). */
export const PullRequest = Schema.Struct({
  ...common,
  cursor: Schema.optionalWith(Cursor.Cursor, { default: () => ({ mode: "updated_at" as const, start: null, sort_by: "asc" as const }) }),
  where: Schema.optional(Conditions),
  /** Keep the cursor between runs under this pipeline id (default derived from the options). */
  pipeline_id: Schema.optional(Schema.String),
  /** Resume from the stored checkpoint when the cursor has no start. */
  resume: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "PullRequest" })
/** @see PullRequest */
export type PullRequest = typeof PullRequest.Type

/** A push request (`POST /api/run/push`, `hrtech-etl push`). */
export const PushRequest = Schema.Struct({
  ...common,
  mode: PushMode,
  resources: Schema.optional(Schema.Array(Schema.Unknown)),
  events: Schema.optional(Schema.Array(Schema.Unknown))
}).annotations({ identifier: "PushRequest" })
/** @see PushRequest */
export type PushRequest = typeof PushRequest.Type

/** A formatter build request (`POST /api/formatters/build`, `hrtech-etl formatters build`). */
export const FormatterBuildRequest = Schema.Struct({
  resource: Resource,
  origin: Schema.String,
  target: Schema.String,
  mapping: Mapping
}).annotations({ identifier: "FormatterBuildRequest" })
/** @see FormatterBuildRequest */
export type FormatterBuildRequest = typeof FormatterBuildRequest.Type

/** A run that references a saved formatter (`/api/run/pull_with_formatter`). */
export const WithFormatter = <A, I>(cfg: Schema.Schema<A, I>) =>
  Schema.Struct({ formatter_id: Schema.String, cfg })
