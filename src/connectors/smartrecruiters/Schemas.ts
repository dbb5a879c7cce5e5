/**
 * SmartRecruiters' native models in their JSON wire form (Customer API: Job API and Candidate API),
 * timestamps as ISO-8601 text. A job is what `GET /jobs/{id}` returns (the list's summaries lack the
 * job ad, compensation and the job properties); a candidate is what `GET /candidates/{id}` returns
 * (the list's summaries lack phone, web links, education and experience).
 *
 * Field metadata maps to SmartRecruiters' list query parameters: `updatedAfter` bounds the
 * `updated_at` cursor from below (the API has no upper bound and no ordering by it, so the cursor is
 * `sortable: false` and the pipeline filters the rest in memory); `status` and `postingStatus` filter
 * jobs. `updatedAfter` is strictly after, so it carries a `gt` prefilter, and the connector asks for
 * one millisecond before an inclusive cursor start.
 *
 * Every field but the id may be absent or null on a real record; enumerations (statuses, assignment
 * statuses) stay open text because SmartRecruiters adds values (e.g. `TRANSFERRED`).
 */
import * as Schema from "effect/Schema"
import * as Metadata from "../../core/Metadata.js"

const opt = Schema.optional
const { nullable } = Metadata

/** `updatedOn` (absent or null on records never updated): the incremental cursor and a `gt` prefilter, both on `updatedAfter`. */
const updatedOn = opt(
  Metadata.field(Schema.NullOr(Metadata.DateTimeString), {
    cursor: { cursor: "updated_at", cursor_start_min: "updatedAfter", sortable: false },
    prefilter: { operators: ["gt"], params: { gt: "updatedAfter" } }
  })
)

/** A record id. */
const identifier = Metadata.field(Schema.NonEmptyString, { identifier: true })

/** A coordinate: SmartRecruiters sends job coordinates as text and candidate coordinates as numbers. */
const Coordinate = Schema.Union(Schema.Number, Schema.String)

/** An `{ id, label }` property: industry, function, type of employment, experience level, ... */
export const Property = Schema.Struct({ id: nullable(Schema.String), label: nullable(Schema.String) })

/** A job's location (`GET /jobs/{id}`): address parts, coordinates as text, and the remote / hybrid flags. */
export const JobLocation = Schema.Struct({
  ...Metadata.nullables(Schema.String, "country", "countryCode", "regionCode", "region", "city", "address", "postalCode"),
  latitude: nullable(Coordinate),
  longitude: nullable(Coordinate),
  ...Metadata.nullables(Schema.Boolean, "remote", "hybrid", "manual"),
  fullLocation: nullable(Schema.String)
})

/** A titled section of a job ad (HTML text). */
export const JobAdSection = Schema.Struct({ title: nullable(Schema.String), text: nullable(Schema.String) })

/** A job ad: the job description and its companion sections. */
export const JobAd = Schema.Struct({
  sections: nullable(
    Schema.Struct({
      companyDescription: nullable(JobAdSection),
      jobDescription: nullable(JobAdSection),
      qualifications: nullable(JobAdSection),
      additionalInformation: nullable(JobAdSection)
    })
  )
})

/** A job's compensation (the currency is an ISO 4217 code). */
export const Compensation = Schema.Struct({
  min: nullable(Schema.Number),
  max: nullable(Schema.Number),
  currency: nullable(Schema.String)
})

/** A job's department. */
export const Department = Schema.Struct({
  ...Metadata.nullables(Schema.String, "id", "label", "description")
})

/**
 * A SmartRecruiters job. `status`: CREATED, SOURCING, INTERVIEW, OFFER, FILLED, CANCELLED, ON_HOLD;
 * `postingStatus`: PUBLIC, INTERNAL, NOT_PUBLISHED, PRIVATE.
 */
export const SmartRecruitersJob = Schema.Struct({
  id: identifier,
  title: Schema.String,
  refNumber: nullable(Schema.String),
  createdOn: nullable(Metadata.DateTimeString),
  updatedOn,
  lastActivityOn: nullable(Metadata.DateTimeString),
  status: opt(Metadata.field(Schema.NullOr(Schema.String), { prefilter: { operators: ["eq"] } })),
  postingStatus: opt(Metadata.field(Schema.NullOr(Schema.String), { prefilter: { operators: ["eq"] } })),
  department: nullable(Department),
  location: nullable(JobLocation),
  targetHiringDate: nullable(Schema.String),
  industry: nullable(Property),
  function: nullable(Property),
  typeOfEmployment: nullable(Property),
  experienceLevel: nullable(Property),
  eeoCategory: nullable(Property),
  template: nullable(Schema.Boolean),
  compensation: nullable(Compensation),
  jobAd: nullable(JobAd)
}).annotations({ identifier: "SmartRecruitersJob" })
/** @see SmartRecruitersJob */
export type SmartRecruitersJob = typeof SmartRecruitersJob.Type

/** A candidate's location. */
export const CandidateLocation = Schema.Struct({
  ...Metadata.nullables(Schema.String, "country", "countryCode", "regionCode", "region", "city"),
  lat: nullable(Coordinate),
  lng: nullable(Coordinate)
})

/** A candidate's web profiles. */
export const Web = Schema.Struct({
  ...Metadata.nullables(Schema.String, "skype", "linkedin", "facebook", "twitter", "website")
})

/** A degree. Dates are SmartRecruiters' partial dates (`2015`, `2015-09`, `2015-09-01`). */
export const Education = Schema.Struct({
  ...Metadata.nullables(Schema.String, "institution", "degree", "major"),
  current: nullable(Schema.Boolean),
  ...Metadata.nullables(Schema.String, "location", "startDate", "endDate", "description")
})

/** A position held. */
export const Experience = Schema.Struct({
  title: nullable(Schema.String),
  company: nullable(Schema.String),
  current: nullable(Schema.Boolean),
  ...Metadata.nullables(Schema.String, "location", "startDate", "endDate", "description")
})

/**
 * A candidate's application to a job. `status`: LEAD, NEW, IN_REVIEW, INTERVIEW, OFFER, HIRED,
 * REJECTED, WITHDRAWN, TRANSFERRED (kept open).
 */
export const Assignment = Schema.Struct({
  job: nullable(Schema.Struct({ id: nullable(Schema.String), title: nullable(Schema.String) })),
  ...Metadata.nullables(Schema.String, "status", "subStatus", "startsOn", "source")
})

/** A SmartRecruiters candidate (`GET /candidates/{id}`; the list holds summaries of it). */
export const SmartRecruitersCandidate = Schema.Struct({
  id: identifier,
  internal: nullable(Schema.Boolean),
  ...Metadata.nullables(Schema.String, "firstName", "lastName", "email", "phoneNumber"),
  location: nullable(CandidateLocation),
  web: nullable(Web),
  averageRating: nullable(Schema.Number),
  tags: nullable(Schema.Array(Schema.String)),
  education: nullable(Schema.Array(Education)),
  experience: nullable(Schema.Array(Experience)),
  primaryAssignment: nullable(Assignment),
  secondaryAssignments: nullable(Schema.Array(Assignment)),
  createdOn: nullable(Metadata.DateTimeString),
  updatedOn
}).annotations({ identifier: "SmartRecruitersCandidate" })
/** @see SmartRecruitersCandidate */
export type SmartRecruitersCandidate = typeof SmartRecruitersCandidate.Type

/** The native schemas by resource. */
export const schemas = { job: SmartRecruitersJob, profile: SmartRecruitersCandidate } as const

/** List and item paths by resource. */
export const paths = { job: "/jobs", profile: "/candidates" } as const
