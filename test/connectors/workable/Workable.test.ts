import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Workable from "../../../src/connectors/workable/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Registry from "../../../src/core/Registry.js"
import type { Resource } from "../../../src/core/Resource.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as Fake from "../../fakes/Workable.js"

const token = "wk-7Hq2/secret+token=value"

/** Fast retries and a generous limiter: the documented 1 request per second would make tests slow. */
const fast = {
  retry: { maxAttempts: 3, baseDelay: "10 millis", jitter: false },
  rate_limit: { limit: 1000, interval: "1 second" }
} as const

const connect = (fake: Fake.WorkableFake, extra: Partial<Workable.Config.Config> = {}) =>
  Workable.make({ token: Redacted.make(token), base_url: fake.baseUrl, ...fast, ...extra })

const pad = (i: number) => String(i).padStart(4, "0")

const job = (i: number, at: string): Connector.NativeRecord => ({
  id: `j${pad(i)}`,
  title: `Engineer ${i}`,
  full_title: `Engineer ${i} - ENG/${i}`,
  shortcode: `SC${pad(i)}`,
  code: `ENG/${i}`,
  state: i % 2 === 0 ? "published" : "closed",
  department: "R&D",
  url: `https://acme.workable.com/j/SC${pad(i)}`,
  application_url: `https://acme.workable.com/j/SC${pad(i)}/apply`,
  shortlink: `https://acme.workable.com/j/SC${pad(i)}`,
  location: { location_str: "Paris, France", country: "France", country_code: "FR", city: "Paris", telecommuting: i % 3 === 0 },
  created_at: at,
  updated_at: at
})

const candidate = (i: number, at: string): Connector.NativeRecord => ({
  id: `c${pad(i)}`,
  name: `Ada Lovelace ${i}`,
  firstname: "Ada",
  lastname: `Lovelace ${i}`,
  headline: "Engineer",
  email: `ada${i}@example.com`,
  phone: "+33 1 23 45 67 89",
  job: { shortcode: "SC0001", title: "Engineer 1" },
  stage: i % 2 === 0 ? "Applied" : "Interview",
  disqualified: false,
  created_at: at,
  updated_at: at
})

const setup = (resource: Resource) => (records: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const rows = records as Array<Fake.Row>
    const fake = yield* Fake.make({ token, ...(resource === "job" ? { jobs: rows } : { candidates: rows }) })
    return yield* connect(fake)
  })

describeConformance({
  name: "workable",
  resource: "job",
  cursorMode: "created_at",
  setup: setup("job"),
  record: job,
  pushdown: [
    { field: "state", op: "eq", value: "published" },
    { field: "created_at", op: "gte", value: "2024-01-01T00:00:05.000Z" },
    { field: "created_at", op: "gt", value: "2024-01-01T00:00:05.000Z" }
  ],
  invalidRecord: { id: "broken", title: 42, shortcode: "BRK", state: "published", created_at: "2024-01-01T00:00:00Z" }
})

describeConformance({
  name: "workable",
  resource: "profile",
  setup: setup("profile"),
  record: candidate,
  pushdown: [
    { field: "updated_at", op: "gte", value: "2024-01-01T00:00:07.000Z" },
    { field: "created_at", op: "gt", value: "2024-01-01T00:00:03.000Z" }
  ],
  invalidRecord: { id: "broken", name: null, updated_at: "2024-01-01T00:00:00Z" },
  // Workable assigns candidate ids on create, so a written record is not read back under its own id:
  // writes are tested below instead.
  write: false
})

const readAll = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(connector.read(resource, { cursor: Cursor.make("created_at"), where: [], batchSize: 100, ...options })).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const at = (seconds: number) => new Date(Date.UTC(2024, 2, 1, 10, 0, seconds)).toISOString().replace(".000Z", "Z")

describe("workable reads", () => {
  it.scopedLive("sends Workable's parameters and follows paging.next to the end", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs: Array.from({ length: 7 }, (_, i) => job(i, at(i))) as Array<Fake.Row> })
      const connector = yield* connect(fake)
      const read = yield* readAll(connector, "job", {
        cursor: Cursor.make("created_at", { start: at(2) }),
        where: [{ field: "state", op: "eq", value: "published" }],
        batchSize: 2
      })
      expect(read.map((r) => r.id)).toEqual(["j0002", "j0004", "j0006"])
      const requests = yield* fake.requests
      expect(requests.map((r) => r.path)).toEqual(["/spi/v3/jobs", "/spi/v3/jobs"])
      // The bound goes one second early: Workable's `*_after` may be exclusive.
      expect(requests[0]!.query).toEqual({ state: "published", created_after: "2024-03-01T10:00:01.000Z", limit: "2" })
      expect(requests[1]!.query).toEqual({ state: "published", created_after: "2024-03-01T10:00:01.000Z", limit: "2", since_id: "j0006" })
      expect(requests[0]!.headers.authorization).toBe(`Bearer ${token}`)
    })
  )

  it.scopedLive("legacy www.workable.com/spi/v3/accounts/{subdomain} next links are followed on the configured host", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, legacyNextLinks: "acme", jobs: Array.from({ length: 5 }, (_, i) => job(i, at(i))) as Array<Fake.Row> })
      const connector = yield* connect(fake)
      const read = yield* readAll(connector, "job", { batchSize: 2 })
      expect(read).toHaveLength(5)
      const requests = yield* fake.requests
      expect(requests.map((r) => r.path)).toEqual(["/spi/v3/jobs", "/spi/v3/jobs", "/spi/v3/jobs"])
      expect(requests[2]!.query).toEqual({ limit: "2", since_id: "j0004" })
    })
  )

  it.scopedLive("bounds candidates by updated_after, caps limit at 100, and sends no bound for a descending read", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, candidates: Array.from({ length: 3 }, (_, i) => candidate(i, at(i))) as Array<Fake.Row> })
      const connector = yield* connect(fake)
      const asc = yield* readAll(connector, "profile", { cursor: Cursor.make("updated_at", { start: at(1) }), batchSize: 5000 })
      expect(asc.map((r) => r.id)).toEqual(["c0001", "c0002"])
      const desc = yield* readAll(connector, "profile", { cursor: Cursor.make("updated_at", { start: at(1), sortBy: "desc" }) })
      expect(desc).toHaveLength(3)
      const requests = yield* fake.requests
      expect(requests[0]!.query).toEqual({ updated_after: "2024-03-01T10:00:00.000Z", limit: "100" })
      expect(requests[1]!.query).toEqual({ limit: "100" })
    })
  )

  it.scopedLive("records at exactly the start are read even though the fake treats *_after as exclusive", () =>
    Effect.gen(function* () {
      const rows = Array.from({ length: 5 }, (_, i) => candidate(i, at(i < 3 ? 10 : 20)))
      const fake = yield* Fake.make({ token, candidates: rows as Array<Fake.Row> })
      const connector = yield* connect(fake)
      const read = yield* readAll(connector, "profile", { cursor: Cursor.make("updated_at", { start: at(10) }) })
      expect(read).toHaveLength(5)
    })
  )

  it.scopedLive("an id cursor is a typed Unsupported error naming the field", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token })
      const connector = yield* connect(fake)
      const error = yield* Effect.flip(readAll(connector, "job", { cursor: Cursor.make("id") }))
      expect(error._tag).toBe("Unsupported")
      expect(error.message).toContain("cursor role id")
      expect(yield* fake.requests).toHaveLength(0)
    })
  )

  it("keeps conditions it cannot send for the pipeline to apply in memory", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make({ token }))
      const split = connector.pushdown("profile", [
        { field: "updated_at", op: "gte", value: at(0) },
        { field: "email", op: "eq", value: "ada@example.com" },
        { field: "updated_at", op: "lt", value: at(9) }
      ])
      expect(split.pushed).toEqual([{ field: "updated_at", op: "gte", value: at(0) }])
      expect(split.inMemory).toHaveLength(2)
    }).pipe(Effect.scoped, Effect.runPromise))
})

describe("workable rate limits", () => {
  it.scopedLive("a 429 with X-Rate-Limit-Reset is waited out, then the read goes on", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs: [job(1, at(1))] as Array<Fake.Row> })
      const connector = yield* connect(fake)
      fake.rateLimitNext(1, 1)
      const started = Date.now()
      const read = yield* readAll(connector, "job")
      expect(read.map((r) => r.id)).toEqual(["j0001"])
      const requests = yield* fake.requests
      expect(requests).toHaveLength(2)
      expect(requests[1]!.query).toEqual(requests[0]!.query)
      expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    })
  )

  it.scopedLive("429s past the retry budget fail with a typed RateLimited error", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs: [job(1, at(1))] as Array<Fake.Row> })
      const connector = yield* connect(fake, { retry: { maxAttempts: 2, baseDelay: "10 millis", jitter: false } })
      fake.rateLimitNext(5, 1)
      const error = yield* Effect.flip(readAll(connector, "job"))
      expect(error._tag).toBe("RateLimited")
      expect(yield* fake.requests).toHaveLength(2)
    })
  )

  it.scopedLive("the proactive limiter spaces requests (interval / limit apart)", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs: Array.from({ length: 4 }, (_, i) => job(i, at(i))) as Array<Fake.Row> })
      const connector = yield* connect(fake, { rate_limit: { limit: 4, interval: "600 millis" } })
      const started = Date.now()
      const read = yield* readAll(connector, "job", { batchSize: 1 })
      expect(read).toHaveLength(4)
      // 4 requests at 150 ms spacing: the last starts at least 450 ms after the first.
      expect(Date.now() - started).toBeGreaterThanOrEqual(440)
    })
  )

  it("defaults to Workable's documented 10 requests per 10 seconds", () => {
    expect(Workable.Config.defaultRateLimit).toEqual({ limit: 10, interval: "10 seconds" })
  })
})

describe("workable writes", () => {
  it.scopedLive("updates known candidates, creates others inside their job, and reports per-record failures", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({
        token,
        jobs: [job(1, at(0))] as Array<Fake.Row>,
        candidates: [candidate(1, at(0))] as Array<Fake.Row>
      })
      const connector = yield* connect(fake)
      const outcomes = yield* connector.write("profile", [
        { ...candidate(1, at(0)), headline: "Principal engineer" },
        { id: "greenhouse-77", name: "Grace Hopper", email: "grace@example.com", job: { shortcode: "SC0001" } },
        { id: "lever-9", name: "No Job", email: "nojob@example.com" },
        { id: "x-bad", name: "Bad Email", email: "not-an-email", job: { shortcode: "SC0001" } },
        { id: "x-gone", name: "Lost", email: "lost@example.com", job: { shortcode: "NOPE" } }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["updated", "created", "failed", "failed", "failed"])
      expect(outcomes[1]).toEqual({ _tag: "created", id: "new00001" })
      expect(outcomes[2]).toMatchObject({ id: "lever-9", reason: expect.stringContaining("job.shortcode is required") })
      expect(outcomes[3]).toMatchObject({ id: "x-bad", reason: expect.stringContaining("email is invalid") })
      expect(outcomes[4]).toMatchObject({ id: "x-gone", reason: expect.stringContaining("NOPE") })
      expect(fake.candidates.get("c0001")?.headline).toBe("Principal engineer")
      expect(fake.candidates.get("new00001")).toMatchObject({ name: "Grace Hopper", sourced: true, job: { shortcode: "SC0001" } })
      const create = fake.writes.find((w) => w.method === "POST" && w.status === 201)!
      expect(create.path).toBe("/jobs/SC0001/candidates")
      expect(create.body).toEqual({ sourced: true, candidate: { name: "Grace Hopper", email: "grace@example.com" } })
      const update = fake.writes.find((w) => w.method === "PATCH" && w.status === 200)!
      expect(update.path).toBe("/candidates/c0001")
      // Read-only fields (id, stage, job, timestamps) are not sent.
      expect(Object.keys((update.body as { candidate: object }).candidate).sort()).toEqual(["email", "firstname", "headline", "lastname", "name", "phone"])
    })
  )

  it.scopedLive("jobs cannot be written", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make({ token }))
      expect(connector.capabilities.write).toEqual(["profile"])
      const error = yield* Effect.flip(connector.write("job", [job(1, at(0))]))
      expect(error._tag).toBe("Unsupported")
    })
  )

  it.scopedLive("fetchByEvents fetches candidates by id and jobs by id or shortcode; missing ones are absent", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({
        token,
        jobs: [job(1, at(0)), job(2, at(1))] as Array<Fake.Row>,
        candidates: [candidate(1, at(0))] as Array<Fake.Row>
      })
      const connector = yield* connect(fake)
      const event = (resource: Resource, id: string) => ({ resource, type: "updated" as const, resource_id: id })
      const profiles = yield* connector.fetchByEvents("profile", [event("profile", "c0001"), event("profile", "missing")])
      expect(profiles.map((r) => r.id)).toEqual(["c0001"])
      const jobs = yield* connector.fetchByEvents("job", [event("job", "j0001"), event("job", "SC0002"), event("job", "nope")])
      expect(jobs.map((r) => r.id)).toEqual(["j0001", "j0002"])
    })
  )
})

describe("workable configuration and secrets", () => {
  it.scopedLive("a 401 is a typed AuthError whose message never carries the token", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token })
      const connector = yield* connect(fake)
      fake.failNext(401, { error: `token ${token} (Bearer ${token}) was revoked` })
      const error = yield* Effect.flip(readAll(connector, "job"))
      expect(error._tag).toBe("AuthError")
      for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
        expect(text).not.toContain(token)
        expect(text).not.toContain(encodeURIComponent(token))
      }
      expect(error.message).toContain("[redacted]")
    })
  )

  it.scopedLive("a wrong token gets a 401 from the fake", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token })
      const connector = yield* Workable.make({ token: Redacted.make("wrong"), base_url: fake.baseUrl, ...fast })
      expect((yield* Effect.flip(readAll(connector, "job")))._tag).toBe("AuthError")
    })
  )

  it("reads the auth payload: token required, subdomain names the host, bad values named without echoing secrets", () => {
    const ok = Workable.Config.fromAuth({ token: "t", subdomain: "acme" })
    expect(Either.isRight(ok) && Either.getOrThrow(Workable.Config.baseUrl(ok.right))).toBe("https://acme.workable.com/spi/v3")
    const missing = Either.flip(Workable.Config.fromAuth({ subdomain: "acme" }))
    expect(Either.getOrThrow(missing)).toMatchObject({ field: "token" })
    expect(Either.getOrThrow(Either.flip(Workable.Config.fromAuth({ token: "t" })))).toMatchObject({ field: "subdomain" })
    const evil = Either.getOrThrow(Either.flip(Workable.Config.fromAuth({ token: "t", subdomain: "evil.com/x?" })))
    expect(evil).toMatchObject({ field: "subdomain" })
    const badToken = Either.getOrThrow(Either.flip(Workable.Config.fromAuth({ token: 12345678, subdomain: "acme" })))
    expect(badToken.message).not.toContain("12345678")
    const headers = Workable.Config.fromAuth({ token: "t", base_url: "http://127.0.0.1:1", extra_headers: '{"X-Tenant":"a"}' })
    expect(Either.getOrThrow(headers).extra_headers).toEqual({ "X-Tenant": "a" })
  })

  it.scopedLive("the registry factory builds the connector from environment variables", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ token, jobs: [job(1, at(1))] as Array<Fake.Row> })
      const registry = Registry.make([Workable.factory], [], {
        HRTECH_ETL_WORKABLE_TOKEN: token,
        HRTECH_ETL_WORKABLE_BASE_URL: fake.baseUrl
      })
      const connector = yield* registry.resolve("workable")
      expect(connector.name).toBe("workable")
      expect(Workable.factory.authKeys.filter((k) => k.secret).map((k) => k.name)).toEqual(["token", "webhook_secret"])
      expect(Workable.factory.authKeys.map((k) => k.env)).toContain("HRTECH_ETL_WORKABLE_SUBDOMAIN")
      const error = yield* Effect.flip(Registry.make([Workable.factory], [], {}).resolve("workable", { subdomain: "acme" }))
      expect(error).toMatchObject({ _tag: "ConfigError", field: "token" })
    })
  )
})
