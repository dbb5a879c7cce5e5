/**
 * Lever's native models in their JSON wire form (API v1): postings (jobs) and opportunities
 * (candidates), timestamps as epoch milliseconds. They accept what Lever really sends: `null` for
 * absent values (a draft or closed posting's `urls`, an older opportunity's `updatedAt`), empty
 * strings, Lever's open value sets (posting `state`, `workplaceType`), and an opportunity's `stage`,
 * `owner`, `followers` and `applications` either as ids or expanded (`expand=`).
 *
 * Field metadata maps to Lever's list query parameters: `updated_at_start` / `updated_at_end` (epoch
 * ms, inclusive) bound the `updated_at` cursor; `state`, `tag`, `email` and `stage_id` filter,
 * repeated for several values (any of them matches). Lever lists cannot be ordered by `updatedAt`, so
 * the cursor is `sortable: false`: the pipeline reads the bounded range and checkpoints at the end of
 * the run. A record Lever sends with `updatedAt: null` was never changed since it was created; the
 * client gives it its `createdAt` as cursor value (see `Client.withCursor`).
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const { nullable } = Metadata
const text = nullable(Schema.String)
const strings = opt(Schema.Array(Schema.String))

/** `updatedAt`: the incremental cursor, and `gte` / `lte` prefilters on the same parameters. */
const updatedAt = opt(
  Metadata.field(Schema.NullOr(Metadata.EpochMillis), {
    cursor: {
      cursor: "updated_at",
      cursor_start_min: "updated_at_start",
      cursor_end_max: "updated_at_end",
      cursor_format: "epoch_ms",
      sortable: false
    },
    prefilter: { operators: ["gte", "lte"], params: { gte: "updated_at_start", lte: "updated_at_end" } }
  })
)

/** A record id (Lever uses UUIDs). */
const identifier = Metadata.field(Schema.NonEmptyString, { identifier: true })

/** `tags`: IN becomes repeated `tag=` parameters (a record with any of the tags matches). */
const tags = Metadata.field(Schema.Array(Schema.String), {
  prefilter: { operators: ["in"] },
  in_binding: { query_field: "tag", formatter: "array" }
})

/** A Lever user, as an id or expanded (`expand=owner`). */
export const UserRef = Schema.Union(Schema.String, Schema.Struct({ id: Schema.String, name: text, email: text }))

/** A posting's categories; `allLocations` lists every location of a multi-location posting. */
export const Categories = Schema.Struct({
  team: text,
  department: text,
  location: text,
  commitment: text,
  level: text,
  allLocations: nullable(Schema.Array(Schema.String))
})

/** A titled list in a posting's content (e.g. "Requirements"), its body HTML. */
export const ContentList = Schema.Struct({ text: Schema.String, content: Schema.String })

/** A posting's description (plain text and HTML), lists and closing statement. */
export const Content = Schema.Struct({
  description: text,
  descriptionHtml: text,
  lists: nullable(Schema.Array(ContentList)),
  closing: text,
  closingHtml: text
})

/** A posting's salary range; `interval` is Lever's (e.g. `per-year-salary`, `per-hour-wage`). */
export const SalaryRange = Schema.Struct({
  min: nullable(Schema.Number),
  max: nullable(Schema.Number),
  currency: text,
  interval: text
})

/** A posting's public URLs (`null` while the posting is a draft or closed). */
export const Urls = Schema.Struct({ list: text, show: text, apply: text })

/**
 * A Lever posting (`GET /postings`). `state`: published, internal, closed, draft, pending, rejected
 * (kept open); `workplaceType`: unspecified, on-site, remote, hybrid (kept open).
 */
export const LeverPosting = Schema.Struct({
  id: identifier,
  text: Schema.String,
  state: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "state", formatter: "array" }
  }),
  createdAt: Metadata.EpochMillis,
  updatedAt,
  user: nullable(UserRef),
  owner: nullable(UserRef),
  hiringManager: nullable(UserRef),
  followers: nullable(Schema.Array(UserRef)),
  confidentiality: text,
  distributionChannels: nullable(Schema.Array(Schema.String)),
  categories: nullable(Categories),
  content: nullable(Content),
  country: text,
  workplaceType: text,
  reqCode: text,
  requisitionCodes: nullable(Schema.Array(Schema.String)),
  salaryDescription: text,
  salaryDescriptionHtml: text,
  salaryRange: nullable(SalaryRange),
  urls: nullable(Urls),
  tags: opt(tags)
}).annotations({ identifier: "LeverPosting" })
/** @see LeverPosting */
export type LeverPosting = typeof LeverPosting.Type

/** A phone number of an opportunity's contact (`type`: mobile, home, work, skype, other). */
export const Phone = Schema.Struct({ type: text, value: Schema.String })

/** Why (an archive reason id) and when an opportunity was archived (`null` while active). */
export const Archived = Schema.Struct({
  reason: text,
  archivedAt: nullable(Metadata.EpochMillis)
})

/** A pipeline stage, as an id or expanded (`expand=stage`: `{ id, text }`). */
export const StageRef = Schema.Union(Schema.String, Schema.Struct({ id: Schema.String, text: text }))

/** A stage change in an opportunity's history. */
export const StageChange = Schema.Struct({
  toStageId: Schema.String,
  toStageIndex: nullable(Schema.Number),
  updatedAt: nullable(Metadata.EpochMillis),
  userId: text
})

/** An application of an opportunity, expanded (`expand=applications`); `posting` is the job applied to. */
export const Application = Schema.Struct({
  id: Schema.String,
  type: text,
  posting: nullable(Schema.Union(Schema.String, Schema.Struct({ id: Schema.String, text: text }))),
  createdAt: nullable(Metadata.EpochMillis),
  archived: nullable(Archived)
})

/** A Lever opportunity (`GET /opportunities`): one candidacy of a contact (the person, `contact`). */
export const LeverOpportunity = Schema.Struct({
  id: identifier,
  name: text,
  contact: text,
  headline: text,
  emails: opt(
    Metadata.field(Schema.Array(Schema.String), {
      prefilter: { operators: ["in"] },
      in_binding: { query_field: "email", formatter: "array" }
    })
  ),
  phones: nullable(Schema.Array(Phone)),
  location: text,
  links: strings,
  stage: opt(
    Metadata.field(Schema.NullOr(StageRef), {
      prefilter: { operators: ["eq", "in"], params: { eq: "stage_id" } },
      in_binding: { query_field: "stage_id", formatter: "array" }
    })
  ),
  stageChanges: nullable(Schema.Array(StageChange)),
  archived: nullable(Archived),
  tags: opt(tags),
  sources: strings,
  origin: text,
  sourcedBy: nullable(UserRef),
  owner: nullable(UserRef),
  followers: nullable(Schema.Array(UserRef)),
  applications: nullable(Schema.Array(Schema.Union(Schema.String, Application))),
  confidentiality: text,
  opportunityLocation: text,
  isAnonymized: nullable(Schema.Boolean),
  urls: nullable(Schema.Struct({ list: text, show: text })),
  createdAt: Metadata.EpochMillis,
  updatedAt,
  lastInteractionAt: nullable(Metadata.EpochMillis),
  lastAdvancedAt: nullable(Metadata.EpochMillis),
  snoozedUntil: nullable(Metadata.EpochMillis)
}).annotations({ identifier: "LeverOpportunity" })
/** @see LeverOpportunity */
export type LeverOpportunity = typeof LeverOpportunity.Type

/** The native schemas by resource. */
export const schemas = { job: LeverPosting, profile: LeverOpportunity } as const

/** List and item paths by resource. */
export const paths = { job: "/postings", profile: "/opportunities" } as const
