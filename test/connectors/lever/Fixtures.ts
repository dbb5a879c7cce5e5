/**
 * Lever test fixtures: native records as Lever sends them, and a connector pointed at a fake Lever.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../../src/core/Connector.js"
import type { ConfigError } from "../../../src/core/ConnectorError.js"
import * as Lever from "../../../src/connectors/lever/index.js"
import type * as FakeLever from "../../fakes/Lever.js"

/** The Lever user id writes are made on behalf of. */
export const performAs = "8d49b010-cc6a-4f40-ace5-e86061c677ed"

/** A connector for a fake; fast rate limit and short retry waits unless overridden. */
export const connectorFor = (
  fake: FakeLever.FakeLever,
  overrides: Partial<Lever.Config.Config> = {}
): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Lever.make({
    api_key: Redacted.make(fake.apiKey),
    base_url: fake.url,
    perform_as: performAs,
    rateLimit: { limit: 1000, interval: "1 second" },
    retry: { maxAttempts: 3, baseDelay: "10 millis" },
    ...overrides
  })

const created = Date.UTC(2023, 5, 1)

/** A creation time that does not follow `i`, so Lever's list order (createdAt) is not the cursor order. */
const createdAt = (i: number) => created + ((i * 37) % 101) * 60_000

const pad = (i: number) => String(i).padStart(4, "0")

/** The i-th posting, updated at `updatedAt` (epoch ms). */
export const posting = (i: number, updatedAt: number): Connector.NativeRecord => ({
  id: `posting-${pad(i)}`,
  text: `Engineer ${i}`,
  state: ["published", "closed", "internal"][i % 3]!,
  createdAt: createdAt(i),
  updatedAt,
  categories: { team: "Platform", department: "Engineering", location: "Paris", commitment: i % 2 === 0 ? "Full-time" : "Contract" },
  content: {
    description: `<p>Build things (${i})</p>`,
    lists: [{ text: "Requirements", content: "<li>TypeScript</li>" }]
  },
  salaryRange: { min: 50000 + i, max: 70000 + i, currency: "EUR", interval: "per-year-salary" },
  urls: { show: `https://jobs.lever.co/acme/posting-${pad(i)}`, apply: `https://jobs.lever.co/acme/posting-${pad(i)}/apply` },
  tags: i % 5 === 0 ? ["urgent", "remote"] : ["remote"]
})

/** The i-th opportunity, updated at `updatedAt` (epoch ms). */
export const opportunity = (i: number, updatedAt: number): Connector.NativeRecord => ({
  id: `opp-${pad(i)}`,
  name: `Candidate ${i}`,
  headline: `Engineer at Company ${i}`,
  emails: [`candidate${i}@example.com`],
  phones: [{ type: "mobile", value: `+33 6 00 00 ${pad(i)}` }],
  location: "Lyon",
  links: [`https://github.com/candidate${i}`],
  stage: i % 2 === 0 ? "stage-screen" : "stage-onsite",
  archived: i % 7 === 0 ? { reason: "reason-hired", archivedAt: updatedAt } : null,
  tags: i % 4 === 0 ? ["referral", "python"] : ["python"],
  createdAt: createdAt(i),
  updatedAt
})
