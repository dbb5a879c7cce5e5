/**
 * SmartRecruiters test fixtures: native records as SmartRecruiters sends them, and a connector
 * pointed at a fake SmartRecruiters.
 */
import * as Redacted from "effect/Redacted"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../../src/core/Connector.js"
import type { ConfigError } from "../../../src/core/ConnectorError.js"
import * as SmartRecruiters from "../../../src/connectors/smartrecruiters/index.js"
import type * as FakeSmartRecruiters from "../../fakes/SmartRecruiters.js"

/** A connector for a fake; fast rate limit and short retry waits unless overridden. */
export const connectorFor = (
  fake: FakeSmartRecruiters.FakeSmartRecruiters,
  overrides: Partial<SmartRecruiters.Config.Config> = {}
): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  SmartRecruiters.make({
    api_key: Redacted.make(fake.apiKey),
    base_url: fake.url,
    rateLimit: { limit: 1000, interval: "1 second" },
    retry: { maxAttempts: 3, baseDelay: "10 millis" },
    ...overrides
  })

/** A creation time that does not follow `i`, so the list order (createdOn) is not the cursor order. */
const createdOn = (i: number) => new Date(Date.UTC(2023, 5, 1) + ((i * 37) % 101) * 60_000).toISOString()

const pad = (i: number) => String(i).padStart(4, "0")

/** The i-th job, in full (the fake lists it without its job ad), updated at `updatedOn`. */
export const job = (i: number, updatedOn: string): Connector.NativeRecord => ({
  id: `job-${pad(i)}`,
  title: `Engineer ${i}`,
  refNumber: `REF-${pad(i)}`,
  createdOn: createdOn(i),
  updatedOn,
  status: ["SOURCING", "FILLED", "CREATED"][i % 3]!,
  postingStatus: i % 2 === 0 ? "PUBLIC" : "INTERNAL",
  location: { city: "Paris", region: "Île-de-France", country: "fr", remote: i % 4 === 0 },
  jobAd: {
    sections: {
      jobDescription: { title: "Job Description", text: `<p>Role ${i}</p>` },
      qualifications: { title: "Qualifications", text: "<ul><li>TypeScript</li></ul>" }
    }
  }
})

/** The i-th candidate, updated at `updatedOn`. */
export const candidate = (i: number, updatedOn: string): Connector.NativeRecord => ({
  id: `cand-${pad(i)}`,
  firstName: `Ada${i}`,
  lastName: "Lovelace",
  email: `ada${i}@example.com`,
  phoneNumber: `+44 20 7946 ${pad(i)}`,
  location: { city: "London", region: "England", country: "gb" },
  tags: i % 3 === 0 ? ["math", "referral"] : ["math"],
  education: [
    {
      institution: "University of London",
      degree: "BSc",
      major: "Mathematics",
      location: "London",
      startDate: "2010",
      endDate: "2013",
      description: "Analysis"
    }
  ],
  experience: [{ title: "Engineer", company: "Analytical Engines", current: true, location: "London", startDate: "2014-01", description: "Programs" }],
  createdOn: createdOn(i),
  updatedOn
})
