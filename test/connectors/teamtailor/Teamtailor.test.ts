import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Teamtailor from "../../../src/connectors/teamtailor/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import type { Resource } from "../../../src/core/Resource.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as Fake from "../../fakes/Teamtailor.js"

const apiKey = "tt-Key/with+odd=chars&1"
const fast = { retry: { maxAttempts: 3, baseDelay: "10 millis", jitter: false } } as const

const connect = (fake: Fake.TeamtailorFake, extra: Partial<Teamtailor.Config.Config> = {}) =>
  Teamtailor.make({ api_key: Redacted.make(apiKey), base_url: fake.baseUrl, ...fast, ...extra })

const job = (i: number, at: string): Connector.NativeRecord => ({
  id: String(1000 + i),
  type: "jobs",
  title: `Engineer ${i}`,
  body: `<p>Build things ${i}</p>`,
  pitch: "Join us",
  status: i % 2 === 0 ? "open" : "draft",
  "remote-status": i % 3 === 0 ? "fully" : "none",
  "min-salary": 40000,
  "max-salary": 60000,
  currency: "EUR",
  "salary-time-unit": "yearly",
  tags: ["engineering"],
  "created-at": at,
  "updated-at": at,
  links: { "careersite-job-url": `https://career.example.com/jobs/${1000 + i}` }
})

const candidate = (i: number, at: string): Connector.NativeRecord => ({
  id: String(2000 + i),
  type: "candidates",
  "first-name": "Ada",
  "last-name": `Lovelace ${i}`,
  email: `ada${i}@example.com`,
  phone: "+46 8 123 456",
  "linkedin-url": `https://linkedin.com/in/ada${i}`,
  tags: ["python"],
  sourced: false,
  "created-at": at,
  "updated-at": at
})

const setup = (resource: Resource) => (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const rows = records as Array<Record<string, unknown>>
    const fake = yield* Fake.make({ apiKey, ...(resource === "job" ? { jobs: rows } : { candidates: rows }) })
    return yield* connect(fake)
  })

for (const [resource, record] of [
  ["job", job],
  ["profile", candidate]
] as const) {
  describeConformance({
    name: "teamtailor",
    resource,
    setup: setup(resource),
    record,
    // The jobs list has no date filter: only candidates push their timestamps.
    pushdown:
      resource === "job"
        ? []
        : [
            { field: "updated-at", op: "gte", value: "2024-01-01T00:00:07.000Z" },
            { field: "created-at", op: "gt", value: "2024-01-01T00:00:03.000Z" }
          ],
    invalidRecord:
      resource === "job"
        ? { id: "999", title: 42, "created-at": "2024-01-01T00:00:00Z", "updated-at": "2024-01-01T00:00:00Z" }
        : { id: "999", email: ["not", "a", "string"], "created-at": "2024-01-01T00:00:00Z", "updated-at": "2024-01-01T00:00:00Z" },
    // Teamtailor assigns ids on create, so written records are not read back under their own ids:
    // writes are tested below instead.
    write: false
  })
}

const readAll = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 100, ...options })).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const at = (seconds: number) => new Date(Date.UTC(2024, 3, 4, 10, 0, seconds)).toISOString()

describe("teamtailor reads", () => {
  it.scopedLive("sends filter[...][from], page[size] ≤ 30, the version header and the token; follows links.next", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: Array.from({ length: 7 }, (_, i) => candidate(i, at(i))) })
      const connector = yield* connect(fake)
      const read = yield* readAll(connector, "profile", {
        cursor: Cursor.make("updated_at", { start: at(2) }),
        where: [{ field: "created-at", op: "gte", value: at(3) }],
        batchSize: 2
      })
      expect(read.map((r) => r.id)).toEqual(["2003", "2004", "2005", "2006"])
      // Flat records: attributes at the top level, id and type kept.
      expect(read[0]).toMatchObject({ id: "2003", type: "candidates", "first-name": "Ada", "updated-at": at(3) })
      const requests = yield* fake.requests
      expect(requests).toHaveLength(2)
      expect(requests[0]!.path).toBe("/v1/candidates")
      expect(requests[0]!.query).toEqual({
        "filter[updated-at][from]": at(2),
        "filter[created-at][from]": at(3),
        include: "job-applications",
        "page[size]": "2"
      })
      expect(requests[1]!.query).toEqual({ ...requests[0]!.query, "page[number]": "2" })
      expect(requests[0]!.headers.authorization).toBe(`Token token=${apiKey}`)
      expect(requests[0]!.headers["x-api-version"]).toBe("20240404")
      expect(requests[0]!.headers.accept).toBe("application/vnd.api+json")
      yield* fake.server.clearRequests
      yield* readAll(connector, "job", { batchSize: 500 })
      expect((yield* fake.requests).map((r) => r.query)).toEqual(
        ["public", "internal"].map((feed) => ({ "filter[status]": "all", "filter[feed]": feed, include: "department,locations", "page[size]": "30" }))
      )
    })
  )

  it.scopedLive("reads every job: drafts, scheduled, unlisted, archived and internal ones the list hides by default", () =>
    Effect.gen(function* () {
      const kinds = [
        { status: "open", "human-status": "published", internal: false },
        { status: "draft", "human-status": "draft", internal: false },
        { status: "open", "human-status": "scheduled", internal: false },
        { status: "unlisted", "human-status": "unlisted", internal: false },
        { status: "archived", "human-status": "archived", internal: false },
        { status: "open", "human-status": "published", internal: true }
      ]
      const fake = yield* Fake.make({ apiKey, jobs: kinds.map((kind, i) => ({ ...job(i, at(i)), ...kind })) })
      // The fake hides them like the real list does when no filter is given...
      const hidden = yield* Effect.promise(() =>
        fetch(`${fake.baseUrl}/jobs`, { headers: { authorization: `Token token=${apiKey}`, "x-api-version": "20240404" } }).then((r) => r.json())
      )
      expect((hidden as { data: Array<{ id: string }> }).data.map((r) => r.id)).toEqual(["1000"])
      // ...and the connector asks for all of them.
      const read = yield* readAll(yield* connect(fake), "job")
      expect(read.map((r) => r.id).sort()).toEqual(["1000", "1001", "1002", "1003", "1004", "1005"])
      const unified = read.map((r) => Teamtailor.Mapping.toUnified("job", r) as Unified.UnifiedJob)
      expect(Object.fromEntries(unified.map((u) => [u.id, u.status]))).toEqual({
        "1000": "open",
        "1001": "draft",
        "1002": "draft",
        "1003": "open",
        "1004": "archived",
        "1005": "open"
      })
    })
  )

  it.scopedLive("the jobs list takes no date filter: the fake refuses one, the connector sends none and the pipeline bounds the cursor", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1)), job(2, at(5)), job(3, at(9))] })
      const refused = yield* Effect.promise(() =>
        fetch(`${fake.baseUrl}/jobs?filter%5Bupdated-at%5D%5Bfrom%5D=${at(3)}`, {
          headers: { authorization: `Token token=${apiKey}`, "x-api-version": "20240404" }
        }).then((r) => r.status)
      )
      expect(refused).toBe(400)
      const target = Memory.make({ name: "memory" })
      const pulled = yield* Pipeline.pull({ resource: "job", origin: yield* connect(fake), target, cursor: { mode: "updated_at", start: at(5) } })
      expect([...target.data.job.keys()].sort()).toEqual(["1002", "1003"])
      expect(pulled.stats.failed).toBe(0)
    })
  )

  it.scopedLive("api_version is configurable; a descending read sends no bound", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1)), job(2, at(5))] })
      const connector = yield* connect(fake, { api_version: "20210218" })
      const read = yield* readAll(connector, "job", { cursor: Cursor.make("updated_at", { start: at(3), sortBy: "desc" }) })
      expect(read).toHaveLength(2)
      const [request] = yield* fake.requests
      expect(request!.headers["x-api-version"]).toBe("20210218")
      expect(request!.query).toEqual({ "filter[status]": "all", "filter[feed]": "public", include: "department,locations", "page[size]": "30" })
    })
  )

  it.scopedLive("a 429 with Retry-After is waited out", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const connector = yield* connect(fake)
      fake.rateLimitNext(1, 1)
      const started = Date.now()
      expect((yield* readAll(connector, "job")).map((r) => r.id)).toEqual(["1001"])
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      // The 429, then one page per feed.
      expect(yield* fake.requests).toHaveLength(3)
    })
  )
})

describe("teamtailor writes", () => {
  it.scopedLive("PATCHes known records, POSTs new ones as application/vnd.api+json, and reports 422s per record", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: [candidate(1, at(1))] })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.write("profile", [
        { ...candidate(1, at(1)), "last-name": "Byron" },
        { id: "workable-c1", "first-name": "Grace", "last-name": "Hopper", email: "grace@example.com" },
        { id: "workable-c2", "first-name": "No", "last-name": "Email" }
      ])
      expect(outcomes).toEqual([
        { _tag: "updated", id: "2001" },
        { _tag: "created", id: "90001" },
        { _tag: "failed", id: "workable-c2", reason: expect.stringContaining("Email is invalid") }
      ])
      expect(fake.store.candidates.get("2001")?.attributes["last-name"]).toBe("Byron")
      expect(fake.store.candidates.get("90001")?.attributes).toMatchObject({ "first-name": "Grace", email: "grace@example.com" })
      const patch = fake.writes.find((w) => w.method === "PATCH")!
      expect(patch.contentType).toBe("application/vnd.api+json")
      expect(patch.path).toBe("/candidates/2001")
      const data = (patch.body as { data: { id: string; type: string; attributes: Record<string, unknown> } }).data
      expect(data.id).toBe("2001")
      expect(data.type).toBe("candidates")
      // Server-owned timestamps and envelope keys are not sent as attributes.
      expect(Object.keys(data.attributes)).not.toContain("updated-at")
      expect(Object.keys(data.attributes)).not.toContain("id")
      const post = fake.writes.find((w) => w.method === "POST" && w.status === 201)!
      expect(post.body).toEqual({ data: { type: "candidates", attributes: { "first-name": "Grace", "last-name": "Hopper", email: "grace@example.com" } } })
    })
  )

  it.scopedLive("archives jobs through their status; unknown jobs fail per record", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.archive!("job", ["1001", "404404"])
      expect(outcomes).toEqual([
        { _tag: "archived", id: "1001" },
        { _tag: "failed", id: "404404", reason: expect.stringContaining("not found") }
      ])
      expect(fake.store.jobs.get("1001")?.attributes.status).toBe("archived")
      expect((yield* Effect.flip(connector.archive!("profile", ["2001"])))._tag).toBe("Unsupported")
    })
  )

  it.scopedLive("fetchByEvents returns flat records and leaves missing ones out", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const connector = yield* connect(fake)
      const found = yield* connector.fetchByEvents("job", [
        { resource: "job", type: "updated", resource_id: "1001" },
        { resource: "job", type: "deleted", resource_id: "77" }
      ])
      expect(found).toEqual([job(1, at(1))])
    })
  )
})

describe("teamtailor configuration and secrets", () => {
  it.scopedLive("401 and 406 are typed; the key never appears in an error", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey })
      const connector = yield* connect(fake)
      fake.failNext(401, { errors: [{ status: "401", detail: `Token token=${apiKey} is not valid` }] })
      const auth = yield* Effect.flip(readAll(connector, "job"))
      expect(auth._tag).toBe("AuthError")
      for (const text of [auth.message, JSON.stringify(auth), Cause.pretty(Cause.fail(auth))]) {
        expect(text).not.toContain(apiKey)
        expect(text).not.toContain(encodeURIComponent(apiKey))
      }
      const wrong = yield* Teamtailor.make({ api_key: Redacted.make("nope"), base_url: fake.baseUrl, ...fast })
      expect((yield* Effect.flip(readAll(wrong, "job")))._tag).toBe("AuthError")
      const noVersion = yield* connect(fake, { extra_headers: { "X-Api-Version": "" } })
      const rejected = yield* Effect.flip(readAll(noVersion, "job"))
      expect(rejected).toMatchObject({ _tag: "RequestRejected", status: 406 })
    })
  )

  it("reads the auth payload", () => {
    const ok = Either.getOrThrow(Teamtailor.Config.fromAuth({ api_key: "k", api_version: "20240404" }))
    expect(Redacted.value(ok.api_key)).toBe("k")
    expect(Either.getOrThrow(Either.flip(Teamtailor.Config.fromAuth({})))).toMatchObject({ field: "api_key" })
    expect(Either.getOrThrow(Either.flip(Teamtailor.Config.fromAuth({ api_key: "k", api_version: "v2" })))).toMatchObject({ field: "api_version" })
    const badKey = Either.getOrThrow(Either.flip(Teamtailor.Config.fromAuth({ api_key: 987654321 })))
    expect(badKey.message).not.toContain("987654321")
  })

  it.scopedLive("the registry factory builds the connector from environment variables", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const registry = Registry.make([Teamtailor.factory], [], {
        HRTECH_ETL_TEAMTAILOR_API_KEY: apiKey,
        HRTECH_ETL_TEAMTAILOR_BASE_URL: fake.baseUrl
      })
      const connector = yield* registry.resolve("teamtailor")
      expect((yield* readAll(connector, "job")).map((r) => r.id)).toEqual(["1001"])
      expect(Teamtailor.factory.authKeys.map((k) => k.name)).toEqual(["api_key", "api_version", "base_url", "extra_headers"])
    })
  )
})
