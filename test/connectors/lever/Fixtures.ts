/**
 * Lever test fixtures: native records as Lever sends them, and a connector pointed at a fake Lever.
 */
import type * as Effect from "effect/Effect"
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

/** The i-th posting, updated at `updatedAt` (epoch ms), shaped like `test/fixtures/real/lever/postings.json`. */
export const posting = (i: number, updatedAt: number): Connector.NativeRecord => {
  const state = ["published", "closed", "internal"][i % 3]!
  return {
    id: `posting-${pad(i)}`,
    text: `Engineer ${i}`,
    state,
    distributionChannels: null,
    user: performAs,
    owner: performAs,
    hiringManager: null,
    categories: {
      commitment: i % 2 === 0 ? "Full-time" : "Contract",
      department: "Engineering",
      level: null,
      location: "Paris",
      team: "Platform",
      allLocations: ["Paris"]
    },
    tags: i % 5 === 0 ? ["urgent", "remote"] : ["remote"],
    content: {
      description: `Build things (${i})`,
      descriptionHtml: `<div>Build things (${i})</div>`,
      lists: [{ text: "Requirements", content: "<li>TypeScript</li>" }],
      closing: "",
      closingHtml: ""
    },
    country: "FR",
    followers: [performAs],
    reqCode: null,
    requisitionCodes: [],
    // Lever sends no URLs for closed (and draft) postings.
    urls:
      state === "closed"
        ? null
        : {
            list: "https://jobs.lever.co/acme",
            show: `https://jobs.lever.co/acme/posting-${pad(i)}`,
            apply: `https://jobs.lever.co/acme/posting-${pad(i)}/apply`
          },
    confidentiality: "non-confidential",
    createdAt: createdAt(i),
    updatedAt,
    workplaceType: i % 3 === 0 ? "remote" : "unspecified",
    salaryRange: { min: 50000 + i, max: 70000 + i, currency: "EUR", interval: "per-year-salary" }
  }
}

/** The i-th opportunity, updated at `updatedAt` (epoch ms), shaped like `test/fixtures/real/lever/opportunity.json`. */
export const opportunity = (i: number, updatedAt: number): Connector.NativeRecord => ({
  id: `opp-${pad(i)}`,
  name: `Candidate ${i}`,
  contact: `contact-${pad(i)}`,
  headline: `Engineer at Company ${i}`,
  stage: i % 2 === 0 ? "stage-screen" : "stage-onsite",
  confidentiality: "non-confidential",
  location: "Lyon",
  phones: [{ type: "mobile", value: `+33 6 00 00 ${pad(i)}` }],
  emails: [`candidate${i}@example.com`],
  links: [`https://github.com/candidate${i}`],
  archived: i % 7 === 0 ? { reason: "reason-hired", archivedAt: updatedAt } : null,
  tags: i % 4 === 0 ? ["referral", "python"] : ["python"],
  sources: ["Referral"],
  stageChanges: [{ toStageId: "lead-new", toStageIndex: 0, updatedAt: createdAt(i), userId: performAs }],
  origin: "sourced",
  sourcedBy: performAs,
  owner: performAs,
  followers: [performAs],
  applications: [`application-${pad(i)}`],
  createdAt: createdAt(i),
  updatedAt,
  lastInteractionAt: updatedAt,
  lastAdvancedAt: updatedAt,
  urls: { list: "https://hire.lever.co/candidates", show: `https://hire.lever.co/candidates/opp-${pad(i)}` },
  isAnonymized: false,
  opportunityLocation: "Lyon"
})
