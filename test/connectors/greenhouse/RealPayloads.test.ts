/**
 * Greenhouse payloads from public sources (test/fixtures/real/greenhouse, see SOURCES.md): every record
 * decodes against the v3 native schemas, maps to the unified model field by field, and reads through
 * the fake Harvest v3 and the connector as it would from Greenhouse (applications and stages joined,
 * department and office resolved).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as Unified from "../../../src/core/Unified.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"
import { configFor } from "./Fixtures.js"

const load = (name: string): ReadonlyArray<Record<string, unknown>> =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/real/greenhouse", `${name}.json`), "utf8")) as ReadonlyArray<Record<string, unknown>>

const jobs = load("jobs")
const candidates = load("candidates")
const applications = load("applications")

const decodes = (schema: Schema.Schema.Any, record: unknown) => Either.isRight(Schema.decodeUnknownEither(schema as Schema.Schema<unknown>)(record))

describe("Greenhouse real payloads", () => {
  it("every job and candidate decodes (nulls, drafts, private stubs, date-only and offset timestamps)", () => {
    for (const job of jobs) expect(decodes(Greenhouse.Schemas.GreenhouseJob, Greenhouse.Client.normalise(job)), String(job.id)).toBe(true)
    for (const candidate of candidates)
      expect(decodes(Greenhouse.Schemas.GreenhouseCandidate, Greenhouse.Client.normalise(candidate)), String(candidate.id)).toBe(true)
    for (const application of applications) expect(decodes(Greenhouse.Schemas.GreenhouseApplication, application)).toBe(true)
  })

  it("jobs map field by field; a null updated_at takes created_at, a date-only one is midnight UTC", () => {
    const [closed, draft, minimal] = jobs.map((job) => Greenhouse.Mapping.toUnified("job", Greenhouse.Client.normalise(job) as never) as Unified.UnifiedJob)
    expect(Schema.is(Unified.UnifiedJob)(closed)).toBe(true)
    expect(closed).toMatchObject({
      id: "6404",
      name: "Archaeologist",
      requisition_id: "abc123",
      status: "closed",
      published_at: "2013-12-11T14:42:58.000Z",
      created_at: "2013-12-10T14:42:58.000Z",
      updated_at: "2013-12-12T14:42:58.000Z",
      origin: "greenhouse"
    })
    // Department and office are looked up by the client; the bare v3 job names them by id only.
    expect(closed).not.toHaveProperty("departments")
    expect(draft).toMatchObject({ id: "6405", status: "draft", updated_at: "2013-12-10T14:42:58.000Z" })
    expect(draft).not.toHaveProperty("published_at")
    expect(draft).not.toHaveProperty("requisition_id")
    expect(minimal).toMatchObject({ id: "6406", status: "open", created_at: "2013-12-10T14:42:58.000Z", updated_at: "2013-12-13T00:00:00.000Z" })
  })

  it("candidates map field by field; a private stub and an empty record still flow", () => {
    const [full, stub, sparse] = candidates.map(
      (c) => Greenhouse.Mapping.toUnified("profile", Greenhouse.Client.normalise({ ...c, applications }) as never) as Unified.UnifiedProfile
    )
    expect(Schema.is(Unified.UnifiedProfile)(full)).toBe(true)
    expect(full).toMatchObject({
      id: "53883394",
      info: {
        full_name: "John Locke",
        first_name: "John",
        last_name: "Locke",
        headline: "Customer Success Representative",
        email: "test@work.com",
        emails: [
          { value: "test@work.com", type: "work" },
          { value: "test@example.com", type: "personal" }
        ],
        phone: "555-555-5555",
        phones: [{ value: "555-555-5555", type: "mobile" }],
        urls: [
          { url: "mysite.com", type: "personal" },
          { url: "twitter.com/test", type: "social" }
        ],
        location: { text: "123 City Street\nNew York, Ny 10001" }
      },
      experiences: [
        { company: "The Tustin Box Company", title: "Customer Success Representative", current: true },
        { key: "8485064", company: "Greenhouse", title: "Engineer", date_start: "2012-08-15T00:00:00.000Z", date_end: "2016-05-15T00:00:00.000Z" }
      ],
      educations: [
        { key: "561227", school: "University of Michigan - Ann Arbor", title: "Bachelor's Degree", degree: "Bachelor's Degree", field: "Computer Science" }
      ],
      tags: [{ name: "Python" }, { name: "Ruby" }],
      job_ids: ["123", "6404"],
      stage: "Recruiter Phone Screen",
      labels: [{ job_key: "123", stage: "Recruiter Phone Screen", date_stage: "2016-08-27T16:13:15.000Z" }, { job_key: "6404" }],
      created_at: "2017-08-15T03:31:46.591Z",
      updated_at: "2017-09-28T12:29:30.497Z"
    })
    expect(stub).toMatchObject({ id: "53883395", updated_at: "2017-08-15T03:31:46.591Z" })
    expect(stub.info?.first_name).toBeUndefined()
    expect(sparse.info).toMatchObject({ phone: "+1 555 0199", phones: [{ value: "+1 555 0199" }] })
    expect(sparse.info?.first_name).toBeUndefined()
    expect(sparse.updated_at).toBe("2017-09-28T12:29:30.497Z")
  })

  it.scopedLive("read through the fake: candidates with their applications and stages, jobs with department and office", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      fake.seedRelated("departments", load("departments"))
      fake.seedRelated("offices", load("offices"))
      fake.seed(
        "job",
        jobs.map((j) => (j.id === 6404 ? { ...j, department_id: 12345, office_ids: [47012] } : j))
      )
      fake.seed("profile", candidates)
      fake.seedRelated("applications", applications)
      const connector = yield* Greenhouse.make(configFor(fake))
      const read = (resource: "job" | "profile") =>
        Stream.runCollect(connector.read(resource, { where: [], batchSize: 2, cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).pipe(
          Effect.map((chunk) => Chunk.toReadonlyArray(chunk).map((r) => connector.toUnified(resource, r)))
        )
      const readJobs = (yield* read("job")) as ReadonlyArray<Unified.UnifiedJob>
      expect(readJobs.map((j) => j.id)).toEqual(["6404", "6405", "6406"])
      expect(readJobs[0]).toMatchObject({ departments: [{ id: "12345", name: "Technology" }], location: { text: "New York, United States" } })
      const profiles = (yield* read("profile")) as ReadonlyArray<Unified.UnifiedProfile>
      expect(profiles.map((p) => p.id)).toEqual(["53883394", "53883395", "53883396"])
      expect(profiles[0]).toMatchObject({ job_ids: ["123", "6404"], stage: "Recruiter Phone Screen" })
    })
  )
})
