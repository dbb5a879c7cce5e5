import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Ashby from "../../../src/connectors/ashby/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Fake from "../../fakes/Ashby.js"

const { Mapping, Webhook } = Ashby
const validJob = Schema.decodeUnknownEither(Ashby.AshbyJob)
const validCandidate = Schema.decodeUnknownEither(Ashby.AshbyCandidate)

const job: Connector.NativeRecord = {
  id: "7d1b3f8e-0000-4000-8000-000000000001",
  title: "Staff Engineer",
  confidential: false,
  status: "Open",
  employmentType: "FullTime",
  locationId: "loc-1",
  departmentId: "dep-1",
  defaultInterviewPlanId: "plan-1",
  interviewPlanIds: ["plan-1"],
  jobPostingIds: ["post-1"],
  customRequisitionId: "REQ-42",
  customFields: [{ id: "cf-1", title: "Level", value: "L6" }],
  openedAt: "2024-01-15T08:00:00.000Z",
  closedAt: null,
  createdAt: "2024-01-10T08:00:00.000Z",
  updatedAt: "2024-02-01T09:30:00.000Z"
}

const candidate: Connector.NativeRecord = {
  id: "5b0e6c1a-0000-4000-8000-000000000002",
  name: "Ada Lovelace",
  primaryEmailAddress: { value: "ada@example.com", type: "Personal", isPrimary: true },
  emailAddresses: [
    { value: "ada@example.com", type: "Personal", isPrimary: true },
    { value: "ada@work.example", type: "Work", isPrimary: false }
  ],
  primaryPhoneNumber: { value: "+44 20 7946 0000", type: "Mobile", isPrimary: true },
  phoneNumbers: [{ value: "+44 20 7946 0000", type: "Mobile", isPrimary: true }],
  socialLinks: [
    { type: "LinkedIn", url: "https://linkedin.com/in/ada" },
    { type: "GitHub", url: "https://github.com/ada" }
  ],
  tags: [{ id: "t-1", title: "math", isArchived: false }],
  position: "Analyst",
  company: "Analytical Engines",
  school: "University of London",
  applicationIds: ["app-1"],
  resumeFileHandle: { id: "f-1", name: "ada.pdf", handle: "h-1" },
  profileUrl: "https://app.ashbyhq.com/candidates/5b0e6c1a",
  source: { id: "s-1", title: "Referral", isArchived: false },
  timezone: "Europe/London",
  location: { id: "l-1", locationSummary: "London, England, United Kingdom", locationComponents: [{ type: "City", name: "London" }] },
  createdAt: "2024-01-10T08:00:00.000Z",
  updatedAt: "2024-02-01T09:30:00.000Z"
}

describe("ashby mapping", () => {
  it("maps to valid unified records with their vendor meaning", () => {
    const unifiedJob = Mapping.toUnified("job", job)
    expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedJob)(unifiedJob))).toBe(true)
    expect(unifiedJob).toMatchObject({ status: "open", employment_type: "full_time", requisition_id: "REQ-42", published_at: "2024-01-15T08:00:00.000Z" })
    const profile = Mapping.toUnified("profile", candidate) as Unified.UnifiedProfile
    expect(Either.isRight(Schema.decodeUnknownEither(Unified.UnifiedProfile)(profile))).toBe(true)
    expect(profile).toMatchObject({
      info: {
        full_name: "Ada Lovelace",
        emails: [
          { value: "ada@example.com", type: "Personal" },
          { value: "ada@work.example", type: "Work" }
        ],
        phones: [{ value: "+44 20 7946 0000" }],
        urls: [{ type: "linkedin" }, { type: "github" }],
        location: { text: "London, England, United Kingdom", fields: { city: "London" }, city: "London" }
      },
      experiences: [{ title: "Analyst", company: "Analytical Engines", current: true }],
      educations: [{ school: "University of London" }],
      tags: [{ name: "math" }],
      source: "Referral"
    })
  })

  it("native → unified → native is lossless", () => {
    expect(Mapping.fromUnified("job", Mapping.toUnified("job", job))).toEqual(job)
    expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", candidate))).toEqual(candidate)
  })

  it("unified records from elsewhere become valid Ashby records and map back", () => {
    const foreign: Unified.UnifiedProfile = {
      id: "tt-9",
      origin: "teamtailor",
      info: {
        first_name: "Grace",
        last_name: "Hopper",
        emails: [{ value: "grace@navy.mil" }],
        urls: [{ type: "linkedin", url: "https://linkedin.com/in/grace" }],
        location: { city: "Arlington", country: "US" }
      },
      experiences: [{ title: "Rear Admiral", company: "US Navy", current: true }],
      tags: [{ name: "cobol" }]
    }
    const native = Mapping.fromUnified("profile", foreign)
    expect(Either.isRight(validCandidate(native))).toBe(true)
    expect(native).toMatchObject({
      id: "tt-9",
      name: "Grace Hopper",
      primaryEmailAddress: { value: "grace@navy.mil", isPrimary: true },
      socialLinks: [{ type: "LinkedIn", url: "https://linkedin.com/in/grace" }],
      tags: [{ title: "cobol" }],
      position: "Rear Admiral",
      company: "US Navy",
      location: {
        locationSummary: "Arlington, US",
        locationComponents: [
          { type: "City", name: "Arlington" },
          { type: "Country", name: "US" }
        ]
      }
    })
    const back = Mapping.toUnified("profile", native) as Unified.UnifiedProfile
    expect(back.info?.emails).toEqual([{ value: "grace@navy.mil", type: "Personal" }])
    expect(back.info?.location).toMatchObject({ text: "Arlington, US", city: "Arlington", country: "US" })
    expect(back.experiences).toEqual([{ title: "Rear Admiral", company: "US Navy", current: true }])
    const nativeJob = Mapping.fromUnified("job", { id: "wk-1", name: "Welder", status: "closed", employment_type: "contract" })
    expect(Either.isRight(validJob(nativeJob))).toBe(true)
    expect(nativeJob).toEqual({ id: "wk-1", title: "Welder", status: "Closed", employmentType: "Contract" })
  })

  it("property: any valid job survives native → unified → native", () => {
    const text = FastCheck.string({ minLength: 1, maxLength: 10 })
    const maybe = <A>(arb: FastCheck.Arbitrary<A>) => FastCheck.option(arb, { nil: undefined })
    const date = FastCheck.integer({ min: 0, max: 2_000_000_000_000 }).map((ms) => new Date(ms).toISOString())
    const arb = FastCheck.record(
      {
        id: text,
        title: text,
        status: FastCheck.constantFrom("Open", "Closed", "Draft", "Archived"),
        employmentType: maybe(FastCheck.option(FastCheck.constantFrom("FullTime", "PartTime", "Intern", "Contract", "Temporary"), { nil: null })),
        customRequisitionId: maybe(FastCheck.option(text, { nil: null })),
        openedAt: maybe(FastCheck.option(date, { nil: null })),
        updatedAt: maybe(date)
      },
      { requiredKeys: ["id", "title", "status"] }
    )
    FastCheck.assert(
      FastCheck.property(arb, (record) => {
        const native = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
        expect(Either.isRight(validJob(native))).toBe(true)
        expect(Mapping.fromUnified("job", Mapping.toUnified("job", native))).toEqual(native)
      })
    )
  })
})

const secret = "ashby-webhook-secret-token"
const delivery = (payload: unknown, signature: boolean | string = true) => {
  const body = JSON.stringify(payload)
  const value = signature === true ? Webhook.sign(body, secret) : signature === false ? undefined : signature
  return { body, headers: value === undefined ? {} : { [Webhook.signatureHeader]: value } }
}

describe("ashby webhooks", () => {
  it.effect("signed deliveries become unified events per action", () =>
    Effect.gen(function* () {
      const submit = {
        action: "applicationSubmit",
        webhookActionId: "wa-1",
        data: { application: { id: "app-1", candidate: { id: "cand-1", name: "Ada" }, job: { id: "job-1" } } }
      }
      expect(Option.getOrThrow(yield* Webhook.parseEvent("profile", delivery(submit), secret))).toEqual({
        resource: "profile",
        type: "upserted",
        resource_id: "cand-1",
        origin: "ashby",
        event_id: "wa-1",
        payload: { id: "cand-1", name: "Ada" }
      })
      const hired = { action: "candidateHire", data: { application: { id: "app-1", candidateId: "cand-2" } } }
      expect(Option.getOrThrow(yield* Webhook.parseEvent("profile", delivery(hired), secret))).toMatchObject({ type: "updated", resource_id: "cand-2" })
      const deleted = { action: "candidateDelete", data: { candidate: { id: "cand-3" } } }
      expect(Option.getOrThrow(yield* Webhook.parseEvent("profile", delivery(deleted), secret))).toMatchObject({ type: "deleted", resource_id: "cand-3" })
      const jobUpdate = { action: "jobUpdate", data: { job } }
      expect(Option.getOrThrow(yield* Webhook.parseEvent("job", delivery(jobUpdate), secret))).toMatchObject({
        resource: "job",
        type: "updated",
        resource_id: job.id,
        payload: job
      })
      // Another resource's action, pings and unknown actions are not changes of this resource.
      expect(Option.isNone(yield* Webhook.parseEvent("profile", delivery(jobUpdate), secret))).toBe(true)
      expect(Option.isNone(yield* Webhook.parseEvent("job", delivery({ action: "ping", data: { webhookActionType: "ping" } }), secret))).toBe(true)
      expect(Option.isNone(yield* Webhook.parseEvent("profile", delivery({ action: "offerCreate", data: {} }), secret))).toBe(true)
    })
  )

  it.effect("tampered, missing or foreign signatures are rejected; malformed bodies are errors", () =>
    Effect.gen(function* () {
      const payload = { action: "candidateDelete", data: { candidate: { id: "cand-3" } } }
      const good = delivery(payload)
      const bad = [
        { ...good, body: good.body.replace("cand-3", "cand-4") },
        delivery(payload, false),
        delivery(payload, Webhook.sign(good.body, "another-secret")),
        delivery(payload, Webhook.sign(good.body, secret).replace("sha256=", ""))
      ]
      for (const one of bad) {
        const error = yield* Effect.flip(Webhook.parseEvent("profile", one, secret))
        expect(error._tag).toBe("WebhookError")
        expect(error.message).not.toContain(secret)
      }
      const body = "not json"
      expect(
        (yield* Effect.flip(Webhook.parseEvent("profile", { body, headers: { [Webhook.signatureHeader]: Webhook.sign(body, secret) } }, secret)))._tag
      ).toBe("WebhookError")
      const noId = yield* Effect.flip(Webhook.parseEvent("profile", delivery({ action: "candidateHire", data: { application: {} } }), secret))
      expect(noId.message).toContain("data.application.candidate.id")
    })
  )

  it.scopedLive("the connector verifies with its configured webhook_secret", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make()
      const connector = yield* Ashby.make({ api_key: Redacted.make("k"), base_url: fake.baseUrl, webhook_secret: Redacted.make(secret) })
      const payload = { action: "jobCreate", data: { job } }
      expect(Option.isSome(yield* connector.parseEvent!("job", delivery(payload)))).toBe(true)
      expect((yield* Effect.flip(connector.parseEvent!("job", delivery(payload, "sha256=00"))))._tag).toBe("WebhookError")
    })
  )
})
