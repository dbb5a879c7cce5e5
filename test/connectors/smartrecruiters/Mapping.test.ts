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
  it("job → unified → job is lossless", () => {
    for (const i of [0, 1, 2, 3]) {
      const native = job(i, "2024-01-01T00:00:00.123Z")
      expect(Mapping.fromUnified("job", Mapping.toUnified("job", native))).toEqual(native)
    }
  })

  it("a changed job keeps SmartRecruiters' own status and posting status from its payload", () => {
    const unified = Mapping.toUnified("job", job(1, "2024-01-01T00:00:00.123Z")) as Unified.UnifiedJob
    const native = Mapping.fromUnified("job", { ...unified, name: "Renamed" })
    expect(native).toMatchObject({ title: "Renamed", status: "FILLED", postingStatus: "INTERNAL" })
  })

  it("candidate → unified → candidate is lossless", () => {
    const native = candidate(3, "2024-01-01T00:00:00Z")
    const unified = Mapping.toUnified("profile", native) as Unified.UnifiedProfile
    expect(unified.experiences).toEqual([
      {
        title: "Engineer",
        company: "Analytical Engines",
        description: "Programs",
        location: { text: "London" },
        date_start: "2014-01",
        current: true
      }
    ])
    expect(unified.educations?.[0]).toMatchObject({ school: "University of London", title: "BSc", degree: "BSc", field: "Mathematics" })
    expect(Mapping.fromUnified("profile", unified)).toEqual(native)
  })

  it("a unified job from another system becomes a valid job", () => {
    const foreign: Unified.UnifiedJob = {
      id: "posting-1",
      name: "Data Scientist",
      origin: "lever",
      payload: { status: "not SmartRecruiters'" },
      text: "<p>Models</p>",
      sections: [{ name: "qualifications", title: "Requirements", description: "Python" }],
      status: "closed",
      employment_type: "contract",
      departments: [{ id: "d-1", name: "Data" }],
      salary: { min: 70000, max: 90000, currency: "EUR" },
      location: { text: "Berlin", country: "de" },
      remote: true,
      reference: "R-9",
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
      department: { id: "d-1", label: "Data" },
      location: { fullLocation: "Berlin", country: "de", remote: true },
      typeOfEmployment: { id: "contract", label: "Contract" },
      compensation: { min: 70000, max: 90000, currency: "EUR" },
      jobAd: { sections: { qualifications: { title: "Requirements", text: "Python" }, jobDescription: { text: "<p>Models</p>" } } }
    })
  })

  it("a unified profile from another system becomes a valid candidate; a full name is split", () => {
    const native = Mapping.fromUnified("profile", {
      id: "opp-1",
      origin: "lever",
      info: {
        full_name: "Grace Brewster Hopper",
        emails: [{ value: "grace@example.com" }],
        location: { text: "Arlington", city: "Arlington" },
        urls: [{ type: "linkedin", url: "https://linkedin.com/in/grace" }]
      },
      tags: [
        { name: "navy", value: null },
        { name: "team", value: "Platform" }
      ],
      experiences: [{ title: "Admiral", company: "US Navy", current: false }],
      labels: [{ job_key: "job-1", stage: "INTERVIEW" }],
      updated_at: "2024-01-01T00:00:00Z"
    })
    expect(Either.isRight(decodeCandidate(native))).toBe(true)
    expect(native).toEqual({
      id: "opp-1",
      firstName: "Grace",
      lastName: "Brewster Hopper",
      email: "grace@example.com",
      location: { city: "Arlington" },
      web: { linkedin: "https://linkedin.com/in/grace" },
      tags: ["navy", "team"],
      experience: [{ title: "Admiral", company: "US Navy", current: false }],
      primaryAssignment: { job: { id: "job-1" }, status: "INTERVIEW" },
      updatedOn: "2024-01-01T00:00:00Z"
    })
  })

  it("a unified job without timestamps still becomes a valid job: SmartRecruiters sets them", () => {
    const native = Mapping.fromUnified("job", { id: "x", name: "No dates" })
    expect(Either.isRight(decodeJob(native))).toBe(true)
    expect(native).toEqual({ id: "x", title: "No dates" })
  })
})
