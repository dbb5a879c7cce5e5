/**
 * Shared set-up of the Greenhouse tests: a connector against a fresh fake Harvest v3, and native
 * records shaped like the real ones (see test/fixtures/real/greenhouse).
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"

/** The connector configuration pointing at a fake; the limiter is loosened so tests stay fast. */
export const configFor = (fake: FakeGreenhouse.FakeGreenhouse, overrides: Partial<Greenhouse.Config.Config> = {}): Greenhouse.Config.Config => ({
  client_id: fake.clientId,
  client_secret: Redacted.make(fake.clientSecret),
  user_id: "4080",
  token_url: fake.tokenUrl,
  base_url: fake.url,
  rate_limit: { limit: 100, interval: "1 second" },
  ...overrides
})

/** The department, office and stage the generated records refer to. */
export const seedReferences = (fake: FakeGreenhouse.FakeGreenhouse) => {
  fake.seedRelated("departments", [{ id: 7, name: "Design", parent_id: null, child_ids: [], external_id: null }])
  fake.seedRelated("offices", [{ id: 13, name: "New York City", location: { name: "New York, NY" }, parent_id: null, external_id: null }])
  fake.seedRelated("job_interview_stages", [{ id: 55, name: "Phone Screen", job_id: 4001 }])
}

/** A fake seeded with records and a connector reading it. */
export const setup = (
  resource: "job" | "profile",
  records: ReadonlyArray<unknown>,
  options: FakeGreenhouse.Options = {},
  overrides: Partial<Greenhouse.Config.Config> = {}
) =>
  Effect.gen(function* () {
    const fake = yield* FakeGreenhouse.make(options)
    seedReferences(fake)
    fake.seed(resource, records)
    const connector = yield* Greenhouse.make(configFor(fake, overrides))
    return { fake, connector }
  })

/** The i-th job; both timestamps hold `at`. */
export const job = (i: number, at: string) => ({
  id: 4000 + i,
  name: `Designer ${i}`,
  requisition_id: `REQ-${i}`,
  notes: null,
  confidential: false,
  is_template: false,
  copied_from_id: null,
  status: i % 3 === 0 ? "closed" : "open",
  created_at: at,
  opened_at: at,
  closed_at: null,
  updated_at: at,
  department_id: 7,
  office_ids: [13],
  custom_fields: { employment_type: "Full-time" }
})

/** The i-th candidate, with one application (served apart by the fake); both timestamps hold `at`. */
export const candidate = (i: number, at: string) => ({
  id: 50000 + i,
  first_name: "Grace",
  last_name: `Hopper ${i}`,
  company: "US Navy",
  title: "Rear Admiral",
  is_private: false,
  can_email: true,
  created_at: at,
  updated_at: at,
  last_activity: at,
  email_addresses: [{ value: `grace.${i}@example.com`, type: "personal" }],
  phone_numbers: [{ value: "+1 555 0100", type: "mobile" }],
  addresses: [],
  website_addresses: [],
  social_media_addresses: [],
  tags: ["compilers"],
  applications: [{ id: 70000 + i, job_id: 4001, status: "active", job_interview_stage_id: 55, created_at: at, last_activity_at: at }]
})
