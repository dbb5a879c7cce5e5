import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Workable from "../../../src/connectors/workable/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Unified from "../../../src/core/Unified.js"
import * as Fake from "../../fakes/Workable.js"

const { Mapping, Webhook } = Workable
const validJob = Schema.decodeUnknownEither(Workable.WorkableJob)
const validCandidate = Schema.decodeUnknownEither(Workable.WorkableCandidate)
const validUnifiedJob = Schema.decodeUnknownEither(Unified.UnifiedJob)
const validUnifiedProfile = Schema.decodeUnknownEither(Unified.UnifiedProfile)

const job: Connector.NativeRecord = {
  id: "61884e2",
  title: "Sales Intern",
  full_title: "Sales Intern - US/3/SI",
  shortcode: "GROOV003",
  code: "US/3/SI",
  state: "published",
  department: "Sales",
  url: "https://groove-tech.workable.com/jobs/102268944",
  application_url: "https://groove-tech.workable.com/jobs/102268944/candidates/new",
  shortlink: "https://groove-tech.workable.com/j/GROOV003",
  location: {
    location_str: "Portland, Oregon, United States",
    country: "United States",
    country_code: "US",
    region: "Oregon",
    region_code: "OR",
    city: "Portland",
    zip_code: "97201",
    telecommuting: false
  },
  salary: { salary_from: 30000, salary_to: 40000, salary_currency: "USD" },
  employment_type: "Full-time",
  description: "<p>Join us</p>",
  requirements: "<p>Curiosity</p>",
  created_at: "2015-07-01T00:00:00Z",
  updated_at: "2015-07-02T10:00:00Z"
}

const candidate: Connector.NativeRecord = {
  id: "ce4da98",
  name: "Lakita Marrero",
  firstname: "Lakita",
  lastname: "Marrero",
  headline: "Operations Manager",
  account: { subdomain: "groove-tech", name: "Groove Tech" },
  job: { shortcode: "GROOV003", title: "Sales Intern" },
  stage: "Applied",
  disqualified: false,
  disqualification_reason: null,
  hired_at: null,
  sourced: true,
  profile_url: "https://groove-tech.workable.com/backend/jobs/128/candidates/1",
  address: "Portland, OR",
  phone: "(503) 555-0100",
  email: "lakita_marrero@gmail.com",
  domain: "linkedin.com",
  summary: "Ten years in operations",
  tags: ["operations", "remote"],
  skills: [{ name: "Logistics" }],
  social_profiles: [{ type: "linkedin", name: "LinkedIn", username: "lakita", url: "https://linkedin.com/in/lakita" }],
  education_entries: [{ school: "PSU", degree: "BSc", field_of_study: "Economics", start_date: "2004-09-01", end_date: "2008-06-01" }],
  experience_entries: [{ title: "Ops", company: "Acme", summary: "Ran ops", industry: null, start_date: "2010-01-01", end_date: null, current: true }],
  resume_url: "https://workable.example/resume.pdf",
  created_at: "2015-06-26T00:00:00Z",
  updated_at: "2015-07-08T14:46:48Z"
}

describe("workable mapping", () => {
  it("maps jobs and candidates to valid unified records with their vendor meaning", () => {
    const unifiedJob = Mapping.toUnified("job", job) as Unified.UnifiedJob
    expect(Either.isRight(validUnifiedJob(unifiedJob))).toBe(true)
    expect(unifiedJob).toMatchObject({
      id: "61884e2",
      reference: "GROOV003",
      name: "Sales Intern",
      status: "open",
      employment_type: "full_time",
      requisition_id: "US/3/SI",
      departments: [{ name: "Sales" }],
      location: { city: "Portland", country: "US", postal_code: "97201", remote: false },
      salary: { min: 30000, max: 40000, currency: "USD" },
      requirements: "<p>Curiosity</p>",
      created_at: "2015-07-01T00:00:00Z"
    })
    const profile = Mapping.toUnified("profile", candidate) as Unified.UnifiedProfile
    expect(Either.isRight(validUnifiedProfile(profile))).toBe(true)
    expect(profile).toMatchObject({
      id: "ce4da98",
      info: { full_name: "Lakita Marrero", first_name: "Lakita", emails: [{ value: "lakita_marrero@gmail.com" }], urls: [{ type: "linkedin" }] },
      experiences: [{ title: "Ops", company: "Acme", current: true }],
      educations: [{ school: "PSU", field: "Economics" }],
      tags: [{ name: "operations" }, { name: "remote" }],
      job_ids: ["GROOV003"],
      stage: "Applied",
      attachments: [{ type: "resume" }],
      updated_at: "2015-07-08T14:46:48Z"
    })
  })

  it("native → unified → native is lossless", () => {
    expect(Mapping.fromUnified("job", Mapping.toUnified("job", job))).toEqual(job)
    expect(Mapping.fromUnified("profile", Mapping.toUnified("profile", candidate))).toEqual(candidate)
  })

  it("an edited unified record keeps its other vendor fields and takes the edit", () => {
    const unified = Mapping.toUnified("job", job) as Unified.UnifiedJob
    const back = Mapping.fromUnified("job", { ...unified, name: "Sales Lead", status: "closed" })
    expect(back).toMatchObject({ title: "Sales Lead", state: "closed", full_title: job.full_title, shortcode: "GROOV003" })
    expect(Either.isRight(validJob(back))).toBe(true)
  })

  it("unified records from elsewhere map to valid Workable records and back", () => {
    const foreign: Unified.UnifiedProfile = {
      id: "gh-12",
      origin: "greenhouse",
      info: { first_name: "Grace", last_name: "Hopper", emails: [{ value: "grace@navy.mil" }], location: { city: "Arlington", country: "US" } },
      skills: [{ name: "COBOL" }],
      job_ids: ["GROOV003"],
      payload: { something: "from greenhouse" }
    }
    const native = Mapping.fromUnified("profile", foreign)
    expect(Either.isRight(validCandidate(native))).toBe(true)
    expect(native).toEqual({
      id: "gh-12",
      name: "Grace Hopper",
      firstname: "Grace",
      lastname: "Hopper",
      email: "grace@navy.mil",
      address: "Arlington, US",
      skills: [{ name: "COBOL" }],
      job: { shortcode: "GROOV003" }
    })
    const again = Mapping.toUnified("profile", native) as Unified.UnifiedProfile
    expect(again.info).toMatchObject({ first_name: "Grace", last_name: "Hopper", emails: [{ value: "grace@navy.mil" }] })
    expect(again.job_ids).toEqual(["GROOV003"])
    const foreignJob: Unified.UnifiedJob = { id: "42", name: "Welder", status: "open", remote: true, location: { text: "Lyon", country: "France" } }
    const nativeJob = Mapping.fromUnified("job", foreignJob)
    expect(Either.isRight(validJob(nativeJob))).toBe(true)
    expect(nativeJob).toMatchObject({
      id: "42",
      shortcode: "42",
      state: "published",
      location: { location_str: "Lyon", country: "France", telecommuting: true }
    })
  })

  it("property: any valid candidate survives native → unified → native", () => {
    const text = FastCheck.string({ minLength: 1, maxLength: 12 })
    const maybe = <A>(arb: FastCheck.Arbitrary<A>) => FastCheck.option(arb, { nil: undefined })
    const date = FastCheck.integer({ min: 0, max: 2_000_000_000 }).map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"))
    const arb = FastCheck.record(
      {
        id: text,
        name: text,
        firstname: maybe(FastCheck.option(text, { nil: null })),
        email: maybe(text),
        stage: maybe(text),
        disqualified: maybe(FastCheck.boolean()),
        tags: maybe(FastCheck.array(text, { maxLength: 3 })),
        job: maybe(FastCheck.record({ shortcode: text, title: text })),
        created_at: maybe(date),
        updated_at: maybe(date)
      },
      { requiredKeys: ["id", "name"] }
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

const secret = "whsec-workable-42"
const delivery = (payload: unknown, sign: boolean | string = true) => {
  const body = JSON.stringify(payload)
  const signature = sign === true ? Webhook.sign(body, secret) : sign === false ? undefined : sign
  return { body, headers: signature === undefined ? {} : { [Webhook.signatureHeader]: signature } }
}
const created = { event_type: "candidate_created", id: "evt-1", fired_at: "2024-05-01T10:00:00Z", resource_type: "candidate", data: candidate }

describe("workable webhooks", () => {
  it.effect("a signed candidate_created delivery becomes a created profile event", () =>
    Effect.gen(function* () {
      const event = yield* Webhook.parseEvent("profile", delivery(created), secret)
      expect(Option.getOrThrow(event)).toEqual({
        resource: "profile",
        type: "created",
        resource_id: "ce4da98",
        origin: "workable",
        event_id: "evt-1",
        occurred_at: "2024-05-01T10:00:00Z",
        payload: candidate
      })
      const moved = yield* Webhook.parseEvent("profile", delivery({ ...created, event_type: "candidate_moved" }), secret)
      expect(Option.getOrThrow(moved).type).toBe("updated")
    })
  )

  it.effect("tampered, missing or wrongly keyed signatures are rejected with a WebhookError", () =>
    Effect.gen(function* () {
      const good = delivery(created)
      const tampered = { ...good, body: good.body.replace("Lakita", "Mallory") }
      for (const bad of [tampered, delivery(created, false), delivery(created, Webhook.sign(good.body, "other-secret")), delivery(created, "abc")]) {
        const error = yield* Effect.flip(Webhook.parseEvent("profile", bad, secret))
        expect(error._tag).toBe("WebhookError")
        expect(error.message).not.toContain(secret)
      }
    })
  )

  it.effect("job reads, other event types and pings are not profile changes; malformed bodies are errors", () =>
    Effect.gen(function* () {
      expect(Option.isNone(yield* Webhook.parseEvent("job", delivery(created), secret))).toBe(true)
      expect(Option.isNone(yield* Webhook.parseEvent("profile", delivery({ event_type: "employee_created", data: { id: "1" } }), secret))).toBe(true)
      const malformed = yield* Effect.flip(
        Webhook.parseEvent("profile", { body: "{not json", headers: { [Webhook.signatureHeader]: Webhook.sign("{not json", secret) } }, secret)
      )
      expect(malformed._tag).toBe("WebhookError")
      const noId = yield* Effect.flip(Webhook.parseEvent("profile", delivery({ event_type: "candidate_created", data: {} }), secret))
      expect(noId.message).toContain("data.id")
    })
  )

  it.scopedLive("the connector verifies with its configured webhook_secret when none is passed", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make()
      const connector = yield* Workable.make({ token: Redacted.make("t"), base_url: fake.baseUrl, webhook_secret: Redacted.make(secret) })
      expect(Option.isSome(yield* connector.parseEvent!("profile", delivery(created)))).toBe(true)
      expect((yield* Effect.flip(connector.parseEvent!("profile", delivery(created, false))))._tag).toBe("WebhookError")
      const unconfigured = yield* Workable.make({ token: Redacted.make("t"), base_url: fake.baseUrl })
      // Without any secret there is nothing to verify against: the delivery is parsed as is.
      expect(Option.isSome(yield* unconfigured.parseEvent!("profile", delivery(created, false)))).toBe(true)
    })
  )
})
