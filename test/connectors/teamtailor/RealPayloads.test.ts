/**
 * Teamtailor records as Teamtailor really sends them (test/fixtures/real/teamtailor, see SOURCES.md):
 * every fixture decodes against the native schema and maps to the unified model field by field, also
 * through the fake server and a pipeline; and the unified round trip keeps every field Teamtailor holds.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Teamtailor from "../../../src/connectors/teamtailor/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Fake from "../../fakes/Teamtailor.js"

type Document = { readonly data: unknown; readonly included?: ReadonlyArray<Record<string, unknown>> }

const fixture = (name: string): Document =>
  JSON.parse(readFileSync(new URL(`../../fixtures/real/teamtailor/${name}.json`, import.meta.url), "utf8")) as Document

const resources = (name: string): Array<Record<string, unknown>> => {
  const { data } = fixture(name)
  return (Array.isArray(data) ? data : [data]) as Array<Record<string, unknown>>
}

/** The flat native records of a document, as the connector reads them. */
const flat = (name: string): Array<Connector.NativeRecord> => {
  const document = fixture(name)
  const data = Array.isArray(document.data) ? document : { ...document, data: [document.data] }
  return Teamtailor.JsonApi.flattenDocument(data) as Array<Connector.NativeRecord>
}

const decodeJob = Schema.decodeUnknownEither(Teamtailor.TeamtailorJob)
const decodeCandidate = Schema.decodeUnknownEither(Teamtailor.TeamtailorCandidate)
const job = (record: Connector.NativeRecord) => Teamtailor.Mapping.toUnified("job", record) as Unified.UnifiedJob
const profile = (record: Connector.NativeRecord) => Teamtailor.Mapping.toUnified("profile", record) as Unified.UnifiedProfile

const jobFixtures = ["job", "jobs", "job_included_user", "docs_job_object", "jobs_included_department_locations"]
const candidateFixtures = ["candidate", "candidates", "docs_candidate_object", "candidates_included_job_applications"]

describe("Teamtailor real payloads", () => {
  it("every fixture decodes against the native schema and maps to a valid unified record", () => {
    for (const name of jobFixtures) {
      for (const record of flat(name)) {
        expect(Either.isRight(decodeJob(record)), `${name} ${String(record.id)}`).toBe(true)
        expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedJob)(job(record)))).toBe(true)
      }
    }
    for (const name of candidateFixtures) {
      for (const record of flat(name)) {
        expect(Either.isRight(decodeCandidate(record)), `${name} ${String(record.id)}`).toBe(true)
        expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedProfile)(profile(record)))).toBe(true)
      }
    }
  })

  it("a published job of the client library's recording: empty pitch, tags and application URL are no data; no updated-at", () => {
    const [emberjs, rails] = flat("jobs").map(job)
    expect(emberjs).toMatchObject({
      id: "27",
      name: "EmberJS Developer",
      text: "<p>Come build ambitious web applications with us!<br></p>",
      status: "open",
      url: "http://company0.teamtailor.localhost/jobs/27-emberjs-developer",
      apply_url: "https://company0.teamtailor.localhost/jobs/27-emberjs-developer/applications/new",
      created_at: "2020-03-25T12:45:48.855Z",
      metadatas: [{ name: "internal", value: "false" }],
      origin: "teamtailor"
    })
    for (const absent of ["summary", "tags", "salary", "remote", "employment_type", "updated_at", "departments", "location", "closes_at"]) {
      expect(emberjs, absent).not.toHaveProperty(absent)
    }
    expect(rails).toMatchObject({ id: "26", name: "Ruby on Rails developer", created_at: "2020-03-25T12:45:10.480Z" })
  })

  it("the documented job object: scheduled is a draft, start/end dates, tags, remote-status none", () => {
    const [documented] = flat("docs_job_object").map(job)
    expect(documented).toMatchObject({
      id: "7199",
      name: "Marketing Manager",
      summary: "Become part of something great!",
      text: "<p>Job body HTML goes here.</p>",
      status: "draft",
      remote: false,
      location: { remote: false },
      tags: [
        { name: "JavaScript", value: null },
        { name: "Ruby", value: null }
      ],
      published_at: "2016-11-16T23:00:00.000Z",
      closes_at: "2016-11-24T23:00:00.000Z",
      created_at: "2016-11-16T23:00:00.000Z",
      apply_url: "https://career.teamtailor.com/jobs/7199-new-title/applications/new"
    })
  })

  it("a job with its department and location included", () => {
    const [withPlace] = flat("jobs_included_department_locations").map(job)
    expect(withPlace?.departments).toEqual([{ id: "1", name: "Product Development" }])
    expect(withPlace?.location).toMatchObject({
      text: "Stockholm",
      street: "Sankt Paulsgatan 7B",
      city: "Stockholm",
      postal_code: "118 46",
      country: "Sweden",
      fields: { road: "Sankt Paulsgatan 7B", city: "Stockholm", postcode: "118 46", country: "Sweden" }
    })
    expect(withPlace?.location).not.toHaveProperty("lat")
  })

  it("candidates: nulls are no data, the documented one has phone, picture, pitch, resume and referring site", () => {
    const [gregoria] = flat("candidate").map(profile)
    expect(gregoria).toMatchObject({
      id: "1",
      info: {
        first_name: "Gregoria",
        last_name: "Deckow",
        full_name: "Gregoria Deckow",
        email: "applicant1@example.com",
        emails: [{ value: "applicant1@example.com" }]
      },
      created_at: "2020-03-18T10:39:32.440Z",
      updated_at: "2020-03-18T10:39:32.440Z"
    })
    expect(gregoria?.info).not.toHaveProperty("phone")
    for (const absent of ["tags", "attachments", "source", "labels", "job_ids", "stage"]) expect(gregoria, absent).not.toHaveProperty(absent)

    const [john] = flat("docs_candidate_object").map(profile)
    expect(john).toMatchObject({
      id: "1337",
      info: {
        full_name: "John Doe",
        email: "john.doe@example.com",
        phone: "0700000000",
        phones: [{ value: "0700000000" }],
        picture: "https://image.jpg",
        summary: "I like turtles"
      },
      attachments: [{ type: "resume", public_url: "https://s3.amazonaws.com/resume.pdf" }],
      source: "Facebook",
      updated_at: "2017-01-18T20:20:16.646Z"
    })
  })

  it("a candidate with its job applications included: labels, job ids and source", () => {
    const [jonas] = flat("candidates_included_job_applications").map(profile)
    expect(jonas).toMatchObject({
      id: "410",
      info: { full_name: "Jonas Wennergren", email: "jowen@teamtailor.localhost" },
      source: "sourced",
      job_ids: ["26"],
      labels: [{ job_key: "26", stage: null, date_stage: "2020-03-31T13:46:24.138Z" }]
    })
  })

  it.scopedLive("through the fake and a pipeline: every job and candidate is read, the cursor falls back to created-at in UTC", () =>
    Effect.gen(function* () {
      const jobs = [...resources("jobs"), ...resources("docs_job_object")]
      const withPlace = fixture("jobs_included_department_locations")
      const candidates = [...resources("candidates"), ...resources("docs_candidate_object")]
      const fake = yield* Fake.make({
        apiKey: "k",
        jobs: [...jobs, ...resources("jobs_included_department_locations").map((r) => ({ ...r, id: "28" }))],
        candidates,
        included: withPlace.included ?? []
      })
      const origin = yield* Teamtailor.make({ api_key: Redacted.make("k"), base_url: fake.baseUrl })
      const target = Memory.make({ name: "memory" })
      const pulledJobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" } })
      expect(pulledJobs.stats).toMatchObject({ read: 4, written: 4, failed: 0 })
      expect(pulledJobs.cursor.end).toBe("2020-03-25T12:45:48.855Z")
      expect(target.data.job.get("26")).toMatchObject({ updated_at: "2020-03-25T12:45:10.480Z", created_at: "2020-03-25T12:45:10.480Z" })
      expect(target.data.job.get("28")).toMatchObject({ departments: [{ id: "1", name: "Product Development" }], location: { city: "Stockholm" } })
      const pulledCandidates = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" } })
      expect(pulledCandidates.stats).toMatchObject({ read: 2, written: 2, failed: 0 })
      expect(target.data.profile.get("1337")).toMatchObject({ info: { phone: "0700000000" } })
    })
  )
})

/** JSON has no infinities: a location as any vendor can hold it. */
const finiteCoordinates = (location: Unified.Location): Unified.Location => ({
  ...location,
  lat: finite(location.lat),
  lng: finite(location.lng)
})

const finite = (value: number | null | undefined) => (value == null || Number.isFinite(value) ? value : null)

/** A salary as JSON can hold it (no NaN or infinities). */
const finiteSalary = (salary: Unified.SalaryRange): Unified.SalaryRange => ({ ...salary, min: finite(salary.min), max: finite(salary.max) })

describe("Teamtailor unified round trip", () => {
  it.scopedLive("keeps every unified field Teamtailor holds, for jobs and profiles", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey: "k" })
      const connector = yield* Teamtailor.make({ api_key: Redacted.make("k"), base_url: fake.baseUrl })
      const jobHolds = [
        "name",
        "summary",
        "text",
        "status",
        "employment_type",
        "remote",
        "salary.min",
        "salary.max",
        "salary.currency",
        "salary.period",
        "tags.name",
        "apply_url",
        "published_at",
        "closes_at",
        "created_at",
        "updated_at",
        "departments",
        "location.text",
        "location.street",
        "location.city",
        "location.postal_code",
        "location.country",
        "location.lat",
        "location.lng"
      ]
      expect(
        RoundTrip.check({
          connector,
          resource: "job",
          holds: jobHolds,
          numRuns: 500,
          seed: 20261205,
          prepare: (record) => {
            const job = record as Unified.UnifiedJob
            const [department] = (job.departments ?? []).filter((d) => d.name !== "")
            return {
              ...job,
              ...(job.location === undefined ? {} : { location: finiteCoordinates(job.location) }),
              ...(job.salary === undefined ? {} : { salary: finiteSalary(job.salary) }),
              // Teamtailor archives a job it closes; one named department per job, always with an id.
              ...(job.status === "closed" ? { status: "archived" as const } : {}),
              ...(job.departments === undefined ? {} : { departments: department === undefined ? [] : [{ id: department.id ?? "1", name: department.name }] })
            }
          }
        })
      ).toBeUndefined()
      const profileHolds = [
        "info.first_name",
        "info.last_name",
        "info.email",
        "info.phone",
        "info.summary",
        "info.picture",
        "tags.name",
        "attachments.public_url",
        "source",
        "labels.job_key",
        "labels.stage",
        "job_ids",
        "stage",
        "created_at",
        "updated_at"
      ]
      expect(
        RoundTrip.check({
          connector,
          resource: "profile",
          holds: profileHolds,
          numRuns: 500,
          seed: 20261205,
          prepare: (record) => {
            const profile = record as Unified.UnifiedProfile
            // Applications need a job, stages have names; the current stage and job ids are those of the applications.
            const labels = (profile.labels ?? [])
              .filter((label) => label.job_key != null && label.job_key !== "")
              .map((label) => ({ ...label, stage: label.stage === "" ? null : (label.stage ?? null) }))
            const resume = profile.attachments?.find((a) => a.type === "resume")
            // Teamtailor keeps first and last names (a full name alone is split into them) and no headline.
            const { full_name: _full, headline: _headline, ...info } = profile.info ?? {}
            return {
              ...profile,
              ...(profile.info === undefined ? {} : { info }),
              labels,
              job_ids: labels.map((label) => label.job_key!),
              stage: labels[0]?.stage ?? null,
              attachments: resume === undefined ? [] : [{ type: "resume", public_url: resume.public_url ?? null }]
            }
          }
        })
      ).toBeUndefined()
    })
  )
})
