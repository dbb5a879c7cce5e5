/**
 * Wire schemas of a run request, shared by the CLI (flags and `--config` files) and the HTTP API
 * (request bodies). Keys are snake_case, as in REFERENCE.md.
 */
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Conditions } from "../core/Condition.js"
import * as Cursor from "../core/Cursor.js"
import * as Decode from "../core/Decode.js"
import type { InvalidInput } from "../core/Errors.js"
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
export const WithFormatter = <A, I>(cfg: Schema.Schema<A, I>) => Schema.Struct({ formatter_id: Schema.String, cfg })

/** The cursor of a pull given flat, as in `--config` files: `cursor_mode`, `cursor_start`, `cursor_sort_by`. */
export interface FlatCursor {
  readonly cursor_mode?: string
  readonly cursor_start?: string | null
  readonly cursor_sort_by?: string
}

/** Keys of a `--config` object that steer the run but are not part of its request. */
export interface Control {
  /** State store (SQLite path or `postgres://` URL): the cursor is loaded from and saved to it. */
  readonly state?: string
  readonly json?: boolean
  readonly progress?: boolean
}

/** A pull as one snake_case object: the HTTP body's keys, the cursor also flat, plus `state`. */
export type PullConfig = typeof PullRequest.Encoded & FlatCursor & Control
/** A push as one snake_case object: the HTTP body's keys plus `state`. */
export type PushConfig = typeof PushRequest.Encoded & Control

const flatCursorKeys = [
  ["cursor_mode", "mode"],
  ["cursor_start", "start"],
  ["cursor_sort_by", "sort_by"]
] as const

/**
 * Splits a config object into its request (with the flat cursor keys folded into `cursor`, the
 * cursor mode defaulting to `updated_at`) and its control keys. The CLI (`--config` merged with
 * flags) and the library's `runPull(config)` both go through it, then through the same decoding.
 */
export const splitConfig = (kind: "pull" | "push", config: object): { readonly request: Record<string, unknown>; readonly control: Control } => {
  const { json, progress, state, ...rest } = config as Readonly<Record<string, unknown>>
  const request: Record<string, unknown> = { ...rest }
  if (kind === "pull") {
    const cursor: Record<string, unknown> = {
      ...(typeof request.cursor === "object" && request.cursor !== null ? (request.cursor as object) : {})
    }
    for (const [flat, key] of flatCursorKeys) {
      if (request[flat] !== undefined) cursor[key] = request[flat]
      delete request[flat]
    }
    cursor.mode ??= "updated_at"
    request.cursor = cursor
  }
  return {
    request,
    control: {
      ...(typeof state === "string" ? { state } : {}),
      ...(json === true ? { json } : {}),
      ...(progress === true ? { progress } : {})
    }
  }
}

/** Decodes a pull request strictly (unknown keys rejected), naming the offending key. */
export const decodePull = (request: unknown): Either.Either<PullRequest, InvalidInput> => Decode.decodeUnknownEither(PullRequest)(request)

/** Decodes a push request strictly (unknown keys rejected), naming the offending key. */
export const decodePush = (request: unknown): Either.Either<PushRequest, InvalidInput> => Decode.decodeUnknownEither(PushRequest)(request)
