/**
 * Ashby payloads in the shape and values of Ashby's reference (test/fixtures/real/ashby, see
 * SOURCES.md): decoded, mapped field by field, served by the fake and pulled; and the unified
 * round-trip property.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Ashby from "../../../src/connectors/ashby/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Fake from "../../fakes/Ashby.js"

type Raw = Record<string, unknown>
const results = (name: string): Array<Raw> =>
  (JSON.parse(readFileSync(new URL(`../../fixtures/real/ashby/${name}`, import.meta.url), "utf8")) as { results: Array<Raw> }).results

const jobs = results("job-list.json")
const candidates = results("candidate-list.json")
const connect = (fake: Fake.AshbyFake) => Ashby.make({ api_key: Redacted.make("ashby-test-key"), base_url: fake.baseUrl })

describe("Ashby real payloads", () => {
  it("every record decodes and maps to a valid unified record", () => {
    for (const job of jobs) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyJob)(job))).toBe(true)
      expect(Schema.is(Unified.UnifiedJob)(Ashby.Mapping.toUnified("job", job))).toBe(true)
    }
    for (const candidate of candidates) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyCandidate)(candidate))).toBe(true)
      expect(Schema.is(Unified.UnifiedProfile)(Ashby.Mapping.toUnified("profile", candidate))).toBe(true)
    }
  })

  it("jobs: status, employment type, requisition id, opening and timestamps; a draft without createdAt", () => {
    const [open, draft, archived] = jobs.map((j) => Ashby.Mapping.toUnified("job", j) as Unified.UnifiedJob)
    expect(open).toMatchObject({
      id: "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3",
      name: "Software Engineer",
      status: "open",
      employment_type: "full_time",
      requisition_id: "REQ-1",
      published_at: "2022-07-21T17:32:28Z",
      created_at: "2022-07-21T17:32:28Z",
      updated_at: "2022-07-21T17:32:28Z"
    })
    expect(draft).toMatchObject({ status: "draft", employment_type: "contract", updated_at: "2022-07-21T17:32:28Z" })
    for (const absent of ["requisition_id", "published_at", "created_at"] as const) expect(draft![absent]).toBeUndefined()
    expect(archived).toMatchObject({ status: "archived", employment_type: "internship", created_at: "2021-04-30T16:21:55.393+00:00" })
  })

  it("an unknown status or employment type flows with none rather than failing", () => {
    const next = { ...jobs[0]!, status: "OnHold", employmentType: "Seasonal" }
    expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyJob)(next))).toBe(true)
    const unified = Ashby.Mapping.toUnified("job", next) as Unified.UnifiedJob
    expect(unified.status).toBeUndefined()
    expect(unified.employment_type).toBeUndefined()
    // Written back unchanged, Ashby's own value is kept.
    expect(Ashby.Mapping.fromUnified("job", unified)).toEqual(next)
  })

  it("candidates: name, emails, phones, links, location parts, position, school, tags, resume", () => {
    const [full, minimal] = candidates.map((c) => Ashby.Mapping.toUnified("profile", c) as Unified.UnifiedProfile)
    expect(full).toMatchObject({
      id: "f9e52a51-a075-4116-a7b8-484deba69004",
      info: {
        full_name: "Adam Hart",
        email: "test@ashbyhq.com",
        emails: [
          { value: "test@ashbyhq.com", type: "Personal" },
          { value: "test.email@ashbyhq.com", type: "Other" }
        ],
        phone: "555-555-5555",
        phones: [{ value: "555-555-5555", type: "Personal" }],
        urls: [
          { type: "linkedin", url: "https://linkedin.com/in/user" },
          { type: "github", url: "https://github.com/user" },
          { type: "website", url: "https://twitter.com/user" }
        ],
        location: {
          text: "United States, California, San Francisco",
          fields: { country: "United States", state: "California", city: "San Francisco" },
          city: "San Francisco",
          region: "California",
          country: "United States"
        }
      },
      experiences: [{ title: "Software Engineer", company: "Auction.com", current: true }],
      educations: [{ school: "Princeton University" }],
      tags: [{ name: "Senior Candidate" }],
      attachments: [{ type: "resume", file_name: "resume.pdf" }],
      created_at: "2022-07-21T17:32:28Z",
      updated_at: "2022-07-21T17:32:28Z"
    })
    expect(full!.source).toBeUndefined()
    // No updatedAt: the creation time stands in, so the record still has a cursor value.
    expect(minimal).toMatchObject({ id: "9d22854f-c929-4b86-9f42-cb71cc0e4fc7", info: { full_name: "Adam Hart" }, updated_at: "2022-07-21T17:32:28Z" })
    expect(minimal!.info?.emails).toBeUndefined()
    expect(minimal!.experiences).toBeUndefined()
  })

  it("native → unified → native returns each record unchanged", () => {
    for (const job of jobs) expect(Ashby.Mapping.fromUnified("job", Ashby.Mapping.toUnified("job", job))).toEqual(job)
    for (const c of candidates) expect(Ashby.Mapping.fromUnified("profile", Ashby.Mapping.toUnified("profile", c))).toEqual(c)
  })

  it.scopedLive("served by the fake, every job arrives, drafts included (job.list hides them unless asked by status)", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ jobs, candidates })
      const connector = yield* connect(fake)
      const read = (resource: "job" | "profile") =>
        Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 100 })).pipe(Effect.map(Chunk.toReadonlyArray))
      expect((yield* read("job")).map((j) => j.status)).toEqual(["Open", "Draft", "Archived"])
      expect((yield* read("profile")).map((c) => c.id)).toEqual(candidates.map((c) => c.id))
    }))
})

describe("Ashby unified round trip", () => {
  const known = new Set<string>(["full_time", "part_time", "internship", "contract", "temporary"])

  it.scopedLive("job: every unified field an Ashby job holds comes back", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make())
      const found = RoundTrip.check({
        connector,
        resource: "job",
        holds: ["id", "name", "status", "employment_type", "requisition_id", "published_at", "created_at", "updated_at"],
        prepare: (record) => {
          const job = record as Unified.UnifiedJob
          // Ashby has five employment types; and its updatedAt falls back to createdAt.
          const { employment_type, ...rest } = job
          return {
            ...rest,
            // Every Ashby job has a status; a new one is a draft.
            status: job.status ?? "draft",
            ...(employment_type !== undefined && known.has(employment_type) ? { employment_type } : {}),
            ...(job.updated_at == null && job.created_at != null ? { updated_at: job.created_at } : {})
          } as Unified.UnifiedJob
        }
      })
      expect(found).toBeUndefined()
    }))

  it.scopedLive("profile: every unified field an Ashby candidate holds comes back", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make())
      const found = RoundTrip.check({
        connector,
        resource: "profile",
        holds: [
          "id",
          "info.full_name",
          "info.email",
          "info.emails.value",
          "info.phone",
          "info.phones.value",
          "info.urls.url",
          "info.location.city",
          "info.location.region",
          "info.location.country",
          "tags.name",
          "created_at",
          "updated_at"
        ],
        prepare: (record) => {
          const profile = record as Unified.UnifiedProfile
          const info = profile.info ?? {}
          // A candidate has a name and one summary of its location; updatedAt falls back to createdAt.
          const location = info.location === undefined ? undefined : { ...info.location, text: null }
          // Ashby holds each address or number once.
          const distinct = <A extends { readonly value: string }>(list: ReadonlyArray<A> | undefined) =>
            list?.filter((c, i) => list.findIndex((o) => o.value === c.value) === i)
          return {
            ...profile,
            info: {
              ...info,
              full_name: info.full_name || profile.id || "unnamed",
              emails: distinct(info.emails),
              phones: distinct(info.phones),
              ...(location ? { location } : {})
            },
            ...(profile.updated_at == null && profile.created_at != null ? { updated_at: profile.created_at } : {})
          } as Unified.UnifiedProfile
        }
      })
      expect(found).toBeUndefined()
    }))
})
