/**
 * Shared set-up of the Greenhouse tests: a connector against a fresh fake, and native records.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"

/** The connector configuration pointing at a fake; the limiter is loosened so tests stay fast. */
export const configFor = (
  fake: FakeGreenhouse.FakeGreenhouse,
  overrides: Partial<Greenhouse.Config.Config> = {}
): Greenhouse.Config.Config => ({
  api_key: Redacted.make(fake.apiKey),
  on_behalf_of: "4080",
  base_url: fake.url,
  rate_limit: { limit: 100, interval: "1 second" },
  ...overrides
})

/** A fake seeded with records and a connector reading it. */
export const setup = (
  resource: "job" | "profile",
  records: ReadonlyArray<unknown>,
  options: FakeGreenhouse.Options = {},
  overrides: Partial<Greenhouse.Config.Config> = {}
) =>
  Effect.gen(function* () {
    const fake = yield* FakeGreenhouse.make(options)
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
  status: i % 3 === 0 ? "closed" : "open",
  created_at: at,
  opened_at: at,
  closed_at: null,
  updated_at: at,
  departments: [{ id: 7, name: "Design", external_id: null }],
  offices: [{ id: 13, name: "New York City", location: { name: "New York, NY" }, external_id: null }],
  custom_fields: { employment_type: "Full-time" }
})

/** The i-th candidate; both timestamps hold `at`. */
export const candidate = (i: number, at: string) => ({
  id: 50000 + i,
  first_name: "Grace",
  last_name: `Hopper ${i}`,
  company: "US Navy",
  title: "Rear Admiral",
  is_private: false,
  created_at: at,
  updated_at: at,
  last_activity: at,
  email_addresses: [{ value: `grace.${i}@example.com`, type: "personal" }],
  phone_numbers: [{ value: "+1 555 0100", type: "mobile" }],
  addresses: [],
  website_addresses: [],
  social_media_addresses: [],
  tags: ["compilers"],
  attachments: [],
  applications: [{ id: 70000 + i, jobs: [{ id: 4001, name: "Designer 1" }] }],
  application_ids: [70000 + i]
})
