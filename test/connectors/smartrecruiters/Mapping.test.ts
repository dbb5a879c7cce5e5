/**
 * SmartRecruiters ↔ unified mappings: lossless round trips of SmartRecruiters records, and records
 * from other systems mapped into valid SmartRecruiters records.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as SmartRecruiters from "../../../src/connectors/smartrecruiters/index.js"
import type * as Unified from "../../../src/core/Unified.js"
import { candidate, job } from "./Fixtures.js"

const { Mapping, Schemas } = SmartRecruiters
const decodeJob = Schema.decodeUnknownEither(Schemas.SmartRecruitersJob)
const decodeCandidate = Schema.decodeUnknownEither(Schemas.SmartRecruitersCandidate)

describe("SmartRecruiters mapping", () => {
  it("job → unified → job is lossless (status and postingStatus travel in the payload)", () => {
    for (const i of [0, 1, 2, 3]) {
      const native = job(i, "2024-01-01T00:00:00.123Z")
      expect(Mapping.fromUnified("job", Mapping.toUnified("job", native))).toEqual(native)
    }
  })

  it("candidate → unified → candidate is lossless", () => {
    const native = candidate(3, "2024-01-01T00:00:00Z")
    const unified = Mapping.toUnified("profile", native) as Unified.UnifiedProfile
    expect(unified.experiences).toEqual([
      { title: "Engineer", company: "Analytical Engines", description: "Programs", location: { text: "London" }, date_start: "2014-01", current: true }
    ])
    expect(unified.educations?.[0]).toMatchObject({ school: "University of London", degree: "BSc", field: "Mathematics" })
    expect(Mapping.fromUnified("profile", unified)).toEqual(native)
  })

  it("a unified job from another system becomes a valid job", () => {
    const foreign: Unified.UnifiedJob = {
      id: "posting-1",
      title: "Data Scientist",
      origin: "lever",
      payload: { status: "not SmartRecruiters'" },
      description: "<p>Models</p>",
      sections: [{ title: "Requirements", description: "Python" }],
      status: "closed",
      location: { text: "Berlin", country: "de" },
      remote: true,
      requisition_id: "R-9",
      created_at: "2024-05-01T00:00:00Z",
      updated_at: "2024-05-02T00:00:00Z"
    }
    const native = Mapping.fromUnified("job", foreign)
    expect(Either.isRight(decodeJob(native))).toBe(true)
    expect(native).toEqual({
      id: "posting-1",
      title: "Data Scientist",
      refNumber: "R-9",
      createdOn: "2024-05-01T00:00:00Z",
      updatedOn: "2024-05-02T00:00:00Z",
      status: "FILLED",
      location: { city: "Berlin", country: "de", remote: true },
      jobAd: { sections: { jobDescription: { text: "<p>Models</p>" } } }
    })
  })

  it("a unified profile from another system becomes a valid candidate; a full name is split", () => {
    const native = Mapping.fromUnified("profile", {
      id: "opp-1",
      origin: "lever",
      info: { full_name: "Grace Brewster Hopper", emails: [{ value: "grace@example.com" }], location: { text: "Arlington" } },
      tags: [{ name: "navy" }, { name: "team", value: "Platform" }],
      experiences: [{ title: "Admiral", company: "US Navy", current: false }],
      updated_at: "2024-01-01T00:00:00Z"
    })
    expect(Either.isRight(decodeCandidate(native))).toBe(true)
    expect(native).toEqual({
      id: "opp-1",
      firstName: "Grace",
      lastName: "Brewster Hopper",
      email: "grace@example.com",
      location: { city: "Arlington" },
      tags: ["navy"],
      experience: [{ title: "Admiral", company: "US Navy", current: false }],
      updatedOn: "2024-01-01T00:00:00Z"
    })
  })

  it("a unified job without timestamps fails the native schema, naming the field", () => {
    const decoded = decodeJob(Mapping.fromUnified("job", { id: "x", title: "No dates" }))
    expect(Either.isLeft(decoded) && decoded.left.message).toContain("createdOn")
  })
})
