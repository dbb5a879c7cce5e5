import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Teamtailor from "../../../src/connectors/teamtailor/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Unified from "../../../src/core/Unified.js"

const { JsonApi, Mapping } = Teamtailor
const validJob = Schema.decodeUnknownEither(Teamtailor.TeamtailorJob)
const validCandidate = Schema.decodeUnknownEither(Teamtailor.TeamtailorCandidate)

const resource = {
  id: "5",
  type: "jobs",
  attributes: {
    title: "Backend Developer",
    body: "<p>Rust and Postgres</p>",
    pitch: "Small team, big impact",
    status: "open",
    "human-status": "published",
    "remote-status": "fully",
    "employment-type": "fulltime",
    "min-salary": 50000,
    "max-salary": 65000,
    currency: "SEK",
    "salary-time-unit": "monthly",
    tags: ["backend", "rust"],
    "created-at": "2024-04-01T09:00:00.000+02:00",
    "updated-at": "2024-04-03T17:30:12.345+02:00"
  },
  links: { self: "https://api.teamtailor.com/v1/jobs/5", "careersite-job-url": "https://acme.teamtailor.com/jobs/5-backend" },
  relationships: { department: { links: { related: "https://api.teamtailor.com/v1/jobs/5/department" } } }
}

const candidate: Connector.NativeRecord = {
  id: "42",
  type: "candidates",
  "first-name": "Ada",
  "last-name": "Lovelace",
  email: "ada@example.com",
  phone: "+46 8 123 456",
  "linkedin-url": "https://linkedin.com/in/ada",
  pitch: "Analytical engines",
  resume: "https://files.example/ada.pdf",
  tags: ["math"],
  sourced: true,
  "created-at": "2024-04-01T09:00:00.000+02:00",
  "updated-at": "2024-04-02T09:00:00.000+02:00"
}

describe("teamtailor JSON:API records", () => {
  it("flattens resource objects (attributes to the top level, relationships dropped) and rebuilds them for writes", () => {
    const flat = JsonApi.flatten(resource) as Connector.NativeRecord
    expect(flat).toEqual({ ...resource.attributes, id: "5", type: "jobs", links: resource.links })
    expect(Either.isRight(validJob(flat))).toBe(true)
    expect(JsonApi.toResource("jobs", flat, { id: "5", readOnly: Teamtailor.Schemas.readOnly })).toEqual({
      id: "5",
      type: "jobs",
      attributes: Object.fromEntries(Object.entries(resource.attributes).filter(([key]) => !["created-at", "updated-at", "human-status"].includes(key)))
    })
    // Anything that is not a resource object is left for the schema check to report.
    expect(JsonApi.flatten("oops")).toBe("oops")
    expect(JsonApi.flatten({ id: "1" })).toEqual({ id: "1" })
  })
})

describe("teamtailor mapping", () => {
  it("maps to valid unified records with their vendor meaning", () => {
    const job = Mapping.toUnified("job", JsonApi.flatten(resource) as Connector.NativeRecord) as Unified.UnifiedJob
    expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedJob)(job))).toBe(true)
    expect(job).toMatchObject({
      id: "5",
      name: "Backend Developer",
      summary: "Small team, big impact",
      text: "<p>Rust and Postgres</p>",
      status: "open",
      employment_type: "full_time",
      remote: true,
      salary: { min: 50000, max: 65000, currency: "SEK", period: "month" },
      ranges_float: [{ name: "salary", value_min: 50000, value_max: 65000, unit: "SEK" }],
      tags: [
        { name: "backend", value: null },
        { name: "rust", value: null }
      ],
      url: "https://acme.teamtailor.com/jobs/5-backend",
      // Normalised to UTC.
      updated_at: "2024-04-03T15:30:12.345Z"
    })
    const profile = Mapping.toUnified("profile", candidate) as Unified.UnifiedProfile
    expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedProfile)(profile))).toBe(true)
    expect(profile).toMatchObject({
      info: {
        full_name: "Ada Lovelace",
        first_name: "Ada",
        email: "ada@example.com",
        emails: [{ value: "ada@example.com" }],
        phone: "+46 8 123 456",
        summary: "Analytical engines",
        urls: [{ type: "linkedin", url: "https://linkedin.com/in/ada" }]
      },
      attachments: [{ type: "resume", public_url: "https://files.example/ada.pdf" }],
      source: "sourced"
    })
  })

  it("native → unified → native is lossless", () => {
    const flat = JsonApi.flatten(resource) as Connector.NativeRecord
    expect(Mapping.fromUnified("job", Mapping.toUnified("job", flat))).toEqual(flat)
    expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", candidate))).toEqual(candidate)
  })

  it("unified records from elsewhere become valid Teamtailor records (a full name is split) and map back", () => {
    const foreign: Unified.UnifiedProfile = {
      id: "wk-1",
      origin: "workable",
      info: { full_name: "Grace Brewster Hopper", emails: [{ value: "grace@navy.mil" }], urls: [{ url: "https://www.linkedin.com/in/grace" }] },
      tags: [{ name: "cobol" }]
    }
    const native = Mapping.fromUnified("profile", foreign)
    expect(Either.isRight(validCandidate(native))).toBe(true)
    expect(native).toEqual({
      id: "wk-1",
      "first-name": "Grace",
      "last-name": "Brewster Hopper",
      email: "grace@navy.mil",
      "linkedin-url": "https://www.linkedin.com/in/grace",
      tags: ["cobol"]
    })
    expect((Mapping.toUnified("profile", native) as Unified.UnifiedProfile).info?.full_name).toBe("Grace Brewster Hopper")
    const job = Mapping.fromUnified("job", { id: "9", name: "Welder", status: "closed", remote: false, salary: { min: 20, period: "hour" } })
    expect(Either.isRight(validJob(job))).toBe(true)
    expect(job).toEqual({ id: "9", title: "Welder", status: "archived", "remote-status": "none", "min-salary": 20, "salary-time-unit": "hourly" })
  })

  it("property: any valid candidate survives native → unified → native", () => {
    const text = FastCheck.string({ minLength: 1, maxLength: 10 })
    const maybe = <A>(arb: FastCheck.Arbitrary<A>) => FastCheck.option(arb, { nil: undefined })
    const date = FastCheck.integer({ min: 0, max: 2_000_000_000_000 }).map((ms) => new Date(ms).toISOString())
    const arb = FastCheck.record(
      {
        id: text,
        type: maybe(FastCheck.constant("candidates" as const)),
        "first-name": maybe(FastCheck.option(text, { nil: null })),
        "last-name": maybe(text),
        email: maybe(text),
        tags: maybe(FastCheck.array(text, { maxLength: 3 })),
        sourced: maybe(FastCheck.boolean()),
        "updated-at": maybe(date)
      },
      { requiredKeys: ["id"] }
    )
    FastCheck.assert(
      FastCheck.property(arb, (record) => {
        const native = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
        expect(Either.isRight(validCandidate(native))).toBe(true)
        expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", native))).toEqual(native)
      })
    )
  })
})
