/**
 * `GET /api/failures` and `POST /api/failures/retry` on a served API (127.0.0.1, port 0): a pull into a
 * target that refuses some jobs stores them; the list shows them; once the target accepts them a retry
 * writes them and removes their rows; bad bodies are 400s naming the field; with a token set, both
 * routes answer 401 without it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Registry from "../../src/core/Registry.js"
import * as Memory from "../../src/testing/Memory.js"
import * as Harness from "./Harness.js"

const picky = () => {
  const refusing = new Set(["j003", "j007", "j011"])
  const connector = Memory.make({
    name: "mem_picky",
    label: "Picky memory",
    failWrite: (record) => (refusing.has(String(record.id)) ? `job ${String(record.id)} refused: name too short` : undefined)
  })
  const factory: Registry.Factory = {
    name: "mem_picky",
    label: connector.label,
    warehouseType: "database",
    authKeys: [{ name: "api_key", secret: true }],
    schemas: connector.schemas,
    make: () => Effect.succeed(connector)
  }
  return { refusing, connector, factory }
}

const SECRET = "picky-api-key-never-shown-42"
const run = { resource: "job", origin: "mem_source", target: "mem_picky", target_auth: { api_key: SECRET } }

const errorOf = (reply: Harness.Reply) => reply.json?.error as { code: string; message: string; field?: string }

describe("/api/failures", () => {
  it.scopedLive("a pull's refused jobs are listed; a retry writes them once accepted, removes their rows, and then finds nothing", () =>
    Effect.gen(function* () {
      const target = picky()
      const server = yield* Harness.start({}, { records: 16, factories: [target.factory] })
      const pulled = yield* server.post("/api/run/pull", { ...run, cursor: { mode: "updated_at", start: null, sort_by: "asc" } })
      expect(pulled.status, pulled.text).toBe(200)
      expect(pulled.json.stats.failed).toBe(3)
      const pipeline = pulled.json.pipeline_id as string

      const listed = yield* server.get(`/api/failures?pipeline_id=${encodeURIComponent(pipeline)}`)
      expect(listed.status, listed.text).toBe(200)
      const failures = listed.json.failures as Array<Record<string, unknown>>
      expect(failures.map((f) => f.record_id).sort()).toEqual(["j003", "j007", "j011"])
      expect(failures[0]).toMatchObject({ pipeline_id: pipeline, stage: "write", payload: { id: failures[0]!.record_id } })
      expect((yield* server.get("/api/failures?limit=1")).json.failures).toHaveLength(1)

      target.refusing.delete("j003")
      target.refusing.delete("j011")
      const partial = yield* server.post("/api/failures/retry", { ...run, pipeline_id: pipeline })
      expect(partial.status, partial.text).toBe(200)
      expect(partial.json).toMatchObject({ pipeline_id: pipeline, retried: 3, resolved: 2, still_failing: 1, not_replayable: 0 })
      expect(partial.json.push.errors).toEqual([{ id: "j007", stage: "write", message: "job j007 refused: name too short" }])
      expect(target.connector.data.job.has("j003")).toBe(true)
      const left = yield* server.get(`/api/failures?pipeline_id=${encodeURIComponent(pipeline)}`)
      expect((left.json.failures as Array<{ record_id: string }>).map((f) => f.record_id)).toEqual(["j007"])

      target.refusing.clear()
      const done = yield* server.post("/api/failures/retry", { ...run, pipeline_id: pipeline, limit: 10 })
      expect(done.json).toMatchObject({ retried: 1, resolved: 1, still_failing: 0 })
      expect((yield* server.get("/api/failures")).json).toEqual({ failures: [] })
      const again = yield* server.post("/api/failures/retry", { ...run, pipeline_id: pipeline })
      expect(again.json).toMatchObject({ retried: 0, resolved: 0, still_failing: 0, push: { total_events: 0 } })
      for (const body of server.bodies) expect(body).not.toContain(SECRET)

      const spec = (yield* server.get("/openapi.json")).json as { paths: Record<string, Record<string, unknown>> }
      expect(Object.keys(spec.paths["/api/failures"] ?? {})).toEqual(["get"])
      expect(Object.keys(spec.paths["/api/failures/retry"] ?? {})).toEqual(["post"])
    })
  )

  it.scopedLive("bad queries and bodies are 400s (404 for an unknown formatter) naming the field; nothing is written", () =>
    Effect.gen(function* () {
      const target = picky()
      const server = yield* Harness.start({}, { records: 8, factories: [target.factory] })
      const pulled = yield* server.post("/api/run/pull", { ...run, cursor: { mode: "updated_at", start: null, sort_by: "asc" } })
      const pipeline = pulled.json.pipeline_id as string
      target.refusing.clear()
      const writes = target.connector.writes.length
      const cases: ReadonlyArray<readonly [unknown, number, string]> = [
        [{ ...run }, 400, "pipeline_id"],
        [{ ...run, pipeline_id: "" }, 400, "pipeline_id"],
        [{ ...run, pipeline_id: pipeline, limit: 0 }, 400, "limit"],
        [{ ...run, pipeline_id: pipeline, limit: "10" }, 400, "limit"],
        [{ ...run, pipeline_id: pipeline, mode: "events" }, 400, "mode"],
        [{ ...run, pipeline_id: pipeline, resource: "candidate" }, 400, "resource"],
        [{ ...run, pipeline_id: pipeline, target: "mem_sink" }, 400, "pipeline_id"],
        [{ ...run, pipeline_id: "mine", target: "nowhere" }, 404, "target"],
        [{ ...run, pipeline_id: "mine", origin: "file:../../etc/passwd" }, 400, "origin"],
        [{ ...run, pipeline_id: pipeline, formatter_id: "fmt_missing" }, 404, "formatter_id"],
        [{ ...run, pipeline_id: pipeline, mapping: [{ from: "nope", to: "name" }] }, 400, "mapping[0].from"],
        [{ ...run, pipeline_id: pipeline, target_auth: "x" }, 400, "target_auth"]
      ]
      for (const [body, status, field] of cases) {
        const reply = yield* server.post("/api/failures/retry", body)
        expect(reply.status, `${JSON.stringify(body)} → ${reply.text}`).toBe(status)
        expect(errorOf(reply).field, reply.text).toBe(field)
      }
      for (const query of ["limit=0", "limit=abc", `limit=1001`, "pipeline_id="]) {
        const reply = yield* server.get(`/api/failures?${query}`)
        expect(reply.status, `${query} → ${reply.text}`).toBe(400)
        expect(errorOf(reply).field).toBe(query.split("=")[0])
      }
      expect(target.connector.writes.length).toBe(writes)
      expect((yield* server.get("/api/failures")).json.failures).toHaveLength(2)
      for (const body of server.bodies) expect(body).not.toContain(SECRET)
    })
  )

  it.scopedLive("with a token set, both routes answer 401 without it and work with it", () =>
    Effect.gen(function* () {
      const target = picky()
      const token = "failures-token-0123456789abcdef0123"
      const server = yield* Harness.start({ apiToken: token }, { records: 4, factories: [target.factory] })
      const bearer = { authorization: `Bearer ${token}` }
      expect((yield* server.get("/api/failures")).status).toBe(401)
      expect((yield* server.get("/api/failures", { authorization: "Bearer wrong" })).status).toBe(401)
      const refused = yield* server.post("/api/failures/retry", { ...run, pipeline_id: "p" })
      expect(refused.status).toBe(401)
      expect(errorOf(refused).code).toBe("unauthorized")
      expect((yield* server.get("/api/failures", bearer)).status).toBe(200)
      const retried = yield* server.post("/api/failures/retry", { ...run, pipeline_id: "p" }, bearer)
      expect(retried.status, retried.text).toBe(200)
      expect(retried.json).toMatchObject({ pipeline_id: "p", retried: 0 })
    })
  )
})
