/**
 * SmartRecruiters' native models in their JSON wire form: jobs and candidates, timestamps as ISO-8601
 * text. Field metadata maps to SmartRecruiters' list query parameters: `updatedAfter` bounds the
 * `updated_at` cursor from below (the API has no upper bound and no ordering by it, so the cursor is
 * `sortable: false` and the pipeline filters the rest in memory); `status` and `postingStatus` filter
 * jobs. `updatedAfter` is strictly after, so it carries a `gt` prefilter, and the connector asks for
 * one millisecond before an inclusive cursor start.
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const nullable = <S extends Schema.Schema.Any>(schema: S) => opt(Schema.NullOr(schema))

/** `updatedOn`: the incremental cursor and a `gt` prefilter, both on `updatedAfter`. */
const updatedOn = Metadata.field(Metadata.DateTimeString, {
  cursor: { cursor: "updated_at", cursor_start_min: "updatedAfter", sortable: false },
  prefilter: { operators: ["gt"], params: { gt: "updatedAfter" } }
})

/** A record id. */
const identifier = Metadata.field(Schema.NonEmptyString, { identifier: true })

/** A job's location. */
export const JobLocation = Schema.Struct({
  city: nullable(Schema.String),
  region: nullable(Schema.String),
  country: nullable(Schema.String),
  remote: nullable(Schema.Boolean)
})

/** A titled section of a job ad (HTML text). */
export const JobAdSection = Schema.Struct({ title: nullable(Schema.String), text: nullable(Schema.String) })

/** A job ad: the job description and its companion sections. */
export const JobAd = Schema.Struct({
  sections: opt(
    Schema.Struct({
      companyDescription: opt(JobAdSection),
      jobDescription: opt(JobAdSection),
      qualifications: opt(JobAdSection),
      additionalInformation: opt(JobAdSection)
    })
  )
})

/**
 * A SmartRecruiters job: `GET /jobs` lists summaries, `GET /jobs/{id}` adds the `jobAd`. `status`:
 * CREATED, SOURCING, INTERVIEW, OFFER, FILLED, CANCELLED, ON_HOLD; `postingStatus`: PUBLIC, INTERNAL,
 * NOT_PUBLISHED, PRIVATE.
 */
export const SmartRecruitersJob = Schema.Struct({
  id: identifier,
  title: Schema.String,
  refNumber: nullable(Schema.String),
  createdOn: Metadata.DateTimeString,
  updatedOn,
  status: Metadata.field(Schema.String, { prefilter: { operators: ["eq"] } }),
  postingStatus: opt(Metadata.field(Schema.String, { prefilter: { operators: ["eq"] } })),
  location: opt(JobLocation),
  jobAd: opt(JobAd)
}).annotations({ identifier: "SmartRecruitersJob" })
/** @see SmartRecruitersJob */
export type SmartRecruitersJob = typeof SmartRecruitersJob.Type

/** A candidate's location. */
export const CandidateLocation = Schema.Struct({
  city: nullable(Schema.String),
  region: nullable(Schema.String),
  country: nullable(Schema.String),
  lat: nullable(Schema.Number),
  lng: nullable(Schema.Number)
})

/** A degree. Dates are SmartRecruiters' partial dates (`2015`, `2015-09`, `2015-09-01`). */
export const Education = Schema.Struct({
  institution: nullable(Schema.String),
  degree: nullable(Schema.String),
  major: nullable(Schema.String),
  current: nullable(Schema.Boolean),
  location: nullable(Schema.String),
  startDate: nullable(Schema.String),
  endDate: nullable(Schema.String),
  description: nullable(Schema.String)
})

/** A position held. */
export const Experience = Schema.Struct({
  title: nullable(Schema.String),
  company: nullable(Schema.String),
  current: nullable(Schema.Boolean),
  location: nullable(Schema.String),
  startDate: nullable(Schema.String),
  endDate: nullable(Schema.String),
  description: nullable(Schema.String)
})

/** A SmartRecruiters candidate (`GET /candidates`). */
export const SmartRecruitersCandidate = Schema.Struct({
  id: identifier,
  firstName: Schema.String,
  lastName: Schema.String,
  email: nullable(Schema.String),
  phoneNumber: nullable(Schema.String),
  location: nullable(CandidateLocation),
  tags: opt(Schema.Array(Schema.String)),
  education: opt(Schema.Array(Education)),
  experience: opt(Schema.Array(Experience)),
  createdOn: opt(Metadata.DateTimeString),
  updatedOn: opt(updatedOn)
}).annotations({ identifier: "SmartRecruitersCandidate" })
/** @see SmartRecruitersCandidate */
export type SmartRecruitersCandidate = typeof SmartRecruitersCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: SmartRecruitersJob, profile: SmartRecruitersCandidate } as const

/** List and item paths by resource. */
export const paths = { job: "/jobs", profile: "/candidates" } as const
