/**
 * Lever's native models in their JSON wire form: postings (jobs) and opportunities (candidates),
 * timestamps as epoch milliseconds. Field metadata maps to Lever's list query parameters:
 * `updated_at_start` / `updated_at_end` (epoch ms, inclusive) bound the `updated_at` cursor; `state`,
 * `tag`, `email` and `stage_id` filter, repeated for several values (any of them matches).
 * Lever lists cannot be ordered by `updatedAt`, so the cursor is `sortable: false`: the pipeline reads
 * the bounded range and checkpoints at the end of the run.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const nullable = <S extends Schema.Schema.Any>(schema: S) => opt(Schema.NullOr(schema))

/** `updatedAt`: the incremental cursor, and `gte` / `lte` prefilters on the same parameters. */
const updatedAt = Metadata.field(Metadata.EpochMillis, {
  cursor: {
    cursor: "updated_at",
    cursor_start_min: "updated_at_start",
    cursor_end_max: "updated_at_end",
    cursor_format: "epoch_ms",
    sortable: false
  },
  prefilter: { operators: ["gte", "lte"], params: { gte: "updated_at_start", lte: "updated_at_end" } }
})

/** A record id (Lever uses UUIDs). */
const identifier = Metadata.field(Schema.NonEmptyString, { identifier: true })

/** `tags`: IN becomes repeated `tag=` parameters (a record with any of the tags matches). */
const tags = Metadata.field(Schema.Array(Schema.String), {
  prefilter: { operators: ["in"] },
  in_binding: { query_field: "tag", formatter: "array" }
})

/** A posting's categories. */
export const Categories = Schema.Struct({
  team: nullable(Schema.String),
  department: nullable(Schema.String),
  location: nullable(Schema.String),
  commitment: nullable(Schema.String)
})

/** A titled list in a posting's content (e.g. "Requirements"), its body HTML. */
export const ContentList = Schema.Struct({ text: Schema.String, content: Schema.String })

/** A posting's description and lists. */
export const Content = Schema.Struct({
  description: nullable(Schema.String),
  lists: opt(Schema.Array(ContentList))
})

/** A posting's salary range; `interval` is Lever's (e.g. `per-year-salary`, `per-hour-wage`). */
export const SalaryRange = Schema.Struct({
  min: nullable(Schema.Number),
  max: nullable(Schema.Number),
  currency: nullable(Schema.String),
  interval: nullable(Schema.String)
})

/** A posting's public URLs. */
export const Urls = Schema.Struct({ show: nullable(Schema.String), apply: nullable(Schema.String) })

/** A Lever posting (`GET /postings`). `state`: published, internal, closed, draft, pending, rejected. */
export const LeverPosting = Schema.Struct({
  id: identifier,
  text: Schema.String,
  state: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "state", formatter: "array" }
  }),
  createdAt: Metadata.EpochMillis,
  updatedAt,
  categories: opt(Categories),
  content: opt(Content),
  salaryRange: nullable(SalaryRange),
  urls: opt(Urls),
  tags: opt(tags)
}).annotations({ identifier: "LeverPosting" })
/** @see LeverPosting */
export type LeverPosting = typeof LeverPosting.Type

/** A phone number of an opportunity's contact. */
export const Phone = Schema.Struct({ type: nullable(Schema.String), value: Schema.String })

/** Why and when an opportunity was archived (`null` while active). */
export const Archived = Schema.Struct({
  reason: nullable(Schema.String),
  archivedAt: nullable(Metadata.EpochMillis)
})

/** A Lever opportunity (`GET /opportunities`): one candidacy of a contact. `stage` is a stage id. */
export const LeverOpportunity = Schema.Struct({
  id: identifier,
  name: nullable(Schema.String),
  headline: nullable(Schema.String),
  emails: opt(
    Metadata.field(Schema.Array(Schema.String), {
      prefilter: { operators: ["in"] },
      in_binding: { query_field: "email", formatter: "array" }
    })
  ),
  phones: opt(Schema.Array(Phone)),
  location: nullable(Schema.String),
  links: opt(Schema.Array(Schema.String)),
  stage: opt(
    Metadata.field(Schema.NullOr(Schema.String), {
      prefilter: { operators: ["eq", "in"], params: { eq: "stage_id" } },
      in_binding: { query_field: "stage_id", formatter: "array" }
    })
  ),
  archived: nullable(Archived),
  tags: opt(tags),
  createdAt: Metadata.EpochMillis,
  updatedAt
}).annotations({ identifier: "LeverOpportunity" })
/** @see LeverOpportunity */
export type LeverOpportunity = typeof LeverOpportunity.Type

/** The native schemas by resource. */
export const schemas = { job: LeverPosting, profile: LeverOpportunity } as const

/** List and item paths by resource. */
export const paths = { job: "/postings", profile: "/opportunities" } as const
