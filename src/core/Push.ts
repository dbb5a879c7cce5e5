/**
 * Push vocabulary: how a push is fed and what it reports.
 */
import * as Schema from "effect/Schema"

/** `resources`: records are given; `events`: change events are resolved to records by the origin. */
export const PushMode = Schema.Literal("resources", "events").annotations({ identifier: "PushMode" })
/** @see PushMode */
export type PushMode = typeof PushMode.Type

/** The pipeline stage a record failed in. */
export const Stage = Schema.Literal("decode", "fetch", "having", "format", "write", "archive", "event")
/** @see Stage */
export type Stage = typeof Stage.Type

/** A record that could not be moved, with the reason. */
export const RecordError = Schema.Struct({
  id: Schema.optional(Schema.String),
  stage: Stage,
  message: Schema.String
})
/** @see RecordError */
export type RecordError = typeof RecordError.Type

/** A record skipped on purpose (not an error), with the reason. */
export const Skipped = Schema.Struct({
  id: Schema.optional(Schema.String),
  reason: Schema.String
})
/** @see Skipped */
export type Skipped = typeof Skipped.Type

/** The result of a push. */
export const PushResult = Schema.Struct({
  total_events: Schema.Number,
  total_resources_fetched: Schema.Number,
  total_resources_pushed: Schema.Number,
  total_archived: Schema.Number,
  skipped_missing: Schema.Number,
  skipped_having: Schema.Number,
  skipped_duplicate_events: Schema.Number,
  skipped: Schema.Array(Skipped),
  errors: Schema.Array(RecordError),
  dry_run: Schema.Boolean,
  duration_ms: Schema.Number
}).annotations({ identifier: "PushResult" })
/** @see PushResult */
export type PushResult = typeof PushResult.Type
