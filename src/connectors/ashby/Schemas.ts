/**
 * Ashby records as `/job.list` and `/candidate.list` return them in `results` (camelCase keys,
 * ISO-8601 timestamps with milliseconds, e.g. `2024-02-01T09:30:00.000Z`), joined by the connector
 * with what other calls know of them: a job's primary posting (`jobPosting`) and a candidate's
 * applications (`applications`).
 *
 * Ashby lists take no filter or sort in the facts this connector follows (`{ limit, cursor,
 * syncToken }` only): no field is prefilterable, every WHERE condition is applied in memory, and the
 * cursors are `sortable: false` (the pipeline bounds the range in memory and checkpoints at the end of
 * a run). Incremental reads use Ashby's `syncToken` instead, carried in the cursor's `token`.
 * Timestamps are optional because Ashby sets them: a record about to be created has none. Statuses and
 * employment types are open text: Ashby adds values, and an unknown one must not stop a sync.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const { nullable } = Metadata

/** A timestamp that orders nothing and bounds nothing at the origin. */
const stamp = (cursor: "created_at" | "updated_at") => Metadata.field(Schema.NullOr(Metadata.DateTimeString), { cursor: { cursor, sortable: false } })

/** Ashby's job statuses today; the schema accepts others (Ashby adds values), which map to no status. */
export const jobStatuses = ["Open", "Closed", "Draft", "Archived"] as const
/** A known job status. */
export type JobStatus = (typeof jobStatuses)[number]

/** Ashby's employment types today; others are accepted and map to no employment type. */
export const employmentTypes = ["FullTime", "PartTime", "Intern", "Contract", "Temporary"] as const
/** A known employment type. */
export type EmploymentType = (typeof employmentTypes)[number]

/** A custom field value (`value` may be text, a number, a boolean, a list, an object or null). */
export const CustomField = Schema.Struct({
  id: opt(Schema.String),
  title: Schema.String,
  value: opt(Schema.Unknown),
  isPrivate: opt(Schema.Boolean),
  valueLabel: nullable(Schema.String)
})

/** Ashby's workplace types today (`location.workplaceType`, `jobPosting.workplaceType`); others are accepted. */
export const workplaceTypes = ["OnSite", "Hybrid", "Remote"] as const

/** A number Ashby sends as JSON number; text forms (`"72000"`) are accepted too. */
const Amount = Schema.Union(Schema.Number, Schema.String)

/** A postal address (`location.info`'s `address.postalAddress`). */
export const PostalAddress = Schema.Struct({
  ...Metadata.nullables(Schema.String, "addressCountry", "addressRegion", "addressLocality", "postalCode", "streetAddress")
})

/**
 * One part of a compensation range (`Salary`, `EquityPercentage`, `EquityCashValue`, `Commission`,
 * `Bonus`; open text), with its `interval` (`1 YEAR`, `1 HOUR`, `NONE`, ...).
 */
export const CompensationComponent = Schema.Struct({
  id: opt(Schema.String),
  summary: nullable(Schema.String),
  compensationType: Schema.String,
  ...Metadata.nullables(Schema.String, "interval", "currencyCode", "label"),
  minValue: nullable(Amount),
  maxValue: nullable(Amount)
})

/** A compensation tier (a zone or level) and its components. */
export const CompensationTier = Schema.Struct({
  id: opt(Schema.String),
  title: nullable(Schema.String),
  additionalInformation: nullable(Schema.String),
  components: Schema.Array(CompensationComponent),
  tierSummary: nullable(Schema.String)
})

/** A posting's compensation: every tier, and the min–max of each component type across tiers. */
export const Compensation = Schema.Struct({
  compensationTierSummary: nullable(Schema.String),
  summaryComponents: nullable(Schema.Array(CompensationComponent)),
  compensationTiers: nullable(Schema.Array(CompensationTier)),
  shouldDisplayCompensationOnJobBoard: opt(Schema.Boolean)
})

/** One part of a posting's description, as HTML and plain text. */
export const DescriptionPart = Schema.Struct({ html: nullable(Schema.String), plain: nullable(Schema.String) })

/**
 * A job's public posting: the `jobPosting.list` summary (title, location, workplace type, listing,
 * dates, links, compensation summary) plus, from `jobPosting.info`, the description, the address and
 * the compensation tiers. `publishedDate` is a date (`2022-07-22`). Everything but the ids is optional:
 * a posting read from the list alone lacks the details.
 */
export const JobPosting = Schema.Struct({
  id: Schema.String,
  title: nullable(Schema.String),
  jobId: opt(Schema.String),
  departmentName: nullable(Schema.String),
  teamName: nullable(Schema.String),
  teamNameHierarchy: nullable(Schema.Array(Schema.String)),
  locationName: nullable(Schema.String),
  locationIds: nullable(Schema.Struct({ primaryLocationId: nullable(Schema.String), secondaryLocationIds: nullable(Schema.Array(Schema.String)) })),
  workplaceType: nullable(Schema.String),
  employmentType: nullable(Schema.String),
  isListed: nullable(Schema.Boolean),
  isRemote: nullable(Schema.Boolean),
  publishedDate: nullable(Schema.String),
  applicationDeadline: nullable(Metadata.DateTimeString),
  ...Metadata.nullables(Schema.String, "externalLink", "applyLink", "compensationTierSummary"),
  shouldDisplayCompensationOnJobBoard: nullable(Schema.Boolean),
  ...Metadata.nullables(Schema.String, "descriptionPlain", "descriptionHtml", "descriptionSocial"),
  descriptionParts: nullable(
    Schema.Struct({
      descriptionOpening: nullable(DescriptionPart),
      descriptionBody: nullable(DescriptionPart),
      descriptionClosing: nullable(DescriptionPart)
    })
  ),
  address: nullable(Schema.Struct({ postalAddress: nullable(PostalAddress) })),
  compensation: nullable(Compensation),
  updatedAt: nullable(Metadata.DateTimeString)
})
/** @see JobPosting */
export type JobPosting = typeof JobPosting.Type

/** An Ashby job. */
export const AshbyJob = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  title: Schema.String,
  confidential: opt(Schema.Boolean),
  status: Schema.String,
  ...Metadata.nullables(Schema.String, "employmentType", "locationId", "departmentId", "defaultInterviewPlanId"),
  interviewPlanIds: opt(Schema.Array(Schema.String)),
  jobPostingIds: opt(Schema.Array(Schema.String)),
  customRequisitionId: nullable(Schema.String),
  customFields: opt(Schema.Array(CustomField)),
  brandId: nullable(Schema.String),
  hiringTeam: opt(Schema.Array(Schema.Unknown)),
  author: nullable(Schema.Unknown),
  openedAt: nullable(Metadata.DateTimeString),
  closedAt: nullable(Metadata.DateTimeString),
  /** The job's primary posting (joined by the connector from `jobPosting.list` / `jobPosting.info`). */
  jobPosting: nullable(JobPosting),
  createdAt: opt(stamp("created_at")),
  updatedAt: opt(stamp("updated_at"))
}).annotations({ identifier: "AshbyJob" })
/** @see AshbyJob */
export type AshbyJob = typeof AshbyJob.Type

/** An email address or phone number. */
export const Contact = Schema.Struct({ value: Schema.String, type: nullable(Schema.String), isPrimary: opt(Schema.Boolean) })

/** A link to a profile elsewhere (`LinkedIn`, `GitHub`, `Website`, ...). */
export const SocialLink = Schema.Struct({ type: Schema.String, url: Schema.String })

/** A tag; `id` is absent on tags mapped from other systems (Ashby knows a tag's id once it exists). */
export const Tag = Schema.Struct({ id: opt(Schema.String), title: Schema.String, isArchived: opt(Schema.Boolean) })

/** A file stored by Ashby. */
export const FileHandle = Schema.Struct({ id: Schema.String, name: Schema.String, handle: Schema.String })

/** A candidate's location. */
export const Location = Schema.Struct({
  id: opt(Schema.String),
  locationSummary: nullable(Schema.String),
  locationComponents: nullable(Schema.Array(Schema.Struct({ type: Schema.String, name: Schema.String })))
})

/** Ashby's application statuses today; others are accepted. */
export const applicationStatuses = ["Active", "Hired", "Archived", "Lead"] as const

/** An interview stage (`type`: `PreInterviewScreen`, `Active`, `Offer`, `Hired`, `Archived`, ...). */
export const InterviewStage = Schema.Struct({
  id: opt(Schema.String),
  title: Schema.String,
  type: nullable(Schema.String),
  orderInInterviewPlan: nullable(Schema.Number),
  interviewStageGroupId: nullable(Schema.String),
  interviewPlanId: nullable(Schema.String)
})

/** A candidate's application to a job, as `application.list` returns it (its `candidate` left out). */
export const Application = Schema.Struct({
  id: opt(Schema.String),
  status: nullable(Schema.String),
  job: Schema.Struct({ id: Schema.String, title: nullable(Schema.String), locationId: nullable(Schema.String), departmentId: nullable(Schema.String) }),
  currentInterviewStage: nullable(InterviewStage),
  source: nullable(Schema.Struct({ id: opt(Schema.String), title: Schema.String, isArchived: opt(Schema.Boolean), sourceType: opt(Schema.Unknown) })),
  archiveReason: nullable(Schema.Unknown),
  archivedAt: nullable(Metadata.DateTimeString),
  applicationHistory: nullable(
    Schema.Array(
      Schema.Struct({
        stageId: nullable(Schema.String),
        title: nullable(Schema.String),
        enteredStageAt: nullable(Metadata.DateTimeString),
        leftStageAt: nullable(Metadata.DateTimeString)
      })
    )
  ),
  appliedViaJobPostingId: nullable(Schema.String),
  customFields: opt(Schema.Array(CustomField)),
  createdAt: nullable(Metadata.DateTimeString),
  updatedAt: nullable(Metadata.DateTimeString)
})
/** @see Application */
export type Application = typeof Application.Type

/** An Ashby candidate. */
export const AshbyCandidate = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  name: Schema.String,
  primaryEmailAddress: nullable(Contact),
  emailAddresses: opt(Schema.Array(Contact)),
  primaryPhoneNumber: nullable(Contact),
  phoneNumbers: opt(Schema.Array(Contact)),
  socialLinks: opt(Schema.Array(SocialLink)),
  tags: opt(Schema.Array(Tag)),
  ...Metadata.nullables(Schema.String, "position", "company", "school"),
  applicationIds: opt(Schema.Array(Schema.String)),
  resumeFileHandle: nullable(FileHandle),
  fileHandles: opt(Schema.Array(FileHandle)),
  customFields: opt(Schema.Array(CustomField)),
  profileUrl: nullable(Schema.String),
  source: nullable(Schema.Struct({ id: opt(Schema.String), title: Schema.String, isArchived: opt(Schema.Boolean), sourceType: opt(Schema.Unknown) })),
  creditedToUser: nullable(Schema.Unknown),
  fraudStatus: nullable(Schema.String),
  timezone: nullable(Schema.String),
  location: nullable(Location),
  /** The candidate's applications, most recently updated first (joined by the connector from `application.list`). */
  applications: opt(Schema.Array(Application)),
  createdAt: opt(stamp("created_at")),
  updatedAt: opt(stamp("updated_at"))
}).annotations({ identifier: "AshbyCandidate" })
/** @see AshbyCandidate */
export type AshbyCandidate = typeof AshbyCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: AshbyJob, profile: AshbyCandidate } as const
