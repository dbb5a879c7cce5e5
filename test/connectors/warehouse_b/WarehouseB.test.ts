import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { Condition } from "../../../src/core/Condition.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as WarehouseB from "../../../src/connectors/warehouse_b/index.js"
import * as FakeB from "../../fakes/WarehouseB.js"

const secret = "sekret-token-b-91ad"
const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString()
const pad = (i: number) => String(i).padStart(4, "0")

const job = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `job-${pad(i)}`,
  name: `Job ${i}`,
  status: "published",
  created: at(i),
  modified: at(i),
  ...extra
})
const jobs = (n: number) => Array.from({ length: n }, (_, i) => job(i))

const connect = (fake: FakeB.FakeWarehouseB, config: Partial<WarehouseB.Config.Config> = {}) =>
  WarehouseB.make({ base_url: fake.url, token: Redacted.make(secret), ...config })

const read = (connector: Connector.Connector, resource: "job" | "profile", options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 10, ...options })).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const ids = (records: ReadonlyArray<Connector.NativeRecord>) => records.map((r) => r.id)

describe("warehouse_b read", () => {
  it.scopedLive("sends the query the schema metadata describes, with the bearer token", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({
        token: secret,
        jobs: [
          job(1, { name: "Data Engineer", tags: ["remote", "senior"], category: "eng" }),
          job(2, { name: "Data Engineer", tags: ["remote"], category: "eng" }),
          job(3, { name: "Analyst", summary: "Data team", tags: ["senior", "remote"], category: "ops", status: "draft" }),
          job(4, { name: "Data Engineer", tags: ["remote", "senior"], category: "sales" }),
          job(5, { name: "Data Engineer", tags: ["remote", "senior"], category: "eng", status: "closed" })
        ]
      })
      const connector = yield* connect(fake)
      const where: ReadonlyArray<Condition> = [
        { field: "name", op: "contains", value: "data" },
        { field: "summary", op: "contains", value: "team" },
        { field: "tags", op: "contains", value: ["remote", "senior"] },
        { field: "category", op: "in", value: ["eng", "ops"] },
        { field: "status", op: "in", value: ["published", "draft"] }
      ]
      expect(connector.pushdown("job", where)).toEqual({ pushed: where, inMemory: [] })
      const records = yield* read(connector, "job", { where, until: "2024-06-01T00:00:00Z" })
      expect(ids(records)).toEqual(["job-0001", "job-0003"])
      const [request] = yield* fake.requests
      expect(request!.path).toBe("/jobs")
      expect(request!.query).toEqual({
        q: "(data OR team) AND (remote AND senior)",
        categories: "eng,ops",
        status__in: "published",
        modified_to: "2024-06-01T00:00:00Z",
        sort: "modified",
        limit: "10"
      })
      expect(request!.queryAll.status__in).toEqual(["published", "draft"])
      expect(request!.headers.authorization).toBe(`Bearer ${secret}`)
    })
  )

  it.scopedLive("follows the next token as offset until it is null, descending with -created", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: secret, jobs: jobs(23) })
      const connector = yield* connect(fake)
      const records = yield* read(connector, "job", { cursor: Cursor.make("created_at", { start: at(20), sortBy: "desc" }) })
      expect(ids(records)).toEqual(
        jobs(21)
          .map((j) => j.id)
          .reverse()
      )
      const requests = yield* fake.requests
      expect(requests.length).toBe(3)
      expect(requests[0]!.query).toEqual({ created_to: at(20), sort: "-created", limit: "10" })
      expect(requests[0]!.query.offset).toBeUndefined()
      expect(requests[1]!.query.offset).toBeDefined()
      expect(requests[2]!.query.offset).not.toBe(requests[1]!.query.offset)
    })
  )

  it.scopedLive("sends JSON-text IN lists for stages and leaves unexpressible conditions to memory", () =>
    Effect.gen(function* () {
      const candidate = (i: number, stage: string, email: string) => ({ id: `c-${i}`, name: `C ${i}`, email, stage, created: at(i), modified: at(i) })
      const fake = yield* FakeB.start({
        token: secret,
        profiles: [candidate(1, "offer", "a@x.io"), candidate(2, "applied", "b@x.io"), candidate(3, "offer", "c@x.io")]
      })
      const connector = yield* connect(fake)
      const stage: Condition = { field: "stage", op: "in", value: ["offer", "hired"] }
      const contains1: Condition = { field: "name", op: "contains", value: "C" }
      const eq1: Condition = { field: "email", op: "eq", value: "a@x.io" }
      const eq2: Condition = { field: "email", op: "eq", value: "c@x.io" }
      expect(connector.pushdown("profile", [stage, contains1])).toEqual({ pushed: [stage, contains1], inMemory: [] })
      // Contradictory conditions cannot be sent; they stay in memory, where they match nothing.
      expect(connector.pushdown("profile", [eq1, eq2])).toEqual({ pushed: [], inMemory: [eq1, eq2] })
      const records = yield* read(connector, "profile", { where: [stage] })
      expect(ids(records)).toEqual(["c-1", "c-3"])
      const [request] = yield* fake.requests
      expect(request!.path).toBe("/candidates")
      expect(request!.query.stages).toBe('["offer","hired"]')
    })
  )
})

describe("warehouse_b auth and errors", () => {
  it.scopedLive("a rejected token is an AuthError that never contains the token, even when the vendor echoes it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: "another-token" })
      const connector = yield* connect(fake)
      const error = yield* Effect.flip(read(connector, "job"))
      expect(error._tag).toBe("AuthError")
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
      const [request] = yield* fake.requests
      expect(request!.headers.authorization).toBe(`Bearer ${secret}`)
    })
  )

  it.scopedLive("retries after a 429's Retry-After", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: secret, jobs: jobs(2) })
      const connector = yield* connect(fake)
      fake.rateLimit(1, 1)
      const started = Date.now()
      expect((yield* read(connector, "job")).length).toBe(2)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    })
  )
})

describe("warehouse_b write, delete, fetch", () => {
  it.scopedLive("bulk-upserts at most 50 per call, matching results by id", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: secret, jobs: [job(3)] })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.write("job", [...jobs(120), job(500, { name: "" })])
      expect(outcomes.length).toBe(121)
      expect(outcomes[3]).toEqual({ _tag: "updated", id: "job-0003" })
      expect(outcomes[4]).toEqual({ _tag: "created", id: "job-0004" })
      expect(outcomes[120]).toEqual({ _tag: "failed", id: "job-0500", reason: "name is required" })
      expect(fake.store.writes.map((w) => w.records.length)).toEqual([50, 50, 21])
      expect(fake.store.job.size).toBe(120)
    })
  )

  it.scopedLive("removal deletes by id; an unknown id is a failed outcome", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: secret, jobs: jobs(2) })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.archive!("job", ["job-0001", "nope"])
      expect(outcomes).toEqual([
        { _tag: "archived", id: "job-0001" },
        { _tag: "failed", id: "nope", reason: "job nope not found in warehouse_b" }
      ])
      expect(fake.store.deleted.job).toEqual(["job-0001"])
      const requests = yield* fake.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /jobs/job-0001", "DELETE /jobs/nope"])
    })
  )

  it.scopedLive("fetches by events with repeated ids parameters (commas need no special case)", () =>
    Effect.gen(function* () {
      const fake = yield* FakeB.start({ token: secret, jobs: [...jobs(3), job(9, { id: "a,b" })] })
      const connector = yield* connect(fake)
      const event = (id: string) => ({ resource: "job" as const, type: "updated" as const, resource_id: id })
      const found = yield* connector.fetchByEvents("job", [event("job-0001"), event("a,b"), event("missing")])
      expect(ids(found).sort()).toEqual(["a,b", "job-0001"])
      const [request] = yield* fake.requests
      expect(request!.queryAll.ids).toEqual(["job-0001", "a,b", "missing"])
    })
  )
})

describe("warehouse_b webhooks", () => {
  const body = (type: string, data: Record<string, unknown> = job(1)) => JSON.stringify({ type, data, delivery_id: "d-1", sent_at: "2024-03-01T00:00:00Z" })

  it.effect("parses job and candidate deliveries, checking the shared token", () =>
    Effect.gen(function* () {
      const hookSecret = "whsec-b-5521"
      const parsed = yield* WarehouseB.Webhook.parseEvent("job", { body: body("job.deleted"), headers: { "x-webhook-token": hookSecret } }, hookSecret)
      expect(Option.getOrThrow(parsed)).toMatchObject({ resource: "job", type: "deleted", resource_id: "job-0001", event_id: "d-1", origin: "warehouse_b" })
      const candidate = yield* WarehouseB.Webhook.parseEvent("profile", { body: body("candidate.created", { id: "c-1", name: "C" }), headers: {} })
      expect(Option.getOrThrow(candidate)).toMatchObject({ resource: "profile", type: "created", resource_id: "c-1" })
      expect(yield* WarehouseB.Webhook.parseEvent("profile", { body: body("job.created"), headers: {} })).toEqual(Option.none())
      const wrong = yield* Effect.flip(WarehouseB.Webhook.parseEvent("job", { body: body("job.updated"), headers: { "x-webhook-token": "nope" } }, hookSecret))
      expect(wrong._tag).toBe("WebhookError")
      expect(wrong.message).not.toContain(hookSecret)
    })
  )
})

describe("warehouse_b mapping", () => {
  const { Mapping } = WarehouseB

  it("a job and a candidate survive native → unified → native unchanged", () => {
    const full: WarehouseB.Schemas.WarehouseBJob = {
      id: "job-1",
      name: "Data Engineer",
      summary: null,
      tags: ["remote", "level:senior", "a:b:c"],
      category: "engineering",
      status: "published",
      location: { city: "Berlin", country: "DE", remote: false },
      compensation: { min: 60000, max: null, currency: "EUR" },
      url: "https://b.example/jobs/1",
      created: "2024-01-01T00:00:00Z",
      modified: "2024-01-02T00:00:00Z",
      metadata: { source: "import" }
    }
    expect(Mapping.jobFromUnified(Mapping.jobToUnified(full))).toEqual(full)
    expect(Mapping.jobToUnified(full).tags).toEqual([{ name: "remote" }, { name: "level", value: "senior" }, { name: "a", value: "b:c" }])
    const candidate: WarehouseB.Schemas.WarehouseBProfile = {
      id: "c-1",
      name: "Grace Hopper",
      email: "grace@example.com",
      headline: "Rear admiral",
      tags: ["navy"],
      stage: "offer",
      created: "2024-01-01T00:00:00Z",
      modified: "2024-01-02T00:00:00Z"
    }
    expect(Mapping.profileFromUnified(Mapping.profileToUnified(candidate))).toEqual(candidate)
  })
})
