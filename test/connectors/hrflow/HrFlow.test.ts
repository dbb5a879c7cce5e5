import { createHmac } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Connector from "../../../src/core/Connector.js"
import type * as Cursor from "../../../src/core/Cursor.js"
import * as Registry from "../../../src/core/Registry.js"
import * as Unified from "../../../src/core/Unified.js"
import * as HrFlow from "../../../src/connectors/hrflow/index.js"
import * as FakeHrFlow from "../../fakes/HrFlow.js"
import { configFor, job, profile, setup } from "./Fixtures.js"

const at = (second: number) => new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString()
const jobs = (n: number) => Array.from({ length: n }, (_, i) => job(i, at(i)))
const keyOf = (record: Connector.NativeRecord) => String(record.key)

const readAll = (
  connector: Connector.Connector,
  resource: "job" | "profile",
  options: { cursor: Cursor.Cursor; where?: Connector.ReadOptions["where"]; batchSize?: number; until?: string }
) => Stream.runCollect(connector.read(resource, { where: [], batchSize: 10, ...options })).pipe(Effect.map(Chunk.toReadonlyArray))

const listRequests = (fake: FakeHrFlow.FakeHrFlow) => Effect.map(fake.requests, (all) => all.filter((r) => r.path.startsWith("/v1/storing/")))

describe("HrFlow.ai reads", () => {
  it.scopedLive("a created_at cursor and prefilters become day bounds (created_at_min/max), order_by and sort_by; pages restart at the last day", () =>
    Effect.gen(function* () {
      // Four records a day, six hours apart.
      const quarter = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 6 * 3600_000).toISOString()
      const { connector, fake } = yield* setup(
        "job",
        Array.from({ length: 25 }, (_, i) => job(i, quarter(i)))
      )
      const split = connector.pushdown("job", [{ field: "created_at", op: "lte", value: quarter(20) }])
      expect(split.inMemory).toEqual([])
      const records = yield* readAll(connector, "job", {
        cursor: { mode: "created_at", start: quarter(3), sort_by: "asc" },
        where: split.pushed,
        until: quarter(18)
      })
      // Exact bounds, though HrFlow is asked for whole days; the days read twice give no duplicate.
      expect(records.map(keyOf)).toEqual(Array.from({ length: 16 }, (_, i) => job(i + 3, at(0)).key))
      const requests = yield* listRequests(fake)
      expect(requests[0]!.query).toEqual({
        board_keys: '["board-1"]',
        return_job: "true",
        limit: "10",
        page: "1",
        created_at_min: "2024-01-01",
        // The run's far bound is tighter than the WHERE bound on the same parameter.
        created_at_max: "2024-01-05",
        order_by: "asc",
        sort_by: "created_at"
      })
      expect(requests.map((r) => [r.query.created_at_min, r.query.page])).toEqual([
        ["2024-01-01", "1"],
        ["2024-01-03", "1"],
        ["2024-01-05", "1"]
      ])
    })
  )

  it.scopedLive("more records in one day than a page: the pages of that day are read in turn", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", jobs(25))
      const records = yield* readAll(connector, "job", { cursor: { mode: "created_at", start: at(3), sort_by: "asc" } })
      expect(records.map(keyOf)).toEqual(Array.from({ length: 22 }, (_, i) => job(i + 3, at(0)).key))
      expect((yield* listRequests(fake)).map((r) => [r.query.created_at_min, r.query.page])).toEqual([
        ["2024-01-01", "1"],
        ["2024-01-01", "2"],
        ["2024-01-01", "3"]
      ])
    })
  )

  it.scopedLive("descending created_at reads downward from created_at_max", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup(
        "profile",
        Array.from({ length: 12 }, (_, i) => profile(i, at(i)))
      )
      const records = yield* readAll(connector, "profile", { cursor: { mode: "created_at", start: at(8), sort_by: "desc" }, batchSize: 5 })
      expect(records.map(keyOf)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0].map((i) => profile(i, at(0)).key))
      const [first] = yield* listRequests(fake)
      expect(first!.query).toMatchObject({ source_keys: '["source-1"]', return_profile: "true", created_at_max: "2024-01-01", order_by: "desc" })
      expect(first!.query.created_at_min).toBeUndefined()
    })
  )

  it.scopedLive("updated_at: newest first, and an incremental read stops at the first record before the start", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", jobs(50))
      const records = yield* readAll(connector, "job", { cursor: { mode: "updated_at", start: at(45), sort_by: "asc" } })
      expect(records.map(keyOf)).toEqual([49, 48, 47, 46, 45].map((i) => job(i, at(0)).key))
      const requests = yield* listRequests(fake)
      expect(requests.length).toBe(1)
      expect(requests[0]!.query).toEqual({ board_keys: '["board-1"]', return_job: "true", limit: "10", page: "1", sort_by: "updated_at", order_by: "desc" })
    })
  )

  it.scopedLive("updated_at: a record updated mid-run is neither read twice nor lost (the next run takes it)", () =>
    Effect.gen(function* () {
      let lists = 0
      const { connector, fake } = yield* setup("job", jobs(50), {
        onList: () => {
          if (++lists === 2) fake.update("job", job(25, at(0)).key, { name: "moved to the head" })
        }
      })
      const first = (yield* readAll(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).map(keyOf)
      expect(new Set(first).size).toBe(first.length)
      expect(first.length).toBe(49)
      const next = yield* readAll(connector, "job", { cursor: { mode: "updated_at", start: at(49), sort_by: "asc" } })
      expect(next.map(keyOf)).toContain(job(25, at(0)).key)
    })
  )

  it.scopedLive("updated_at: a record archived mid-run shrinks meta.total and the scan steps back over the gap", () =>
    Effect.gen(function* () {
      let lists = 0
      const { connector, fake } = yield* setup("job", jobs(50), {
        onList: () => {
          if (++lists === 3) fake.store.job.get(job(49, at(0)).key)!.archived = true
        }
      })
      const keys = (yield* readAll(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).map(keyOf)
      expect(new Set(keys).size).toBe(keys.length)
      expect([...keys].sort()).toEqual(
        jobs(50)
          .map((j) => j.key)
          .sort()
      )
      const pages = (yield* listRequests(fake)).map((r) => r.query.page)
      expect(pages).toEqual(["1", "2", "3", "2", "3", "4", "5"])
    })
  )

  it.scopedLive("created_at keyset: a record archived mid-run does not shift later pages", () =>
    Effect.gen(function* () {
      let lists = 0
      const { connector, fake } = yield* setup("job", jobs(30), {
        onList: () => {
          if (++lists === 2) fake.store.job.get(job(2, at(0)).key)!.archived = true
        }
      })
      const keys = (yield* readAll(connector, "job", { cursor: { mode: "created_at", start: null, sort_by: "asc" } })).map(keyOf)
      expect(keys).toEqual(jobs(30).map((j) => j.key))
    })
  )

  it.scopedLive("a 429 with Retry-After is waited out", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [profile(1, at(1))])
      fake.throttle(1)
      const started = Date.now()
      const records = yield* readAll(connector, "profile", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })
      expect(records.map(keyOf)).toEqual([profile(1, at(1)).key])
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      const requests = yield* listRequests(fake)
      expect(requests.length).toBe(2)
      expect(requests[1]!.query).toEqual(requests[0]!.query)
    })
  )

  it.scopedLive("id order is refused with a typed error naming the cursor modes", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("job", jobs(1))
      const error = yield* Effect.flip(readAll(connector, "job", { cursor: { mode: "id", start: null, sort_by: "asc" } }))
      expect(error._tag).toBe("Unsupported")
      expect(error.message).toContain("created_at, updated_at")
    })
  )

  it.scopedLive("a missing board_key is a ConfigError naming the key and its environment variable", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      const { board_key: _, ...config } = configFor(fake)
      const connector = yield* HrFlow.make(config)
      const error = yield* Effect.flip(readAll(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } }))
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("board_key")
      expect(error.message).toContain("HRTECH_ETL_HRFLOW_BOARD_KEY")
      expect(yield* fake.requests).toEqual([])
    })
  )
})

describe("HrFlow.ai registry entry", () => {
  it.scopedLive("builds from its documented environment variables", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      fake.seed("job", jobs(2))
      const registry = Registry.make([HrFlow.factory], [], {
        HRTECH_ETL_HRFLOW_API_KEY: fake.apiKey,
        HRTECH_ETL_HRFLOW_USER_EMAIL: fake.userEmail,
        HRTECH_ETL_HRFLOW_BOARD_KEY: "board-1",
        HRTECH_ETL_HRFLOW_BASE_URL: fake.url
      })
      const connector = yield* registry.resolve("hrflow")
      const records = yield* readAll(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })
      expect(records.length).toBe(2)
      expect(HrFlow.factory.authKeys.filter((k) => k.secret).map((k) => k.name)).toEqual(["api_key", "webhook_secret"])
    })
  )
})

describe("HrFlow.ai secrets", () => {
  it.scopedLive("a rejected key never appears in the error, even when the vendor echoes it", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      const secret = "sk-live-very-secret-0123"
      const connector = yield* HrFlow.make(configFor(fake, { api_key: Redacted.make(secret) }))
      const error = yield* Effect.flip(readAll(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } }))
      expect(error._tag).toBe("AuthError")
      expect(error.message).toContain("401")
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
      const received = (yield* fake.requests)[0]!
      expect(received.headers["x-api-key"]).toBe(secret)
      expect(received.headers["x-user-email"]).toBe(fake.userEmail)
    })
  )

  it("an auth payload with a malformed key names the field, not the value", () => {
    const result = HrFlow.Config.fromAuth({ api_key: { token: "sk-leak-me" }, user_email: "a@b.c" })
    expect(Either.isLeft(result)).toBe(true)
    const error = Either.getLeft(result).pipe(Option.getOrThrow)
    expect(error.field).toBe("api_key")
    expect(error.message).not.toContain("sk-leak-me")
    const missing = Either.getLeft(HrFlow.Config.fromAuth({ api_key: "k" })).pipe(Option.getOrThrow)
    expect(missing.message).toContain("HRTECH_ETL_HRFLOW_USER_EMAIL")
  })
})

describe("HrFlow.ai writes", () => {
  it.scopedLive("create-or-update by reference: HrFlow assigns the key, a second write edits the same record", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", [])
      const draft = { reference: "greenhouse-17", name: "Designer", summary: null }
      const [created] = yield* connector.write("job", [draft])
      expect(created?._tag).toBe("created")
      const key = (created as { id: string }).id
      expect(fake.store.job.has(key)).toBe(true)
      const [updated] = yield* connector.write("job", [{ ...draft, name: "Senior Designer" }])
      expect(updated).toEqual({ _tag: "updated", id: key })
      expect(fake.records("job")).toMatchObject([{ key, reference: "greenhouse-17", name: "Senior Designer", board_key: "board-1" }])
      const writes = (yield* fake.requests).map((r) => `${r.method} ${r.path}`)
      expect(writes).toEqual(["PUT /v1/job/indexing", "POST /v1/job/indexing", "PUT /v1/job/indexing"])
      const body = JSON.parse((yield* fake.requests)[1]!.body)
      expect(body).toEqual({ name: "Designer", summary: null, reference: "greenhouse-17", board_key: "board-1" })
    })
  )

  it.scopedLive("a record the API rejects is a failed outcome with the vendor's reason; the rest are written", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", [])
      const outcomes = yield* connector.write("job", [
        { reference: "a", name: "One" },
        { reference: "b", summary: "no name" },
        { reference: "c", name: "Three" }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["created", "failed", "created"])
      expect(outcomes[1]).toMatchObject({ id: "b", reason: expect.stringContaining("name: field required") })
      expect(
        fake
          .records("job")
          .map((r) => r.reference)
          .sort()
      ).toEqual(["a", "c"])
    })
  )

  it.scopedLive("a key from elsewhere is kept as the reference, so writing it again updates", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [])
      const record = { key: "key-from-another-source", info: { full_name: "Grace Hopper" } }
      const [first] = yield* connector.write("profile", [record])
      const [second] = yield* connector.write("profile", [record])
      expect(first?._tag).toBe("created")
      expect(second).toEqual({ _tag: "updated", id: (first as { id: string }).id })
      expect(fake.records("profile")).toMatchObject([{ reference: "key-from-another-source", source_key: "source-1" }])
    })
  )

  it.scopedLive("archive by key or by reference; an unknown id is a failed outcome", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", jobs(3))
      const outcomes = yield* connector.archive!("job", [job(0, at(0)).key, "ref-job-1", "nope"])
      expect(outcomes.map((o) => o._tag)).toEqual(["archived", "archived", "failed"])
      expect(fake.records("job").map((r) => r.key)).toEqual([job(2, at(0)).key])
      const bodies = fake.writes.map((w) => w.body)
      expect(bodies[0]).toEqual({ board_key: "board-1", key: job(0, at(0)).key, is_archive: 1 })
    })
  )

  it.scopedLive("fetchByEvents returns the current records; unknown keys are simply absent", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("profile", [profile(1, at(1)), profile(2, at(2))])
      const found = yield* connector.fetchByEvents("profile", [
        { resource: "profile", type: "updated", resource_id: profile(2, at(0)).key },
        { resource: "profile", type: "updated", resource_id: "missing" }
      ])
      expect(found.map(keyOf)).toEqual([profile(2, at(0)).key])
    })
  )
})

describe("HrFlow.ai webhooks", () => {
  const secret = "whsec-hrflow"
  const body = JSON.stringify({
    type: "profile.parsing.success",
    origin: { key: "source-1" },
    message: "Profile parsed",
    profile: { key: "profile-abc", info: { full_name: "Ada" } }
  })
  const signature = createHmac("sha256", secret).update(body).digest("hex")

  it.effect("a validly signed delivery becomes a unified event", () =>
    Effect.gen(function* () {
      const event = yield* HrFlow.Webhook.parseEvent("profile", { body, headers: { "http-hrflow-signature": signature } }, secret)
      expect(Option.getOrThrow(event)).toMatchObject({ resource: "profile", type: "created", resource_id: "profile-abc", origin: "hrflow" })
    })
  )

  it.effect("a tampered body, a wrong secret or a missing signature is rejected with a WebhookError", () =>
    Effect.gen(function* () {
      const tampered = body.replace("profile-abc", "profile-xyz")
      const cases = [
        { body: tampered, headers: { "http-hrflow-signature": signature } },
        { body, headers: { "http-hrflow-signature": createHmac("sha256", "other").update(body).digest("hex") } },
        { body, headers: {} }
      ]
      for (const delivery of cases) {
        const error = yield* Effect.flip(HrFlow.Webhook.parseEvent("profile", delivery, secret))
        expect(error._tag).toBe("WebhookError")
      }
      const missing = yield* Effect.flip(HrFlow.Webhook.parseEvent("profile", { body, headers: {} }, secret))
      expect(missing.message).toContain("http-hrflow-signature")
    })
  )

  it.scopedLive("the connector verifies with the configured webhook_secret", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      const connector = yield* HrFlow.make(configFor(fake, { webhook_secret: Redacted.make(secret) }))
      const ok = yield* connector.parseEvent!("profile", { body, headers: { "http-hrflow-signature": signature } })
      expect(Option.isSome(ok)).toBe(true)
      const unsigned = yield* Effect.flip(connector.parseEvent!("profile", { body, headers: {} }))
      expect(unsigned._tag).toBe("WebhookError")
    })
  )

  it.scopedLive("without any secret the connector trusts no delivery", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      const connector = yield* HrFlow.make(configFor(fake))
      const error = yield* Effect.flip(connector.parseEvent!("profile", { body, headers: { "http-hrflow-signature": signature } }))
      expect(error._tag).toBe("WebhookError")
      expect(error.message).toContain("HRTECH_ETL_HRFLOW_WEBHOOK_SECRET")
    })
  )

  it.effect("event types map to unified types; other resources and non-record events are None", () =>
    Effect.gen(function* () {
      const parse = (resource: "job" | "profile", type: string) =>
        HrFlow.Webhook.parseEvent(resource, { body: JSON.stringify({ type, [resource]: { key: "k1" } }), headers: {} }).pipe(
          Effect.map(Option.map((e) => e.type)),
          Effect.map(Option.getOrUndefined)
        )
      expect(yield* parse("job", "job.parsing.success")).toBe("created")
      expect(yield* parse("job", "job.storing.update")).toBe("updated")
      expect(yield* parse("profile", "profile.archiving.success")).toBe("archived")
      expect(yield* parse("profile", "profile.parsing.error")).toBeUndefined()
      expect(yield* parse("profile", "profile.embedding.success")).toBeUndefined()
      expect(yield* parse("profile", "job.parsing.success")).toBeUndefined()
      const noKey = yield* Effect.flip(HrFlow.Webhook.parseEvent("job", { body: JSON.stringify({ type: "job.parsing.success", job: {} }), headers: {} }))
      expect(noKey.message).toContain("job.key")
    })
  )
})

describe("HrFlow.ai mapping", () => {
  const nativeJob = {
    ...job(7, at(7)),
    tags: [
      { name: "remote", value: "true" },
      { name: "seniority", value: "senior" },
      { name: "status", value: "open" },
      { name: "employment_type", value: "full_time" },
      { name: "company", value: "Analytical Engines" }
    ],
    ranges_float: [{ name: "salary", value_min: 50000, value_max: 70000, unit: "EUR" }]
  }

  it("job: native → unified → native keeps every mapped field", () => {
    const unified = HrFlow.Mapping.toUnified("job", nativeJob)
    expect(Schema.is(Unified.UnifiedJob)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: nativeJob.key,
      key: nativeJob.key,
      reference: nativeJob.reference,
      name: nativeJob.name,
      text: "Design and run data pipelines.",
      status: "open",
      employment_type: "full_time",
      company: "Analytical Engines",
      remote: true,
      salary: { min: 50000, max: 70000, currency: "EUR" },
      ranges_float: [{ name: "salary", value_min: 50000, value_max: 70000, unit: "EUR" }],
      tags: [{ name: "seniority", value: "senior" }],
      created_at: "2024-01-01T00:00:07.000Z"
    })
    expect(unified).not.toHaveProperty("sections")
    const back = HrFlow.Mapping.fromUnified("job", unified)
    expect(Schema.is(HrFlow.Schemas.HrFlowJob)(back)).toBe(true)
    expect(back).toEqual(nativeJob)
    // Changed, it is written from the unified fields, the reserved tags included.
    const edited = HrFlow.Mapping.fromUnified("job", { ...unified, name: "Lead Data Engineer" })
    expect(edited).toMatchObject({ key: nativeJob.key, name: "Lead Data Engineer", sections: nativeJob.sections })
    expect(edited.tags).toEqual(expect.arrayContaining(nativeJob.tags))
  })

  it("profile: native → unified → native keeps every mapped field", () => {
    const native = profile(3, at(3))
    const unified = HrFlow.Mapping.toUnified("profile", native)
    expect(Schema.is(Unified.UnifiedProfile)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: native.key,
      info: {
        full_name: "Ada Lovelace 3",
        email: "ada.3@example.com",
        emails: [{ value: "ada.3@example.com" }],
        urls: [{ type: "linkedin", url: native.info.urls[0]!.url }]
      },
      experiences: [{ company: "Analytical Engines", title: "Engineer", date_start: "1842-01-01T00:00:00" }]
    })
    const back = HrFlow.Mapping.fromUnified("profile", unified)
    expect(Schema.is(HrFlow.Schemas.HrFlowProfile)(back)).toBe(true)
    expect(back).toEqual(native)
  })

  it("a record from another system is written under its id as reference, and reads back with that id", () => {
    const foreign: Unified.UnifiedProfile = {
      id: "4242",
      origin: "greenhouse",
      info: { first_name: "Grace", last_name: "Hopper", emails: [{ value: "grace@example.com", type: "work" }] },
      skills: [{ name: "COBOL", type: "tool" }]
    }
    const native = HrFlow.Mapping.fromUnified("profile", foreign)
    expect(native).toMatchObject({
      reference: "4242",
      info: { full_name: "Grace Hopper", email: "grace@example.com" },
      skills: [{ name: "COBOL", type: "tool" }]
    })
    expect(native.key).toBeUndefined()
    const again = HrFlow.Mapping.toUnified("profile", native)
    expect(again).toMatchObject({ id: "4242", reference: "4242", info: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com" } })
  })
})
