/**
 * Lever ↔ unified mappings: lossless round trips of Lever records, epoch-ms ↔ ISO conversions, records
 * from other systems mapped into valid Lever records, and the unified round-trip property.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Lever from "../../../src/connectors/lever/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import { opportunity, posting } from "./Fixtures.js"

const { Mapping, Schemas } = Lever
const decodePosting = Schema.decodeUnknownEither(Schemas.LeverPosting)
const decodeOpportunity = Schema.decodeUnknownEither(Schemas.LeverOpportunity)

/** Mapping only: the round-trip property needs no client. */
const mappingOnly = { toUnified: Mapping.toUnified, fromUnified: Mapping.fromUnified } as unknown as Connector.Connector

const anInstant = "2024-01-01T00:00:00.000Z"
const finite = (n: number | null | undefined) => (n == null || Number.isFinite(n) ? n : null)
const text = (value: string | null | undefined) => (value == null || value === "" ? undefined : value)

/** What a Lever posting can represent at all: one department, a known commitment, a salary and no other range. */
const preparePosting = (record: Unified.UnifiedRecord): Unified.UnifiedRecord => {
  const job = record as Unified.UnifiedJob
  const { ranges_float: _ranges, archived_at: _archived, metadatas: _metadatas, ...rest } = job
  return {
    ...rest,
    created_at: job.created_at ?? job.updated_at ?? anInstant,
    // Every posting has a state.
    status: job.status === "archived" || job.status === undefined ? (job.status === undefined ? "open" : "closed") : job.status,
    ...(job.employment_type === "other" || job.employment_type === "per_diem" ? { employment_type: undefined } : {}),
    departments: job.departments?.slice(0, 1).filter((d) => d.name !== ""),
    // Lever's lists are titled (`text`) and have a body; the closing statement is one text.
    sections: job.sections
      ?.filter((s) => s.name !== Mapping.closingSection && text(s.title ?? s.name) !== undefined)
      .map((s) => ({ name: s.title ?? s.name!, title: s.title ?? s.name!, description: s.description ?? "" })),
    salary: job.salary && { ...job.salary, min: finite(job.salary.min), max: finite(job.salary.max) }
  } as Unified.UnifiedJob
}

/** What an opportunity can represent: a creation time (Lever always has one) and known archive data. */
const prepareProfile = (record: Unified.UnifiedRecord): Unified.UnifiedRecord => {
  const profile = record as Unified.UnifiedProfile
  const { metadatas: _metadatas, ...rest } = profile
  return { ...rest, created_at: profile.created_at ?? profile.updated_at ?? anInstant }
}

describe("Lever mapping", () => {
  it("posting → unified → posting is lossless; an edit keeps the rest", () => {
    for (const i of [0, 1, 2, 5]) {
      const native = posting(i, Date.UTC(2024, 0, 1, 12, 0, 0, 123))
      const unified = Mapping.toUnified("job", native) as Unified.UnifiedJob
      expect(Mapping.fromUnified("job", unified)).toEqual(native)
      const edited = Mapping.fromUnified("job", { ...unified, name: "Renamed" })
      expect(edited).toMatchObject({ text: "Renamed", state: native.state, categories: { team: "Platform" } })
      expect(Either.isRight(decodePosting(edited))).toBe(true)
    }
  })

  it("opportunity → unified → opportunity is lossless", () => {
    for (const i of [0, 1, 7]) {
      const native = opportunity(i, Date.UTC(2024, 0, 1, 12, 0, 0, 999))
      expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", native))).toEqual(native)
    }
  })

  it.prop("epoch ms → ISO → epoch ms is exact", [FastCheck.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })], ([ms]) => {
    const unified = Mapping.toUnified("profile", opportunity(1, ms)) as Unified.UnifiedProfile
    expect(unified.updated_at).toBe(new Date(ms).toISOString())
    expect(Mapping.fromUnified("profile", { ...unified, origin: "elsewhere" }).updatedAt).toBe(ms)
  })

  it("a unified profile from another system becomes a valid opportunity", () => {
    const foreign: Unified.UnifiedProfile = {
      id: "hrflow-42",
      origin: "hrflow",
      payload: { archived: "not Lever's", key: "hrflow-42" },
      info: {
        first_name: "Ada",
        last_name: "Lovelace",
        emails: [{ value: "ada@example.com" }],
        phones: [{ value: "+44 20 0000 0000" }],
        location: { city: "London", country: "UK" },
        urls: [{ url: "https://example.com/ada", type: "website" }]
      },
      tags: [{ name: "math", value: null }],
      source: "Referral",
      created_at: "2024-03-01T10:00:00+02:00",
      updated_at: "2024-03-02T10:00:00.250Z"
    }
    const native = Mapping.fromUnified("profile", foreign)
    expect(Either.isRight(decodeOpportunity(native))).toBe(true)
    expect(native).toEqual({
      id: "hrflow-42",
      name: "Ada Lovelace",
      emails: ["ada@example.com"],
      phones: [{ value: "+44 20 0000 0000" }],
      location: "London, UK",
      links: ["https://example.com/ada"],
      sources: ["Referral"],
      tags: ["math"],
      createdAt: Date.UTC(2024, 2, 1, 8),
      updatedAt: Date.UTC(2024, 2, 2, 10, 0, 0, 250)
    })
  })

  it("a unified job from another system becomes a valid posting", () => {
    const job: Unified.UnifiedJob = {
      id: "j-1",
      name: "Data Scientist",
      origin: "greenhouse",
      text: "Models",
      sections: [
        { name: "reqs", title: "Requirements", description: "Python" },
        { name: "closing", title: null, description: "Equal opportunity" }
      ],
      status: "open",
      employment_type: "part_time",
      location: { city: "Berlin", country: "DE" },
      remote: true,
      departments: [{ name: "Data" }],
      ranges_float: [{ name: "salary", value_min: 60000, value_max: 80000, unit: "EUR" }],
      requisition_id: "REQ-9",
      apply_url: "https://example.com/apply",
      tags: [{ name: "remote", value: null }],
      created_at: "2024-04-01T00:00:00Z"
    }
    const native = Mapping.fromUnified("job", job)
    expect(Either.isRight(decodePosting(native))).toBe(true)
    expect(native).toEqual({
      id: "j-1",
      text: "Data Scientist",
      state: "published",
      categories: { department: "Data", location: "Berlin, DE", commitment: "Part-time" },
      content: { description: "Models", lists: [{ text: "Requirements", content: "Python" }], closing: "Equal opportunity" },
      country: "DE",
      workplaceType: "remote",
      reqCode: "REQ-9",
      salaryRange: { min: 60000, max: 80000, currency: "EUR" },
      urls: { apply: "https://example.com/apply" },
      tags: ["remote"],
      // Only the creation time is known: no update time is invented.
      createdAt: Date.UTC(2024, 3, 1)
    })
  })

  it("a unified record without timestamps fails the native schema, naming the field", () => {
    const native = Mapping.fromUnified("profile", { id: "x", info: { full_name: "No Dates" } })
    const decoded = decodeOpportunity(native)
    expect(Either.isLeft(decoded) && decoded.left.message).toContain("createdAt")
  })

  it("maps Lever's commitments and salary intervals", () => {
    expect(["Full-time", "Part time", "Contractor", "Intern", "Temporary", "Per diem", "Whatever"].map(Mapping.employmentType)).toEqual([
      "full_time",
      "part_time",
      "contract",
      "internship",
      "temporary",
      "per_diem",
      "other"
    ])
    expect(["per-year-salary", "per-hour-wage", "one-time"].map(Mapping.periodOf)).toEqual(["year", "hour", undefined])
  })

  it("unified round trip: a job keeps every field a posting holds", () => {
    const counterexample = RoundTrip.check({
      connector: mappingOnly,
      resource: "job",
      prepare: preparePosting,
      holds: [
        "id",
        "name",
        "text",
        "url",
        "apply_url",
        "status",
        "employment_type",
        "location.text",
        "location.country",
        "remote",
        "departments.name",
        "sections.title",
        "sections.description",
        "salary.min",
        "salary.max",
        "salary.currency",
        "salary.period",
        "requisition_id",
        "tags.name",
        "created_at",
        "updated_at"
      ]
    })
    expect(counterexample).toBeUndefined()
  })

  it("unified round trip: a profile keeps every field an opportunity holds", () => {
    const counterexample = RoundTrip.check({
      connector: mappingOnly,
      resource: "profile",
      prepare: prepareProfile,
      holds: [
        "id",
        "info.full_name",
        "info.headline",
        "info.email",
        "info.emails.value",
        "info.phone",
        "info.phones.value",
        "info.phones.type",
        "info.urls.url",
        "info.location.text",
        "stage",
        "source",
        "archived_at",
        "tags.name",
        "created_at",
        "updated_at"
      ]
    })
    expect(counterexample).toBeUndefined()
  })
})
