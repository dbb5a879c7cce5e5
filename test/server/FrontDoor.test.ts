/**
 * The server's front door against a browser on another site and against requests built to exhaust
 * it: cross-site and form-encoded posts, multipart bodies, deep JSON, impossible cron schedules,
 * oversized mapping strings, the cap on concurrent runs, and bounded run snapshots.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { join } from "node:path"
import type * as Registry from "../../src/core/Registry.js"
import * as BackgroundRuns from "../../src/server/BackgroundRuns.js"
import * as Server from "../../src/server/Server.js"
import * as Memory from "../../src/testing/Memory.js"
import * as Harness from "./Harness.js"
import * as Raw from "./Raw.js"

// Sync routes open the state store of HRTECH_ETL_STATE: keep it out of the working directory.
process.env.HRTECH_ETL_STATE = `sqlite:${join(Harness.tempDir("hrtech-front-door-"), "state.db")}`

const token = "test-token-0123456789abcdef"
const pull = { resource: "job", origin: "mem_source", target: "mem_sink" }
const form = "resource=job&origin=mem_source&target=mem_sink"
const formType = { "content-type": "application/x-www-form-urlencoded" }

const portOf = (server: Harness.TestServer) => Number(new URL(server.url).port)

describe("cross-site requests", () => {
  it.scopedLive("a form-encoded POST from another site is refused and runs nothing", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const crossSite = yield* server.request("POST", "/api/run/pull", {
        raw: form,
        headers: { ...formType, origin: "https://evil.example", "sec-fetch-site": "cross-site" }
      })
      expect(crossSite.status, crossSite.text).toBe(403)
      expect(crossSite.json.error).toMatchObject({ code: "cross_site_request", field: "origin" })
      // Without Origin (a program, or a browser hiding it) the form is still not JSON.
      const bare = yield* server.request("POST", "/api/run/pull", { raw: form, headers: formType })
      expect(bare.status, bare.text).toBe(415)
      expect(bare.json.error).toMatchObject({ code: "unsupported_media_type", field: "content-type" })
      // fetch(..., { mode: "no-cors", body: JSON text }) sends text/plain: no preflight, so refused too.
      const plain = yield* server.request("POST", "/api/runs", {
        raw: JSON.stringify({ kind: "pull", request: pull }),
        headers: { "content-type": "text/plain" }
      })
      expect(plain.status).toBe(415)
      const sync = yield* server.request("POST", "/api/syncs/nightly/run", {
        raw: "{}",
        headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" }
      })
      expect(sync.status).toBe(403)
      expect(server.connectors.sink.writes).toEqual([])
    })
  )

  it.scopedLive("state-changing JSON requests: same origin, allowed origins and programs pass; other sites do not", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ allowedOrigins: ["https://etl.example.com"] })
      const post = (headers: Record<string, string>) => Effect.map(server.post("/api/run/pull", pull, headers), (r) => r.status)
      expect(yield* post({})).toBe(200)
      expect(yield* post({ origin: server.url, "sec-fetch-site": "same-origin" })).toBe(200)
      expect(yield* post({ origin: "https://etl.example.com/" })).toBe(200)
      // The playground's own header: a browser sends it to another origin only after a CORS preflight,
      // which this server never grants, so it marks the page's calls even behind a Host-rewriting proxy.
      expect(yield* post({ "x-hrtech-etl": "playground", origin: "https://proxy.example", "sec-fetch-site": "same-origin" })).toBe(200)
      const preflight = yield* server.request("OPTIONS", "/api/run/pull", {
        headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "x-hrtech-etl" }
      })
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull()
      expect(preflight.headers.get("access-control-allow-headers")).toBeNull()
      expect(yield* post({ origin: "https://evil.example" })).toBe(403)
      expect(yield* post({ origin: "null" })).toBe(403)
      expect(yield* post({ origin: server.url.replace(/\d+$/, (port) => String(Number(port) + 1)) })).toBe(403)
      expect(yield* post({ "sec-fetch-site": "cross-site" })).toBe(403)
      expect(yield* post({ "sec-fetch-site": "same-site" })).toBe(403)
      // Reading is not guarded: a page elsewhere cannot read the answer without CORS anyway.
      expect((yield* server.get("/api/connectors", { origin: "https://evil.example" })).status).toBe(200)
    })
  )

  it.scopedLive("with a token, the playground cookie does not carry a request from another site; a bearer header does", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ apiToken: token })
      const cookie = (yield* server.get(`/playground?token=${token}`)).headers.get("set-cookie")!.split(";")[0]!
      const fromPage = yield* server.post("/api/run/pull", pull, { cookie, origin: server.url })
      expect(fromPage.status).toBe(200)
      // Another port of localhost is same-site: SameSite=Strict sends the cookie, the origin check stops it.
      const fromOtherPort = yield* server.post("/api/run/pull", pull, { cookie, origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" })
      expect(fromOtherPort.status).toBe(403)
      const bearer = yield* server.post("/api/run/pull", pull, { authorization: `Bearer ${token}`, origin: "https://ci.example" })
      expect(bearer.status).toBe(200)
    })
  )

  it("allowed origins and host names are checked at start", () => {
    const bad = Server.resolveOptions({ env: { HRTECH_ETL_ALLOWED_ORIGINS: "etl.example.com" } })
    expect(Either.isLeft(bad) && bad.left.field).toBe("HRTECH_ETL_ALLOWED_ORIGINS")
    const good = Either.getOrThrow(
      Server.resolveOptions({
        env: { HRTECH_ETL_ALLOWED_ORIGINS: "https://ETL.example.com/, http://localhost:3000", HRTECH_ETL_HOST_NAMES: "etl.internal:8000" }
      })
    )
    expect(good.allowedOrigins).toEqual(["https://etl.example.com", "http://localhost:3000"])
    expect(good.hostNames).toEqual(["etl.internal"])
  })

  it.scopedLive("HRTECH_ETL_HOST_NAMES lets a named host in without a token", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ hostNames: ["etl.internal"] })
      const get = (host: string) => Effect.map(Raw.send(portOf(server), { method: "GET", target: "/api/connectors", headers: { host } }), (r) => r.status)
      expect(yield* get("etl.internal:8000")).toBe(200)
      expect(yield* get("ETL.internal")).toBe(200)
      expect(yield* get("etl.internal.evil.example")).toBe(403)
    })
  )
})

describe("bodies", () => {
  it.scopedLive("a multipart body is answered 415 at once, before it is read", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      // The body never ends: only an answer given before reading it can arrive.
      const reply = yield* Raw.send(portOf(server), {
        method: "POST",
        target: "/api/run/push",
        headers: { "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" },
        raw: "5\r\n--x\r\n\r\n"
      })
      expect(reply.status).toBe(415)
      expect(reply.json.error.code).toBe("unsupported_media_type")
    })
  )

  it.scopedLive("JSON nested deeper than the limit is a 400 naming the body, not a 500", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`
      for (const path of ["/api/run/push", "/api/run/pull", "/api/runs", "/api/syncs", "/api/formatters/build"]) {
        const reply = yield* server.request("POST", path, { raw: deep })
        expect(reply.status, `${path} ${reply.text}`).toBe(400)
        expect(reply.json.error.field).toBe("body")
      }
      const nested = yield* server.post("/api/run/push", {
        ...pull,
        mode: "resources",
        resources: [Harness.job(1, { tags: JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`) })]
      })
      expect(nested.status).toBe(400)
      expect(nested.json.error.message).toContain("64")
      // Real records nest a few levels: well within the limit, and a limit of 2 is honoured.
      const shallow = yield* Harness.start({ maxJsonDepth: 2 })
      expect((yield* shallow.post("/api/run/pull", pull)).status).toBe(200)
      expect((yield* shallow.post("/api/run/pull", { ...pull, where: [{ field: "status", op: "in", value: ["open"] }] })).status).toBe(400)
    })
  )

  it.scopedLive("an impossible cron schedule is a 400 naming schedule", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const definition = { name: "never", tenant: "acme", resource: "job", origin: "mem_source", target: "mem_sink" }
      for (const schedule of ["0 0 30 2 *", "0 0 31 4 *", "0 0 31 11 *"]) {
        const reply = yield* server.post("/api/syncs", { ...definition, schedule })
        expect(reply.status, reply.text).toBe(400)
        expect(reply.json.error.field).toBe("schedule")
      }
      const leap = yield* server.post("/api/syncs", { ...definition, schedule: "0 0 29 2 *" })
      expect(leap.status, leap.text).toBe(201)
    })
  )

  it.scopedLive("mapping strings are bounded: a long join separator or literal is a 400 naming it", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const separator = "x".repeat(100_000)
      const literal = "y".repeat(1_000_000)
      const join = [
        { from: "id", to: "id" },
        { from: "name", to: "name", transform: "join", separator }
      ]
      const cases: ReadonlyArray<readonly [string, unknown, string]> = [
        ["/api/run/pull", { ...pull, mapping: join }, "mapping[1].separator"],
        [
          "/api/run/pull",
          {
            ...pull,
            mapping: [
              { from: "id", to: "id" },
              { to: "name", default: literal }
            ]
          },
          "mapping[1].default"
        ],
        ["/api/run/push", { ...pull, mode: "resources", resources: [Harness.job(1)], mapping: join }, "mapping[1].separator"],
        ["/api/formatters/build", { ...pull, mapping: [{ to: "name", default: literal }] }, "mapping[0].default"],
        ["/api/runs", { kind: "pull", request: { ...pull, mapping: join } }, "request.mapping[1].separator"]
      ]
      for (const [path, body, field] of cases) {
        const reply = yield* server.post(path, body)
        expect(reply.status, `${path} ${reply.text.slice(0, 200)}`).toBe(400)
        expect(reply.json.error.field).toBe(field)
      }
      expect(server.connectors.sink.writes).toEqual([])
      const fine = yield* server.post("/api/run/pull", {
        ...pull,
        mapping: [
          { from: "id", to: "id" },
          { from: "name", to: "name", transform: "join", separator: ", " }
        ]
      })
      expect(fine.status, fine.text).toBe(200)
    })
  )
})

/** A source whose reads wait until the test opens the gate: a run that holds its slot as long as needed. */
const gated = (gate: Deferred.Deferred<void>): Registry.Factory => {
  const base = Memory.make({ name: "mem_gated", label: "Gated memory", seed: { job: [Harness.job(1)] } })
  const connector: Memory.MemoryConnector = {
    ...base,
    read: (resource, options) => Stream.unwrap(Effect.as(Deferred.await(gate), base.read(resource, options)))
  }
  return { name: "mem_gated", label: base.label, warehouseType: "customers", authKeys: [], schemas: base.schemas, make: () => Effect.succeed(connector) }
}

describe("concurrent runs", () => {
  it.scopedLive("runs beyond the cap are answered 503 with Retry-After; the slot comes back when the run ends", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const server = yield* Harness.start({ maxConcurrentRuns: 1 }, { factories: [gated(gate)] })
      // A request refused before it runs gives its slot back.
      expect((yield* server.post("/api/runs", { kind: "pull", request: { ...pull, origin: "nope" } })).status).toBe(404)
      const started = yield* server.post("/api/runs", { kind: "pull", request: { ...pull, origin: "mem_gated" } })
      expect(started.status, started.text).toBe(202)
      for (const [path, body] of [
        ["/api/run/pull", pull],
        ["/api/runs", { kind: "pull", request: pull }]
      ] as const) {
        const busy = yield* server.post(path, body)
        expect(busy.status, busy.text).toBe(503)
        expect(busy.json.error.code).toBe("busy")
        expect(busy.headers.get("retry-after")).toBe("5")
      }
      // Reading is never capped.
      expect((yield* server.get("/api/connectors")).status).toBe(200)
      yield* Deferred.succeed(gate, undefined)
      const finished = yield* Harness.awaitRun(server, started.json.run_id)
      expect(finished.json.status).toBe("succeeded")
      const after = yield* server.post("/api/run/pull", pull)
      expect(after.status, after.text).toBe(200)
    })
  )

  it("the cap and the kept runs come from the environment, checked", () => {
    const resolved = Either.getOrThrow(
      Server.resolveOptions({
        env: { HRTECH_ETL_MAX_CONCURRENT_RUNS: "2", HRTECH_ETL_RUNS_KEPT: "10", HRTECH_ETL_RUN_ERRORS_KEPT: "3", HRTECH_ETL_MAX_JSON_DEPTH: "32" }
      })
    )
    expect(resolved).toMatchObject({ maxConcurrentRuns: 2, maxRuns: 10, maxRunErrors: 3, maxJsonDepth: 32 })
    for (const [name, value] of [
      ["HRTECH_ETL_MAX_CONCURRENT_RUNS", "0"],
      ["HRTECH_ETL_RUNS_KEPT", "many"],
      ["HRTECH_ETL_MAX_JSON_DEPTH", "1.5"]
    ] as const) {
      const refused = Server.resolveOptions({ env: { [name]: value } })
      expect(Either.isLeft(refused) && refused.left.field, name).toBe(name)
    }
  })
})

describe("run snapshots", () => {
  const failures = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, stage: "write", message: `failed ${i} ${"z".repeat(5_000)}` }))

  it.scoped("a finished run keeps its first errors and counts them all; old runs are forgotten", () =>
    Effect.gen(function* () {
      const runs = yield* BackgroundRuns.make({ maxRuns: 3, maxErrors: 5 })
      const awaitDone = (id: string) => Effect.flatMap(Stream.runLast(Option.getOrThrow(runs.changes(id))), (last) => Effect.succeed(Option.getOrThrow(last)))
      const push = yield* runs.start("push", () => Effect.succeed({ total_resources_pushed: 0, errors: failures(500) }))
      const pushed = yield* awaitDone(push)
      const result = pushed.result as { errors: ReadonlyArray<{ message: string }>; errors_total: number }
      expect(result.errors).toHaveLength(5)
      expect(result.errors_total).toBe(500)
      expect(result.errors[0]!.message.length).toBeLessThanOrEqual(2_001)
      const pulled = yield* awaitDone(yield* runs.start("pull", () => Effect.succeed({ cursor: {}, stats: { read: 9, errors: failures(40) } })))
      expect((pulled.result as any).stats.errors).toHaveLength(5)
      expect((pulled.result as any).stats.errors_total).toBe(40)
      expect(pulled.counters).toMatchObject({ read: 9 })
      for (let i = 0; i < 3; i++) yield* awaitDone(yield* runs.start("push", () => Effect.succeed({ errors: [] })))
      expect(Option.isNone(yield* runs.get(push))).toBe(true)
    })
  )
})
