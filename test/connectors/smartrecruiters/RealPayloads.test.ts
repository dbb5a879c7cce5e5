/**
 * SmartRecruiters jobs and candidates as `GET /jobs/{id}` and `GET /candidates/{id}` return them
 * (test/fixtures/real/smartrecruiters, see SOURCES.md): every fixture decodes against the native schema
 * and maps to the unified model field by field, also through the fake server (lists of summaries,
 * details per record) and a pipeline; and the unified round trip keeps every field SmartRecruiters holds.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as SmartRecruiters from "../../../src/connectors/smartrecruiters/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as FakeSmartRecruiters from "../../fakes/SmartRecruiters.js"
import { connectorFor } from "./Fixtures.js"

const fixture = (name: string): Array<Connector.NativeRecord> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/real/smartrecruiters/${name}.json`, import.meta.url), "utf8")) as Array<Connector.NativeRecord>

const jobs = fixture("jobs")
const candidates = fixture("candidates")
const job = (record: Connector.NativeRecord) => SmartRecruiters.Mapping.toUnified("job", record) as Unified.UnifiedJob
const profile = (record: Connector.NativeRecord) => SmartRecruiters.Mapping.toUnified("profile", record) as Unified.UnifiedProfile

describe("SmartRecruiters real payloads", () => {
  it("every fixture decodes against the native schema and maps to a valid unified record", () => {
    for (const record of jobs) {
      expect(Either.isRight(Schema.decodeUnknownEither(SmartRecruiters.SmartRecruitersJob)(record)), String(record.id)).toBe(true)
      expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedJob)(job(record)))).toBe(true)
    }
    for (const record of candidates) {
      expect(Either.isRight(Schema.decodeUnknownEither(SmartRecruiters.SmartRecruitersCandidate)(record)), String(record.id)).toBe(true)
      expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedProfile)(profile(record)))).toBe(true)
    }
  })

  it("a sourcing job in full: job ad sections, department, compensation, employment type, hybrid location, properties", () => {
    expect(job(jobs[0]!)).toEqual({
      id: "3b8e2a4c-6f1d-4b7e-9a35-0c2d1e4f5a61",
      name: "Senior Backend Engineer",
      reference: "REF1162U",
      requisition_id: "REF1162U",
      culture: "<p>We build software for hiring teams.</p>",
      text: "<p>Design and run the services behind our API.</p>",
      requirements: "<ul><li>5+ years of backend development</li></ul>",
      sections: [
        { name: "companyDescription", title: "Company Description", description: "<p>We build software for hiring teams.</p>" },
        { name: "jobDescription", title: "Job Description", description: "<p>Design and run the services behind our API.</p>" },
        { name: "qualifications", title: "Qualifications", description: "<ul><li>5+ years of backend development</li></ul>" },
        { name: "additionalInformation", title: "Additional Information", description: "<p>Hybrid: three days a week in the office.</p>" }
      ],
      status: "open",
      employment_type: "full_time",
      location: {
        text: "Ottawa, ON, Canada",
        lat: 45.3281309,
        lng: -75.8259704,
        street: "1941 Robertson Road",
        city: "Ottawa",
        region: "ON",
        postal_code: "K2H 5B7",
        country: "Canada",
        remote: false,
        fields: { road: "1941 Robertson Road", city: "Ottawa", state: "ON", postcode: "K2H 5B7", country: "Canada" }
      },
      remote: false,
      departments: [{ id: "9c4e7b1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d", name: "Engineering" }],
      salary: { min: 95000, max: 120000, currency: "CAD" },
      ranges_float: [{ name: "salary", value_min: 95000, value_max: 120000, unit: "CAD" }],
      metadatas: [
        { name: "industry", value: "computer_software" },
        { name: "function", value: "engineering" },
        { name: "experienceLevel", value: "mid_senior_level" },
        { name: "eeoCategory", value: "professionals" },
        { name: "hybrid", value: "true" },
        { name: "targetHiringDate", value: "2026-05-01" }
      ],
      created_at: "2026-03-02T09:14:27.512Z",
      updated_at: "2026-03-15T18:37:49.976Z",
      origin: "smartrecruiters",
      payload: jobs[0]
    })
  })

  it("a draft with nulls, an empty department and no reference; on hold and cancelled jobs are closed", () => {
    const draft = job(jobs[1]!)
    expect(draft).toMatchObject({
      name: "Data Analyst (draft)",
      status: "draft",
      remote: true,
      location: { text: "Paris, fr", city: "Paris", country: "fr", remote: true },
      metadatas: [
        { name: "experienceLevel", value: "associate" },
        { name: "hybrid", value: "false" }
      ],
      created_at: "2026-04-20T11:02:03.004Z"
    })
    for (const absent of ["reference", "requisition_id", "departments", "salary", "text", "sections", "employment_type", "updated_at"]) {
      expect(draft, absent).not.toHaveProperty(absent)
    }
    expect(job(jobs[2]!)).toMatchObject({
      status: "closed",
      employment_type: "part_time",
      salary: { min: 18.5, max: null, currency: "USD" },
      ranges_float: [{ name: "salary", value_min: 18.5, value_max: null, unit: "USD" }],
      departments: [{ name: "Logistics" }],
      location: { text: "Austin, Texas, United States", region: "Texas" }
    })
    const cancelled = job(jobs[3]!)
    expect(cancelled).toMatchObject({ status: "closed", employment_type: "contract" })
    expect(cancelled).not.toHaveProperty("location")
  })

  it("candidates in full: contact, web links, education, experience, applications as labels, stage, job ids, source", () => {
    expect(profile(candidates[0]!)).toMatchObject({
      id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
      info: {
        first_name: "John",
        last_name: "Doe",
        full_name: "John Doe",
        email: "john.doe@example.com",
        emails: [{ value: "john.doe@example.com" }],
        phone: "+1 555 0100",
        phones: [{ value: "+1 555 0100" }],
        location: { text: "San Francisco, California, United States", lat: 37.7749295, lng: -122.4194155, city: "San Francisco", region: "California" },
        urls: [
          { type: "linkedin", url: "https://www.linkedin.com/in/johndoe-example" },
          { type: "twitter", url: "https://twitter.com/johndoe_example" },
          { type: "website", url: "https://johndoe.example.com" }
        ]
      },
      educations: [
        {
          school: "Example State University",
          title: "BSc",
          degree: "BSc",
          field: "Computer Science",
          location: { text: "Sacramento" },
          date_start: "2012",
          date_end: "2016-06"
        }
      ],
      experiences: [
        {
          title: "Software Engineer",
          company: "Example Corp",
          current: true,
          date_start: "2019-01",
          location: { text: "San Francisco" },
          description: "Payments platform"
        },
        { title: "Intern", company: "Startup Inc", current: false, date_start: "2015-06", date_end: "2015-09" }
      ],
      tags: [
        { name: "java", value: null },
        { name: "referral", value: null }
      ],
      labels: [
        { job_key: "3b8e2a4c-6f1d-4b7e-9a35-0c2d1e4f5a61", stage: "IN_REVIEW", rating: 4.5 },
        { job_key: "c2e4a6b8-1d3f-4a5c-9e7b-2f4d6a8c0e1a", stage: "REJECTED" }
      ],
      stage: "IN_REVIEW",
      job_ids: ["3b8e2a4c-6f1d-4b7e-9a35-0c2d1e4f5a61", "c2e4a6b8-1d3f-4a5c-9e7b-2f4d6a8c0e1a"],
      source: "LinkedIn",
      created_at: "2026-02-11T10:12:13.140Z",
      updated_at: "2026-03-01T15:16:17.180Z"
    })
  })

  it("a lead without contact data, and an application status SmartRecruiters added later (TRANSFERRED)", () => {
    const lead = profile(candidates[1]!)
    expect(lead).toMatchObject({ info: { full_name: "Jane Roe" }, stage: "LEAD", job_ids: ["7f1a3c5e-9b2d-4e6f-8a1c-3d5e7f9a1b3c"] })
    for (const absent of ["email", "phone", "location", "urls"]) expect(lead.info, absent).not.toHaveProperty(absent)
    for (const absent of ["tags", "educations", "experiences", "updated_at", "source"]) expect(lead, absent).not.toHaveProperty(absent)
    expect(profile(candidates[2]!)).toMatchObject({ stage: "TRANSFERRED", info: { location: { text: "London, gb", country: "gb" } } })
  })

  it.scopedLive("through the fake (summaries, then details) and a pipeline: every record, the cursor falling back to createdOn", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ jobs, candidates })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const pulledJobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" } })
      expect(pulledJobs.stats).toMatchObject({ read: 4, written: 4, failed: 0 })
      expect(pulledJobs.cursor.end).toBe("2026-04-20T11:02:03.004Z")
      expect(target.data.job.get(String(jobs[0]!.id))).toMatchObject({
        text: "<p>Design and run the services behind our API.</p>",
        salary: { currency: "CAD" }
      })
      expect(target.data.job.get(String(jobs[1]!.id))).toMatchObject({ updated_at: "2026-04-20T11:02:03.004Z" })
      const pulledCandidates = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" } })
      expect(pulledCandidates.stats).toMatchObject({ read: 3, written: 3, failed: 0 })
      // Phone, web links and experience come from the details: the list does not show them.
      expect(target.data.profile.get(String(candidates[0]!.id))).toMatchObject({
        info: { phone: "+1 555 0100", urls: [{ type: "linkedin" }, { type: "twitter" }, { type: "website" }] },
        experiences: [{ company: "Example Corp" }, { company: "Startup Inc" }]
      })
    })
  )
})

const finite = (value: number | null | undefined) => (value == null || Number.isFinite(value) ? value : null)

/** Absent, null and empty text are one to SmartRecruiters, also inside lists (a path reads `[null, "x"]` back as `["x"]`). */
const equivalent = (_path: string, expected: unknown, actual: unknown): boolean => {
  const normal = (value: unknown): unknown =>
    value === null || value === "" ? undefined : Array.isArray(value) ? value.map(normal).filter((v) => v !== undefined) : value
  const [e, a] = [normal(expected), normal(actual)]
  const empty = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.every(empty))
  return (empty(e) && empty(a)) || RoundTrip.sameValue(e, a)
}

const webTypes = ["linkedin", "facebook", "twitter", "skype", "website"]

describe("SmartRecruiters unified round trip", () => {
  it.scopedLive("keeps every unified field SmartRecruiters holds, for jobs and profiles", () =>
    Effect.gen(function* () {
      const connector = yield* connectorFor(yield* FakeSmartRecruiters.make())
      const jobHolds = [
        "name",
        "reference",
        "requisition_id",
        "text",
        "culture",
        "requirements",
        "status",
        "employment_type",
        "remote",
        "departments",
        "salary.min",
        "salary.max",
        "salary.currency",
        "location.text",
        "location.street",
        "location.city",
        "location.region",
        "location.postal_code",
        "location.country",
        "location.lat",
        "location.lng",
        "created_at",
        "updated_at"
      ]
      expect(
        RoundTrip.check({
          connector,
          resource: "job",
          holds: jobHolds,
          numRuns: 500,
          seed: 20261205,
          equivalent,
          prepare: (record) => {
            const job = record as Unified.UnifiedJob
            const [department] = (job.departments ?? []).filter((d) => d.name !== "")
            const archived = job.status === "archived" || (job.status === undefined && job.archived_at != null && job.archived_at !== "")
            return {
              ...job,
              // One reference number; the job ad's sections are the text, culture and requirements;
              // no archived state (a cancelled job is closed); one named department; JSON numbers.
              requisition_id: job.reference ?? null,
              sections: [],
              ...(archived ? { status: "closed" as const, archived_at: null } : {}),
              ...(job.departments === undefined ? {} : { departments: department === undefined ? [] : [department] }),
              ...(job.salary === undefined ? {} : { salary: { ...job.salary, min: finite(job.salary.min), max: finite(job.salary.max) } }),
              ...(job.location === undefined ? {} : { location: { ...job.location, lat: finite(job.location.lat), lng: finite(job.location.lng) } })
            }
          }
        })
      ).toBeUndefined()
      const profileHolds = [
        "info.first_name",
        "info.last_name",
        "info.email",
        "info.phone",
        "info.location.city",
        "info.location.region",
        "info.location.country",
        "info.location.lat",
        "info.location.lng",
        "info.urls",
        "tags.name",
        "educations.school",
        "educations.title",
        "educations.field",
        "educations.description",
        "educations.location.text",
        "educations.date_start",
        "educations.date_end",
        "experiences.title",
        "experiences.company",
        "experiences.description",
        "experiences.location.text",
        "experiences.date_start",
        "experiences.date_end",
        "experiences.current",
        "labels.job_key",
        "labels.stage",
        "stage",
        "job_ids",
        "source",
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
          equivalent,
          prepare: (record) => {
            const profile = record as Unified.UnifiedProfile
            const { full_name: _full, ...info } = profile.info ?? {}
            const location = info.location
            // Applications need a job; the current stage, job ids and source are the applications'.
            const labels = (profile.labels ?? []).filter((l) => l.job_key != null && l.job_key !== "")
            // One web link per kind SmartRecruiters keeps, in its order.
            const urls = webTypes.flatMap((type) => info.urls?.find((u) => u.type === type && u.url !== "") ?? [])
            const place = (l: Unified.Location | undefined) => (l === undefined ? undefined : { text: l.text ?? l.city ?? null })
            return {
              ...profile,
              ...(profile.info === undefined
                ? {}
                : {
                    info: {
                      ...info,
                      urls,
                      ...(location === undefined ? {} : { location: { ...location, lat: finite(location.lat), lng: finite(location.lng) } })
                    }
                  }),
              labels,
              job_ids: labels.map((l) => l.job_key!),
              stage: labels[0]?.stage ?? null,
              ...(labels.length === 0 ? { source: undefined } : {}),
              ...(profile.educations === undefined ? {} : { educations: profile.educations.map((e) => ({ ...e, location: place(e.location) })) }),
              ...(profile.experiences === undefined ? {} : { experiences: profile.experiences.map((e) => ({ ...e, location: place(e.location) })) })
            } as Unified.UnifiedProfile
          }
        })
      ).toBeUndefined()
    })
  )
})
