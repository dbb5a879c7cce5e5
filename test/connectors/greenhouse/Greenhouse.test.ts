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

const listRequests = (fake: FakeGreenhouse.FakeGreenhouse, collection = "jobs|candidates") =>
  Effect.map(fake.requests, (all) => all.filter((r) => r.method === "GET" && new RegExp(`^/v3/(${collection})$`).test(r.path)))

describe("Greenhouse reads (Harvest v3)", () => {
  it.scopedLive("the cursor start and prefilters become updated_at=gte|…, status and created_at=gte|… on the first request; then the Link URL alone", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup(
        "job",
        Array.from({ length: 30 }, (_, i) => job(i, at(i)))
      )
      const where = [
        { field: "status", op: "eq", value: "open" },
        { field: "created_at", op: "gte", value: "2024-01-01T00:00:02Z" }
      ] as const
      const split = connector.pushdown("job", where)
      expect(split.inMemory).toEqual([])
      const pages = yield* readPages(connector, "job", { cursor: { mode: "updated_at", start: at(5), sort_by: "asc" }, where: split.pushed })
      const expected = Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i >= 5 && i % 3 !== 0)
        .map((i) => 4000 + i)
      expect(pages.flat().map(idOf)).toEqual(expected)
      expect(pages.map((p) => p.length)).toEqual([10, 7])
      const [first, second, ...rest] = yield* listRequests(fake)
      expect(first!.query).toEqual({ updated_at: "gte|2024-01-01T00:00:05Z", status: "open", created_at: "gte|2024-01-01T00:00:02Z", per_page: "10" })
      // The next page is the Link header's URL: a cursor and nothing else.
      expect(Object.keys(second!.query)).toEqual(["cursor"])
      expect(rest).toEqual([])
      // Jobs come with their department and office, looked up by id.
      expect(pages[0]![0]).toMatchObject({ department: { id: 7, name: "Design" }, offices: [{ id: 13, location: { name: "New York, NY" } }] })
    })
  )

  it.scopedLive("two bounds on one field are joined as Harvest writes them: gte|a|lte|b", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup(
        "job",
        Array.from({ length: 10 }, (_, i) => job(i, at(i)))
      )
      const where = [
        { field: "updated_at", op: "gte", value: "2024-01-01T00:00:02Z" },
        { field: "updated_at", op: "lte", value: "2024-01-01T00:00:04+00:00" }
      ] as const
      const records = (yield* readPages(connector, "job", {
        cursor: { mode: "created_at", start: null, sort_by: "asc" },
        where: connector.pushdown("job", where).pushed
      })).flat()
      expect(records.map(idOf)).toEqual([4002, 4003, 4004])
      const [first] = yield* listRequests(fake)
      expect(first!.query.updated_at).toBe("gte|2024-01-01T00:00:02Z|lte|2024-01-01T00:00:04Z")
    })
  )

  it.scopedLive("candidates arrive with their applications and named stages; a descending read sends no bound", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup(
        "profile",
        Array.from({ length: 5 }, (_, i) => candidate(i, at(i)))
      )
      const records = (yield* readPages(connector, "profile", { cursor: { mode: "updated_at", start: at(2), sort_by: "desc" } })).flat()
      expect(records.length).toBe(5)
      expect(records[0]).toMatchObject({ applications: [{ job_id: 4001, current_stage: { id: 55, name: "Phone Screen" } }] })
      const [first] = yield* listRequests(fake)
      expect(first!.query).toEqual({ per_page: "10" })
      const [applications] = yield* listRequests(fake, "applications")
      expect(applications!.query).toEqual({ candidate_ids: "50000,50001,50002,50003,50004", per_page: "500" })
    })
  )

  it.scopedLive("a null updated_at reads as created_at, an offset timestamp as UTC", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("job", [
        { ...job(1, at(1)), updated_at: null },
        { ...job(2, at(2)), updated_at: "2024-01-01T02:00:03+02:00" }
      ])
      const records = (yield* readPages(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).flat()
      expect(records.map((r) => r.updated_at)).toEqual(["2024-01-01T00:00:01.000Z", "2024-01-01T00:00:03.000Z"])
    })
  )

  it.scopedLive("a 429 with Retry-After is waited out", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(1, at(1))])
      fake.throttle(1)
      const started = Date.now()
      const records = (yield* readPages(connector, "profile", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).flat()
      expect(records.map(idOf)).toEqual([50001])
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
      expect((yield* listRequests(fake)).length).toBe(2)
    })
  )

  it.scopedLive("the token is fetched once with Basic client auth and sub, reused, and fetched again after a 401", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup(
        "job",
        Array.from({ length: 30 }, (_, i) => job(i, at(i))),
        { tokenRequests: 4 }
      )
      const records = (yield* readPages(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } })).flat()
      expect(records.length).toBe(30)
      const tokenRequests = (yield* fake.requests).filter((r) => r.path === "/token")
      expect(tokenRequests.length).toBe(fake.tokensIssued())
      expect(tokenRequests.length).toBeGreaterThan(1)
      expect(new URLSearchParams(tokenRequests[0]!.body).get("sub")).toBe("4080")
      expect(tokenRequests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString("base64")}`)
    })
  )

  it.scopedLive("a rejected client secret never appears in the error, raw or encoded", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const secret = "harvest-very-secret-client-secret"
      const connector = yield* Greenhouse.make(configFor(fake, { client_secret: Redacted.make(secret) }))
      const error = yield* Effect.flip(readPages(connector, "job", { cursor: { mode: "updated_at", start: null, sort_by: "asc" } }))
      expect(error._tag).toBe("AuthError")
      const text = `${error.message} ${JSON.stringify(error)}`
      expect(text).not.toContain(secret)
      expect(text).not.toContain(Buffer.from(`${fake.clientId}:${secret}`).toString("base64"))
    })
  )

  it("an auth payload reads the user id from env-style text and names a bad or missing field without its value", () => {
    const ok = Either.getOrThrow(Greenhouse.Config.fromAuth({ client_id: "id", client_secret: "s", user_id: 4080, job_id: "17" }))
    expect(ok).toMatchObject({ client_id: "id", user_id: "4080", job_id: 17 })
    const bad = Either.getLeft(Greenhouse.Config.fromAuth({ client_id: "id", client_secret: ["secret-in-array"], user_id: "1" })).pipe(Option.getOrThrow)
    expect(bad.field).toBe("client_secret")
    expect(bad.message).not.toContain("secret-in-array")
    const missing = Either.getLeft(Greenhouse.Config.fromAuth({ client_id: "id", client_secret: "s" })).pipe(Option.getOrThrow)
    expect(missing.message).toContain("HRTECH_ETL_GREENHOUSE_USER_ID")
    const notAnId = Either.getLeft(Greenhouse.Config.fromAuth({ client_id: "id", client_secret: "s", user_id: "me" })).pipe(Option.getOrThrow)
    expect(notAnId.field).toBe("user_id")
  })
})

describe("Greenhouse registry entry", () => {
  it.scopedLive("builds from its documented environment variables and declares the API it was verified against", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      fake.seed("job", [job(1, at(1))])
      const registry = Registry.make([Greenhouse.factory], [], {
        HRTECH_ETL_GREENHOUSE_CLIENT_ID: fake.clientId,
        HRTECH_ETL_GREENHOUSE_CLIENT_SECRET: fake.clientSecret,
        HRTECH_ETL_GREENHOUSE_USER_ID: "4080",
        HRTECH_ETL_GREENHOUSE_TOKEN_URL: fake.tokenUrl,
        HRTECH_ETL_GREENHOUSE_JOB_ID: "4001",
        HRTECH_ETL_GREENHOUSE_BASE_URL: fake.url
      })
      const connector = yield* registry.resolve("greenhouse")
      const [outcome] = yield* connector.write("profile", [{ first_name: "Env", last_name: "Var" }])
      expect(outcome?._tag).toBe("created")
      expect(fake.writes.map((w) => `${w.method} ${w.path} ${w.onBehalfOf}`)).toEqual(["POST /v3/candidates 4080", "POST /v3/applications 4080"])
      expect(Greenhouse.factory.authKeys.filter((k) => k.secret).map((k) => k.name)).toEqual(["client_secret", "webhook_secret"])
      expect(Greenhouse.factory.api).toMatchObject({ version: "Harvest v3", verified_at: "2026-12-05" })
    })
  )
})

describe("Greenhouse candidate writes", () => {
  const newCandidate = (i: number) => ({
    first_name: "Ada",
    last_name: `Lovelace ${i}`,
    email_addresses: [{ value: `ada.${i}@example.com`, type: "personal" }],
    tags: ["imported"]
  })

  it.scopedLive("creates the candidate, then its application to the configured job (v3 adds applications apart)", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", [job(1, at(1))], {}, { job_id: 4001 })
      const [outcome] = yield* connector.write("profile", [newCandidate(1)])
      expect(outcome?._tag).toBe("created")
      const id = Number((outcome as { id: string }).id)
      expect(fake.store.profile.get(id)).toMatchObject({ last_name: "Lovelace 1" })
      const { tags: _tags, ...sent } = newCandidate(1)
      expect(fake.writes).toEqual([
        { method: "POST", path: "/v3/candidates", onBehalfOf: "4080", body: sent },
        { method: "POST", path: "/v3/applications", onBehalfOf: "4080", body: { candidate_id: id, job_id: 4001 } }
      ])
      expect([...fake.related.applications.values()]).toMatchObject([{ candidate_id: id, job_id: 4001 }])
    })
  )

  it.scopedLive("a record without an id edits the candidate with its email instead of duplicating it", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(3, at(3))], {}, { job_id: 4001 })
      const [outcome] = yield* connector.write("profile", [{ ...newCandidate(9), email_addresses: [{ value: "GRACE.3@example.com", type: "work" }] }])
      expect(outcome).toEqual({ _tag: "updated", id: "50003" })
      expect(fake.store.profile.size).toBe(1)
      expect(fake.store.profile.get(50003)).toMatchObject({ first_name: "Ada", last_name: "Lovelace 9" })
      const lookup = (yield* fake.requests).find((r) => r.method === "GET")!
      expect(lookup.query).toEqual({ email: "GRACE.3@example.com", per_page: "1" })
    })
  )

  it.scopedLive("an id edits that candidate; an unknown id, a refused application and a 422 are failed outcomes, the rest are written", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("profile", [candidate(1, at(1))])
      const outcomes = yield* connector.write("profile", [
        { id: 50001, first_name: "Grace", last_name: "Brewster Hopper" },
        { id: 123, first_name: "Nobody", last_name: "Here" },
        { first_name: "No", last_name: "Job", applications: [{ job_id: 999 }] },
        { id: 50001, first_name: "", last_name: "Blank" }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["updated", "failed", "failed", "failed"])
      expect(outcomes[1]).toMatchObject({ id: "123", reason: "candidate 123 not found in Greenhouse" })
      expect(outcomes[2]).toMatchObject({ reason: expect.stringContaining("application to job 999 refused") })
      // v3 errors are `{ message, errors: [{ <field>: <reason> }] }`; the shared client keeps the message.
      expect(outcomes[3]).toMatchObject({ id: "50001", reason: expect.stringContaining("Unprocessable Content") })
      expect(fake.store.profile.get(50001)).toMatchObject({ last_name: "Brewster Hopper" })
    })
  )

  it.scopedLive("jobs are read-only", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const connector = yield* Greenhouse.make(configFor(fake))
      const jobWrite = yield* Effect.flip(connector.write("job", [job(1, at(1))]))
      expect(jobWrite._tag).toBe("Unsupported")
      expect(connector.capabilities).toEqual({ read: ["job", "profile"], write: ["profile"], archive: [] })
      expect(yield* fake.requests).toEqual([])
    })
  )

  it.scopedLive("fetchByEvents reads with ids= (v3 has no single-record reads); unknown and non-numeric ids are simply absent", () =>
    Effect.gen(function* () {
      const { connector, fake } = yield* setup("job", [job(1, at(1)), job(2, at(2))])
      const found = yield* connector.fetchByEvents("job", [
        { resource: "job", type: "updated", resource_id: "4002" },
        { resource: "job", type: "updated", resource_id: "999" },
        { resource: "job", type: "updated", resource_id: "not-a-greenhouse-id" }
      ])
      expect(found.map(idOf)).toEqual([4002])
      const [read] = yield* listRequests(fake)
      expect(read!.query).toEqual({ ids: "4002,999", per_page: "500" })
    })
  )
})

describe("Greenhouse webhooks", () => {
  const secret = "greenhouse-webhook-secret"
  const body = JSON.stringify({ action: "update_candidate", payload: { candidate: { id: 15696179, first_name: "Ronald" } } })
  const signature = `sha256 ${createHmac("sha256", secret).update(body).digest("hex")}`
  const headers = { signature, "greenhouse-event-id": "3ce5180d-9119-4ddc-9ef6-21edb6e76f8a" }

  it.effect("a validly signed delivery becomes a unified event; the unsigned Greenhouse-Event-ID is not its event id", () =>
    Effect.gen(function* () {
      const event = Option.getOrThrow(yield* Greenhouse.Webhook.parseEvent("profile", { body, headers }, secret))
      expect(event).toMatchObject({ resource: "profile", type: "updated", resource_id: "15696179", origin: "greenhouse" })
      // Anyone can change the header without breaking the signature: retries are deduplicated on the body's digest.
      expect(event.event_id).toBeUndefined()
    })
  )

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
    })
  )

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
    })
  )

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
    })
  )
})

describe("Greenhouse mapping", () => {
  it("candidate: native → unified → native keeps every mapped field", () => {
    const native = {
      ...candidate(4, at(4)),
      applications: [{ id: 1, job_id: 4001, current_stage: { id: 55, name: "Phone Screen" }, last_activity_at: at(4) }],
      website_addresses: [{ value: "grace.dev", type: "blog" }],
      social_media_addresses: [{ value: "linkedin.example/grace", type: null }]
    }
    const unified = Greenhouse.Mapping.toUnified("profile", native)
    expect(Schema.is(Unified.UnifiedProfile)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: "50004",
      info: { full_name: "Grace Hopper 4", headline: "Rear Admiral", email: "grace.4@example.com", phone: "+1 555 0100" },
      experiences: [{ company: "US Navy", title: "Rear Admiral", current: true }],
      tags: [{ name: "compilers" }],
      job_ids: ["4001"],
      stage: "Phone Screen",
      labels: [{ job_key: "4001", stage: "Phone Screen", date_stage: "2024-01-01T00:00:04.000Z" }],
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
      social_media_addresses: [{ value: "linkedin.example/grace", type: "social" }],
      tags: native.tags,
      applications: [{ job_id: 4001, current_stage: { name: "Phone Screen" } }]
    })
  })

  it("job: native → unified", () => {
    const unified = Greenhouse.Mapping.toUnified("job", {
      ...job(2, at(2)),
      department: { id: 7, name: "Design" },
      offices: [{ id: 13, name: "New York City", location: { name: "New York, NY" } }],
      custom_fields: { employment_type: "Full-time", salary_range: { min_value: 100000, max_value: 150000, unit: "USD" } }
    })
    expect(Schema.is(Unified.UnifiedJob)(unified)).toBe(true)
    expect(unified).toMatchObject({
      id: "4002",
      name: "Designer 2",
      status: "open",
      requisition_id: "REQ-2",
      employment_type: "full_time",
      departments: [{ id: "7", name: "Design" }],
      location: { text: "New York, NY" },
      salary: { min: 100000, max: 150000, currency: "USD" },
      ranges_float: [{ name: "salary", value_min: 100000, value_max: 150000, unit: "USD" }]
    })
    expect(Greenhouse.Mapping.toUnified("job", { ...job(3, at(3)), status: "on_hold" })).not.toHaveProperty("status")
  })

  it("a profile from another system gets no Greenhouse id, names split from full_name and contact types Greenhouse accepts", () => {
    const native = Greenhouse.Mapping.fromUnified("profile", {
      id: "b3c9e1",
      origin: "hrflow",
      info: {
        full_name: "Ada King Lovelace",
        emails: [{ value: "ada@example.com", type: "email" }],
        phones: [{ value: "+44 20", type: "cell" }],
        urls: [
          { url: "https://linkedin.example/ada", type: "linkedin" },
          { url: "https://ada.dev", type: "github" }
        ]
      },
      job_ids: ["abc"]
    }) as Greenhouse.Schemas.GreenhouseCandidate
    expect(Schema.is(Greenhouse.Schemas.GreenhouseCandidate)(native)).toBe(true)
    expect(native).toMatchObject({
      first_name: "Ada",
      last_name: "King Lovelace",
      email_addresses: [{ value: "ada@example.com", type: "personal" }],
      phone_numbers: [{ value: "+44 20", type: "mobile" }],
      social_media_addresses: [{ value: "https://linkedin.example/ada", type: "linkedin" }],
      website_addresses: [{ value: "https://ada.dev", type: "personal" }]
    })
    expect(native.id).toBeUndefined()
    expect(native.applications).toBeUndefined()
  })
})
