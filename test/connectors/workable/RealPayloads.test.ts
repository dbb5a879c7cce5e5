/**
 * Workable's real payloads (`test/fixtures/real/workable`, see SOURCES.md): every record decodes against
 * the native schemas and maps to the unified model field by field; served by the fake Workable, they
 * flow through a pull, and job edits reach an incremental run through `updated_after`. Plus the
 * unified round-trip property for jobs and candidates.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import * as Workable from "../../../src/connectors/workable/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Fake from "../../fakes/Workable.js"

type Row = Record<string, unknown>
const fixture = (name: string): Row => JSON.parse(readFileSync(new URL(`../../fixtures/real/workable/${name}`, import.meta.url), "utf8")) as Row

const jobs = [...(fixture("jobs.json").jobs as Array<Row>), ...(fixture("jobs-2015.json").jobs as Array<Row>)]
const jobDetails = [fixture("job-detail.json"), fixture("job-detail-2015.json")]
const candidates = [...(fixture("candidates.json").candidates as Array<Row>), ...(fixture("candidates-2015.json").candidates as Array<Row>)]
const candidateDetails = [fixture("candidate-detail.json").candidate as Row, fixture("candidate-detail-2015.json").candidate as Row]

const decodeJob = Schema.decodeUnknownEither(Workable.WorkableJob)
const decodeCandidate = Schema.decodeUnknownEither(Workable.WorkableCandidate)
const validJob = Schema.decodeUnknownEither(Unified.UnifiedJob)
const validProfile = Schema.decodeUnknownEither(Unified.UnifiedProfile)

const job = (native: Row) => {
  const decoded = decodeJob(native)
  expect(Either.isRight(decoded) ? "ok" : decoded.left.message).toBe("ok")
  const unified = Workable.Mapping.toUnified("job", native) as Unified.UnifiedJob
  expect(Either.isRight(validJob(unified))).toBe(true)
  return unified
}
const profile = (native: Row) => {
  const decoded = decodeCandidate(native)
  expect(Either.isRight(decoded) ? "ok" : decoded.left.message).toBe("ok")
  const unified = Workable.Mapping.toUnified("profile", native) as Unified.UnifiedProfile
  expect(Either.isRight(validProfile(unified))).toBe(true)
  return unified
}

const token = "wk-real-payloads"
const connect = (fake: Fake.WorkableFake) =>
  Workable.make({
    token: Redacted.make(token),
    base_url: fake.baseUrl,
    retry: { maxAttempts: 3, baseDelay: "10 millis", jitter: false },
    rate_limit: { limit: 1000, interval: "1 second" }
  })

describe("Workable real payloads", () => {
  it("every job, list and detail, decodes and maps", () => {
    for (const native of [...jobs, ...jobDetails]) job(native)
  })

  it("a current job: updated_at, workplace type, salary, null department and region", () => {
    const unified = job(jobs[0]!)
    expect(unified).toMatchObject({
      id: "5b5ce9",
      reference: "9CD658E13E",
      name: "Account Executive",
      requisition_id: "GB/09/AE",
      status: "closed",
      url: "https://nangodev.workable.com/jobs/5986327",
      apply_url: "https://nangodev.workable.com/jobs/5986327/candidates/new",
      location: { text: "London, United Kingdom", city: "London", region: "England", postal_code: "2142", country: "GB", remote: false },
      remote: false,
      salary: { min: 60000, max: 80000, currency: "gbp" },
      ranges_float: [{ name: "salary", value_min: 60000, value_max: 80000, unit: "gbp" }],
      metadatas: [{ name: "workplace_type", value: "on_site" }],
      created_at: "2026-03-25T00:00:00Z",
      updated_at: "2026-07-23T18:58:17Z"
    })
    expect(unified.departments).toBeUndefined()
    const detail = job(jobDetails[0]!)
    expect(detail).toMatchObject({ employment_type: "full_time", updated_at: "2026-07-23T20:46:41Z" })
    expect(detail.text).toContain("Account Executive")
    expect(detail.requirements).toMatch(/^<ul>/)
    expect(detail.benefits).toContain("Health Care Plan")
    expect(detail.metadatas?.map((m) => m.name)).toEqual(["workplace_type", "industry", "function", "experience", "education"])
  })

  it("documentation jobs: draft, archived, published; no updated_at", () => {
    expect(jobs.slice(2).map((native) => job(native).status)).toEqual(["draft", "archived", "open"])
    expect(job(jobs[2]!)).toMatchObject({ departments: [{ name: "Sales" }], location: { city: "Portland", region: "Oregon", country: "US" } })
    expect(job(jobs[2]!).updated_at).toBeUndefined()
  })

  it("every candidate, list and detail, decodes and maps", () => {
    for (const native of [...candidates, ...candidateDetails]) profile(native)
  })

  it("a listed candidate: stage, job, source, contact details, pipeline details as metadatas", () => {
    expect(profile(candidates[0]!)).toMatchObject({
      id: "27270275",
      info: {
        full_name: "Elvie Schmidt",
        first_name: "Elvie",
        last_name: "Schmidt",
        headline: "Sales Executive",
        email: "elvie_schmidt@samplecandidate.com",
        emails: [{ value: "elvie_schmidt@samplecandidate.com" }],
        phone: "+18579909675",
        location: { text: "1007 Dakota Glen, 18470 Jackelineburgh, UK" }
      },
      stage: "Assessment",
      source: "twitter.com",
      job_ids: ["9CD658E13E"],
      labels: [{ job_key: "9CD658E13E", stage: "Assessment" }],
      metadatas: [
        { name: "profile_url", value: "https://nangodev.workable.com/backend/jobs/5986327/candidates/656866723" },
        { name: "stage_kind", value: "assessment" },
        { name: "disqualified", value: "false" },
        { name: "sourced", value: "false" }
      ],
      created_at: "2026-04-11T03:36:38Z",
      updated_at: "2026-07-23T18:58:15Z"
    })
    const hired = profile(candidates.find((c) => c.hired_at != null)!)
    expect(hired.metadatas).toContainEqual({ name: "hired_at", value: "2026-04-27T12:09:40Z" })
    const disqualified = profile(candidates.find((c) => c.disqualified === true)!)
    expect(disqualified.metadatas).toContainEqual({ name: "disqualified", value: "true" })
    // `null` domain, address and phone: absent, never "null".
    const bare = profile(candidates.find((c) => c.domain === null && c.phone === null)!)
    expect(bare.source).toBeUndefined()
    expect(bare.info?.phone).toBeUndefined()
    expect(bare.info?.location).toBeUndefined()
  })

  it("candidate details: empty sections, tags, education and experience, social profiles", () => {
    const current = profile(candidateDetails[0]!)
    expect(current).toMatchObject({
      id: "27273038",
      stage: "Sourced",
      tags: [
        { name: "nango", value: null },
        { name: "priority", value: null }
      ]
    })
    expect(current.experiences).toBeUndefined()
    expect(current.skills).toBeUndefined()
    const documented = profile(candidateDetails[1]!)
    expect(documented).toMatchObject({
      info: {
        full_name: "Cindy Sawyers",
        phone: "(785)991-6256",
        location: { text: "332 Clemmie Roads, Colorado, USA" },
        urls: [
          { type: "twitter", url: "http://www.twitter.com/cindy_sawyers" },
          { type: "linkedin", url: "http://www.linkedin.com/in/cindy_sawyers" },
          { type: "googleplus", url: "https://plus.google.com/1849771376195546" }
        ]
      },
      educations: [
        { school: "University of Chicago", title: "B.A. Business Studies", degree: "B.A. Business Studies", date_start: "2001-01-01", date_end: "2005-01-01" },
        { school: "Juliet Hargreaves High School", title: "Diploma" }
      ],
      experiences: [{ title: "Executive Assistant", company: "Overflow Furnishings", current: true, date_start: "2013-01-01" }, {}, {}],
      skills: [
        { name: "Administration" },
        { name: "Organization" },
        { name: "Budgeting" },
        { name: "Project Management" },
        { name: "MS Office" },
        { name: "Event Management" }
      ]
    })
    expect(documented.info?.summary).toContain("results-driven")
  })

  it.scopedLive("served by the fake Workable, every real record is pulled; a job edit reaches the next run through updated_after", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs, candidates })
      const origin = yield* connect(fake)
      const target = Memory.make({ name: "memory" })
      const first = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" }, batchSize: 2 })
      // The documentation jobs (no updated_at) decode too: nothing fails.
      expect(first.stats).toMatchObject({ failed: 0 })
      expect(target.data.job.size).toBe(first.stats.written)
      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" }, batchSize: 3 })
      expect(profiles.stats).toMatchObject({ read: candidates.length, written: candidates.length, failed: 0 })

      fake.jobs.set("5b5ce9", { ...fake.jobs.get("5b5ce9")!, title: "Account Executive (EMEA)", updated_at: "2026-08-01T09:00:00Z" })
      const before = (yield* fake.requests).length
      const next = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.resumeFrom(first.cursor), batchSize: 2 })
      const request = (yield* fake.requests).slice(before).find((r) => r.path === "/spi/v3/jobs")!
      expect(request.query.updated_after).toBeDefined()
      expect(next.stats.written).toBe(1)
      expect((target.data.job.get("5b5ce9") as Unified.UnifiedJob).name).toBe("Account Executive (EMEA)")
    })
  )
})

/** Mapping only: the round-trip property needs no client. */
const mappingOnly = { toUnified: Workable.Mapping.toUnified, fromUnified: Workable.Mapping.fromUnified } as unknown as Connector.Connector
const present = (value: string | null | undefined) => (value == null || value === "" ? undefined : value)
const finite = (n: number | null | undefined) => (n == null || Number.isFinite(n) ? n : null)

describe("Workable unified round trip", () => {
  it("a job keeps every field a Workable job holds", () => {
    const counterexample = RoundTrip.check({
      connector: mappingOnly,
      resource: "job",
      // One department, a known employment type, a salary and no other range; Workable's states are the unified statuses.
      prepare: (record) => {
        const job = record as Unified.UnifiedJob
        const { ranges_float: _ranges, archived_at: _archived, metadatas: _metadatas, ...rest } = job
        return {
          ...rest,
          status: job.status ?? "draft",
          // Every Workable job has a shortcode.
          reference: present(job.reference) ?? job.id,
          ...(job.employment_type === "per_diem" ? { employment_type: undefined } : {}),
          departments: job.departments
            ?.slice(0, 1)
            .filter((d) => d.name !== "")
            .map((d) => ({ name: d.name })),
          salary: job.salary && { ...job.salary, period: undefined, min: finite(job.salary.min), max: finite(job.salary.max) }
        } as Unified.UnifiedJob
      },
      holds: [
        "id",
        "name",
        "reference",
        "requisition_id",
        "text",
        "requirements",
        "benefits",
        "url",
        "apply_url",
        "status",
        "employment_type",
        "departments.name",
        "location.text",
        "location.city",
        "location.region",
        "location.postal_code",
        "location.country",
        "remote",
        "salary.min",
        "salary.max",
        "salary.currency",
        "tags.name",
        "created_at",
        "updated_at"
      ]
    })
    expect(counterexample).toBeUndefined()
  })

  it("a profile keeps every field a Workable candidate holds", () => {
    const counterexample = RoundTrip.check({
      connector: mappingOnly,
      resource: "profile",
      // Workable has one email, one phone, one job and a name; social profiles have a type.
      prepare: (record) => {
        const profile = record as Unified.UnifiedProfile
        const info = profile.info ?? {}
        const { metadatas: _metadatas, ...rest } = profile
        return {
          ...rest,
          info: {
            ...info,
            full_name: present(info.full_name) ?? "Unnamed",
            emails: info.emails?.slice(0, 1),
            email: info.email ?? info.emails?.[0]?.value,
            phones: info.phones?.slice(0, 1),
            phone: info.phone ?? info.phones?.[0]?.value,
            urls: info.urls?.map((u) => ({ url: u.url, type: present(u.type) ?? "other" }))
          },
          job_ids: profile.job_ids?.slice(0, 1)
        } as Unified.UnifiedProfile
      },
      holds: [
        "id",
        "info.full_name",
        "info.first_name",
        "info.last_name",
        "info.headline",
        "info.summary",
        "info.picture",
        "info.email",
        "info.phone",
        "info.urls.url",
        "info.urls.type",
        "info.location.text",
        "experiences.title",
        "experiences.company",
        "experiences.description",
        "experiences.date_start",
        "experiences.date_end",
        "educations.school",
        "educations.title",
        "educations.field",
        "educations.date_start",
        "educations.date_end",
        "skills.name",
        "tags.name",
        "stage",
        "source",
        "job_ids",
        "created_at",
        "updated_at"
      ]
    })
    expect(counterexample).toBeUndefined()
  })
})
