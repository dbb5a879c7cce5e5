import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Ashby from "../../../src/connectors/ashby/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import type { Resource } from "../../../src/core/Resource.js"
import * as Memory from "../../../src/testing/Memory.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as Fake from "../../fakes/Ashby.js"

const apiKey = "ashby-Key/with+odd=chars"
const fast = { retry: { maxAttempts: 3, baseDelay: "10 millis", jitter: false } } as const

const connect = (fake: Fake.AshbyFake, extra: Partial<Ashby.Config.Config> = {}) =>
  Ashby.make({ api_key: Redacted.make(apiKey), base_url: fake.baseUrl, ...fast, ...extra })

const uuid = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, "0")}-0000-4000-8000-000000000000`

const job = (i: number, at: string): Connector.NativeRecord => ({
  id: uuid("a", i),
  title: `Engineer ${i}`,
  confidential: false,
  status: i % 2 === 0 ? "Open" : "Closed",
  employmentType: "FullTime",
  locationId: "loc-1",
  departmentId: "dep-1",
  jobPostingIds: [],
  customRequisitionId: `REQ-${i}`,
  createdAt: at,
  updatedAt: at
})

const candidate = (i: number, at: string): Connector.NativeRecord => ({
  id: uuid("b", i),
  name: `Ada Lovelace ${i}`,
  primaryEmailAddress: { value: `ada${i}@example.com`, type: "Personal", isPrimary: true },
  emailAddresses: [{ value: `ada${i}@example.com`, type: "Personal", isPrimary: true }],
  socialLinks: [{ type: "LinkedIn", url: `https://linkedin.com/in/ada${i}` }],
  tags: [{ id: "t1", title: "python", isArchived: false }],
  position: "Engineer",
  company: "Analytical Engines",
  applicationIds: [],
  createdAt: at,
  updatedAt: at
})

const setup = (resource: Resource) => (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const rows = records as Array<Fake.Row>
    const fake = yield* Fake.make({ apiKey, ...(resource === "job" ? { jobs: rows } : { candidates: rows }) })
    return yield* connect(fake)
  })

for (const [resource, record] of [
  ["job", job],
  ["profile", candidate]
] as const) {
  describeConformance({
    name: "ashby",
    resource,
    setup: setup(resource),
    record,
    // Ashby lists take no filters: nothing is pushed down (see "pushdown" below).
    invalidRecord:
      resource === "job"
        ? { id: "broken", title: 42, status: "Open", updatedAt: "2024-01-01T00:00:00.000Z" }
        : { id: "broken", name: "No timestamp check", primaryEmailAddress: "not-an-object", updatedAt: "2024-01-01T00:00:00.000Z" },
    // Ashby assigns candidate ids on create: writes are tested below instead.
    write: false
  })
}

const readAll = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 100, ...options })).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const at = (seconds: number) => new Date(Date.UTC(2024, 1, 1, 9, 0, seconds)).toISOString()
const bodies = (requests: ReadonlyArray<{ readonly body: string }>) => requests.map((r) => JSON.parse(r.body) as Record<string, unknown>)

describe("ashby reads", () => {
  it.scopedLive("POSTs { limit } then { limit, cursor } with Basic auth until moreDataAvailable is false", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: Array.from({ length: 5 }, (_, i) => candidate(i, at(i))) })
      const connector = yield* connect(fake)
      const read = yield* readAll(connector, "profile", { batchSize: 2 })
      expect(read.map((r) => r.id)).toEqual(Array.from({ length: 5 }, (_, i) => uuid("b", i)))
      const requests = yield* fake.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill("POST /candidate.list"))
      const sent = bodies(requests)
      expect(sent[0]).toEqual({ limit: 2 })
      expect(Object.keys(sent[1]!).sort()).toEqual(["cursor", "limit"])
      expect(requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`)
      expect(requests[0]!.headers["content-type"]).toContain("application/json")
    })
  )

  it.scopedLive("no condition is pushed down: Ashby lists take no filters", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make({ apiKey }))
      const where = [
        { field: "status", op: "eq" as const, value: "Open" },
        { field: "updatedAt", op: "gte" as const, value: at(0) }
      ]
      expect(connector.pushdown("job", where)).toEqual({ pushed: [], inMemory: where })
    })
  )

  it.scopedLive("the final syncToken is handed over and, sent back, returns only the changes", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: Array.from({ length: 5 }, (_, i) => candidate(i, at(i))) })
      const connector = yield* connect(fake)
      const seen: Array<string> = []
      expect(Option.isNone(yield* connector.nextToken("profile"))).toBe(true)
      yield* readAll(connector, "profile", { batchSize: 2, onToken: (t) => seen.push(t) })
      const token = Option.getOrThrow(yield* connector.nextToken("profile"))
      expect(seen).toEqual([token])
      fake.put("candidates", [{ ...candidate(3, at(30)), name: "Changed" }])
      yield* fake.server.clearRequests
      const changes = yield* readAll(connector, "profile", { cursor: { ...Cursor.make("updated_at"), token }, batchSize: 2 })
      expect(changes.map((r) => r.name)).toEqual(["Changed"])
      expect(bodies(yield* fake.requests)).toEqual([{ limit: 2, syncToken: token }])
      expect(Option.getOrThrow(yield* connector.nextToken("profile"))).not.toBe(token)
    })
  )

  it.scopedLive("an expired syncToken falls back to a full read that ends with a fresh token", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: Array.from({ length: 3 }, (_, i) => job(i, at(i))) })
      const connector = yield* connect(fake)
      yield* readAll(connector, "job")
      const old = Option.getOrThrow(yield* connector.nextToken("job"))
      fake.expireSyncTokens()
      yield* fake.server.clearRequests
      const read = yield* readAll(connector, "job", { cursor: { ...Cursor.make("updated_at"), token: old } })
      expect(read).toHaveLength(3)
      const statuses = ["Open", "Closed", "Draft", "Archived"]
      expect(bodies(yield* fake.requests)).toEqual([
        { limit: 100, status: statuses, syncToken: old },
        { limit: 100, status: statuses }
      ])
      const fresh = Option.getOrThrow(yield* connector.nextToken("job"))
      expect(fresh).not.toBe(old)
    })
  )

  it.scopedLive("the token is withheld when a record lies past the run's until (the pipeline leaves it for the next run)", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1)), job(2, at(50))] })
      const connector = yield* connect(fake)
      const seen: Array<string> = []
      yield* readAll(connector, "job", { until: at(10), onToken: (t) => seen.push(t) })
      expect(seen).toEqual([])
      expect(Option.isNone(yield* connector.nextToken("job"))).toBe(true)
      yield* readAll(connector, "job", { until: at(60), onToken: (t) => seen.push(t) })
      expect(seen).toHaveLength(1)
    })
  )

  it.scopedLive("pipeline: the checkpoint carries the syncToken and the next run reads only changes", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: Array.from({ length: 6 }, (_, i) => candidate(i, at(i))) })
      const origin = yield* connect(fake)
      const target = Memory.make({ name: "target", schemas: origin.schemas })
      const pull = (cursor: Cursor.Cursor) => Pipeline.pull({ resource: "profile", origin, target, cursor, batchSize: 4, formatter: (r) => r })
      const first = yield* pull(Cursor.make("updated_at"))
      expect(first.stats.written).toBe(6)
      expect(first.cursor.token).toBe(Option.getOrThrow(yield* origin.nextToken("profile")))
      fake.put("candidates", [{ ...candidate(2, new Date().toISOString()), name: "Renamed" }])
      yield* fake.server.clearRequests
      const second = yield* pull(Cursor.resumeFrom(first.cursor))
      expect(second.stats.read).toBe(1)
      expect(second.stats.written).toBe(1)
      expect(target.data.profile.get(uuid("b", 2))?.name).toBe("Renamed")
      expect(bodies(yield* fake.requests)[0]).toMatchObject({ syncToken: first.cursor.token })
      expect(second.cursor.token).not.toBe(first.cursor.token)
      const third = yield* pull(Cursor.resumeFrom(second.cursor))
      expect(third.stats.read).toBe(0)
    })
  )

  it.scopedLive("success: false inside an HTTP 200 is a typed RequestRejected naming Ashby's code", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const connector = yield* connect(fake)
      fake.failNext(200, { success: false, errors: ["invalid_input"], errorInfo: { code: "invalid_input", message: "limit is weird" } })
      const error = yield* Effect.flip(readAll(connector, "job"))
      expect(error).toMatchObject({ _tag: "RequestRejected", status: 200 })
      expect(error.message).toContain("invalid_input")
      expect(error.message).toContain("limit is weird")
      fake.failNext(200, { success: false, errors: [{ code: "internal", message: "boom" }] })
      expect((yield* Effect.flip(readAll(connector, "job"))).message).toContain("internal: boom")
      fake.failNext(200, "<html>gateway</html>")
      expect((yield* Effect.flip(readAll(connector, "job")))._tag).toBe("DecodeError")
    })
  )

  it.scopedLive("a 429 with Retry-After is waited out", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const connector = yield* connect(fake)
      fake.rateLimitNext(1, 1)
      const started = Date.now()
      expect(yield* readAll(connector, "job")).toHaveLength(1)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect(yield* fake.requests).toHaveLength(2)
    })
  )
})

describe("ashby writes", () => {
  it.scopedLive("updates known candidates, creates unknown ones, and reports rejected ones per record", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, candidates: [candidate(1, at(1))] })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.write("profile", [
        { ...candidate(1, at(1)), name: "Ada King", socialLinks: [{ type: "Website", url: "https://ada.dev" }] },
        {
          id: "wk-77",
          name: "Grace Hopper",
          primaryEmailAddress: { value: "grace@navy.mil" },
          location: { locationComponents: [{ type: "City", name: "Arlington" }] }
        },
        { id: "wk-78", name: "Bad Email", primaryEmailAddress: { value: "nope" } }
      ])
      expect(outcomes).toEqual([
        { _tag: "updated", id: uuid("b", 1) },
        { _tag: "created", id: "00000001-ashb-4new-8000-000000000000" },
        { _tag: "failed", id: "wk-78", reason: expect.stringContaining("not a valid email") }
      ])
      expect(fake.candidates.get(uuid("b", 1))?.name).toBe("Ada King")
      expect(fake.writes.map((w) => `${w.path} ${w.success}`)).toEqual([
        "/candidate.update true",
        "/candidate.update false",
        "/candidate.create true",
        "/candidate.update false",
        "/candidate.create false"
      ])
      expect(fake.writes[0]!.body).toEqual({
        candidateId: uuid("b", 1),
        name: "Ada King",
        email: "ada1@example.com",
        websiteUrl: "https://ada.dev"
      })
      expect(fake.writes[2]!.body).toEqual({ name: "Grace Hopper", email: "grace@navy.mil", location: { city: "Arlington" } })
      expect((yield* Effect.flip(connector.write("job", [job(1, at(1))])))._tag).toBe("Unsupported")
    })
  )

  it.scopedLive("fetchByEvents uses *.info and leaves unknown ids out", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))], candidates: [candidate(1, at(1))] })
      const connector = yield* connect(fake)
      const jobs = yield* connector.fetchByEvents("job", [
        { resource: "job", type: "updated", resource_id: uuid("a", 1) },
        { resource: "job", type: "updated", resource_id: "missing" }
      ])
      expect(jobs).toEqual([job(1, at(1))])
      const profiles = yield* connector.fetchByEvents("profile", [{ resource: "profile", type: "created", resource_id: uuid("b", 1) }])
      expect(profiles.map((p) => p.id)).toEqual([uuid("b", 1)])
      expect((yield* fake.requests).map((r) => r.path)).toEqual(["/job.info", "/job.info", "/candidate.info"])
    })
  )
})

describe("ashby configuration and secrets", () => {
  it.scopedLive("a 401 is a typed AuthError; the key (raw, encoded or in Basic form) never appears in an error", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey })
      const connector = yield* connect(fake)
      const basic = Buffer.from(`${apiKey}:`).toString("base64")
      fake.failNext(401, { success: false, errors: [`key ${apiKey} / Basic ${basic} revoked`] })
      const error = yield* Effect.flip(readAll(connector, "job"))
      expect(error._tag).toBe("AuthError")
      for (const text of [error.message, JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
        for (const form of [apiKey, encodeURIComponent(apiKey), basic]) expect(text).not.toContain(form)
      }
      fake.failNext(200, { success: false, errors: ["invalid_input"], errorInfo: { code: "invalid_input", message: `bad key ${apiKey}` } })
      const rejected = yield* Effect.flip(readAll(connector, "job"))
      expect(rejected.message).not.toContain(apiKey)
      const wrong = yield* Ashby.make({ api_key: Redacted.make("nope"), base_url: fake.baseUrl, ...fast })
      expect((yield* Effect.flip(readAll(wrong, "job")))._tag).toBe("AuthError")
    })
  )

  it("reads the auth payload", () => {
    expect(Redacted.value(Either.getOrThrow(Ashby.Config.fromAuth({ api_key: "k" })).api_key)).toBe("k")
    expect(Either.getOrThrow(Either.flip(Ashby.Config.fromAuth({ base_url: "http://x" })))).toMatchObject({ field: "api_key" })
    const bad = Either.getOrThrow(Either.flip(Ashby.Config.fromAuth({ api_key: "k", webhook_secret: 31337 })))
    expect(bad).toMatchObject({ field: "webhook_secret" })
    expect(bad.message).not.toContain("31337")
  })

  it.scopedLive("the registry factory builds the connector from environment variables", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ apiKey, jobs: [job(1, at(1))] })
      const registry = Registry.make([Ashby.factory], [], { HRTECH_ETL_ASHBY_API_KEY: apiKey, HRTECH_ETL_ASHBY_BASE_URL: fake.baseUrl })
      const connector = yield* registry.resolve("ashby")
      expect(yield* readAll(connector, "job")).toHaveLength(1)
      expect(Ashby.factory.authKeys.filter((k) => k.secret).map((k) => k.env)).toEqual(["HRTECH_ETL_ASHBY_API_KEY", "HRTECH_ETL_ASHBY_WEBHOOK_SECRET"])
    })
  )
})
