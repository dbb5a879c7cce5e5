import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { Condition } from "../../../src/core/Condition.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as WarehouseA from "../../../src/connectors/warehouse_a/index.js"
import * as FakeA from "../../fakes/WarehouseA.js"

const secret = "sekret-key-a-7f3c"
const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString()
const pad = (i: number) => String(i).padStart(4, "0")

const job = (i: number, extra: Record<string, unknown> = {}) => ({
  job_id: `job-${pad(i)}`,
  title: `Job ${i}`,
  board_key: "board-1",
  status: "open",
  created_at: at(i),
  updated_at: at(i),
  ...extra
})
const jobs = (n: number) => Array.from({ length: n }, (_, i) => job(i))

const connect = (fake: FakeA.FakeWarehouseA, config: Partial<WarehouseA.Config.Config> = {}) =>
  WarehouseA.make({ base_url: fake.url, api_key: Redacted.make(secret), ...config })

const read = (connector: Connector.Connector, resource: "job" | "profile", options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 10, ...options })).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const ids = (records: ReadonlyArray<Connector.NativeRecord>, field = "job_id") => records.map((r) => r[field])

describe("warehouse_a read", () => {
  it.scopedLive("sends the query the schema metadata describes, with the API key and extra headers", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({
        apiKey: secret,
        jobs: [
          job(2, { title: "Data Engineer", skills: ["python"], board_key: "board-1" }),
          job(5, { title: "Data Engineer", skills: ["python"], board_key: "board-1" }),
          job(4, { title: "Chemist", description: "Science lab", skills: ["sql"], board_key: "board-2", status: "draft" }),
          job(6, { title: "Data Analyst", skills: ["excel"], board_key: "board-1" }),
          job(7, { title: "Data Engineer", skills: ["python"], board_key: "board-3" }),
          job(8, { title: "Data Engineer", skills: ["python"], board_key: "board-2", status: "closed" }),
          job(9, { title: "Data Engineer", skills: ["sql"], board_key: "board-2", created_at: at(2) })
        ]
      })
      const connector = yield* connect(fake, { extra_headers: { "X-Tenant-ID": "tenant-123" } })
      const where: ReadonlyArray<Condition> = [
        { field: "title", op: "contains", value: "data" },
        { field: "description", op: "contains", value: "science" },
        { field: "skills", op: "contains", value: ["python", "sql"] },
        { field: "board_key", op: "in", value: ["board-1", "board-2"] },
        { field: "status", op: "in", value: ["open", "draft"] },
        { field: "created_at", op: "gte", value: "2024-01-01T00:00:03Z" }
      ]
      expect(connector.pushdown("job", where)).toEqual({ pushed: where, inMemory: [] })
      const records = yield* read(connector, "job", {
        where,
        cursor: Cursor.make("updated_at", { start: "2024-01-01T00:00:01Z" }),
        until: "2024-06-01T00:00:00Z"
      })
      expect(ids(records)).toEqual(["job-0004", "job-0005"])
      const [request] = yield* fake.requests
      expect(request!.path).toBe("/jobs")
      expect(request!.query).toEqual({
        keywords: "(data OR science) AND (python OR sql)",
        board_keys: '["board-1","board-2"]',
        statuses: "open,draft",
        created_at_min: "2024-01-01T00:00:03Z",
        updated_at_min: "2024-01-01T00:00:01Z",
        updated_at_max: "2024-06-01T00:00:00Z",
        order: "asc",
        sort_by: "updated_at",
        page: "1",
        limit: "10"
      })
      expect(request!.headers["x-api-key"]).toBe(secret)
      expect(request!.headers["x-tenant-id"]).toBe("tenant-123")
    })
  )

  it.scopedLive("reads descending from the start as the upper bound; IN as repeated parameters for array bindings", () =>
    Effect.gen(function* () {
      const profile = (i: number, email: string) => ({
        profile_id: `p-${i}`,
        full_name: `Person ${i}`,
        email,
        source_key: "s",
        created_at: at(i),
        updated_at: at(i)
      })
      const fake = yield* FakeA.start({
        apiKey: secret,
        profiles: [profile(1, "a@x.io"), profile(2, "b@x.io"), profile(3, "c@x.io"), profile(4, "a@x.io")]
      })
      const connector = yield* connect(fake)
      const records = yield* read(connector, "profile", {
        cursor: Cursor.make("created_at", { start: at(3), sortBy: "desc" }),
        where: [{ field: "email", op: "in", value: ["a@x.io", "c@x.io"] }]
      })
      expect(ids(records, "profile_id")).toEqual(["p-3", "p-1"])
      const [request] = yield* fake.requests
      expect(request!.queryAll.emails).toEqual(["a@x.io", "c@x.io"])
      expect(request!.query).toMatchObject({ created_at_max: at(3), order: "desc", sort_by: "created_at" })
      expect(request!.query.created_at_min).toBeUndefined()
    })
  )

  it.scopedLive("a condition the API cannot express is left to memory by pushdown, and applied by read if passed anyway", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({
        apiKey: secret,
        jobs: [job(1, { location: "Paris, France" }), job(2, { location: "Berlin" }), job(3, { location: "Lyon" })]
      })
      const connector = yield* connect(fake)
      // A CSV list cannot carry a value that contains a comma.
      const location: Condition = { field: "location", op: "in", value: ["Paris, France", "Berlin"] }
      const status: Condition = { field: "status", op: "eq", value: "open" }
      expect(connector.pushdown("job", [location, status])).toEqual({ pushed: [status], inMemory: [location] })
      const records = yield* read(connector, "job", { where: [location, status] })
      expect(ids(records)).toEqual(["job-0001", "job-0002"])
      const [request] = yield* fake.requests
      expect(request!.query.locations).toBeUndefined()
      expect(request!.query.status).toBe("open")
    })
  )

  it.scopedLive("restarts each page at the last cursor value: a record leaving the window mid-read shifts nothing", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: jobs(30) })
      const connector = yield* connect(fake)
      let first = true
      const records = yield* connector.read("job", { cursor: Cursor.make("updated_at"), where: [], batchSize: 10, until: at(100) }).pipe(
        Stream.mapChunks((page) => {
          if (first) {
            first = false
            // Updated after the run started: now past the run's upper bound.
            fake.store.job.set("job-0002", job(2, { updated_at: at(500) }))
          }
          return page
        }),
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray)
      )
      expect(ids(records)).toEqual(jobs(30).map((j) => j.job_id))
      const pages = (yield* fake.requests).map((r) => [r.query.updated_at_min, r.query.page])
      expect(pages).toEqual([
        [undefined, "1"],
        [at(9), "1"],
        [at(18), "1"],
        [at(27), "1"]
      ])
    })
  )

  it.scopedLive("stops at the last page meta announces instead of asking for an empty one", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: Array.from({ length: 20 }, (_, i) => job(i, { updated_at: at(0) })) })
      const connector = yield* connect(fake)
      expect((yield* read(connector, "job")).length).toBe(20)
      const pages = (yield* fake.requests).map((r) => [r.query.updated_at_min, r.query.page])
      expect(pages).toEqual([
        [undefined, "1"],
        [at(0), "2"]
      ])
    })
  )

  it.scopedLive("pages through a run of equal timestamps longer than a page by page number at that value", () =>
    Effect.gen(function* () {
      const tied = Array.from({ length: 25 }, (_, i) => job(i, { updated_at: at(0) }))
      const fake = yield* FakeA.start({ apiKey: secret, jobs: [...tied, job(30), job(31)] })
      const connector = yield* connect(fake)
      const records = yield* read(connector, "job")
      expect(records.length).toBe(27)
      expect(new Set(ids(records)).size).toBe(27)
      const pages = (yield* fake.requests).map((r) => [r.query.updated_at_min, r.query.page])
      expect(pages).toEqual([
        [undefined, "1"],
        [at(0), "2"],
        [at(0), "3"]
      ])
    })
  )
})

describe("warehouse_a auth and errors", () => {
  it.scopedLive("a rejected key is an AuthError that never contains the key, even when the vendor echoes it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: "the-right-key" })
      const connector = yield* connect(fake)
      const error = yield* Effect.flip(read(connector, "job"))
      expect(error._tag).toBe("AuthError")
      expect(error.message).toContain("401")
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
      expect(String(error)).not.toContain(secret)
      const [request] = yield* fake.requests
      expect(request!.headers["x-api-key"]).toBe(secret)
    })
  )

  it.scopedLive("sends the key in a custom header", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, headerName: "X-Warehouse-Token", jobs: jobs(2) })
      const connector = yield* connect(fake, { header_name: "X-Warehouse-Token" })
      expect((yield* read(connector, "job")).length).toBe(2)
      const [request] = yield* fake.requests
      expect(request!.headers["x-warehouse-token"]).toBe(secret)
      expect(request!.headers["x-api-key"]).toBeUndefined()
    })
  )

  it.scopedLive("waits out a 429 as Retry-After asks, and reports RateLimited when retries are spent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: jobs(3) })
      const connector = yield* connect(fake)
      fake.rateLimit(1, 1)
      const started = Date.now()
      expect((yield* read(connector, "job")).length).toBe(3)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect((yield* fake.requests).length).toBe(2)

      const impatient = yield* connect(fake, { retry: { maxAttempts: 1 } })
      fake.rateLimit(1, 7)
      const error = yield* Effect.flip(read(impatient, "job"))
      expect(error._tag).toBe("RateLimited")
      expect(error._tag === "RateLimited" && error.retryAfterMs).toBe(7000)
    })
  )
})

describe("warehouse_a write, archive, fetch", () => {
  it.scopedLive("upserts in batches of at most 100 with one outcome per record", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: [job(0)] })
      const connector = yield* connect(fake)
      const batch = [...jobs(250), job(999, { title: "" })]
      const outcomes = yield* connector.write("job", batch)
      expect(outcomes.length).toBe(251)
      expect(outcomes[0]).toEqual({ _tag: "updated", id: "job-0000" })
      expect(outcomes[1]).toEqual({ _tag: "created", id: "job-0001" })
      expect(outcomes[250]).toEqual({ _tag: "failed", id: "job-0999", reason: "title is required" })
      expect(fake.store.writes.map((w) => w.records.length)).toEqual([100, 100, 51])
      expect(fake.store.job.size).toBe(250)
      expect(fake.store.job.get("job-0042")).toEqual(job(42))
    })
  )

  it.scopedLive("archives by id; an unknown id is a failed outcome", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: jobs(3) })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.archive!("job", ["job-0001", "job-9999"])
      expect(outcomes).toEqual([
        { _tag: "archived", id: "job-0001" },
        { _tag: "failed", id: "job-9999", reason: "job job-9999 not found in warehouse_a" }
      ])
      expect(fake.store.archived.job).toEqual(["job-0001"])
    })
  )

  it.scopedLive("fetches by events: ids in one CSV list, ids containing a comma one by one, unknown ids absent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: secret, jobs: [...jobs(3), job(7, { job_id: "a,b" })] })
      const connector = yield* connect(fake)
      const event = (id: string) => ({ resource: "job" as const, type: "updated" as const, resource_id: id })
      const found = yield* connector.fetchByEvents("job", [event("job-0000"), event("job-0002"), event("a,b"), event("nope"), event("job-0000")])
      expect(ids(found).sort()).toEqual(["a,b", "job-0000", "job-0002"])
      const requests = yield* fake.requests
      expect(requests[0]!.query.ids).toBe("job-0000,job-0002,nope")
      expect(requests[1]!.path).toBe("/jobs/a%2Cb")
    })
  )
})

describe("warehouse_a webhooks", () => {
  const body = (event: string, record: Record<string, unknown> = job(1)) =>
    JSON.stringify({ event, id: "evt-1", occurred_at: "2024-02-01T10:00:00Z", [event.split(".")[0]!]: record })

  it.effect("parses a signed delivery into a unified event", () =>
    Effect.gen(function* () {
      const text = body("job.updated")
      const parsed = yield* WarehouseA.Webhook.parseEvent(
        "job",
        { body: text, headers: { "x-warehouse-a-signature": WarehouseA.Webhook.sign(text, "whsec") } },
        "whsec"
      )
      expect(Option.getOrThrow(parsed)).toMatchObject({
        resource: "job",
        type: "updated",
        resource_id: "job-0001",
        event_id: "evt-1",
        occurred_at: "2024-02-01T10:00:00Z",
        origin: "warehouse_a"
      })
    })
  )

  it.effect("rejects bad signatures and malformed bodies; ignores other resources and non-change events", () =>
    Effect.gen(function* () {
      const text = body("job.archived")
      const bad = yield* Effect.flip(WarehouseA.Webhook.parseEvent("job", { body: text, headers: { "x-warehouse-a-signature": "sha256=00" } }, "whsec"))
      expect(bad.message).toContain("does not match")
      const unsigned = yield* Effect.flip(WarehouseA.Webhook.parseEvent("job", { body: text, headers: {} }, "whsec"))
      expect(unsigned.message).toContain("missing x-warehouse-a-signature")
      const malformed = yield* Effect.flip(WarehouseA.Webhook.parseEvent("job", { body: "{not json", headers: {} }))
      expect(malformed._tag).toBe("WebhookError")
      const noId = yield* Effect.flip(WarehouseA.Webhook.parseEvent("job", { body: body("job.created", { title: "x" }), headers: {} }))
      expect(noId.message).toContain("job.job_id")
      expect(yield* WarehouseA.Webhook.parseEvent("profile", { body: text, headers: {} })).toEqual(Option.none())
      expect(yield* WarehouseA.Webhook.parseEvent("job", { body: body("job.viewed"), headers: {} })).toEqual(Option.none())
      const archived = yield* WarehouseA.Webhook.parseEvent("job", { body: text, headers: {} })
      expect(Option.getOrThrow(archived).type).toBe("archived")
    })
  )
})

describe("warehouse_a mapping", () => {
  const { Mapping } = WarehouseA

  it("a job survives native → unified → native unchanged", () => {
    const full: WarehouseA.Schemas.WarehouseAJob = {
      job_id: "job-1",
      title: "Data Engineer",
      description: "Build pipelines",
      skills: ["python", "sql"],
      board_key: "board-7",
      status: "draft",
      location: "Paris, France",
      remote: true,
      salary_min: 50000,
      salary_max: 70000,
      salary_currency: "EUR",
      url: "https://jobs.example/1",
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-02-01T00:00:00Z",
      payload: { department: "data", headcount: 2 }
    }
    expect(Mapping.jobFromUnified(Mapping.jobToUnified(full))).toEqual(full)
    const sparse: WarehouseA.Schemas.WarehouseAJob = {
      job_id: "job-2",
      title: "Nurse",
      description: null,
      board_key: "b",
      status: "open",
      location: null,
      salary_min: null,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z"
    }
    expect(Mapping.jobFromUnified(Mapping.jobToUnified(sparse))).toEqual(sparse)
    // In the original's vocabulary: the board is `board_key`, the salary also the `ranges_float` entry named `salary`.
    expect(Mapping.toUnified("job", full)).toMatchObject({
      id: "job-1",
      board_key: "board-7",
      name: "Data Engineer",
      text: "Build pipelines",
      skills: [{ name: "python" }, { name: "sql" }],
      location: { text: "Paris, France" },
      salary: { min: 50000, max: 70000, currency: "EUR" },
      ranges_float: [{ name: "salary", value_min: 50000, value_max: 70000, unit: "EUR" }]
    })
  })

  it("a profile survives native → unified → native unchanged", () => {
    const full: WarehouseA.Schemas.WarehouseAProfile = {
      profile_id: "p-1",
      full_name: "Ada Lovelace",
      email: "ada@example.com",
      phone: "+44 20 0000 0000",
      headline: "Analyst",
      summary: "Wrote the first program",
      skills: ["math"],
      tags: ["alumni"],
      source_key: "referrals",
      location: "London",
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-02-01T00:00:00Z",
      payload: { score: 9 }
    }
    expect(Mapping.profileFromUnified(Mapping.profileToUnified(full))).toEqual(full)
  })
})
