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
  /** The first `maxReportedSkipped` skipped records; `skipped_total` counts them all. */
  skipped: Schema.Array(Skipped),
  /** Every record skipped with a reason, listed or not. */
  skipped_total: Schema.optional(Schema.Number),
  /** Whether `skipped` lists fewer than `skipped_total`. */
  skipped_truncated: Schema.optional(Schema.Boolean),
  /** The first `maxReportedErrors` record errors; `errors_total` counts them all. */
  errors: Schema.Array(RecordError),
  /** Every record error of the push, listed or not. */
  errors_total: Schema.optional(Schema.Number),
  /** Whether `errors` lists fewer than `errors_total`. */
  errors_truncated: Schema.optional(Schema.Boolean),
  dry_run: Schema.Boolean,
  duration_ms: Schema.Number
}).annotations({ identifier: "PushResult" })
/** @see PushResult */
export type PushResult = typeof PushResult.Type

/** Record errors a push result lists; the rest are only counted (`errors_total`), so a bad input cannot inflate the answer. */
export const maxReportedErrors = 100

/**
 * Skipped records a push result lists; the rest are only counted (`skipped_total`). As many as a
 * failures retry replays at most, so a retry's result names every record it could not find.
 */
export const maxReportedSkipped = 1000

/** Failed records of one push kept in the failures table; the rest are counted in the result only. */
export const maxStoredFailures = 1000

/** The longest error message stored or reported. */
export const maxMessageLength = 1000

/** The largest payload (as JSON text) stored with a failed record; a larger one is replaced by its size. */
export const maxPayloadBytes = 64 * 1024

/** A message cut to `maxMessageLength` characters. */
export const boundMessage = (message: string): string =>
  message.length > maxMessageLength ? `${message.slice(0, maxMessageLength)}… (${message.length} characters)` : message

/** A payload as stored with a failed record: itself when its JSON is small enough, else a note of its size. */
export const boundPayload = (payload: unknown): unknown => {
  let text: string | undefined
  try {
    text = JSON.stringify(payload)
  } catch {
    return { truncated: true, reason: "not serialisable" }
  }
  if (text === undefined) return payload
  const bytes = Buffer.byteLength(text, "utf8")
  return bytes > maxPayloadBytes ? { truncated: true, bytes } : payload
}
