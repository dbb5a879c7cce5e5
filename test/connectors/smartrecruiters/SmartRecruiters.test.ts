/**
 * The SmartRecruiters connector against the fake: query parameters sent for cursors and prefilters,
 * paging, job details, 429 handling, auth and secrets, writes, fetch by events, and pulls into an
 * in-memory target through the unified model.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as SmartRecruiters from "../../../src/connectors/smartrecruiters/index.js"
import * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import type { Resource } from "../../../src/core/Resource.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as FakeSmartRecruiters from "../../fakes/SmartRecruiters.js"
import { candidate, connectorFor, job } from "./Fixtures.js"

const second = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()
const jobs = (n: number) => Array.from({ length: n }, (_, i) => job(i, second(i)))
const candidates = (n: number) => Array.from({ length: n }, (_, i) => candidate(i, second(i)))

/** Reads a resource; returns the pages as arrays. */
const readPages = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(
    Connector.readValid(connector, resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 10, ...options }).pipe(Stream.chunks)
  ).pipe(Effect.map((chunks) => Chunk.toArray(chunks).map((c) => Chunk.toArray(c))))

const listRequests = (fake: FakeSmartRecruiters.FakeSmartRecruiters, path: string) =>
  Effect.map(fake.requests, (requests) => requests.filter((r) => r.method === "GET" && r.path === path))

describe("SmartRecruiters reads", () => {
  it.scopedLive("sends an inclusive cursor start as updatedAfter one millisecond earlier; the far bound is applied per page", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(30) })
      const connector = yield* connectorFor(fake)
      const pages = yield* readPages(connector, "profile", {
        cursor: Cursor.make("updated_at", { start: second(5) }),
        until: second(20)
      })
      const [first] = yield* listRequests(fake, "/candidates")
      expect(first!.query).toEqual({ updatedAfter: "2024-01-01T00:00:04.999Z", limit: "10" })
      // The record exactly at the start is included; those past `until` are not.
      expect(
        pages
          .flat()
          .map((r) => r.updatedOn)
          .sort()
      ).toEqual(Array.from({ length: 16 }, (_, i) => second(i + 5)))
    })
  )

  it.scopedLive("descending: no bound can be sent, the start is applied per page", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(12) })
      const connector = yield* connectorFor(fake)
      const pages = yield* readPages(connector, "profile", { cursor: Cursor.make("updated_at", { start: second(3), sortBy: "desc" }) })
      const [first] = yield* listRequests(fake, "/candidates")
      expect(first!.query).toEqual({ limit: "10" })
      expect(
        pages
          .flat()
          .map((r) => r.id)
          .sort()
      ).toEqual(["cand-0000", "cand-0001", "cand-0002", "cand-0003"])
    })
  )

  it.scopedLive("pushes status, postingStatus and updatedAfter; pages with pageId=<nextPageId>; fetches each job in full", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ jobs: jobs(40) })
      const connector = yield* connectorFor(fake)
      const where = [
        { field: "status", op: "eq", value: "SOURCING" },
        { field: "postingStatus", op: "eq", value: "PUBLIC" },
        { field: "updatedOn", op: "gt", value: second(10) }
      ] as const
      const split = connector.pushdown("job", where)
      expect(split.inMemory).toEqual([])
      const pages = yield* readPages(connector, "job", {
        where: split.pushed,
        batchSize: 2,
        cursor: Cursor.make("updated_at", { start: second(2) })
      })
      const lists = yield* listRequests(fake, "/jobs")
      // The tighter of the WHERE bound and the cursor's bound is sent.
      expect(lists[0]!.query).toEqual({ status: "SOURCING", postingStatus: "PUBLIC", updatedAfter: "2024-01-01T00:00:10.000Z", limit: "2" })
      expect(lists[1]!.query.pageId).toMatch(/.+/)
      const ids = pages.flat().map((r) => r.id)
      // i % 3 == 0 (SOURCING), even (PUBLIC), updated after second 10.
      expect(ids.sort()).toEqual(["job-0012", "job-0018", "job-0024", "job-0030", "job-0036"])
      expect(pages.flat().every((r) => (r as { jobAd?: unknown }).jobAd !== undefined)).toBe(true)
      const details = (yield* fake.requests).filter((r) => r.path.startsWith("/jobs/"))
      expect(details.map((r) => r.path).sort()).toEqual(ids.map((id) => `/jobs/${id}`))
    })
  )

  it.scopedLive("page size is capped at 100; jobDetails: false keeps the summaries", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ jobs: jobs(3) })
      const connector = yield* connectorFor(fake, { jobDetails: false })
      const pages = yield* readPages(connector, "job", { batchSize: 1000 })
      const requests = yield* fake.requests
      expect(requests.map((r) => r.path)).toEqual(["/jobs"])
      expect(requests[0]!.query.limit).toBe("100")
      expect(pages.flat().every((r) => (r as { jobAd?: unknown }).jobAd === undefined)).toBe(true)
    })
  )

  it.live("a 429 with Retry-After is waited out", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(3), rateLimitFirst: 1, retryAfterSeconds: 1 })
        const connector = yield* connectorFor(fake)
        const started = Date.now()
        const pages = yield* readPages(connector, "profile")
        expect(pages.flat()).toHaveLength(3)
        expect(Date.now() - started).toBeGreaterThanOrEqual(950)
        // The 429, the list, then each candidate's details.
        const paths = (yield* fake.requests).map((r) => r.path)
        expect(paths.slice(0, 2)).toEqual(["/candidates", "/candidates"])
        expect(paths.slice(2).sort()).toEqual(["/candidates/cand-0000", "/candidates/cand-0001", "/candidates/cand-0002"])
      })
    )
  )

  it.live("a 429 with only X-RateLimit-Reset is waited out too", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(2), rateLimitFirst: 1, rateLimitHeaders: "reset-only" })
        const connector = yield* connectorFor(fake)
        const started = Date.now()
        expect((yield* readPages(connector, "profile")).flat()).toHaveLength(2)
        expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      })
    )
  )
})

describe("SmartRecruiters auth and secrets", () => {
  it.scopedLive("sends the key as X-SmartToken", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(1) })
      yield* readPages(yield* connectorFor(fake), "profile")
      const [request] = yield* fake.requests
      expect(request!.headers["x-smarttoken"]).toBe(fake.apiKey)
    })
  )

  it.scopedLive("a rejected key is an AuthError whose message carries no secret", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make()
      const secret = "sr-live-do-not-leak-9876"
      const connector = yield* connectorFor(fake, { api_key: Redacted.make(secret) })
      const error = yield* Effect.flip(readPages(connector, "job"))
      expect(error._tag).toBe("AuthError")
      const rendered = [error.message, String(error), JSON.stringify(error)].join("\n")
      expect(rendered).not.toContain(secret)
      expect(rendered).not.toContain(Buffer.from(secret).toString("base64"))
    })
  )

  it("reads auth from the payload or the environment; a missing key names the field and env var", () => {
    const missing = SmartRecruiters.Config.fromAuth({ api_key: "  " })
    expect(Either.isLeft(missing) && missing.left.field).toBe("api_key")
    expect(Either.isLeft(missing) && missing.left.message).toContain("HRTECH_ETL_SMARTRECRUITERS_API_KEY")
    const fromEnv = Registry.authFromEnv(SmartRecruiters.factory, {}, { HRTECH_ETL_SMARTRECRUITERS_API_KEY: "t" })
    expect(Redacted.value(Either.getOrThrow(SmartRecruiters.Config.fromAuth(fromEnv)).api_key)).toBe("t")
    const badHeaders = SmartRecruiters.Config.fromAuth({ api_key: "t", extra_headers: "not json" })
    expect(Either.isLeft(badHeaders) && badHeaders.left.field).toBe("extra_headers")
  })

  it.scopedLive("the registry factory builds a working connector; no webhook parser is offered", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(2) })
      const connector = yield* SmartRecruiters.factory.make({ api_key: fake.apiKey, base_url: fake.url, extra_headers: '{"X-Trace":"t-2"}' })
      expect(connector.capabilities).toEqual({ read: ["job", "profile"], write: ["profile"], archive: [] })
      expect(connector.parseEvent).toBeUndefined()
      expect((yield* readPages(connector, "profile")).flat()).toHaveLength(2)
      expect((yield* fake.requests)[0]!.headers["x-trace"]).toBe("t-2")
    })
  )
})

describe("SmartRecruiters writes", () => {
  const incoming = (i: number) => ({
    id: `lever-${i}`,
    firstName: `Grace${i}`,
    lastName: "Hopper",
    email: `grace${i}@example.com`,
    phoneNumber: "+1 555 0100",
    tags: ["imported"],
    updatedOn: second(3)
  })

  it.scopedLive("creates candidates; a rewrite finds them by email and updates them instead of duplicating", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make()
      const connector = yield* connectorFor(fake)
      const records = [incoming(1), incoming(2), incoming(3)]
      const first = yield* connector.write("profile", records)
      expect(first.map((o) => o._tag)).toEqual(["created", "created", "created"])
      expect(fake.writes.map((w) => w.method)).toEqual(["POST", "POST", "POST"])
      // Ids and timestamps are SmartRecruiters': they are not sent.
      expect(Object.keys(fake.writes[0]!.body as object).sort()).toEqual(["email", "firstName", "lastName", "phoneNumber", "tags"])

      const second = yield* connector.write(
        "profile",
        records.map((r) => ({ ...r, phoneNumber: "+1 555 0199" }))
      )
      expect(second.map((o) => o._tag)).toEqual(["updated", "updated", "updated"])
      expect(second.map((o) => (o._tag === "updated" ? o.id : ""))).toEqual(first.map((o) => (o._tag === "created" ? o.id : "")))
      expect(fake.store.profile.size).toBe(3)
      expect([...fake.store.profile.values()].every((c) => (c as { phoneNumber: string }).phoneNumber === "+1 555 0199")).toBe(true)
      expect((yield* readPages(connector, "profile")).flat()).toHaveLength(3)
    })
  )

  it.scopedLive("a record with a SmartRecruiters id is patched directly", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: [candidate(1, second(1))] })
      const connector = yield* connectorFor(fake)
      const outcomes = yield* connector.write("profile", [{ ...candidate(1, second(1)), email: "new-address@example.com" }])
      expect(outcomes).toEqual([Connector.Outcome.updated("cand-0001")])
      expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual(["PATCH /candidates/cand-0001"])
      expect((fake.store.profile.get("cand-0001") as { email: string }).email).toBe("new-address@example.com")
    })
  )

  it.scopedLive("a record SmartRecruiters rejects is a failed outcome with its reason; the rest is written", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make()
      const connector = yield* connectorFor(fake)
      const outcomes = yield* connector.write("profile", [incoming(1), { ...incoming(2), lastName: "" }, incoming(3)])
      expect(outcomes.map((o) => o._tag)).toEqual(["created", "failed", "created"])
      expect(outcomes[1]).toMatchObject({ id: "lever-2", reason: expect.stringContaining("HTTP 422") })
      expect(outcomes[1]).toMatchObject({ reason: expect.stringContaining("lastName is required") })
      const job = yield* Effect.flip(connector.write("job", [job0]))
      expect(job._tag).toBe("Unsupported")
    })
  )

  const job0 = job(0, second(0))
})

describe("SmartRecruiters fetch by events", () => {
  it.scopedLive("fetches by id; unknown ids are simply absent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ candidates: candidates(3), jobs: jobs(2) })
      const connector = yield* connectorFor(fake)
      const event = (resource: Resource, id: string) => ({ resource, type: "updated" as const, resource_id: id })
      const found = yield* connector.fetchByEvents("profile", [event("profile", "cand-0002"), event("profile", "nope")])
      expect(found.map((r) => r.id)).toEqual(["cand-0002"])
      const full = yield* connector.fetchByEvents("job", [event("job", "job-0001")])
      expect(full[0]).toEqual(job(1, second(1)))
    })
  )
})

describe("SmartRecruiters → in-memory target through the unified model (no formatter)", () => {
  it.scopedLive("pulls jobs and candidates as unified records, and resumes from the checkpoint", () =>
    Effect.gen(function* () {
      const fake = yield* FakeSmartRecruiters.make({ jobs: jobs(12), candidates: candidates(12) })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const pulled = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" }, batchSize: 5 })
      expect(pulled.stats).toMatchObject({ read: 12, written: 12, failed: 0 })
      expect(pulled.cursor.end).toBe(second(11))
      expect(target.data.job.get("job-0004")).toMatchObject({
        name: "Engineer 4",
        reference: "REF-0004",
        requisition_id: "REF-0004",
        status: "closed",
        text: "<p>Role 4</p>",
        requirements: "<ul><li>TypeScript</li></ul>",
        location: { text: "Paris, Île-de-France, fr", city: "Paris", region: "Île-de-France", country: "fr", remote: true },
        updated_at: second(4),
        origin: "smartrecruiters"
      })
      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at", start: second(4) } })
      expect(profiles.stats.written).toBe(8)
      expect((target.data.profile.get("cand-0004") as Unified.UnifiedProfile).info).toMatchObject({
        full_name: "Ada4 Lovelace",
        emails: [{ value: "ada4@example.com" }]
      })

      fake.seed("profile", [{ ...candidate(2, second(20)), lastName: "Byron" }])
      yield* fake.clearRequests
      const next = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: Cursor.resumeFrom(profiles.cursor) })
      expect(next.stats.written).toBe(1)
      expect((yield* listRequests(fake, "/candidates"))[0]!.query.updatedAfter).toBe("2024-01-01T00:00:10.999Z")
      expect((target.data.profile.get("cand-0002") as Unified.UnifiedProfile).info?.last_name).toBe("Byron")
    })
  )
})
