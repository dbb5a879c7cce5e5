/**
 * In-process tests of the HTTP API: every route's success, its validation errors (400 naming the
 * field), unknown names (404), upstream failures (502), background runs with SSE, and the error shape.
 * The server runs on 127.0.0.1 port 0; warehouse_a is its fake server.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { WarehouseAJob } from "../../src/connectors/warehouse_a/Schemas.js"
import * as Metadata from "../../src/core/Metadata.js"
import * as Unified from "../../src/core/Unified.js"
import { Api } from "../../src/server/Api.js"
import * as Store from "../../src/store/index.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"

const at = (minutes: number) => new Date(Date.UTC(2024, 2, 1) + minutes * 60_000).toISOString()

/** Valid Warehouse A jobs. */
const warehouseJobs = Array.from({ length: 25 }, (_, i) => ({
  job_id: `job-${String(i).padStart(3, "0")}`,
  title: i % 2 === 0 ? `Data Engineer ${i}` : `Designer ${i}`,
  board_key: `board-${i % 2}`,
  status: i % 5 === 0 ? "closed" : "open",
  location: "Paris",
  created_at: at(i),
  updated_at: at(100 + i)
}))

const apiKey = "fake-a-key-0123456789"

const startFake = FakeA.start({ apiKey, jobs: warehouseJobs })

const pullFromA = (url: string, extra: Record<string, unknown> = {}) => ({
  resource: "job",
  origin: "warehouse_a",
  origin_auth: { api_key: apiKey, base_url: url },
  target: "sqlite:out/jobs.db",
  cursor: { mode: "updated_at", start: null, sort_by: "asc" },
  ...extra
})

const errorOf = (reply: Harness.Reply) => reply.json?.error as { code: string; message: string; field?: string }

/** Asserts a 400 whose error names `field`. */
const expectBadRequest = (reply: Harness.Reply, field: string) => {
  expect(reply.status, reply.text).toBe(400)
  expect(errorOf(reply).field, reply.text).toBe(field)
  expect(typeof errorOf(reply).message).toBe("string")
  expect(typeof errorOf(reply).code).toBe("string")
}

/** Parses a Server-Sent Events body into events. */
const parseSse = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const lines = block.split("\n")
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7)
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6)
      return { event, data: data === undefined ? undefined : JSON.parse(data) }
    })

describe("connectors and schemas", () => {
  it.scopedLive("GET /api/connectors lists the registry", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const reply = yield* server.get("/api/connectors")
      expect(reply.status).toBe(200)
      const a = reply.json.find((c: { name: string }) => c.name === "warehouse_a")
      expect(a).toMatchObject({ name: "warehouse_a", label: "Warehouse A", warehouse_type: "ats" })
      expect(a.auth_keys.map((k: { name: string }) => k.name)).toContain("api_key")
      expect(reply.json.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["warehouse_b", "mem_source"]))
    })
  )

  it.scopedLive("GET /api/schema/unified/{resource} is not shadowed by /api/schema/{connector}/{resource}", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      for (const resource of ["job", "profile"] as const) {
        const reply = yield* server.get(`/api/schema/unified/${resource}`)
        expect(reply.status).toBe(200)
        const expected = JSON.parse(JSON.stringify(Metadata.exportModelFields(Unified.schemaFor(resource))))
        expect(reply.json).toEqual(expected)
      }
      expectBadRequest(yield* server.get("/api/schema/unified/jobs"), "resource")
    })
  )

  it.scopedLive("GET /api/schema/{connector}/{resource} with only_prefilterable", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const all = yield* server.get("/api/schema/warehouse_a/job")
      expect(all.status).toBe(200)
      expect(all.json).toEqual(JSON.parse(JSON.stringify(Metadata.exportModelFields(WarehouseAJob))))
      const only = yield* server.get("/api/schema/warehouse_a/job?only_prefilterable=true")
      expect(only.status).toBe(200)
      expect(only.json.length).toBeGreaterThan(0)
      expect(only.json.length).toBeLessThan(all.json.length)
      for (const f of only.json) expect(f.prefilter.operators.length).toBeGreaterThan(0)
      expect(only.json.map((f: { name: string }) => f.name)).not.toContain("remote")
      const explicitFalse = yield* server.get("/api/schema/warehouse_a/job?only_prefilterable=false")
      expect(explicitFalse.json).toEqual(all.json)
      // A storage URI, URL-encoded, works as the connector segment.
      const uri = yield* server.get(`/api/schema/${encodeURIComponent("sqlite:sub/jobs.db")}/job`)
      expect(uri.status).toBe(200)
      expect(uri.json.map((f: { name: string }) => f.name)).toContain("name")
    })
  )

  it.scopedLive("schema errors: unknown connector 404, bad resource and flag 400", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const unknown = yield* server.get("/api/schema/nope/job")
      expect(unknown.status).toBe(404)
      expect(errorOf(unknown)).toMatchObject({ code: "not_found", field: "connector" })
      expect(errorOf(unknown).message).toContain("nope")
      expectBadRequest(yield* server.get("/api/schema/warehouse_a/candidate"), "resource")
      expectBadRequest(yield* server.get("/api/schema/warehouse_a/job?only_prefilterable=maybe"), "only_prefilterable")
      expect((yield* server.get("/api/fields/nope/job")).status).toBe(404)
    })
  )

  it.scopedLive("GET /api/fields/{connector}/{resource} gives dotted paths", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const native = yield* server.get("/api/fields/warehouse_a/job")
      expect(native.status).toBe(200)
      expect(native.json).toEqual(JSON.parse(JSON.stringify(Metadata.fieldPaths(WarehouseAJob))))
      const unified = yield* server.get("/api/fields/unified/job")
      expect(unified.status).toBe(200)
      const paths = unified.json.map((p: { path: string }) => p.path)
      expect(paths).toContain("name")
      expect(paths.some((p: string) => p.includes("."))).toBe(true)
    })
  )
})

describe("POST /api/run/pull", () => {
  it.scopedLive("pulls warehouse_a (fake) into SQLite inside the data directory", () =>
    Effect.gen(function* () {
      const fake = yield* startFake
      const server = yield* Harness.start()
      const reply = yield* server.post("/api/run/pull", pullFromA(fake.url))
      expect(reply.status, reply.text).toBe(200)
      expect(reply.json.stats).toMatchObject({ read: 25, written: 25, failed: 0 })
      expect(reply.json.cursor).toMatchObject({ mode: "updated_at", end: at(124), sort_by: "asc" })
      expect(typeof reply.json.pipeline_id).toBe("string")
      // The pipeline id shows the URI as given, not the data directory's absolute path.
      expect(reply.json.pipeline_id).toContain("sqlite:out/jobs.db")
      expect(reply.text).not.toContain(server.dataDir)
      expect(existsSync(join(server.dataDir, "out", "jobs.db"))).toBe(true)
      // Read back through the API: SQLite as origin.
      const back = yield* server.post("/api/run/pull", {
        resource: "job",
        origin: "sqlite:out/jobs.db",
        target: "mem_sink",
        cursor: { mode: "id" },
        where: [{ field: "name", op: "contains", value: "Data" }]
      })
      expect(back.status, back.text).toBe(200)
      expect(back.json.stats.written).toBe(13)
      expect(server.connectors.sink.data.job.size).toBe(13)
    })
  )

  it.scopedLive("WHERE, HAVING, mapping and dry_run reach the pipeline", () =>
    Effect.gen(function* () {
      const fake = yield* startFake
      const server = yield* Harness.start()
      const reply = yield* server.post(
        "/api/run/pull",
        pullFromA(fake.url, {
          target: "mem_sink",
          where: [{ field: "status", op: "eq", value: "open" }],
          having: [{ field: "title", op: "contains", value: "Data" }],
          mapping: [
            { from: "job_id", to: "id" },
            { from: "title", to: "name", transform: "uppercase" }
          ],
          batch_size: 7
        })
      )
      expect(reply.status, reply.text).toBe(200)
      const open = warehouseJobs.filter((j) => j.status === "open")
      const kept = open.filter((j) => j.title.includes("Data"))
      expect(reply.json.stats).toMatchObject({ read: open.length, written: kept.length, filtered_out: open.length - kept.length })
      expect([...server.connectors.sink.data.job.values()].map((r) => r.name).sort()).toEqual(kept.map((j) => j.title.toUpperCase()).sort())
      const dry = yield* server.post("/api/run/pull", pullFromA(fake.url, { target: "sqlite:dry.db", dry_run: true }))
      expect(dry.status).toBe(200)
      expect(dry.json.stats).toMatchObject({ read: 25, written: 0, dry_run: true })
    })
  )

  it.scopedLive("each validation error is a 400 naming the field", () =>
    Effect.gen(function* () {
      const fake = yield* startFake
      const server = yield* Harness.start()
      const base = pullFromA(fake.url, { target: "mem_sink" })
      const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))
      const cases: ReadonlyArray<readonly [unknown, string, string?]> = [
        [without("resource"), "resource"],
        [without("origin"), "origin"],
        [{ ...base, resource: "candidate" }, "resource"],
        [{ ...base, where: [{ field: "status", op: "near", value: "x" }] }, "where[0].op"],
        [{ ...base, where: [{ field: "status", op: "gt", value: "open" }] }, "where[0].op", "ineligible_operator"],
        [{ ...base, where: [{ field: "remote", op: "eq", value: true }] }, "where[0].op", "ineligible_operator"],
        [{ ...base, where: [{ field: "colour", op: "eq", value: "red" }] }, "where[0].field", "unknown_field"],
        [
          {
            ...base,
            where: [
              { field: "status", op: "eq", value: "open" },
              { field: "status", op: "in", value: "open" }
            ]
          },
          "where[1].value"
        ],
        [{ ...base, where: [{ field: "", op: "eq", value: "x" }] }, "where[0].field"],
        [{ ...base, where: "status=open" }, "where"],
        [{ ...base, having: [{ field: "colour.name", op: "eq", value: "x" }] }, "having[0].field", "unknown_field"],
        [{ ...base, having: [{ field: "title", op: "like", value: "x" }] }, "having[0].op"],
        [{ ...base, cursor: { mode: "modified_at" } }, "cursor.mode"],
        [{ ...base, cursor: { mode: "updated_at", start: "yesterday" } }, "cursor.start"],
        [{ ...base, cursor: { mode: "updated_at", sort_by: "up" } }, "cursor.sort_by"],
        [{ ...base, batch_size: 0 }, "batch_size"],
        [{ ...base, batch_size: 1.5 }, "batch_size"],
        [{ ...base, dry_run: "yes" }, "dry_run"],
        [{ ...base, origin_auth: "not-an-object" }, "origin_auth"],
        [{ ...base, mapping: [{ from: "job_id" }] }, "mapping[0].to"],
        [{ ...base, mapping: [{ from: "no_such_field", to: "id" }] }, "mapping[0].from", "mapping_error"],
        [{ ...base, mapping: [{ from: "job_id", to: "nope" }] }, "mapping[0].to", "mapping_error"],
        [{ ...base, mapping: [{ from: "job_id", to: "id" }], formatter_id: "fmt_x" }, "formatter_id"],
        // A formatter given as a code path is not a thing here (PITFALLS 9): an unknown key.
        [{ ...base, formatter: "os.system" }, "formatter"],
        [{ ...base, format_fn: "app.formatters.a_to_b" }, "format_fn"],
        [{ ...base, origin: "sqlite:../outside.db" }, "origin"],
        [{ ...base, target: "file:/etc/passwd.jsonl" }, "target"]
      ]
      for (const [body, field, code] of cases) {
        const reply = yield* server.post("/api/run/pull", body)
        expectBadRequest(reply, field)
        if (code) expect(errorOf(reply).code).toBe(code)
        expect(reply.text).not.toMatch(/\bat [\w.]+ \(|node_modules|\.ts:\d+/)
      }
      const malformed = yield* server.request("POST", "/api/run/pull", { raw: '{"resource": "job",' })
      expectBadRequest(malformed, "body")
      expect(errorOf(malformed).message).toContain("malformed JSON")
      // Nothing was written by any rejected request.
      expect(server.connectors.sink.writes).toEqual([])
    })
  )

  it.scopedLive("unknown origin, target or formatter is a 404 naming the field", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const base = { resource: "job", origin: "mem_source", target: "mem_sink" }
      const origin = yield* server.post("/api/run/pull", { ...base, origin: "warehouse_z" })
      expect(origin.status).toBe(404)
      expect(errorOf(origin)).toMatchObject({ code: "not_found", field: "origin" })
      const target = yield* server.post("/api/run/push", { ...base, target: "warehouse_z", mode: "resources", resources: [] })
      expect(target.status).toBe(404)
      expect(errorOf(target)).toMatchObject({ code: "not_found", field: "target" })
      const formatter = yield* server.post("/api/run/pull", { ...base, formatter_id: "fmt_missing" })
      expect(formatter.status).toBe(404)
      expect(errorOf(formatter)).toMatchObject({ code: "not_found", field: "formatter_id" })
    })
  )

  it.scopedLive("an origin failure is a 502 (auth rejected) with the checkpoint reached, never the key", () =>
    Effect.gen(function* () {
      const fake = yield* startFake
      const server = yield* Harness.start()
      const wrongKey = "wrong-key-ABCDEFGHIJKL"
      const reply = yield* server.post("/api/run/pull", pullFromA(fake.url, { origin_auth: { api_key: wrongKey, base_url: fake.url } }))
      expect(reply.status, reply.text).toBe(502)
      expect(errorOf(reply).code).toBe("auth_error")
      expect(reply.json.error.stats).toMatchObject({ read: 0, written: 0 })
      expect(reply.text).not.toContain(wrongKey)
      // The connector's own message says why.
      expect(errorOf(reply).message).toMatch(/warehouse_a/)
    })
  )

  it.scopedLive("an unreachable origin is a 502 transport error", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const reply = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_down", target: "mem_sink" })
      expect(reply.status, reply.text).toBe(502)
      expect(errorOf(reply).code).toBe("transport_error")
      expect(errorOf(reply).message).toContain("mem_down")
    })
  )

  it.scopedLive("writing to a connector without a write path is a 422", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const reply = yield* server.post("/api/run/push", {
        resource: "job",
        origin: "mem_source",
        target: "mem_readonly",
        mode: "resources",
        resources: [Harness.job(1)]
      })
      expect(reply.status, reply.text).toBe(422)
      expect(errorOf(reply).code).toBe("unsupported")
    })
  )
})

describe("POST /api/run/push", () => {
  it.scopedLive("pushes resources and events; validation errors name the field", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const base = { resource: "job", origin: "mem_source", target: "mem_sink" }
      const resources = yield* server.post("/api/run/push", { ...base, mode: "resources", resources: [Harness.job(100), Harness.job(101)] })
      expect(resources.status, resources.text).toBe(200)
      expect(resources.json).toMatchObject({ total_resources_pushed: 2, errors: [] })
      expect(server.connectors.sink.data.job.has("j100")).toBe(true)
      const events = yield* server.post("/api/run/push", {
        ...base,
        mode: "events",
        events: [
          { type: "updated", resource_id: "j001" },
          { type: "updated", resource_id: "j002" },
          { type: "updated", resource_id: "j999" }
        ]
      })
      expect(events.status, events.text).toBe(200)
      expect(events.json).toMatchObject({ total_events: 3, total_resources_pushed: 2, skipped_missing: 1 })
      expectBadRequest(yield* server.post("/api/run/push", { ...base, resources: [] }), "mode")
      expectBadRequest(yield* server.post("/api/run/push", { ...base, mode: "rows", resources: [] }), "mode")
      expectBadRequest(yield* server.post("/api/run/push", { ...base, mode: "events", events: [{ type: "moved", resource_id: "x" }] }), "events[0].type")
      expectBadRequest(yield* server.post("/api/run/push", { ...base, mode: "resources", resources: {} }), "resources")
      expectBadRequest(yield* server.post("/api/run/push", { ...base, mode: "resources", resources: [], where: [] }), "where")
    })
  )
})

describe("formatters", () => {
  it.scopedLive("build, get, and run with a saved formatter", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const mapping = [
        { from: "id", to: "id" },
        { from: "name", to: "name", transform: "lowercase" }
      ]
      const built = yield* server.post("/api/formatters/build", { resource: "job", origin: "mem_source", target: "mem_sink", mapping })
      expect(built.status, built.text).toBe(200)
      expect(built.json.formatter_id).toMatch(/^fmt_/)
      expect(built.json).toMatchObject({ resource: "job", origin: "mem_source", target: "mem_sink", mapping })
      const id = built.json.formatter_id as string
      const got = yield* server.get(`/api/formatters/${id}`)
      expect(got.status).toBe(200)
      expect(got.json).toEqual(built.json)

      const pulled = yield* server.post("/api/run/pull_with_formatter", {
        formatter_id: id,
        cfg: { resource: "job", origin: "mem_source", target: "mem_sink", cursor: { mode: "id" } }
      })
      expect(pulled.status, pulled.text).toBe(200)
      expect(pulled.json.stats.written).toBe(30)
      const written = server.connectors.sink.data.job.get("j002")
      expect(written).toEqual({ id: "j002", name: "data engineer 2" })

      const pushed = yield* server.post("/api/run/push_with_formatter", {
        formatter_id: id,
        cfg: { resource: "job", origin: "mem_source", target: "mem_sink", mode: "resources", resources: [Harness.job(500)] }
      })
      expect(pushed.status, pushed.text).toBe(200)
      expect(server.connectors.sink.data.job.get("j500")).toEqual({ id: "j500", name: "data engineer 500" })

      // Errors: unknown ids, formatter given twice, bad mapping, unknown connector.
      const missing = yield* server.get("/api/formatters/fmt_nope")
      expect(missing.status).toBe(404)
      expect(errorOf(missing)).toMatchObject({ code: "not_found", field: "formatter_id" })
      const missingRun = yield* server.post("/api/run/pull_with_formatter", {
        formatter_id: "fmt_nope",
        cfg: { resource: "job", origin: "mem_source", target: "mem_sink" }
      })
      expect(missingRun.status).toBe(404)
      expectBadRequest(
        yield* server.post("/api/run/pull_with_formatter", { formatter_id: id, cfg: { resource: "job", origin: "mem_source", target: "mem_sink", mapping } }),
        "cfg.mapping"
      )
      expectBadRequest(
        yield* server.post("/api/run/pull_with_formatter", {
          formatter_id: id,
          cfg: { resource: "job", origin: "mem_source", target: "mem_sink", where: [{ field: "status", op: "gt", value: "x" }] }
        }),
        "cfg.where[0].op"
      )
      expectBadRequest(yield* server.post("/api/run/pull_with_formatter", { formatter_id: id }), "cfg")
      expectBadRequest(
        yield* server.post("/api/formatters/build", { resource: "job", origin: "mem_source", target: "mem_sink", mapping: [{ from: "id", to: "nope" }] }),
        "mapping[0].to"
      )
      expectBadRequest(
        yield* server.post("/api/formatters/build", { resource: "job", origin: "mem_source", target: "mem_sink", mapping: [{ from: "id" }] }),
        "mapping[0].to"
      )
      expectBadRequest(
        yield* server.post("/api/formatters/build", { resource: "job", origin: "mem_source", target: "mem_sink", mapping: [], module: "x.y" }),
        "module"
      )
      const unknownOrigin = yield* server.post("/api/formatters/build", { resource: "job", origin: "nope", target: "mem_sink", mapping })
      expect(unknownOrigin.status).toBe(404)
      expect(errorOf(unknownOrigin).field).toBe("origin")
    })
  )
})

describe("state store", () => {
  it.scopedLive("formatters and checkpoints persist in the SQLite state store across restarts", () =>
    Effect.gen(function* () {
      const stateDir = Harness.tempDir("hrtech-state-")
      const state = () => Store.layerFromUri(`sqlite:${join(stateDir, "state.db")}`)
      const mapping = [
        { from: "id", to: "id" },
        { from: "name", to: "name" }
      ]
      const built = yield* Effect.scoped(
        Effect.gen(function* () {
          const first = yield* Harness.start({}, { state: state() })
          const reply = yield* first.post("/api/formatters/build", { resource: "job", origin: "mem_source", target: "mem_sink", mapping })
          const pulled = yield* first.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink", resume: true })
          expect(pulled.json.stats.written).toBe(30)
          return reply.json.formatter_id as string
        })
      )
      const second = yield* Harness.start({}, { state: state() })
      const got = yield* second.get(`/api/formatters/${built}`)
      expect(got.status).toBe(200)
      expect(got.json.mapping).toEqual(mapping)
      // The checkpoint saved by the first server: a resumed pull starts after it.
      const resumed = yield* second.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink", resume: true })
      expect(resumed.status, resumed.text).toBe(200)
      expect(resumed.json.resumed).toBe(true)
      expect(resumed.json.stats.written).toBe(0)
    })
  )
})

describe("background runs", () => {
  it.scopedLive("POST /api/runs starts a run; status and SSE report live counters, then the result", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const started = yield* server.post("/api/runs", {
        kind: "pull",
        request: { resource: "job", origin: "mem_slow", target: "mem_sink", batch_size: 2, cursor: { mode: "updated_at" } }
      })
      expect(started.status, started.text).toBe(202)
      const runId = started.json.run_id as string
      expect(started.json).toMatchObject({ status_url: `/api/runs/${runId}`, events_url: `/api/runs/${runId}/events` })
      const early = yield* server.get(`/api/runs/${runId}`)
      expect(early.status).toBe(200)
      expect(early.json).toMatchObject({ run_id: runId, kind: "pull", status: "running" })

      const events = yield* server.get(`/api/runs/${runId}/events`)
      expect(events.status).toBe(200)
      expect(events.headers.get("content-type")).toContain("text/event-stream")
      const parsed = parseSse(events.text)
      const last = parsed.at(-1)!
      expect(last.event).toBe("end")
      expect(last.data).toMatchObject({ status: "succeeded", counters: { read: 12, written: 12 } })
      expect(last.data.result.cursor.end).toBe("2024-02-12T10:00:00Z")
      const progress = parsed.filter((e) => e.event === "progress")
      expect(progress.length).toBeGreaterThan(1)
      const written = progress.map((e) => e.data.counters.written ?? 0)
      expect(written).toEqual([...written].sort((a, b) => a - b))
      expect(written.some((w) => w > 0 && w < 12)).toBe(true)

      const done = yield* server.get(`/api/runs/${runId}`)
      expect(done.json).toMatchObject({ status: "succeeded", batches: 6, counters: { read: 12, written: 12 } })
      expect(typeof done.json.finished_at).toBe("string")
      // Events of a finished run: just the final event.
      const replay = parseSse((yield* server.get(`/api/runs/${runId}/events`)).text)
      expect(replay.map((e) => e.event)).toEqual(["end"])
    })
  )

  it.scopedLive("a run survives the client disconnecting from its event stream", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const started = yield* server.post("/api/runs", {
        kind: "pull",
        request: { resource: "job", origin: "mem_slow", target: "mem_sink", batch_size: 2 }
      })
      const runId = started.json.run_id as string
      // Read the first bytes of the stream, then drop the connection.
      const first = yield* Effect.promise(async () => {
        const controller = new AbortController()
        const response = await fetch(`${server.url}/api/runs/${runId}/events`, { signal: controller.signal })
        const reader = response.body!.getReader()
        const chunk = await reader.read()
        controller.abort()
        return new TextDecoder().decode(chunk.value)
      })
      expect(first).toContain("event: progress")
      const done = yield* Harness.awaitRun(server, runId)
      expect(done.json).toMatchObject({ status: "succeeded", counters: { written: 12 } })
      expect(server.connectors.sink.data.job.size).toBe(12)
    })
  )

  it.scopedLive("a push in the background, a failed run, unknown runs and validation", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const push = yield* server.post("/api/runs", {
        kind: "push",
        request: { resource: "job", origin: "mem_source", target: "mem_sink", mode: "resources", resources: [Harness.job(700)] }
      })
      expect(push.status, push.text).toBe(202)
      const pushed = yield* Harness.awaitRun(server, push.json.run_id)
      expect(pushed.json).toMatchObject({ kind: "push", status: "succeeded", counters: { total_resources_pushed: 1 } })

      const secret = Harness.leakyRightKey
      const failing = yield* server.post("/api/runs", {
        kind: "pull",
        request: { resource: "job", origin: "leaky", origin_auth: { api_key: secret }, target: "mem_sink" }
      })
      expect(failing.status).toBe(202)
      const failed = yield* Harness.awaitRun(server, failing.json.run_id)
      expect(failed.json.status).toBe("failed")
      expect(failed.json.error).toMatchObject({ code: "auth_error" })
      const failedEvents = yield* server.get(`/api/runs/${failing.json.run_id}/events`)
      expect(parseSse(failedEvents.text).at(-1)).toMatchObject({ event: "end", data: { status: "failed" } })
      for (const body of server.bodies) expect(body).not.toContain(secret)

      const unknown = yield* server.get("/api/runs/run_nope")
      expect(unknown.status).toBe(404)
      expect(errorOf(unknown)).toMatchObject({ code: "not_found", field: "id" })
      expect((yield* server.get("/api/runs/run_nope/events")).status).toBe(404)
      expectBadRequest(yield* server.post("/api/runs", { kind: "sync", request: {} }), "kind")
      expectBadRequest(
        yield* server.post("/api/runs", {
          kind: "pull",
          request: { resource: "job", origin: "mem_source", target: "mem_sink", where: [{ field: "status", op: "lt", value: "x" }] }
        }),
        "request.where[0].op"
      )
      expectBadRequest(
        yield* server.post("/api/runs", { kind: "pull", request: { resource: "job", origin: "sqlite:/etc/x.db", target: "mem_sink" } }),
        "request.origin"
      )
      const unknownOrigin = yield* server.post("/api/runs", { kind: "pull", request: { resource: "job", origin: "nope", target: "mem_sink" } })
      expect(unknownOrigin.status).toBe(404)
      expect(errorOf(unknownOrigin).field).toBe("request.origin")
    })
  )
})

describe("routes, docs and error shape", () => {
  it.scopedLive("unknown routes and methods are 404 with the error shape", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      for (const [method, path] of [
        ["GET", "/api/nope"],
        ["GET", "/api/run/pull"],
        ["DELETE", "/api/connectors"],
        ["GET", "/etc/passwd"]
      ] as const) {
        const reply = yield* server.request(method, path)
        expect(reply.status).toBe(404)
        expect(errorOf(reply).code).toBe("not_found")
      }
    })
  )

  it.scopedLive("OpenAPI lists every route of REFERENCE.md; /docs works offline", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const spec = yield* server.get("/openapi.json")
      expect(spec.status).toBe(200)
      const paths = Object.keys(spec.json.paths)
      expect(paths).toEqual(
        expect.arrayContaining([
          "/api/connectors",
          "/api/schema/unified/{resource}",
          "/api/schema/{connector}/{resource}",
          "/api/run/pull",
          "/api/run/push",
          "/api/formatters/build",
          "/api/formatters/{id}",
          "/api/run/pull_with_formatter",
          "/api/run/push_with_formatter",
          "/api/runs",
          "/api/runs/{id}",
          "/api/runs/{id}/events",
          "/api/fields/{connector}/{resource}"
        ])
      )
      // Request bodies are typed: the pull body names its keys.
      const pullBody = JSON.stringify(spec.json.paths["/api/run/pull"].post.requestBody)
      expect(pullBody).toContain("#/components/schemas/PullRequest")
      // 400s are documented with the shape actually sent.
      expect(spec.json.paths["/api/run/pull"].post.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/BadRequest" })
      expect(spec.text).not.toContain("HttpApiDecodeError")
      expect(JSON.stringify(spec.json.components)).toContain("origin_auth")
      const docs = yield* server.get("/docs")
      expect(docs.status).toBe(200)
      expect(docs.headers.get("content-type")).toContain("text/html")
      expect(docs.text).toContain("SwaggerUIBundle")
      // The docs page carries its scripts and the spec inline: no CDN.
      expect(docs.text).not.toMatch(/<script[^>]+src=["']https?:/)
      expect(docs.text).not.toMatch(/<link[^>]+href=["']https?:/)
      const root = yield* server.get("/")
      expect(root.status).toBe(302)
      expect(root.headers.get("location")).toBe("/playground")
    })
  )

  it.effect("the API declares every route once, with typed payloads", () =>
    Effect.sync(() => {
      const endpoints = Object.values(Api.groups).flatMap((g) => Object.values(g.endpoints))
      const keys = endpoints.map((e) => `${e.method} ${e.path}`)
      expect(new Set(keys).size).toBe(keys.length)
      for (const e of endpoints.filter((e) => e.method === "POST")) expect(e.payloadSchema._tag).toBe("Some")
      expect(Schema.isSchema(Api.groups.run.endpoints.pull.successSchema)).toBe(true)
    })
  )
})
