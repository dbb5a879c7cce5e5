/**
 * Native schemas of the SQL connector: the unified job and profile, re-annotated with what SQL can do.
 * Column-backed text fields accept every operator; timestamp columns every operator but the text
 * ones (`contains`, `starts_with`), which need the raw text kept in the JSON document. All three
 * cursor modes are sortable: reads are ordered by an index on (cursor column, id).
 */
import * as Schema from "effect/Schema"
import type { Operator } from "../../core/Condition.js"
import { operators } from "../../core/Condition.js"
import * as Metadata from "../../core/Metadata.js"
import * as Unified from "../../core/Unified.js"

/** Operators pushed into SQL for text columns. */
export const textOperators: ReadonlyArray<Operator> = operators

/** Operators pushed into SQL for timestamp columns (compared as normalised UTC instants). */
export const instantOperators: ReadonlyArray<Operator> = operators.filter((op) => op !== "contains" && op !== "starts_with")

const opt = Schema.optional
const text = { prefilter: { operators: textOperators } }
const instant = { prefilter: { operators: instantOperators } }

const id = Metadata.field(Schema.String, { ...text, identifier: true, cursor: { cursor: "id" } })
const reference = opt(Metadata.field(Schema.NullOr(Schema.String), text))
const timestamps = {
  created_at: opt(Metadata.field(Schema.NullOr(Metadata.DateTimeString), { ...instant, cursor: { cursor: "created_at" } })),
  updated_at: opt(Metadata.field(Schema.NullOr(Metadata.DateTimeString), { ...instant, cursor: { cursor: "updated_at" } }))
}

/** A job as stored in `hrtech_jobs`: the unified job, with SQL prefilters and cursors. */
export const SqlJob = Schema.Struct({
  ...Unified.UnifiedJob.fields,
  id,
  reference,
  name: Metadata.field(Schema.String, text),
  status: opt(Metadata.field(Unified.JobStatus, text)),
  employment_type: opt(Metadata.field(Unified.EmploymentType, text)),
  company: opt(Metadata.field(Schema.String, text)),
  requisition_id: opt(Metadata.field(Schema.NullOr(Schema.String), text)),
  published_at: opt(Metadata.field(Schema.NullOr(Metadata.DateTimeString), instant)),
  closes_at: opt(Metadata.field(Schema.NullOr(Metadata.DateTimeString), instant)),
  ...timestamps
}).annotations({ identifier: "SqlJob" })
/** @see SqlJob */
export type SqlJob = typeof SqlJob.Type

/** A profile as stored in `hrtech_profiles`: the unified profile, with SQL prefilters and cursors. */
export const SqlProfile = Schema.Struct({
  ...Unified.UnifiedProfile.fields,
  id,
  reference,
  source: opt(Metadata.field(Schema.String, text)),
  stage: opt(Metadata.field(Schema.String, text)),
  ...timestamps
}).annotations({ identifier: "SqlProfile" })
/** @see SqlProfile */
export type SqlProfile = typeof SqlProfile.Type
