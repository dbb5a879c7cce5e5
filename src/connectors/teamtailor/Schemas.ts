/**
 * Teamtailor records (JSON:API, flattened — see JsonApi.ts): `GET /jobs` and `GET /candidates`
 * resources with their dasherized attribute names (`created-at`, `first-name`), `id` and `type` at
 * the top level. Timestamps are ISO-8601 with an offset (`2024-04-04T10:20:30.123+02:00`).
 *
 * `filter[created-at][from]` / `filter[updated-at][from]` bound reads from below; there is no upper
 * bound or sort parameter in the facts this connector follows, so the cursors are `sortable: false`
 * (the pipeline bounds the far end in memory and checkpoints at the end of a run). Timestamps are
 * optional because Teamtailor sets them: a record about to be created has none.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** A timestamp bounding reads from below through `filter[<attribute>][from]`. */
const from = (cursor: "created_at" | "updated_at", attribute: string) => {
  const param = `filter[${attribute}][from]`
  return Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor, cursor_start_min: param, sortable: false },
    // `gt` shares the parameter; the connector re-applies the exact condition to what comes back.
    prefilter: { operators: ["gte", "gt"], params: { gte: param, gt: param } }
  })
}

/** Resource-level links (`careersite-job-url`, `self`, ...). */
export const Links = Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.String) })

/** A Teamtailor job. */
export const TeamtailorJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  type: opt(Schema.Literal("jobs")),
  title: Schema.String,
  body: nullable(Schema.String),
  pitch: nullable(Schema.String),
  status: nullable(Schema.String),
  "human-status": nullable(Schema.String),
  "remote-status": nullable(Schema.String),
  "employment-type": nullable(Schema.String),
  "employment-level": nullable(Schema.String),
  "min-salary": nullable(Schema.Number),
  "max-salary": nullable(Schema.Number),
  currency: nullable(Schema.String),
  "salary-time-unit": nullable(Schema.String),
  tags: opt(Schema.Array(Schema.String)),
  "start-date": nullable(Schema.String),
  "end-date": nullable(Schema.String),
  "external-application-url": nullable(Schema.String),
  "created-at": opt(from("created_at", "created-at")),
  "updated-at": opt(from("updated_at", "updated-at")),
  links: opt(Links)
}).annotations({ identifier: "TeamtailorJob" })
/** @see TeamtailorJob */
export type TeamtailorJob = typeof TeamtailorJob.Type

/** A Teamtailor candidate. */
export const TeamtailorCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  type: opt(Schema.Literal("candidates")),
  "first-name": nullable(Schema.String),
  "last-name": nullable(Schema.String),
  email: nullable(Schema.String),
  phone: nullable(Schema.String),
  "linkedin-url": nullable(Schema.String),
  "linkedin-uid": nullable(Schema.String),
  pitch: nullable(Schema.String),
  resume: nullable(Schema.String),
  picture: nullable(Schema.String),
  tags: opt(Schema.Array(Schema.String)),
  sourced: opt(Schema.Boolean),
  connected: opt(Schema.Boolean),
  "created-at": opt(from("created_at", "created-at")),
  "updated-at": opt(from("updated_at", "updated-at")),
  links: opt(Links)
}).annotations({ identifier: "TeamtailorCandidate" })
/** @see TeamtailorCandidate */
export type TeamtailorCandidate = typeof TeamtailorCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: TeamtailorJob, profile: TeamtailorCandidate } as const

/** The JSON:API type (and collection path) of each resource. */
export const types = { job: "jobs", profile: "candidates" } as const

/** Attributes the server owns: never sent on writes. */
export const readOnly: ReadonlyArray<string> = ["created-at", "updated-at", "human-status", "connected"]
