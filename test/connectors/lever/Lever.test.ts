/**
 * The Lever connector against the fake Lever: query parameters sent for cursors and prefilters,
 * paging, 429 handling, auth and secrets, writes, fetch by events, and pulls into an in-memory
 * target through the unified model.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Lever from "../../../src/connectors/lever/index.js"
import * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import type { Resource } from "../../../src/core/Resource.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as FakeLever from "../../fakes/Lever.js"
import { connectorFor, opportunity, performAs, posting } from "./Fixtures.js"

const BASE = Date.UTC(2024, 0, 1)
const second = (i: number) => BASE + i * 1000

const postings = (n: number) => Array.from({ length: n }, (_, i) => posting(i, second(i)))
const opportunities = (n: number) => Array.from({ length: n }, (_, i) => opportunity(i, second(i)))

/** Reads a resource; returns the pages as arrays. */
const readPages = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(
    Connector.readValid(connector, resource, {
      cursor: Cursor.make("updated_at"),
      where: [],
      batchSize: 10,
      ...options
    }).pipe(Stream.chunks)
  ).pipe(Effect.map((chunks) => Chunk.toArray(chunks).map((c) => Chunk.toArray(c))))

const listRequests = (fake: FakeLever.FakeLever, path: string) =>
  Effect.map(fake.requests, (requests) => requests.filter((r) => r.method === "GET" && r.path === path))

describe("Lever reads", () => {
  it.scopedLive("sends the cursor as updated_at_start / updated_at_end in epoch ms, from ISO or epoch-ms text alike", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(30) })
      const connector = yield* connectorFor(fake)
      const fromIso = yield* readPages(connector, "job", {
        cursor: { ...Cursor.make("updated_at", { start: "2024-01-01T00:00:05.000Z" }), end: "2024-01-01T00:00:20.000Z" }
      })
      const [first] = yield* listRequests(fake, "/postings")
      expect(first!.query).toEqual({ updated_at_start: String(second(5)), updated_at_end: String(second(20)), limit: "10" })
      expect(
        fromIso
          .flat()
          .map((r) => r.updatedAt)
          .sort()
      ).toEqual(Array.from({ length: 16 }, (_, i) => second(i + 5)))

      // The pipeline's checkpoint for Lever is the record's epoch-ms value as text: it must send the same bound.
      yield* fake.clearRequests
      yield* readPages(connector, "job", { cursor: Cursor.make("updated_at", { start: String(second(5)) }) })
      const [again] = yield* listRequests(fake, "/postings")
      expect(again!.query.updated_at_start).toBe(String(second(5)))

      // Sub-millisecond ISO text never moves the bound inward.
      yield* fake.clearRequests
      yield* readPages(connector, "job", {
        cursor: { ...Cursor.make("updated_at", { start: "2024-01-01T00:00:05.000900Z" }), end: "2024-01-01T00:00:20.000100Z" }
      })
      const [fine] = yield* listRequests(fake, "/postings")
      expect(fine!.query.updated_at_start).toBe(String(second(5)))
      expect(fine!.query.updated_at_end).toBe(String(second(20) + 1))
    })
  )

  it.scopedLive("the run's far bound (until) is not sent: Lever's bounds cannot match a null updatedAt", () =>
    Effect.gen(function* () {
      const never: Record<string, unknown> = { ...opportunity(1, second(1)), updatedAt: null }
      const fake = yield* FakeLever.make({ opportunities: [never, opportunity(2, second(2))] })
      const connector = yield* connectorFor(fake)
      const read = (yield* readPages(connector, "profile", { until: "2024-01-01T00:00:30.000Z" })).flat()
      const [request] = yield* listRequests(fake, "/opportunities")
      expect(request!.query).toEqual({ limit: "10" })
      // The never-updated record flows, with its creation time as cursor value.
      expect(read.map((r) => [r.id, r.updatedAt])).toEqual(
        expect.arrayContaining([
          ["opp-0001", never.createdAt],
          ["opp-0002", second(2)]
        ])
      )
    })
  )

  it.scopedLive("descending: the start is the upper bound", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(12) })
      const connector = yield* connectorFor(fake)
      const pages = yield* readPages(connector, "job", { cursor: Cursor.make("updated_at", { start: String(second(3)), sortBy: "desc" }) })
      const [first] = yield* listRequests(fake, "/postings")
      expect(first!.query).toEqual({ updated_at_end: String(second(3)), limit: "10" })
      expect(pages.flat()).toHaveLength(4)
    })
  )

  it.scopedLive("pushes prefilters as repeated Lever parameters and pages with offset=<next>", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ opportunities: opportunities(40) })
      const connector = yield* connectorFor(fake)
      const where = [
        { field: "stage", op: "in", value: ["stage-screen", "stage-onsite"] },
        { field: "tags", op: "in", value: ["python", "referral"] },
        { field: "emails", op: "in", value: ["candidate4@example.com", "candidate8@example.com", "candidate9@example.com"] }
      ] as const
      const split = connector.pushdown("profile", where)
      expect(split.inMemory).toEqual([])
      const pages = yield* readPages(connector, "profile", { where: split.pushed, batchSize: 2 })
      const requests = yield* listRequests(fake, "/opportunities")
      expect(requests[0]!.queryAll).toEqual({
        stage_id: ["stage-screen", "stage-onsite"],
        tag: ["python", "referral"],
        email: ["candidate4@example.com", "candidate8@example.com", "candidate9@example.com"],
        limit: ["2"]
      })
      expect(pages.map((p) => p.length)).toEqual([2, 1])
      // The second request carries the first response's `next` token as `offset`.
      expect(requests).toHaveLength(2)
      expect(requests[1]!.query.offset).toMatch(/.+/)
      expect(requests[0]!.query.offset).toBeUndefined()
    })
  )

  it.scopedLive("an eq on stage goes to stage_id; conditions the API cannot express stay in memory", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ opportunities: opportunities(6) })
      const connector = yield* connectorFor(fake)
      const split = connector.pushdown("profile", [
        { field: "stage", op: "eq", value: "stage-screen" },
        { field: "stage", op: "in", value: ["stage-screen", "stage-x"] }
      ])
      expect(split.inMemory).toEqual([])
      yield* readPages(connector, "profile", { where: split.pushed })
      const [request] = yield* listRequests(fake, "/opportunities")
      expect(request!.queryAll).toEqual({ stage_id: ["stage-screen"], limit: ["10"] })
      // Lever cannot search names: a pushdown never claims a condition it cannot send.
      const notPushable = connector.pushdown("profile", [{ field: "name", op: "contains", value: "Cand" }])
      expect(notPushable.pushed).toEqual([])
    })
  )

  it.scopedLive("every condition is checked again on each page, whatever Lever's own matching", () =>
    Effect.gen(function* () {
      // Lever matches emails ignoring case; the WHERE semantics do not.
      const fake = yield* FakeLever.make({ opportunities: [...opportunities(6), { ...opportunity(9, second(9)), emails: ["CANDIDATE4@example.com"] }] })
      const connector = yield* connectorFor(fake)
      const read = (yield* readPages(connector, "profile", {
        where: [
          { field: "emails", op: "in", value: ["candidate4@example.com", "candidate5@example.com"] },
          // Not expressible as a Lever parameter: applied in memory only.
          { field: "name", op: "contains", value: "Candidate 5" }
        ]
      })).flat()
      const [request] = yield* listRequests(fake, "/opportunities")
      expect(request!.queryAll.email).toEqual(["candidate4@example.com", "candidate5@example.com"])
      expect(request!.query.name).toBeUndefined()
      expect(read.map((r) => r.id)).toEqual(["opp-0005"])
    })
  )

  it.live("a 429 with Retry-After is waited out", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const fake = yield* FakeLever.make({ postings: postings(3), rateLimitFirst: 1, retryAfterSeconds: 1 })
        const connector = yield* connectorFor(fake)
        const started = Date.now()
        const pages = yield* readPages(connector, "job")
        const elapsed = Date.now() - started
        expect(pages.flat()).toHaveLength(3)
        expect(elapsed).toBeGreaterThanOrEqual(950)
        expect((yield* fake.requests).length).toBe(2)
      })
    )
  )
})

describe("Lever auth and secrets", () => {
  it.scopedLive("sends the key as the Basic username with a blank password", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(1) })
      yield* readPages(yield* connectorFor(fake), "job")
      const [request] = yield* fake.requests
      expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.apiKey}:`).toString("base64")}`)
    })
  )

  it.scopedLive("a rejected key is an AuthError whose message carries no secret", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(1) })
      const secret = "sk-live-do-not-leak-4242"
      const connector = yield* connectorFor(fake, { api_key: Redacted.make(secret) })
      const error = yield* Effect.flip(readPages(connector, "job"))
      expect(error._tag).toBe("AuthError")
      const rendered = [error.message, String(error), JSON.stringify(error)].join("\n")
      for (const form of [secret, Buffer.from(`${secret}:`).toString("base64"), Buffer.from(secret).toString("base64")]) {
        expect(rendered).not.toContain(form)
      }
    })
  )

  it("reads auth from the payload or the environment; a missing key names the field and env var", () => {
    const missing = Lever.Config.fromAuth({})
    expect(Either.isLeft(missing) && missing.left.field).toBe("api_key")
    expect(Either.isLeft(missing) && missing.left.message).toContain("HRTECH_ETL_LEVER_API_KEY")
    const fromEnv = Registry.authFromEnv(Lever.factory, {}, { HRTECH_ETL_LEVER_API_KEY: "k", HRTECH_ETL_LEVER_PERFORM_AS: "u" })
    const config = Either.getOrThrow(Lever.Config.fromAuth(fromEnv))
    expect(Redacted.value(config.api_key)).toBe("k")
    expect(config.perform_as).toBe("u")
    expect(String(config.api_key)).not.toContain('k"')
    const headers = Either.getOrThrow(Lever.Config.fromAuth({ api_key: "k", extra_headers: '{"X-Trace":"1"}' }))
    expect(headers.extra_headers).toEqual({ "X-Trace": "1" })
    const badType = Lever.Config.fromAuth({ api_key: 12345 })
    expect(Either.isLeft(badType) && badType.left.message).not.toContain("12345")
  })

  it.scopedLive("the registry factory builds a working connector with extra headers", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(2) })
      const connector = yield* Lever.factory.make({ api_key: fake.apiKey, base_url: fake.url, extra_headers: { "X-Trace": "t-1" } })
      expect(connector.capabilities).toEqual({ read: ["job", "profile"], write: ["profile"], archive: [] })
      expect((yield* readPages(connector, "job")).flat()).toHaveLength(2)
      const [request] = yield* fake.requests
      expect(request!.headers["x-trace"]).toBe("t-1")
    })
  )
})

describe("Lever writes", () => {
  const incoming = (i: number) => ({
    id: `hrflow-${i}`,
    name: `New Person ${i}`,
    headline: "Data engineer",
    emails: [`new${i}@example.com`],
    phones: [{ type: "mobile", value: "+33 6 11 22 33 44" }],
    location: "Nantes",
    links: ["https://example.com/cv"],
    tags: ["imported"],
    createdAt: second(1),
    updatedAt: second(2)
  })

  it.scopedLive("creates opportunities on behalf of perform_as; a rewrite finds them by email instead of duplicating", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make()
      const connector = yield* connectorFor(fake)
      const records = [incoming(1), incoming(2), incoming(3)]
      const first = yield* connector.write("profile", records)
      expect(first.map((o) => o._tag)).toEqual(["created", "created", "created"])
      expect(fake.writes).toHaveLength(3)
      expect(fake.writes.every((w) => w.path === "/opportunities" && w.performAs === performAs)).toBe(true)
      // Lever assigns ids, stages and timestamps: they are not sent.
      expect(Object.keys(fake.writes[0]!.body as object).sort()).toEqual(["emails", "headline", "links", "location", "name", "phones", "tags"])

      const second = yield* connector.write(
        "profile",
        records.map((r) => ({ ...r, tags: ["imported", "2024"] }))
      )
      expect(second.map((o) => o._tag)).toEqual(["updated", "updated", "updated"])
      expect(fake.store.profile.size).toBe(3)
      expect(fake.writes.slice(3).map((w) => w.path.split("/").pop())).toEqual(["addTags", "addTags", "addTags"])
      expect([...fake.store.profile.values()].every((r) => (r as { tags: Array<string> }).tags.includes("2024"))).toBe(true)
      // The ids in the outcomes are Lever's.
      const ids = first.map((o) => (o._tag === "created" ? o.id : ""))
      expect(second.map((o) => (o._tag === "updated" ? o.id : ""))).toEqual(ids)

      const read = (yield* readPages(connector, "profile")).flat()
      expect(read).toHaveLength(3)
    })
  )

  it.scopedLive("an existing opportunity is found by its Lever id; nothing is added when nothing is missing", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ opportunities: [opportunity(1, second(1))] })
      const connector = yield* connectorFor(fake)
      const outcomes = yield* connector.write("profile", [{ ...opportunity(1, second(1)), emails: [] }])
      expect(outcomes).toEqual([Connector.Outcome.updated("opp-0001")])
      expect(fake.writes).toEqual([])
    })
  )

  it.scopedLive("a record Lever rejects is a failed outcome; the rest of the batch is written", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make()
      const connector = yield* connectorFor(fake)
      const { name: _, ...nameless } = incoming(2)
      const outcomes = yield* connector.write("profile", [incoming(1), nameless, incoming(3)])
      expect(outcomes.map((o) => o._tag)).toEqual(["created", "failed", "created"])
      expect(outcomes[1]).toMatchObject({ id: "hrflow-2", reason: expect.stringContaining("HTTP 422") })
      expect(outcomes[1]).toMatchObject({ reason: expect.stringContaining("name is required") })
    })
  )

  it.scopedLive("without perform_as a write fails up front with a ConfigError and sends nothing; postings are read-only", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make()
      const { perform_as: _, ...rest } = { api_key: Redacted.make(fake.apiKey), base_url: fake.url, perform_as: "x" }
      const connector = yield* Lever.make(rest)
      const error = yield* Effect.flip(connector.write("profile", [incoming(1)]))
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("perform_as")
      expect(yield* fake.requests).toEqual([])
      const job = yield* Effect.flip(connector.write("job", [posting(1, second(1))]))
      expect(job._tag).toBe("Unsupported")
    })
  )
})

describe("Lever fetch by events", () => {
  it.scopedLive("fetches by id; unknown ids are simply absent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ opportunities: opportunities(3), postings: postings(2) })
      const connector = yield* connectorFor(fake)
      const event = (resource: Resource, id: string) => ({ resource, type: "updated" as const, resource_id: id })
      const found = yield* connector.fetchByEvents("profile", [event("profile", "opp-0002"), event("profile", "missing"), event("profile", "opp-0002")])
      expect(found.map((r) => r.id)).toEqual(["opp-0002"])
      const jobs = yield* connector.fetchByEvents("job", [event("job", "posting-0001")])
      expect(jobs.map((r) => r.id)).toEqual(["posting-0001"])
    })
  )
})

describe("Lever → in-memory target through the unified model (no formatter)", () => {
  it.scopedLive("pulls postings and opportunities as unified records", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(25), opportunities: opportunities(25) })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const jobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: { mode: "updated_at" }, batchSize: 10 })
      expect(jobs.stats).toMatchObject({ read: 25, written: 25, failed: 0 })
      // Lever cannot order by updatedAt: the checkpoint is the highest value read, as epoch-ms text.
      expect(jobs.cursor.end).toBe(String(second(24)))
      const job = target.data.job.get("posting-0004") as Unified.UnifiedJob
      expect(job).toMatchObject({
        id: "posting-0004",
        name: "Engineer 4",
        status: "closed",
        employment_type: "full_time",
        location: { text: "Paris" },
        departments: [{ name: "Engineering" }],
        metadatas: [
          { name: "team", value: "Platform" },
          { name: "commitment", value: "Full-time" }
        ],
        salary: { min: 50004, max: 70004, currency: "EUR", period: "year" },
        updated_at: "2024-01-01T00:00:04.000Z",
        origin: "lever"
      })
      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" }, batchSize: 10 })
      expect(profiles.stats).toMatchObject({ read: 25, written: 25, failed: 0 })
      const profile = target.data.profile.get("opp-0004") as Unified.UnifiedProfile
      expect(profile).toMatchObject({
        id: "opp-0004",
        info: { full_name: "Candidate 4", emails: [{ value: "candidate4@example.com" }], location: { text: "Lyon" } },
        tags: [{ name: "referral" }, { name: "python" }],
        stage: "stage-screen",
        created_at: expect.stringMatching(/^2023-06-01T/),
        updated_at: "2024-01-01T00:00:04.000Z"
      })
      // Every record written is a valid unified record.
      for (const record of target.data.profile.values()) expect(Either.isRight(Connector.decoder(target, "profile")(record))).toBe(true)
    })
  )

  // Needs Cursor.compareValues to compare epoch-ms text with ISO text as instants (a core change):
  // until then the pipeline's in-memory range check compares them as strings and drops every record.
  it.scopedLive("a pull with an ISO start takes the records at and after it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ postings: postings(12) })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const result = yield* Pipeline.pull({
        resource: "job",
        origin,
        target,
        cursor: { mode: "updated_at", start: "2024-01-01T00:00:05Z" },
        batchSize: 5
      })
      expect([...target.data.job.keys()].sort()).toEqual(Array.from({ length: 7 }, (_, i) => `posting-${String(i + 5).padStart(4, "0")}`))
      expect(result.cursor.end).toBe(String(second(11)))
    })
  )

  it.scopedLive("a checkpoint round-trips: the next run resumes from the epoch-ms cursor and takes only new records", () =>
    Effect.gen(function* () {
      const fake = yield* FakeLever.make({ opportunities: opportunities(8) })
      const origin = yield* connectorFor(fake)
      const target = Memory.make({ name: "memory" })
      const first = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: { mode: "updated_at" }, batchSize: 5 })
      expect(first.cursor.end).toBe(String(second(7)))
      fake.seed("profile", [opportunity(8, second(9)), { ...opportunity(3, second(9)), headline: "Changed" }])
      yield* fake.clearRequests
      const next = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: Cursor.resumeFrom(first.cursor), batchSize: 5 })
      const [request] = yield* listRequests(fake, "/opportunities")
      expect(request!.query.updated_at_start).toBe(String(second(7)))
      expect(next.stats.written).toBe(2)
      expect((target.data.profile.get("opp-0003") as Unified.UnifiedProfile).info?.headline).toBe("Changed")
      expect(next.cursor.end).toBe(String(second(9)))
    })
  )
})
