/**
 * Lever ↔ unified mappings: lossless round trips of Lever records, epoch-ms ↔ ISO conversions, and
 * records from other systems mapped into valid Lever records.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import { FastCheck } from "effect"
import * as Schema from "effect/Schema"
import * as Lever from "../../../src/connectors/lever/index.js"
import type * as Unified from "../../../src/core/Unified.js"
import { opportunity, posting } from "./Fixtures.js"

const { Mapping, Schemas } = Lever
const decodePosting = Schema.decodeUnknownEither(Schemas.LeverPosting)
const decodeOpportunity = Schema.decodeUnknownEither(Schemas.LeverOpportunity)

describe("Lever mapping", () => {
  it("posting → unified → posting is lossless", () => {
    for (const i of [0, 1, 2, 5]) {
      const native = posting(i, Date.UTC(2024, 0, 1, 12, 0, 0, 123))
      expect(Mapping.fromUnified("job", Mapping.toUnified("job", native))).toEqual(native)
    }
  })

  it("opportunity → unified → opportunity is lossless (archived travels in the payload)", () => {
    for (const i of [0, 1, 7]) {
      const native = opportunity(i, Date.UTC(2024, 0, 1, 12, 0, 0, 999))
      expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", native))).toEqual(native)
    }
  })

  it.prop("epoch ms → ISO → epoch ms is exact", [FastCheck.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })], ([ms]) => {
    const native = opportunity(1, ms)
    const unified = Mapping.toUnified("profile", native)
    expect(unified.updated_at).toBe(new Date(ms).toISOString())
    expect(Mapping.fromUnified("profile", unified).updatedAt).toBe(ms)
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
      tags: [{ name: "math" }, { name: "board_key", value: "b-1" }],
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
      tags: ["math"],
      createdAt: Date.UTC(2024, 2, 1, 8),
      updatedAt: Date.UTC(2024, 2, 2, 10, 0, 0, 250)
    })
  })

  it("a unified job from another system becomes a valid posting", () => {
    const job: Unified.UnifiedJob = {
      id: "j-1",
      title: "Data Scientist",
      origin: "greenhouse",
      description: "Models",
      sections: [{ name: "reqs", description: "Python" }],
      status: "open",
      employment_type: "part_time",
      location: { city: "Berlin" },
      departments: [{ name: "Data" }],
      salary: { min: 60000, max: 80000, currency: "EUR", period: "month" },
      apply_url: "https://example.com/apply",
      tags: [{ name: "remote" }],
      updated_at: "2024-05-01T00:00:00Z"
    }
    const native = Mapping.fromUnified("job", job)
    expect(Either.isRight(decodePosting(native))).toBe(true)
    expect(native).toMatchObject({
      text: "Data Scientist",
      state: "published",
      categories: { department: "Data", location: "Berlin", commitment: "Part-time" },
      content: { description: "Models", lists: [{ text: "reqs", content: "Python" }] },
      salaryRange: { min: 60000, max: 80000, currency: "EUR", interval: "per-month-salary" },
      urls: { apply: "https://example.com/apply" },
      tags: ["remote"],
      // Only one timestamp known: both take it rather than an invented one.
      createdAt: Date.UTC(2024, 4, 1),
      updatedAt: Date.UTC(2024, 4, 1)
    })
  })

  it("a unified record without timestamps fails the native schema, naming the field", () => {
    const native = Mapping.fromUnified("profile", { id: "x", info: { full_name: "No Dates" } })
    const decoded = decodeOpportunity(native)
    expect(Either.isLeft(decoded) && decoded.left.message).toContain("createdAt")
  })

  it("maps Lever's commitments and salary intervals", () => {
    expect(["Full-time", "Part time", "Contractor", "Intern", "Temporary", "Whatever"].map(Mapping.employmentType)).toEqual([
      "full_time",
      "part_time",
      "contract",
      "internship",
      "temporary",
      "other"
    ])
    expect(["per-year-salary", "per-hour-wage", "one-time"].map(Mapping.periodOf)).toEqual(["year", "hour", undefined])
  })
})
