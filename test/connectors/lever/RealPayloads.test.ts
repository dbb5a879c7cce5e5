/**
 * Lever's real payloads (`test/fixtures/real/lever`, see SOURCES.md): every record decodes against the
 * native schemas and maps to the unified model field by field; the same records served by the fake
 * Lever flow through a pull, including those Lever sends with `updatedAt: null`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import * as Lever from "../../../src/connectors/lever/index.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as FakeLever from "../../fakes/Lever.js"
import { connectorFor } from "./Fixtures.js"

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/real/lever/${name}`, import.meta.url), "utf8")) as Record<string, unknown>

const postings = fixture("postings.json").data as ReadonlyArray<Record<string, unknown>>
const opportunities = ["opportunity.json", "opportunity-archived.json", "opportunity-updatedat-null.json", "opportunity-expanded.json"].map(
  (name) => fixture(name).data as Record<string, unknown>
)

const decodePosting = Schema.decodeUnknownEither(Lever.Schemas.LeverPosting)
const decodeOpportunity = Schema.decodeUnknownEither(Lever.Schemas.LeverOpportunity)
const validJob = Schema.decodeUnknownEither(Unified.UnifiedJob)
const validProfile = Schema.decodeUnknownEither(Unified.UnifiedProfile)

const job = (id: string) => {
  const native = postings.find((p) => p.id === id)!
  expect(Either.isRight(decodePosting(native))).toBe(true)
  const unified = Lever.Mapping.toUnified("job", native) as Unified.UnifiedJob
  expect(Either.isRight(validJob(unified))).toBe(true)
  return unified
}

const profile = (native: Record<string, unknown>) => {
  const decoded = decodeOpportunity(native)
  expect(Either.isRight(decoded) ? "ok" : decoded.left.message).toBe("ok")
  const unified = Lever.Mapping.toUnified("profile", native) as Unified.UnifiedProfile
  expect(Either.isRight(validProfile(unified))).toBe(true)
  return unified
}

describe("Lever real payloads", () => {
  it("every posting decodes and maps", () => {
    expect(postings).toHaveLength(6)
    for (const posting of postings) job(String(posting.id))
  })

  it("a closed posting without URLs, with lists and a closing statement", () => {
    const unified = job("d248f6f5-ca37-4467-a08d-11ad90fd9b1f")
    expect(unified).toMatchObject({
      id: "d248f6f5-ca37-4467-a08d-11ad90fd9b1f",
      name: "Marketing Events",
      status: "closed",
      employment_type: "full_time",
      location: { text: "San Francisco, CA", country: "US" },
      departments: [{ name: "Marketing" }],
      metadatas: [
        { name: "team", value: "Brand" },
        { name: "commitment", value: "Full-time" }
      ],
      created_at: "2019-07-31T23:55:56.565Z",
      updated_at: "2019-07-31T23:56:17.166Z"
    })
    expect(unified.text).toContain("Lever was founded to tackle")
    expect(unified.sections?.map((s) => s.name)).toEqual([
      "The Skill Set",
      "WITHIN 1 MONTH, YOU'LL",
      "WITHIN 3 MONTHS, YOU'LL",
      "WITHIN 6 MONTHS, YOU'LL",
      "WITHIN 12 MONTHS, YOU'LL",
      "closing"
    ])
    // `urls: null`, `reqCode: ""`, `workplaceType: "unspecified"`: absent, not invented.
    expect(unified.url).toBeUndefined()
    expect(unified.apply_url).toBeUndefined()
    expect(unified.requisition_id).toBeUndefined()
    expect(unified.remote).toBeUndefined()
    expect(unified.salary).toBeUndefined()
  })

  it("a draft, a remote posting with a salary, an internal one with a requisition code", () => {
    expect(job("75ff237f-c221-4c26-8b23-faf395f5ea1c")).toMatchObject({ name: "Nango Seed Posting 1 - Updated", status: "draft" })
    const remote = job("83196b64-568c-4010-a17a-0e8c203c8f65")
    expect(remote).toMatchObject({
      name: "testing - 1",
      status: "open",
      remote: true,
      location: { remote: true },
      salary: { min: 40000, max: 80000, currency: "AUD", period: "year" },
      ranges_float: [{ name: "salary", value_min: 40000, value_max: 80000, unit: "AUD" }],
      url: "https://jobs.lever.co/nango/83196b64-568c-4010-a17a-0e8c203c8f65",
      apply_url: "https://jobs.lever.co/nango/83196b64-568c-4010-a17a-0e8c203c8f65/apply"
    })
    // Empty description and lists: nothing.
    expect(remote.text).toBeUndefined()
    expect(remote.sections).toBeUndefined()
    expect(job("513d232d-2bfa-4120-a6d2-bf5fccbe0598")).toMatchObject({ status: "open", requisition_id: "9900014" })
    expect(job("f8b7dd19-1d9f-40f1-8090-e4a62e989e0b")).toMatchObject({ employment_type: "internship", location: { text: "Athens", country: "GR" } })
  })

  it("an opportunity: contact details, stage, archive, source", () => {
    const unified = profile(opportunities[0]!)
    expect(unified).toMatchObject({
      id: "6408dc54-7015-4e5b-8d60-23afff2b1efc",
      info: {
        full_name: "Nango Seed Candidate 1",
        headline: "Seed candidate for Nango testing",
        email: "nango-seed-candidate-1@example.com",
        emails: [{ value: "nango-seed-candidate-1@example.com" }],
        phone: "5555550100",
        phones: [{ value: "5555550100", type: "mobile" }]
      },
      stage: "lead-reached-out",
      source: "Referral",
      archived_at: new Date(1782973996415).toISOString(),
      metadatas: [
        { name: "contact", value: "997fd432-94f6-4613-9fa8-c3d5bd49600b" },
        { name: "origin", value: "sourced" },
        { name: "archive_reason", value: "c97322d4-a7f3-4008-948c-4f8e9c58d372" }
      ],
      created_at: new Date(1782972986091).toISOString(),
      updated_at: new Date(1782974048515).toISOString()
    })
    expect(unified.tags?.map((t) => t.name)).toContain("Nango Seed")
    // `location: ""` and unexpanded applications (ids) give nothing.
    expect(unified.info?.location).toBeUndefined()
    expect(unified.job_ids).toBeUndefined()
  })

  it("an archived opportunity with an empty name and no contact details still flows", () => {
    const unified = profile(opportunities[1]!)
    expect(unified.id).toBe("1bd11d54-9d97-444a-a4e3-1cd56ceedbc5")
    expect(unified.info).toBeUndefined()
    expect(unified).toMatchObject({
      stage: "2ca03d97-d4f2-4a97-89de-96c8b0d07924",
      archived_at: new Date(1732451503446).toISOString(),
      source: "https://source.com"
    })
  })

  it("a null or absent updatedAt is no decode failure; the client gives it createdAt as cursor", () => {
    for (const native of [opportunities[2]!, opportunities[3]!]) {
      expect(profile(native).updated_at).toBeUndefined()
      expect(Lever.Client.withCursor(native).updatedAt).toBe(native.createdAt)
    }
  })

  it("an expanded stage and applications give the stage id, job_ids and labels", () => {
    expect(profile(opportunities[3]!)).toMatchObject({
      stage: "lead-new",
      job_ids: ["685dd0f3-6b95-4bc9-ae32-658b808900ca"],
      labels: [{ job_key: "685dd0f3-6b95-4bc9-ae32-658b808900ca", stage: "lead-new", date_stage: new Date(1570734056441).toISOString() }],
      info: {
        full_name: "Tony Stark",
        phones: [
          { value: "5555555555", type: "mobile" },
          { value: "fsdfsf", type: "skype" }
        ]
      }
    })
  })

  it.scopedLive("served by the fake Lever, every real record is pulled; none fails to decode", () =>
    Effect.gen(function* () {
      // The null-updatedAt fixture is `opportunity.json` edited: it gets an id of its own here.
      const fake = yield* FakeLever.make({ postings, opportunities: [...opportunities, { ...opportunities[2]!, id: "never-updated" }] })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const jobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" }, batchSize: 4 })
      expect(jobs.stats).toMatchObject({ read: 6, written: 6, failed: 0 })
      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" }, batchSize: 4 })
      expect(profiles.stats).toMatchObject({ read: 4, written: 4, failed: 0 })
      expect((target.data.profile.get("never-updated") as Unified.UnifiedProfile).updated_at).toBe(new Date(1782972986091).toISOString())
      // The never-updated opportunity carries its creation time as update time.
      const never = target.data.profile.get("74fd168f-1505-4d2e-afd4-6daf29bbc3a9") as Unified.UnifiedProfile
      expect(never.updated_at).toBe(new Date(1567701073802).toISOString())
    })
  )
})
