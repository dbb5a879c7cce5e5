import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { Condition } from "../../../src/core/Condition.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as WarehouseA from "../../../src/connectors/warehouse_a/index.js"
import * as WarehouseB from "../../../src/connectors/warehouse_b/index.js"
import * as FakeA from "../../fakes/WarehouseA.js"
import * as FakeB from "../../fakes/WarehouseB.js"

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString()
const pad = (i: number) => String(i).padStart(3, "0")

const titles = ["Data Engineer", "Data Scientist", "Sales Manager", "Chemist"]
const descriptions = ["Pipelines", "Science lab", "Quota", "Science and sales"]
const skillSets = [["python"], ["sql", "excel"], ["excel"], ["python", "sql"]]
const locations = ["Paris, France", "Berlin", "Lyon"]
const statuses = ["open", "draft", "closed"]

/** 120 varied jobs: every combination of the fields the test filters on appears. */
const seed = Array.from({ length: 120 }, (_, i) => ({
  job_id: `job-${pad(i)}`,
  title: titles[i % 4]!,
  description: descriptions[Math.floor(i / 4) % 4]!,
  skills: skillSets[Math.floor(i / 16) % 4]!,
  board_key: `board-${i % 3}`,
  status: statuses[Math.floor(i / 3) % 3]!,
  location: locations[Math.floor(i / 9) % 3]!,
  salary_min: 30000 + (i % 7) * 10000,
  salary_currency: "EUR",
  created_at: at(i),
  updated_at: at(i % 50)
}))
type Job = (typeof seed)[number]

const texts = (j: Job) => [j.title, j.description, ...j.skills].map((t) => t.toLowerCase())
const mentions = (j: Job, term: string) => texts(j).some((t) => t.includes(term))

/** What the origin returns for the pushed-down conditions, computed independently of connector and fakes. */
const served = seed.filter(
  (j) =>
    (mentions(j, "data") || mentions(j, "science")) &&
    (mentions(j, "python") || mentions(j, "sql")) &&
    ["board-1", "board-2"].includes(j.board_key) &&
    ["open", "draft"].includes(j.status)
)
/** What the pull must deliver: the in-memory WHERE (location) and HAVING (salary) applied on top. */
const expected = served.filter((j) => ["Paris, France", "Berlin"].includes(j.location) && j.salary_min >= 50000)

const where: ReadonlyArray<Condition> = [
  { field: "title", op: "contains", value: "data" },
  { field: "description", op: "contains", value: "science" },
  { field: "skills", op: "contains", value: ["python", "sql"] },
  { field: "board_key", op: "in", value: ["board-1", "board-2"] },
  { field: "status", op: "in", value: ["open", "draft"] },
  { field: "location", op: "in", value: ["Paris, France", "Berlin"] }
]

const mapping = [
  { from: "job_id", to: "id" },
  { from: "title", to: "name" },
  { from: "description", to: "summary" },
  { from: "skills", to: "tags" },
  { from: "board_key", to: "category" },
  { from: "salary_min", to: "compensation.min" },
  { from: "salary_currency", to: "compensation.currency" },
  { from: "created_at", to: "created" },
  { from: "updated_at", to: "modified" }
]

const connectors = Effect.gen(function* () {
  const fakeA = yield* FakeA.start({ apiKey: "key-a", jobs: seed })
  const fakeB = yield* FakeB.start({ token: "token-b" })
  const origin = yield* WarehouseA.make({ base_url: fakeA.url, api_key: Redacted.make("key-a") })
  const target = yield* WarehouseB.make({ base_url: fakeB.url, token: Redacted.make("token-b") })
  return { fakeA, fakeB, origin, target }
})

describe("pull warehouse_a → warehouse_b", () => {
  it.scopedLive("pushes WHERE down, applies the rest and HAVING in memory, maps, and lands exactly the expected jobs", () =>
    Effect.gen(function* () {
      expect(expected.length).toBeGreaterThan(3)
      const { fakeA, fakeB, origin, target } = yield* connectors
      const result = yield* Pipeline.pull({
        resource: "job",
        origin,
        target,
        cursor: Cursor.make("updated_at"),
        where,
        having: [{ field: "salary_min", op: "gte", value: 50000 }],
        formatter: mapping,
        batchSize: 7
      })
      expect(result.stats.where_in_memory).toEqual([where[5]])
      expect(result.stats.written).toBe(expected.length)
      expect(result.stats.failed).toBe(0)
      expect([...fakeB.store.job.keys()].sort()).toEqual(expected.map((j) => j.job_id).sort())
      const sample = expected[0]!
      expect(fakeB.store.job.get(sample.job_id)).toEqual({
        id: sample.job_id,
        name: sample.title,
        summary: sample.description,
        tags: sample.skills,
        category: sample.board_key,
        compensation: { min: sample.salary_min, currency: "EUR" },
        created: sample.created_at,
        modified: sample.updated_at
      })
      expect(fakeB.store.writes.every((w) => w.records.length <= 7)).toBe(true)
      expect(served.length).toBeGreaterThan(expected.length)
      expect(result.stats.filtered_out).toBe(served.length - expected.length)
      // The checkpoint moves past records filtered out in memory too.
      expect(result.cursor.end).toBe(
        served
          .map((j) => j.updated_at)
          .sort()
          .at(-1)
      )

      const first = (yield* fakeA.requests)[0]!
      expect(first.query).toMatchObject({
        keywords: "(data OR science) AND (python OR sql)",
        board_keys: '["board-1","board-2"]',
        statuses: "open,draft",
        order: "asc",
        sort_by: "updated_at",
        page: "1",
        limit: "7"
      })
      expect(first.query.locations).toBeUndefined()
      expect(first.query.updated_at_max).toBeDefined()
      expect(first.headers["x-api-key"]).toBe("key-a")
      const writes = (yield* fakeB.requests).filter((r) => r.method === "POST")
      expect(writes.every((r) => r.path === "/jobs/bulk" && r.headers.authorization === "Bearer token-b")).toBe(true)

      // A second run from the returned cursor brings nothing new.
      const again = yield* Pipeline.pull({
        resource: "job",
        origin,
        target,
        cursor: Cursor.resumeFrom(result.cursor),
        where,
        having: [{ field: "salary_min", op: "gte", value: 50000 }],
        formatter: mapping,
        batchSize: 7
      })
      expect(again.stats.written).toBe(0)
    })
  )

  it.scopedLive("without a formatter goes through the unified model", () =>
    Effect.gen(function* () {
      const { fakeB, origin, target } = yield* connectors
      const result = yield* Pipeline.pull({
        resource: "job",
        origin,
        target,
        cursor: Cursor.make("created_at"),
        where: [{ field: "board_key", op: "eq", value: "board-0" }],
        batchSize: 50
      })
      expect(result.stats.written).toBe(40)
      const first = seed[0]!
      // B has no board and no location text: A's `board_key` and `location` have nowhere to go.
      expect(fakeB.store.job.get(first.job_id)).toEqual({
        id: first.job_id,
        name: first.title,
        summary: first.description,
        status: "published",
        compensation: { min: first.salary_min, currency: "EUR" },
        created: first.created_at,
        modified: first.updated_at
      })
    })
  )

  it.scopedLive("a push of events upserts changed jobs and deletes removed ones in warehouse_b", () =>
    Effect.gen(function* () {
      const { fakeB, origin, target } = yield* connectors
      fakeB.store.seed("job", [{ id: "job-005", name: "Old", created: at(0), modified: at(0) }])
      const result = yield* Pipeline.push({
        resource: "job",
        origin,
        target,
        mode: "events",
        events: [
          { type: "updated", resource_id: "job-001" },
          { type: "created", resource_id: "job-002" },
          { type: "updated", resource_id: "job-001" },
          { type: "deleted", resource_id: "job-005" },
          { type: "updated", resource_id: "job-404" }
        ],
        formatter: mapping
      })
      expect(result).toMatchObject({
        total_events: 5,
        total_resources_fetched: 2,
        total_resources_pushed: 2,
        total_archived: 1,
        skipped_missing: 1,
        skipped_duplicate_events: 1,
        errors: []
      })
      expect([...fakeB.store.job.keys()].sort()).toEqual(["job-001", "job-002"])
      expect(fakeB.store.deleted.job).toEqual(["job-005"])
    })
  )
})
