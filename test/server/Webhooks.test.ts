/**
 * Webhook intake through real HTTP requests: a Warehouse A fake is the origin the events' records are
 * fetched from, the in-memory `mem_sink` (or a SQLite database) the target. Covers signature checks,
 * idempotence on the vendor's event id (also under concurrent retries and across a restart), the
 * bounded queue, failed records, the bearer-token exemption, the configuration file, and that no
 * secret ever comes back in a response.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { run } from "../../src/cli/Main.js"
import * as HrFlow from "../../src/connectors/hrflow/index.js"
import * as WarehouseA from "../../src/connectors/warehouse_a/index.js"
import * as State from "../../src/core/State.js"
import type * as Server from "../../src/server/Server.js"
import * as Webhooks from "../../src/server/Webhooks.js"
import * as Store from "../../src/store/index.js"
import { rawClient } from "../connectors/sql/Engines.js"
import * as HrFlowFixtures from "../connectors/hrflow/Fixtures.js"
import * as FakeHrFlow from "../fakes/HrFlow.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"

const secret = "whsec-test-secret-0123456789"
const apiKey = "wa-api-key-secret-4242"
const token = "test-token-0123456789abcdef"

const waJob = (id: string, extra: Record<string, unknown> = {}) => ({
  job_id: id,
  title: `Job ${id}`,
  board_key: "board-1",
  status: "open",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-02-01T00:00:00Z",
  ...extra
})

/** A Warehouse A delivery body (`id` is the vendor's event id). */
const delivery = (event: string, record: Record<string, unknown>, id?: string) =>
  JSON.stringify({ event, ...(id !== undefined ? { id } : {}), occurred_at: "2024-02-01T10:00:00Z", [event.split(".")[0]!]: record })

const signedWith = (key: string) => (body: string) => ({ "x-warehouse-a-signature": WarehouseA.Webhook.sign(body, key) })
const signed = signedWith(secret)

interface Setup {
  readonly intake?: Webhooks.IntakeOptions
  readonly entry?: Partial<Webhooks.EntryInput>
  /** The API key the webhook's origin_auth sends (default the fake's). */
  readonly originKey?: string
  readonly jobs?: ReadonlyArray<unknown>
  readonly server?: Server.Options
}

/** A Warehouse A fake, a state store the test can read, and a server with a warehouse_a webhook into `mem_sink`. */
const setup = (options: Setup = {}) =>
  Effect.gen(function* () {
    const fake = yield* FakeA.start({ apiKey, jobs: options.jobs ?? [waJob("job-1", { title: "Current title" }), waJob("job-2")] })
    const store = yield* State.makeMemory
    const server = yield* Harness.start(
      {
        webhooks: {
          warehouse_a: { secret, target: "mem_sink", origin_auth: { base_url: fake.url, api_key: options.originKey ?? apiKey }, ...options.entry }
        },
        webhookIntake: { workers: 1, ...options.intake },
        ...options.server
      },
      { state: Layer.succeed(State.StateStore, store) }
    )
    const post = (body: string, headers: Record<string, string>, connector = "warehouse_a") =>
      server.request("POST", `/api/webhooks/${connector}`, { raw: body, headers })
    const sink = server.connectors.sink
    return { fake, store, server, post, sink }
  })

/** Waits (bounded) until `check` holds. */
const eventually = (check: () => boolean, what: string) =>
  Effect.gen(function* () {
    for (let i = 0; i < 250; i++) {
      if (check()) return
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.die(new Error(`timed out waiting for ${what}`))
  })

/** Waits until the intake has nothing pending. */
const settled = (server: Harness.TestServer, headers: Record<string, string> = {}) =>
  Effect.gen(function* () {
    for (let i = 0; i < 250; i++) {
      const reply = yield* server.get("/api/webhooks", headers)
      if (reply.json.pending === 0) return reply.json as Webhooks.Counters & { readonly connectors: ReadonlyArray<string> }
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.die(new Error("the intake did not settle"))
  })

const writtenIds = (sink: Harness.Connectors["sink"]) => sink.writes.flatMap((w) => w.batch.map((r) => String(r.id)))

const noSecretIn = (server: Harness.TestServer) => {
  for (const body of server.bodies) {
    expect(body).not.toContain(secret)
    expect(body).not.toContain(apiKey)
  }
}

describe("webhook intake", () => {
  it.scopedLive("a signed delivery is answered 202 at once, and the origin's current record reaches the target", () =>
    Effect.gen(function* () {
      const { fake, post, server, sink } = yield* setup()
      // The delivery's copy is stale: the push fetches the record from the origin.
      const body = delivery("job.updated", waJob("job-1", { title: "Stale title" }), "evt-1")
      const reply = yield* post(body, signed(body))
      expect(reply.status, reply.text).toBe(202)
      expect(reply.json).toEqual({ status: "accepted", event_id: "evt-1" })
      yield* eventually(() => sink.data.job.has("job-1"), "job-1 in the target")
      expect(sink.data.job.get("job-1")).toMatchObject({ id: "job-1", name: "Current title" })
      expect(writtenIds(sink)).toEqual(["job-1"])
      const fetches = (yield* fake.requests).filter((r) => r.method === "GET")
      expect(fetches).toHaveLength(1)
      expect(fetches[0]!.query.ids).toBe("job-1")
      const counters = yield* settled(server)
      expect(counters).toMatchObject({ connectors: ["warehouse_a"], accepted: 1, processed: 1, failed: 0, pending: 0 })
      noSecretIn(server)
    })
  )

  it.scopedLive("the same delivery retried is answered 'duplicate' and not pushed again", () =>
    Effect.gen(function* () {
      const { fake, post, server, sink } = yield* setup()
      const body = delivery("job.updated", waJob("job-1"), "evt-1")
      expect((yield* post(body, signed(body))).status).toBe(202)
      yield* eventually(() => sink.data.job.has("job-1"), "job-1 in the target")
      for (let i = 0; i < 3; i++) {
        const retry = yield* post(body, signed(body))
        expect(retry.status).toBe(200)
        expect(retry.json).toEqual({ status: "duplicate", event_id: "evt-1" })
      }
      // With one worker, deliveries are processed in order: once evt-2 landed, a second push of evt-1 would have too.
      const next = delivery("job.updated", waJob("job-2"), "evt-2")
      expect((yield* post(next, signed(next))).status).toBe(202)
      yield* eventually(() => sink.data.job.has("job-2"), "job-2 in the target")
      yield* settled(server)
      expect(writtenIds(sink)).toEqual(["job-1", "job-2"])
      expect((yield* fake.requests).filter((r) => r.method === "GET")).toHaveLength(2)
      noSecretIn(server)
    })
  )

  it.scopedLive("concurrent copies of one delivery: exactly one is accepted and pushed", () =>
    Effect.gen(function* () {
      const { post, server, sink } = yield* setup({ intake: { workers: 4 } })
      const body = delivery("job.created", waJob("job-1"), "evt-race")
      const replies = yield* Effect.forEach(Array.from({ length: 8 }), () => post(body, signed(body)), { concurrency: "unbounded" })
      expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 202])
      yield* settled(server)
      expect(writtenIds(sink)).toEqual(["job-1"])
    })
  )

  it.scopedLive("a delivery without an event id is deduplicated on a digest of its raw body", () =>
    Effect.gen(function* () {
      const { post, server, sink } = yield* setup()
      const body = delivery("job.updated", waJob("job-1"))
      const first = yield* post(body, signed(body))
      expect(first.status).toBe(202)
      expect(first.json.event_id).toMatch(/^sha256:[0-9a-f]{64}$/)
      const again = yield* post(body, signed(body))
      expect(again.json).toEqual({ status: "duplicate", event_id: first.json.event_id })
      // A different body (the same record, another change) is another event.
      const other = delivery("job.updated", waJob("job-1", { status: "closed" }))
      expect((yield* post(other, signed(other))).status).toBe(202)
      yield* settled(server)
      expect(writtenIds(sink)).toEqual(["job-1", "job-1"])
    })
  )

  it.scopedLive("bad, tampered or missing signatures are 401 and nothing is fetched, written or remembered", () =>
    Effect.gen(function* () {
      const { fake, post, server, sink } = yield* setup()
      const body = delivery("job.updated", waJob("job-1"), "evt-9")
      const attempts = [
        yield* post(body, signedWith("not-the-secret")(body)),
        yield* post(body, signed(delivery("job.updated", waJob("job-2"), "evt-9"))),
        yield* post(body, { "x-warehouse-a-signature": "sha256=00" }),
        yield* post(body, {}),
        yield* post(`${body} `, signed(body))
      ]
      for (const reply of attempts) {
        expect(reply.status, reply.text).toBe(401)
        expect(reply.json.error.code).toBe("invalid_signature")
        expect(reply.json.error.message).toMatch(/x-warehouse-a-signature/)
      }
      expect(attempts[3]!.json.error.message).toContain("missing")
      const counters = yield* settled(server)
      expect(counters).toMatchObject({ accepted: 0, rejected: 5 })
      expect(yield* fake.requests).toEqual([])
      expect(sink.writes).toEqual([])
      // The rejected attempts did not use up the event id: the genuine delivery still goes through.
      expect((yield* post(body, signed(body))).status).toBe(202)
      yield* eventually(() => sink.data.job.has("job-1"), "job-1 in the target")
      noSecretIn(server)
    })
  )

  it.scopedLive("the signature is checked on the body exactly as sent (whitespace, key order, unicode, no re-serialising)", () =>
    Effect.gen(function* () {
      const { post, server, sink } = yield* setup()
      const body = `{\n  "id": "evt-raw",   "event": "job.updated",\n  "job": {"title": "Ingénieur \\u00e9 ✓", "job_id": "job-1"}\n}\n`
      const reply = yield* post(body, signed(body))
      expect(reply.status, reply.text).toBe(202)
      yield* settled(server)
      expect(writtenIds(sink)).toEqual(["job-1"])
    })
  )

  it.scopedLive("unknown or unconfigured connectors are 404; other methods are not routes", () =>
    Effect.gen(function* () {
      const { post, server } = yield* setup()
      const body = delivery("job.updated", waJob("job-1"), "evt-1")
      for (const connector of ["greenhouse", "nope", "warehouse_b"]) {
        const reply = yield* post(body, signed(body), connector)
        expect(reply.status).toBe(404)
        expect(reply.json.error.code).toBe("not_found")
      }
      expect((yield* server.get("/api/webhooks/warehouse_a")).status).toBe(404)
      const spec = (yield* server.get("/openapi.json")).json
      expect(Object.keys(spec.paths["/api/webhooks/{connector}"])).toEqual(["post"])
      expect(Object.keys(spec.paths["/api/webhooks/{connector}"].post.responses).sort()).toEqual(["200", "202", "400", "401", "404", "503"])
      expect(spec.components.schemas.Unavailable).toBeDefined()
      noSecretIn(server)
    })
  )

  it.scopedLive("deliveries that are not record changes of a configured resource are acknowledged and ignored", () =>
    Effect.gen(function* () {
      const { fake, post, server, sink } = yield* setup({ entry: { resources: ["job"] } })
      const viewed = delivery("job.viewed", waJob("job-1"), "evt-v")
      const profile = delivery("profile.updated", { profile_id: "p-1", full_name: "Ada" }, "evt-p")
      for (const body of [viewed, profile]) {
        const reply = yield* post(body, signed(body))
        expect(reply.status).toBe(200)
        expect(reply.json).toEqual({ status: "ignored", reason: "not a job change" })
      }
      // A badly signed ignorable delivery is still rejected.
      expect((yield* post(viewed, {})).status).toBe(401)
      expect(yield* fake.requests).toEqual([])
      expect(sink.writes).toEqual([])
      expect(yield* settled(server)).toMatchObject({ ignored: 2, accepted: 0 })
    })
  )

  it.scopedLive("a signed but malformed delivery is 400 (the sender's bug), not accepted", () =>
    Effect.gen(function* () {
      const { post, sink } = yield* setup()
      for (const body of ["{not json", JSON.stringify({ event: "job.updated", id: "evt-x", job: { title: "no id" } })]) {
        const reply = yield* post(body, { ...signed(body), "content-type": "application/json" })
        expect(reply.status, reply.text).toBe(400)
        expect(reply.json.error.code).toBe("invalid_delivery")
      }
      expect(sink.writes).toEqual([])
    })
  )

  it.scopedLive("a push that fails is recorded under webhook:<connector>, scrubbed of secrets", () =>
    Effect.gen(function* () {
      // The origin rejects the key (and echoes it, as careless vendors do): the fetch fails.
      const failing = yield* setup({ originKey: "wrong-key-abcdef" })
      const body = delivery("job.updated", waJob("job-1"), "evt-f")
      expect((yield* failing.post(body, signed(body))).status).toBe(202)
      const counters = yield* settled(failing.server)
      expect(counters).toMatchObject({ accepted: 1, failed: 1, processed: 0 })
      const failures = yield* failing.store.listFailures(Webhooks.pipelineIdOf("warehouse_a"))
      expect(failures).toHaveLength(1)
      expect(failures[0]).toMatchObject({ pipeline_id: "webhook:warehouse_a", record_id: "job-1", stage: "fetch" })
      expect(failures[0]!.payload).toMatchObject({ resource: "job", resource_id: "job-1", event_id: "evt-f", type: "updated" })
      expect(failures[0]!.message).not.toContain("wrong-key-abcdef")
      expect(failing.sink.writes).toEqual([])
      expect((yield* failing.store.listFailures()).map((f) => f.pipeline_id)).toEqual(["webhook:warehouse_a"])

      // A record the origin returns but that does not decode fails on its own, under the same pipeline id.
      const invalid = yield* setup({
        jobs: [{ job_id: "job-bad", board_key: "board-1", status: "open", created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" }]
      })
      const bad = delivery("job.updated", waJob("job-bad"), "evt-bad")
      expect((yield* invalid.post(bad, signed(bad))).status).toBe(202)
      yield* settled(invalid.server)
      const decodeFailures = yield* invalid.store.listFailures("webhook:warehouse_a")
      expect(decodeFailures.map((f) => [f.record_id, f.stage])).toEqual([["job-bad", "decode"]])
    })
  )

  it.scopedLive("a full queue answers 503 with Retry-After, and the refused delivery is not remembered", () =>
    Effect.gen(function* () {
      const { fake, post, server, sink } = yield* setup({ intake: { workers: 1, capacity: 1, retryAfterSeconds: 7 } })
      // The origin makes the first fetch wait about a second.
      fake.rateLimit(1, 1)
      const first = delivery("job.updated", waJob("job-1"), "evt-1")
      const second = delivery("job.updated", waJob("job-2"), "evt-2")
      expect((yield* post(first, signed(first))).status).toBe(202)
      const refused = yield* post(second, signed(second))
      expect(refused.status).toBe(503)
      expect(refused.headers.get("retry-after")).toBe("7")
      expect(refused.json.error.code).toBe("busy")
      yield* eventually(() => sink.data.job.has("job-1"), "job-1 in the target")
      yield* settled(server)
      const retried = yield* post(second, signed(second))
      expect(retried.status, retried.text).toBe(202)
      yield* eventually(() => sink.data.job.has("job-2"), "job-2 in the target")
      expect((yield* settled(server)).busy).toBe(1)
    })
  )

  it.live("on shutdown, deliveries that could not finish in time stay in the inbox for the next start", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const { fake, post, sink, store } = yield* setup({ intake: { drainTimeout: "100 millis" } }).pipe(Scope.extend(scope))
      fake.rateLimit(1, 3)
      const body = delivery("job.updated", waJob("job-1"), "evt-slow")
      expect((yield* post(body, signed(body))).status).toBe(202)
      yield* Scope.close(scope, Exit.void)
      expect(yield* store.listFailures("webhook:warehouse_a")).toEqual([])
      const pending = yield* store.pendingDeliveries("warehouse_a")
      expect(pending.map((d) => [d.event_id, d.body])).toEqual([["evt-slow", body]])
      expect(sink.writes).toEqual([])
    })
  )

  it.scopedLive("with a bearer token, signed deliveries need no token; everything else still does", () =>
    Effect.gen(function* () {
      const { post, server, sink } = yield* setup({ server: { apiToken: token } })
      const body = delivery("job.updated", waJob("job-1"), "evt-1")
      const reply = yield* post(body, signed(body))
      expect(reply.status, reply.text).toBe(202)
      yield* eventually(() => sink.data.job.has("job-1"), "job-1 in the target")
      // Not a configured webhook: the token is required as anywhere else.
      expect((yield* post(body, signed(body), "greenhouse")).status).toBe(401)
      expect((yield* server.get("/api/webhooks")).status).toBe(401)
      expect((yield* server.get("/api/webhooks", { authorization: `Bearer ${token}` })).status).toBe(200)
      // The exemption is for signed deliveries only: a bad signature is still refused.
      expect((yield* post(body, {})).status).toBe(401)
      noSecretIn(server)
    })
  )

  it.scopedLive("SQLite state and target: a delivery retried after a restart is still a duplicate", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey, jobs: [waJob("job-1")] })
      const dir = Harness.tempDir("hrtech-webhooks-")
      const stateUri = `sqlite:${join(dir, "state.db")}`
      const targetUri = `sqlite:${join(dir, "target.db")}`
      const options: Server.Options = {
        dataDir: dir,
        webhooks: { warehouse_a: { secret, target: targetUri, origin_auth: { base_url: fake.url, api_key: apiKey } } }
      }
      const body = delivery("job.updated", waJob("job-1"), "evt-durable")
      const count = Effect.scoped(
        Effect.flatMap(rawClient(targetUri), (sql) => Effect.map(sql<{ n: number }>`SELECT COUNT(*) AS n FROM hrtech_jobs`, (rows) => Number(rows[0]!.n)))
      )
      const first = yield* Effect.scoped(
        Effect.gen(function* () {
          const server = yield* Harness.start(options, { state: Store.fromUri(stateUri) })
          const reply = yield* server.request("POST", "/api/webhooks/warehouse_a", { raw: body, headers: signed(body) })
          yield* settled(server)
          return reply
        })
      )
      expect(first.status).toBe(202)
      expect(yield* count).toBe(1)
      const again = yield* Effect.scoped(
        Effect.gen(function* () {
          const server = yield* Harness.start(options, { state: Store.fromUri(stateUri) })
          return yield* server.request("POST", "/api/webhooks/warehouse_a", { raw: body, headers: signed(body) })
        })
      )
      expect(again.json).toEqual({ status: "duplicate", event_id: "evt-durable" })
      expect((yield* fake.requests).filter((r) => r.method === "GET")).toHaveLength(1)
      expect(yield* count).toBe(1)
    })
  )
})

describe("webhook intake with HrFlow.ai (HTTP-HRFLOW-SIGNATURE, no event id)", () => {
  it.scopedLive("a signed delivery reaches the target once; a retry is a duplicate by body digest; a bad signature is 401", () =>
    Effect.gen(function* () {
      const fake = yield* FakeHrFlow.make()
      const stored = HrFlowFixtures.job(1, "2024-03-01T10:00:00Z")
      fake.seed("job", [stored])
      const server = yield* Harness.start({
        webhooks: {
          hrflow: {
            secret,
            target: "mem_sink",
            origin_auth: { base_url: fake.url, api_key: fake.apiKey, user_email: fake.userEmail, board_key: "board-1" }
          }
        }
      })
      const body = JSON.stringify({ type: "job.storing.update", origin: "api", message: "job updated", job: { key: stored.key, name: "stale" } })
      const post = (headers: Record<string, string>) => server.request("POST", "/api/webhooks/hrflow", { raw: body, headers })
      const bad = yield* post({ "http-hrflow-signature": HrFlow.Webhook.sign(body, "another-secret") })
      expect(bad.status).toBe(401)
      expect(bad.json.error.message).toContain("http-hrflow-signature")
      const first = yield* post({ "http-hrflow-signature": HrFlow.Webhook.sign(body, secret) })
      expect(first.status, first.text).toBe(202)
      expect(first.json.event_id).toMatch(/^sha256:/)
      const sink = server.connectors.sink
      yield* eventually(() => sink.writes.length > 0, "the HrFlow job in the target")
      const retry = yield* post({ "http-hrflow-signature": HrFlow.Webhook.sign(body, secret) })
      expect(retry.json).toEqual({ status: "duplicate", event_id: first.json.event_id })
      yield* settled(server)
      expect(sink.writes.flatMap((w) => w.batch)).toHaveLength(1)
      expect(sink.writes[0]!.batch[0]).toMatchObject({ name: stored.name })
      for (const text of server.bodies) expect(text).not.toContain(secret)
    })
  )
})

describe("webhook configuration", () => {
  it.effect("entries decode strictly; { env } references resolve; errors name the key, never a secret", () =>
    Effect.gen(function* () {
      const env = { WA_SECRET: secret, WA_KEY: apiKey }
      const hooks = Either.getOrThrow(
        Webhooks.parseConfig(
          {
            warehouse_a: {
              secret: { env: "WA_SECRET" },
              target: "mem_sink",
              origin_auth: { api_key: { env: "WA_KEY" }, base_url: "http://x" },
              resources: ["job"]
            }
          },
          env
        )
      )
      expect(hooks).toHaveLength(1)
      expect(hooks[0]).toMatchObject({
        connector: "warehouse_a",
        target: "mem_sink",
        resources: ["job"],
        originAuth: { api_key: apiKey, base_url: "http://x" }
      })
      expect(String(hooks[0]!.secret)).not.toContain(secret)

      const error = (input: unknown) => Either.getOrThrowWith(Either.flip(Webhooks.parseConfig(input, env)), () => new Error("expected an error"))
      expect(error({ warehouse_a: { secret: { env: "MISSING" }, target: "mem_sink" } })).toMatchObject({
        field: "warehouse_a.secret",
        reason: "environment variable MISSING is not set"
      })
      expect(error({ warehouse_a: { secret: 1234567890123, target: "mem_sink" } }).message).not.toContain("1234567890123")
      expect(error({ warehouse_a: { secret, target: "mem_sink", origin_auth: "key" } }).message).not.toContain('key"')
      expect(error({ warehouse_a: { secret, target: "mem_sink", sekret: "x" } })).toMatchObject({ field: "warehouse_a.sekret", reason: "unknown key" })
      expect(error({ warehouse_a: { secret } })).toMatchObject({ field: "warehouse_a.target" })
      expect(error({ warehouse_a: { secret, target: "mem_sink", resources: ["jobs"] } }).field).toBe("warehouse_a.resources[0]")
      expect(error({ warehouse_a: { secret, target: "mem_sink", mapping: [], formatter_id: "f" } }).field).toBe("warehouse_a.formatter_id")
    })
  )

  it.scopedLive("a YAML file from --webhooks or HRTECH_ETL_WEBHOOKS_FILE configures the intake", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey, jobs: [waJob("job-1")] })
      const dir = Harness.tempDir("hrtech-webhooks-")
      const file = join(dir, "webhooks.yaml")
      writeFileSync(
        file,
        [
          "warehouse_a:",
          "  secret: { env: WA_SECRET }",
          "  target: mem_sink",
          "  origin_auth:",
          `    base_url: ${fake.url}`,
          "    api_key: { env: WA_KEY }",
          ""
        ].join("\n")
      )
      const env = { WA_SECRET: secret, WA_KEY: apiKey }
      for (const options of [{ webhooks: file, env }, { env: { ...env, HRTECH_ETL_WEBHOOKS_FILE: file } }]) {
        const reply = yield* Effect.scoped(
          Effect.gen(function* () {
            const server = yield* Harness.start(options)
            const body = delivery("job.updated", waJob("job-1"), "evt-yaml")
            return yield* server.request("POST", "/api/webhooks/warehouse_a", { raw: body, headers: signed(body) })
          })
        )
        expect(reply.status, reply.text).toBe(202)
      }
    })
  )

  it.scopedLive("the server refuses to start with a webhook it could not serve, naming the key", () =>
    Effect.gen(function* () {
      const dir = Harness.tempDir("hrtech-webhooks-")
      const refusal = (options: Server.Options) =>
        Effect.scoped(Harness.start(options)).pipe(
          Effect.flip,
          Effect.map((e) => e as Server.ServerConfigError)
        )
      const base = { secret, target: "mem_sink" }
      const cases: ReadonlyArray<readonly [Server.Options, RegExp]> = [
        [{ webhooks: { nope: base } }, /nope: .*connector "nope"/],
        [{ webhooks: { smartrecruiters: { ...base, origin_auth: { api_key: "k".repeat(20) } } } }, /smartrecruiters: .*no webhook support/],
        [{ webhooks: { warehouse_a: { ...base, origin_auth: { api_key: apiKey }, target: "nowhere" } } }, /warehouse_a\.target: /],
        [{ webhooks: { warehouse_a: { ...base, origin_auth: { api_key: apiKey }, mapping: [{ from: "nope", to: "name" }] } } }, /warehouse_a\.mapping: /],
        [{ webhooks: { warehouse_a: { ...base, origin_auth: { api_key: apiKey }, formatter_id: "fmt_missing" } } }, /warehouse_a\.formatter_id: /],
        [{ webhooks: { warehouse_a: { ...base, origin_auth: { api_key: apiKey } } }, mode: "playground" }, /mode api or both/],
        [{ webhooks: join(dir, "missing.json") }, /cannot read/]
      ]
      for (const [options, pattern] of cases) {
        const error = yield* refusal(options)
        expect(error._tag).toBe("ServerConfigError")
        expect(error.message).toMatch(pattern)
        expect(error.message).not.toContain(secret)
        expect(error.message).not.toContain(apiKey)
      }
      writeFileSync(join(dir, "bad.json"), `{ "warehouse_a": { "secret": "${secret}", `)
      const malformed = yield* refusal({ webhooks: join(dir, "bad.json") })
      expect(malformed.message).toContain("malformed JSON")
      expect(malformed.message).not.toContain(secret)
    })
  )
})

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

describe("hrtech-etl serve --webhooks", () => {
  it.scopedLive("serves the configured webhooks (JSON file, secret from the environment) and names them on stderr, never the secret", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey, jobs: [waJob("job-1")] })
      const dir = Harness.tempDir("hrtech-webhooks-cli-")
      const file = join(dir, "webhooks.json")
      const target = `sqlite:${join(dir, "jobs.db")}`
      writeFileSync(
        file,
        JSON.stringify({ warehouse_a: { secret: { env: "TEST_WA_WEBHOOK_SECRET" }, target, origin_auth: { base_url: fake.url, api_key: apiKey } } })
      )
      const port = yield* Effect.promise(freePort)
      const stderr: Array<string> = []
      // Restored when the test's scope closes, whatever happens.
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          const original = process.stderr.write.bind(process.stderr)
          process.env.TEST_WA_WEBHOOK_SECRET = secret
          process.stderr.write = ((chunk: string | Uint8Array, ...rest: Array<unknown>) => {
            stderr.push(String(chunk))
            return (original as (...args: Array<unknown>) => boolean)(chunk, ...rest)
          }) as typeof process.stderr.write
          return original
        }),
        (original) =>
          Effect.sync(() => {
            process.stderr.write = original
            delete process.env.TEST_WA_WEBHOOK_SECRET
          })
      )
      const args = [
        "node",
        "hrtech-etl",
        "serve",
        "--port",
        String(port),
        "--data-dir",
        join(dir, "data"),
        "--state",
        join(dir, "state.db"),
        "--webhooks",
        file
      ]
      const exit = run(args)
      const outcome = yield* Effect.promise(async () => {
        try {
          const body = delivery("job.updated", waJob("job-1"), "evt-cli")
          let reply: Response | undefined
          for (let i = 0; i < 100 && reply === undefined; i++) {
            reply = await fetch(`http://127.0.0.1:${port}/api/webhooks/warehouse_a`, { method: "POST", headers: signed(body), body }).catch(() => undefined)
            if (reply === undefined) await new Promise((r) => setTimeout(r, 50))
          }
          return { status: reply?.status, text: await reply?.text() }
        } finally {
          process.emit("SIGINT")
        }
      })
      const code = yield* Effect.promise(() => exit)
      expect(outcome.status, outcome.text).toBe(202)
      expect(code).toBe(0)
      const text = stderr.join("")
      expect(text).toContain(`webhooks:   POST http://127.0.0.1:${port}/api/webhooks/{warehouse_a}`)
      expect(text).not.toContain(secret)
    })
  )
})
