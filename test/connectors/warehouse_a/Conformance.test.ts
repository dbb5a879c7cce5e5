import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WarehouseA from "../../../src/connectors/warehouse_a/index.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as FakeA from "../../fakes/WarehouseA.js"

const pad = (i: number) => String(i).padStart(4, "0")

/** A connector over a fresh fake holding exactly `records` of `resource`. */
const setup = (resource: "job" | "profile") => (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const fake = yield* FakeA.start(resource === "job" ? { jobs: records } : { profiles: records })
    return yield* WarehouseA.make({ base_url: fake.url, api_key: Redacted.make("key-a") })
  })

describeConformance({
  name: "warehouse_a",
  resource: "job",
  setup: setup("job"),
  record: (i, at) => ({
    job_id: `job-${pad(i)}`,
    title: i % 2 === 0 ? `Data Engineer ${i}` : `Sales Manager ${i}`,
    description: "A role in a growing team.",
    skills: i % 3 === 0 ? ["python", "sql"] : ["excel"],
    board_key: `board-${i % 3}`,
    status: i % 4 === 0 ? "draft" : i % 2 === 0 ? "open" : "closed",
    location: i % 5 === 0 ? "Paris" : "Berlin",
    salary_min: 40000 + 1000 * i,
    created_at: at,
    updated_at: at
  }),
  pushdown: [
    { field: "status", op: "eq", value: "open" },
    { field: "status", op: "in", value: ["open", "draft"] },
    { field: "board_key", op: "in", value: ["board-1", "board-2"] },
    { field: "location", op: "in", value: ["Paris"] },
    { field: "job_id", op: "in", value: ["job-0001", "job-0004"] },
    { field: "title", op: "contains", value: "Engineer" },
    { field: "skills", op: "contains", value: "python" },
    { field: "salary_min", op: "gte", value: 45000 },
    { field: "created_at", op: "lte", value: "2024-01-01T00:00:05Z" }
  ],
  invalidRecord: {
    job_id: "job-broken",
    title: 42,
    board_key: "board-0",
    status: "open",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z"
  }
})

describeConformance({
  name: "warehouse_a",
  resource: "profile",
  cursorMode: "id",
  pageSize: 7,
  setup: setup("profile"),
  record: (i, at) => ({
    profile_id: at,
    full_name: i % 2 === 0 ? `Ada Lovelace ${i}` : `Alan Turing ${i}`,
    email: `person${i}@example.com`,
    summary: "Curious mind.",
    skills: ["math"],
    tags: i % 3 === 0 ? ["alumni", "referral"] : ["inbound"],
    source_key: `source-${i % 2}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z"
  }),
  pushdown: [
    { field: "full_name", op: "contains", value: "Lovelace" },
    { field: "full_name", op: "eq", value: "Alan Turing 3" },
    { field: "email", op: "in", value: ["person2@example.com", "person5@example.com"] },
    { field: "tags", op: "in", value: ["referral"] },
    { field: "source_key", op: "in", value: ["source-1"] }
  ],
  invalidRecord: { profile_id: "100099", full_name: "No Source", created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" }
})
