/**
 * Shared set-up of the HrFlow.ai tests: a connector against a fresh fake, and native records.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as HrFlow from "../../../src/connectors/hrflow/index.js"
import * as FakeHrFlow from "../../fakes/HrFlow.js"

/** The connector configuration pointing at a fake. */
export const configFor = (fake: FakeHrFlow.FakeHrFlow, overrides: Partial<HrFlow.Config.Config> = {}): HrFlow.Config.Config => ({
  api_key: Redacted.make(fake.apiKey),
  user_email: fake.userEmail,
  board_key: "board-1",
  source_key: "source-1",
  base_url: fake.url,
  ...overrides
})

/** A fake seeded with records and a connector reading it. */
export const setup = (
  resource: "job" | "profile",
  records: ReadonlyArray<unknown>,
  options: FakeHrFlow.Options = {},
  overrides: Partial<HrFlow.Config.Config> = {}
) =>
  Effect.gen(function* () {
    const fake = yield* FakeHrFlow.make(options)
    fake.seed(resource, records)
    const connector = yield* HrFlow.make(configFor(fake, overrides))
    return { fake, connector }
  })

const stamp = (iso: string) => FakeHrFlow.timestamp(Date.parse(iso))

/** The i-th job; both timestamps hold `at`. */
export const job = (i: number, at: string) => ({
  key: `job-${String(i).padStart(4, "0")}`,
  reference: `ref-job-${i}`,
  board_key: "board-1",
  name: `Data Engineer ${i}`,
  summary: `Builds pipelines (${i})`,
  url: null,
  location: { text: "Paris, France", lat: 48.85, lng: 2.35 },
  sections: [{ name: "description", title: "Description", description: "Design and run data pipelines." }],
  skills: [{ name: "python", type: "hard", value: null }],
  tags: [{ name: "status", value: i % 2 === 0 ? "open" : "closed" }],
  ranges_float: [],
  created_at: stamp(at),
  updated_at: stamp(at)
})

/** The i-th profile; both timestamps hold `at`. */
export const profile = (i: number, at: string) => ({
  key: `profile-${String(i).padStart(4, "0")}`,
  reference: null,
  source_key: "source-1",
  info: {
    full_name: `Ada Lovelace ${i}`,
    first_name: "Ada",
    last_name: `Lovelace ${i}`,
    email: `ada.${i}@example.com`,
    phone: "+33 6 00 00 00 00",
    location: { text: "London", lat: null, lng: null },
    urls: [{ type: "linkedin", url: `https://linkedin.example/ada-${i}` }],
    summary: "Analyst"
  },
  experiences: [{ company: "Analytical Engines", title: "Engineer", date_start: "1842-01-01T00:00:00", date_end: null }],
  educations: [],
  skills: [{ name: "mathematics", type: "hard", value: null }],
  tags: [],
  attachments: [],
  created_at: stamp(at),
  updated_at: stamp(at)
})
