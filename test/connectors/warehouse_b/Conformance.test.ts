import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WarehouseB from "../../../src/connectors/warehouse_b/index.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as FakeB from "../../fakes/WarehouseB.js"

const pad = (i: number) => String(i).padStart(4, "0")

/** A connector over a fresh fake holding exactly `records` of `resource`. */
const setup = (resource: "job" | "profile") => (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const fake = yield* FakeB.start(resource === "job" ? { jobs: records } : { profiles: records })
    return yield* WarehouseB.make({ base_url: fake.url, token: Redacted.make("token-b") })
  })

describeConformance({
  name: "warehouse_b",
  resource: "job",
  setup: setup("job"),
  record: (i, at) => ({
    id: `job-${pad(i)}`,
    name: i % 2 === 0 ? `Data Engineer ${i}` : `Sales Manager ${i}`,
    summary: "A role in a growing team.",
    tags: i % 3 === 0 ? ["remote", "senior"] : ["onsite"],
    category: i % 2 === 0 ? "engineering" : "sales",
    status: i % 4 === 0 ? "draft" : "published",
    created: "2023-06-01T00:00:00Z",
    modified: at
  }),
  pushdown: [
    { field: "status", op: "eq", value: "published" },
    { field: "status", op: "in", value: ["draft", "closed"] },
    { field: "category", op: "in", value: ["sales"] },
    { field: "id", op: "in", value: ["job-0002", "job-0003"] },
    { field: "tags", op: "in", value: ["senior"] },
    { field: "name", op: "contains", value: "Manager" },
    { field: "tags", op: "contains", value: ["remote", "senior"] },
    { field: "modified", op: "gte", value: "2024-01-01T00:00:10Z" }
  ],
  invalidRecord: { id: "job-broken", name: 42, created: "2023-06-01T00:00:00Z", modified: "2024-01-01T00:00:00Z" }
})

describeConformance({
  name: "warehouse_b",
  resource: "profile",
  cursorMode: "created_at",
  pageSize: 8,
  setup: setup("profile"),
  record: (i, at) => ({
    id: `cand-${pad(i)}`,
    name: i % 2 === 0 ? `Grace Hopper ${i}` : `Edsger Dijkstra ${i}`,
    email: `c${i}@example.com`,
    headline: "Engineer",
    tags: ["talent-pool"],
    stage: i % 3 === 0 ? "interview" : "applied",
    created: at,
    modified: at
  }),
  pushdown: [
    { field: "stage", op: "in", value: ["interview", "offer"] },
    { field: "email", op: "eq", value: "c4@example.com" },
    { field: "name", op: "contains", value: "Hopper" }
  ],
  invalidRecord: { id: "cand-broken", name: "Tags not a list", tags: "vip", created: "2024-01-01T00:00:00Z", modified: "2024-01-01T00:00:00Z" }
})
