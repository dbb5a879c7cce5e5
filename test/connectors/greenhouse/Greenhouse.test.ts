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
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"
import { candidate, configFor, job, setup } from "./Fixtures.js"

const at = (second: number) => new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString()
const idOf = (record: Connector.NativeRecord) => Number(record.id)

const readPages = (
  connector: Connector.Connector,
  resource: "job" | "profile",
  options: { cursor: Cursor.Cursor; where?: Connector.ReadOptions["where"]; batchSize?: number }
) =>
  Stream.runCollect(
    connector.read(resource, { where: [], batchSize: 10, ...options }).pipe(Stream.mapChunks((chunk) => Chunk.of(Chunk.toReadonlyArray(chunk))))
  ).pipe(Effect.map(Chunk.toReadonlyArray))

const listRequests = (fake: FakeGreenhouse.FakeGreenhouse) =>
  Effect.map(fake.requests, (all) => all.filter((r) => r.method === "GET" && /^\/v1\/(jobs|candidates)$/.test(r.path)))

describe("Greenhouse reads", () => {
  it.scopedLive("the cursor start and prefilters become updated_after, status and created_after; pages follow the Link header", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", Array.from({ length: 30 }, (_, i) => job(i, at(i))))
      const where = [
        { field: "status", op: "eq", value: "open" },
        { field: "created_at", op: "gte", value: "2024-01-01T00:00:02Z" }
      ] as const
      const split = connector.pushdown("job", where)
      expect(split.inMemory).toEqual([])
      const pages = yield* readPages(connector, "job", { cursor: { mode: "updated_at", start: at(5), sort_by: "asc" }, where: split.pushed })
      const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => i >= 5 && i % 3 !== 0).map((i) => 4000 + i)
      expect(pages.flat().map(idOf)).toEqual(expected)
      expect(pages.map((p) => p.length)).toEqual([10, 7])
      const [first, second, ...rest] = yield* listRequests(fake)
      expect(first!.query).toEqual({ updated_after: "2024-01-01T00:00:05.000Z", status: "open", created_after: "2024-01-01T00:00:02Z", per_page: "10" })
      // The next page is exactly the Link header's target.
      expect(second!.query).toEqual({ ...first!.query, page: "2" })
      expect(rest).toEqual([])
    }))

  it.scopedLive("a descending read sends no bound (Harvest has only lower bounds) and leaves ordering to the pipeline", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", Array.from({ length: 5 }, (_, i) => candidate(i, at(i))))
      expect(Greenhouse.Schemas.GreenhouseCandidate.fields.updated_at).toBeDefined()
      const records = (yield* readPages(connector, "profile", { cursor: { mode: "updated_at", start: at(2), sort_by: "desc" } })).flat()
      expect(records.length).toBe(5)
      const [first] = yield* listRequests(fake)
      expect(first!.query).toEqual({ per_page: "10" })
    }))

  it.scopedLive("a 429 with Retry-After is waited out", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(1, at(1))])
      fake.throttle(1)
      const started = Date.now()
      const records = (yield* readPages(connector, "profile", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).flat()
      expect(records.map(idOf)).toEqual([50001])
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect((yield* listRequests(fake)).length).toBe(2)
    }))

  it.scopedLive("the documented rate limit (50 per 10 s) spaces requests by default", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      fake.seed("job", Array.from({ length: 3 }, (_, i) => job(i, at(i))))
      const { rate_limit: _, ...config } = configFor(fake)
      const connector = yield* Greenhouse.make(config)
      const started = Date.now()
      const pages = yield* readPages(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" }, batchSize: 1 })
      expect(pages.length).toBe(3)
      // Three requests, 200 ms apart.
      expect(Date.now() - started).toBeGreaterThanOrEqual(380)
    }))

  it.scopedLive("a rejected token never appears in the error, raw or base64", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const token = "harvest-very-secret-token"
      const connector = yield* Greenhouse.make(configFor(fake, { api_key: Redacted.make(token) }))
      const error = yield* Effect.flip(readPages(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } }))
      expect(error._tag).toBe("AuthError")
      const text = `${error.message} ${JSON.stringify(error)}`
      expect(text).not.toContain(token)
      expect(text).not.toContain(Buffer.from(`${token}:`).toString("base64"))
      const received = (yield* fake.requests)[0]!
      expect(received.headers.authorization).toBe(`Basic ${Buffer.from(`${token}:`).toString("base64")}`)
    }))

  it("an auth payload reads ids from env-style text and names a bad field without its value", () => {
    const ok = Either.getOrThrow(Greenhouse.Config.fromAuth({ api_key: "k", on_behalf_of: "4080", job_id: "17" }))
    expect(ok).toMatchObject({ on_behalf_of: "4080", job_id: 17 })
    const bad = Either.getLeft(Greenhouse.Config.fromAuth({ api_key: ["secret-in-array"] })).pipe(Option.getOrThrow)
    expect(bad.field).toBe("api_key")
    expect(bad.message).not.toContain("secret-in-array")
    const missing = Either.getLeft(Greenhouse.Config.fromAuth({})).pipe(Option.getOrThrow)
    expect(missing.message).toContain("HRTECH_ETL_GREENHOUSE_API_KEY")
  })
})

describe("Greenhouse registry entry", () => {
  it.scopedLive("builds from its documented environment variables", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      fake.seed("job", [job(1, at(1))])
      const registry = Registry.make([Greenhouse.factory], [], {
        HRTECH_ETL_GREENHOUSE_API_KEY: fake.apiKey,
        HRTECH_ETL_GREENHOUSE_ON_BEHALF_OF: "4080",
        HRTECH_ETL_GREENHOUSE_JOB_ID: "4001",
        HRTECH_ETL_GREENHOUSE_BASE_URL: fake.url
      })
      const connector = yield* registry.resolve("greenhouse")
      const [outcome] = yield* connector.write("profile", [{ first_name: "Env", last_name: "Var" }])
      expect(outcome?._tag).toBe("created")
      expect(Greenhouse.factory.authKeys.filter((k) => k.secret).map((k) => k.name)).toEqual(["api_key", "webhook_secret"])
    }))
})

describe("Greenhouse candidate writes", () => {
  const newCandidate = (i: number) => ({
    first_name: "Ada",
    last_name: `Lovelace ${i}`,
    email_addresses: [{ value: `ada.${i}@example.com`, type: "personal" }],
    tags: ["imported"]
  })

  it.scopedLive("creates on behalf of the configured user, applying to the configured job", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", [job(1, at(1))], {}, { job_id: 4001 })
      const [outcome] = yield* connector.write("profile", [newCandidate(1)])
      expect(outcome?._tag).toBe("created")
      const id = Number((outcome as { id: string }).id)
      expect(fake.store.profile.get(id)).toMatchObject({ last_name: "Lovelace 1", applications: [{ jobs: [{ id: 4001 }] }] })
      expect(fake.writes).toEqual([
        {
          method: "POST",
          path: "/v1/candidates",
          onBehalfOf: "4080",
          body: { ...newCandidate(1), applications: [{ job_id: 4001 }] }
        }
      ])
    }))

  it.scopedLive("a record without an id edits the candidate with its email instead of duplicating it", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(3, at(3))], {}, { job_id: 4001 })
      const [outcome] = yield* connector.write("profile", [{ ...newCandidate(9), email_addresses: [{ value: "GRACE.3@example.com", type: "work" }] }])
      expect(outcome).toEqual({ _tag: "updated", id: "50003" })
      expect(fake.store.profile.size).toBe(1)
      expect(fake.store.profile.get(50003)).toMatchObject({ first_name: "Ada", last_name: "Lovelace 9" })
      const lookup = (yield* fake.requests).find((r) => r.method === "GET")!
      expect(lookup.query).toEqual({ email: "GRACE.3@example.com", per_page: "1" })
    }))

  it.scopedLive("an id edits that candidate; an unknown id and a 422 are failed outcomes, the rest are written", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(1, at(1))])
      const outcomes = yield* connector.write("profile", [
        { id: 50001, first_name: "Grace", last_name: "Brewster Hopper" },
        { id: 123, first_name: "Nobody", last_name: "Here" },
        { first_name: "No", last_name: "Application" },
        { id: 50001, first_name: "", last_name: "Blank" }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["updated", "failed", "failed", "failed"])
      expect(outcomes[1]).toMatchObject({ id: "123", reason: "candidate 123 not found in Greenhouse" })
      expect(outcomes[2]).toMatchObject({ reason: expect.stringContaining("applications") })
      // The shared client keeps Harvest's top-level message and the offending field (not errors[].message).
      expect(outcomes[3]).toMatchObject({ id: "50001", reason: expect.stringMatching(/^first_name: .*Validation error/) })
      expect(fake.store.profile.get(50001)).toMatchObject({ last_name: "Brewster Hopper" })
      expect(fake.writes.every((w) => w.onBehalfOf === "4080")).toBe(true)
    }))

  it.scopedLive("writes without on_behalf_of fail with a ConfigError before any request; jobs are read-only", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const { on_behalf_of: _, ...config } = configFor(fake)
      const connector = yield* Greenhouse.make(config)
      const error = yield* Effect.flip(connector.write("profile", [newCandidate(1)]))
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("HRTECH_ETL_GREENHOUSE_ON_BEHALF_OF")
      const jobWrite = yield* Effect.flip(connector.write("job", [job(1, at(1))]))
      expect(jobWrite._tag).toBe("Unsupported")
      expect(connector.capabilities).toEqual({ read: ["job", "profile"], write: ["profile"], archive: [] })
      expect(yield* fake.requests).toEqual([])
    }))

  it.scopedLive("fetchByEvents returns current records; unknown and non-numeric ids are simply absent", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("job", [job(1, at(1)), job(2, at(2))])
      const found = yield* connector.fetchByEvents("job", [
        { resource: "job", type: "updated", resource_id: "4002" },
        { resource: "job", type: "updated", resource_id: "999" },
        { resource: "job", type: "updated", resource_id: "not-a-greenhouse-id" }
      ])
      expect(found.map(idOf)).toEqual([4002])
    }))
})

describe("Greenhouse webhooks", () => {
  const secret = "greenhouse-webhook-secret"
  const body = JSON.stringify({ action: "update_candidate", payload: { candidate: { id: 15696179, first_name: "Ronald" } } })
  const signature = `sha256 ${createHmac("sha256", secret).update(body).digest("hex")}`
  const headers = { signature, "greenhouse-event-id": "3ce5180d-9119-4ddc-9ef6-21edb6e76f8a" }

  it.effect("a validly signed delivery becomes a unified event carrying the delivery id", () =>
    Effect.gen(function* () {
      const event = Option.getOrThrow(yield* Greenhouse.Webhook.parseEvent("profile", { body, headers }, secret))
      expect(event).toMatchObject({
        resource: "profile",
        type: "updated",
        resource_id: "15696179",
        event_id: "3ce5180d-9119-4ddc-9ef6-21edb6e76f8a",
        origin: "greenhouse"
      })
    }))

  it.effect("a tampered body, a wrong secret or a missing signature is rejected with a WebhookError", () =>
    Effect.gen(function* () {
      const cases = [
        { body: body.replace("15696179", "15696180"), headers },
        { body, headers: { signature: `sha256 ${createHmac("sha256", "wrong").update(body).digest("hex")}` } },
        { body, headers: { signature: createHmac("sha256", secret).update(body).digest("hex") } },
        { body, headers: {} }
      ]
      for (const delivery of cases) {
        const error = yield* Effect.flip(Greenhouse.Webhook.parseEvent("profile", delivery, secret))
        expect(error._tag).toBe("WebhookError")
      }
    }))

  it.scopedLive("the connector verifies with the configured webhook_secret", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const connector = yield* Greenhouse.make(configFor(fake, { webhook_secret: Redacted.make(secret) }))
      expect(Option.isSome(yield* connector.parseEvent!("profile", { body, headers }))).toBe(true)
      expect((yield* Effect.flip(connector.parseEvent!("profile", { body, headers: {} })))._tag).toBe("WebhookError")
      const { webhook_secret: _, ...unconfigured } = configFor(fake)
      const trusting = yield* Greenhouse.make(unconfigured)
      const error = yield* Effect.flip(trusting.parseEvent!("profile", { body, headers }))
      expect(error.message).toContain("HRTECH_ETL_GREENHOUSE_WEBHOOK_SECRET")
    }))

  it.effect("actions map to unified types; other resources and other actions are None", () =>
    Effect.gen(function* () {
      const parse = (resource: "job" | "profile", action: string, payload: unknown) =>
        Greenhouse.Webhook.parseEvent(resource, { body: JSON.stringify({ action, payload }), headers: {} }).pipe(
          Effect.map(Option.map((e) => `${e.type} ${e.resource_id}`)),
          Effect.map(Option.getOrUndefined)
        )
      expect(yield* parse("job", "job_created", { job: { id: 371417 } })).toBe("created 371417")
      expect(yield* parse("job", "job_deleted", { job: { id: 209256, name: "PM" } })).toBe("deleted 209256")
      expect(yield* parse("profile", "delete_candidate", { person: { id: 37031511 } })).toBe("deleted 37031511")
      expect(yield* parse("profile", "new_candidate_application", { application: { candidate: { id: 5 } } })).toBe("upserted 5")
      expect(yield* parse("profile", "job_created", { job: { id: 1 } })).toBeUndefined()
      expect(yield* parse("profile", "candidate_stage_change", { application: { candidate: { id: 5 } } })).toBeUndefined()
      expect(yield* parse("job", "ping", {})).toBeUndefined()
      const noId = yield* Effect.flip(parse("job", "job_updated", { job: {} }))
      expect(noId.message).toContain("payload.job.id")
    }))
})

describe("Greenhouse mapping", () => {
  it("candidate: native → unified → native keeps every mapped field", () => {
    const native = { ...candidate(4, at(4)), website_addresses: [{ value: "grace.dev", type: "blog" }], social_media_addresses: [{ value: "linkedin.example/grace" }] }
    const unified = Greenhouse.Mapping.toUnified("profile", native)
    expect(Schema.is(Unified.UnifiedProfile)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: "50004",
      info: { full_name: "Grace Hopper 4", headline: "Rear Admiral", emails: [{ value: "grace.4@example.com", type: "personal" }] },
      experiences: [{ company: "US Navy", title: "Rear Admiral", current: true }],
      tags: [{ name: "compilers" }],
      job_ids: ["4001"],
      updated_at: "2024-01-01T00:00:04.000Z"
    })
    const back = Greenhouse.Mapping.fromUnified("profile", unified)
    expect(Schema.is(Greenhouse.Schemas.GreenhouseCandidate)(back)).toBe(true)
    expect(back).toMatchObject({
      id: 50004,
      first_name: "Grace",
      last_name: "Hopper 4",
      company: "US Navy",
      title: "Rear Admiral",
      email_addresses: native.email_addresses,
      phone_numbers: native.phone_numbers,
      website_addresses: native.website_addresses,
      social_media_addresses: native.social_media_addresses,
      tags: native.tags,
      applications: [{ job_id: 4001 }],
      created_at: native.created_at,
      updated_at: native.updated_at
    })
  })

  it("job: native → unified", () => {
    const unified = Greenhouse.Mapping.toUnified("job", job(2, at(2)))
    expect(Schema.is(Unified.UnifiedJob)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: "4002",
      title: "Designer 2",
      status: "open",
      requisition_id: "REQ-2",
      employment_type: "full_time",
      departments: [{ id: "7", name: "Design" }],
      location: { text: "New York, NY" }
    })
  })

  it("a profile from another system gets no Greenhouse id, names split from full_name and contact types Greenhouse accepts", () => {
    const native = Greenhouse.Mapping.fromUnified("profile", {
      id: "b3c9e1",
      origin: "hrflow",
      info: {
        full_name: "Ada King Lovelace",
        emails: [{ value: "ada@example.com", type: "email" }],
        phones: [{ value: "+44 20", type: "cell" }],
        urls: [{ url: "https://linkedin.example/ada", type: "linkedin" }, { url: "https://ada.dev", type: "github" }]
      },
      job_ids: ["abc"]
    })
    expect(Schema.is(Greenhouse.Schemas.GreenhouseCandidate)(native)).toBe(true)
    expect(native).toMatchObject({
      first_name: "Ada",
      last_name: "King Lovelace",
      email_addresses: [{ value: "ada@example.com", type: "personal" }],
      phone_numbers: [{ value: "+44 20", type: "mobile" }],
      social_media_addresses: [{ value: "https://linkedin.example/ada" }],
      website_addresses: [{ value: "https://ada.dev", type: "personal" }]
    })
    expect(native.id).toBeUndefined()
    expect(native.applications).toBeUndefined()
  })
})
