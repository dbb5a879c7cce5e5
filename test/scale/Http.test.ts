/**
 * `/api/syncs` and `/api/sync_limits` over real HTTP (the group served on its own, 127.0.0.1 port 0,
 * with a SQLite state database): CRUD, live status and history, errors naming the field, URIs
 * confined to the data directory, and auth values never in a response.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { mkdirSync } from "node:fs"
import { createServer } from "node:http"
import { join } from "node:path"
import * as Environment from "../../src/scale/Environment.js"
import { Settings } from "../../src/server/Settings.js"
import * as Server from "../../src/server/Server.js"
import * as ServerSyncs from "../../src/server/groups/Syncs.js"
import { tempDir } from "../connectors/sql/Engines.js"
import * as Harness from "./Harness.js"

const secret = "tenant-secret-abc-987"

/** Serves the syncs group alone and answers its base URL. */
const serve = (dir: string) =>
  Effect.gen(function* () {
    const state = `sqlite:${join(dir, "state.db")}`
    const dataDir = join(dir, "data")
    mkdirSync(dataDir, { recursive: true })
    const api = HttpApiBuilder.api(HttpApi.make("hrtech-etl").add(ServerSyncs.SyncsGroup)).pipe(
      Layer.provide(ServerSyncs.layer),
      Layer.provide(Layer.succeed(Settings, { dataDir })),
      Layer.provide(Layer.succeed(Environment.StateUri, state)),
      Layer.provide(Harness.environment(state))
    )
    const server = HttpApiBuilder.serve().pipe(Layer.provide(api), Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })))
    const context = yield* Layer.build(server)
    const address = (yield* Effect.provide(HttpServer.HttpServer, context)).address
    return `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
  })

const call = (base: string, method: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } })
    })
    const text = await response.text()
    return { status: response.status, text, json: text === "" ? undefined : (JSON.parse(text) as any) }
  })

const definition = (over: Record<string, unknown> = {}) => ({
  name: "acme-jobs",
  tenant: "acme",
  resource: "job",
  origin: "warehouse_a",
  origin_auth: { api_key: secret, base_url: "http://127.0.0.1:9" },
  target: "sqlite:acme.db",
  schedule: "*/5 * * * *",
  ...over
})

describe("HTTP /api/syncs", () => {
  it.scopedLive("defines, lists, shows, replaces, triggers and removes syncs; never answers auth values", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const base = yield* serve(dir)
      const responses: Array<string> = []
      const req = (method: string, path: string, body?: unknown) => Effect.tap(call(base, method, path, body), (r) => Effect.sync(() => responses.push(r.text)))

      const created = yield* req("POST", "/api/syncs", definition())
      expect(created.status).toBe(201)
      expect(created.json).toMatchObject({ name: "acme-jobs", origin_auth_keys: ["api_key", "base_url"], concurrency_class: "warehouse_a" })
      // The target was confined to the data directory, where workers will open it.
      expect(created.json.target).toBe(`sqlite:${join(dir, "data", "acme.db")}`)

      const again = yield* req("POST", "/api/syncs", definition())
      expect(again.status).toBe(400)
      expect(again.json.error).toMatchObject({ code: "already_exists", field: "name" })

      const list = yield* req("GET", "/api/syncs?tenant=acme")
      expect(list.status).toBe(200)
      expect(list.json.map((s: { name: string }) => s.name)).toEqual(["acme-jobs"])
      expect((yield* req("GET", "/api/syncs?tenant=other")).json).toEqual([])

      const status = yield* req("GET", "/api/syncs/acme-jobs")
      expect(status.status).toBe(200)
      expect(status.json).toMatchObject({ sync: { name: "acme-jobs" }, current: null, last_run: null, runs_succeeded: 0 })

      const replaced = yield* req("PUT", "/api/syncs/acme-jobs", definition({ schedule: "0 * * * *", tenant: "acme-corp" }))
      expect(replaced.status).toBe(200)
      expect(replaced.json).toMatchObject({ schedule: "0 * * * *", tenant: "acme-corp" })
      const mismatch = yield* req("PUT", "/api/syncs/acme-jobs", definition({ name: "other" }))
      expect(mismatch.json.error).toMatchObject({ field: "name" })

      const run = yield* req("POST", "/api/syncs/acme-jobs/run", {})
      expect(run.status).toBe(202)
      expect(run.json.run_requested_at).not.toBeNull()
      expect((yield* req("GET", "/api/syncs/acme-jobs/runs?limit=5")).json).toEqual([])

      const limit = yield* req("PUT", "/api/sync_limits/warehouse_a", { max_concurrent: 6 })
      expect(limit.json).toEqual({ concurrency_class: "warehouse_a", max_concurrent: 6 })
      expect((yield* req("GET", "/api/sync_limits")).json).toEqual([{ concurrency_class: "warehouse_a", max_concurrent: 6 }])

      expect((yield* req("DELETE", "/api/syncs/acme-jobs")).status).toBe(204)
      const gone = yield* req("GET", "/api/syncs/acme-jobs")
      expect(gone.status).toBe(404)
      expect(gone.json.error).toMatchObject({ code: "not_found", field: "name" })
      expect((yield* req("POST", "/api/syncs/acme-jobs/run", {})).status).toBe(404)

      for (const text of responses) expect(text).not.toContain(secret)
    })
  )

  it.scopedLive("rejects bad definitions with the field named, before storing anything", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const base = yield* serve(dir)
      const where = yield* call(base, "POST", "/api/syncs", definition({ where: [{ field: "title", op: "gt", value: "x" }] }))
      expect(where.status).toBe(400)
      expect(where.json.error).toMatchObject({ field: "where[0].op" })
      const origin = yield* call(base, "POST", "/api/syncs", definition({ origin: "nobody" }))
      expect(origin.status).toBe(400)
      expect(origin.json.error).toMatchObject({ field: "origin" })
      const escape = yield* call(base, "POST", "/api/syncs", definition({ target: "sqlite:/etc/hrtech.db" }))
      expect(escape.status).toBe(400)
      expect(escape.json.error.field).toBe("target")
      const formatter = yield* call(base, "POST", "/api/syncs", definition({ formatter_id: "fmt_nope" }))
      expect(formatter.status).toBe(404)
      expect(formatter.json.error).toMatchObject({ field: "formatter_id" })
      const schedule = yield* call(base, "POST", "/api/syncs", definition({ schedule: "99 * * * *" }))
      expect(schedule.status).toBe(400)
      const unknownKey = yield* call(base, "POST", "/api/syncs", { ...definition(), scheduel: "* * * * *" })
      expect(unknownKey.status).toBe(400)
      expect((yield* call(base, "GET", "/api/syncs")).json).toEqual([])
      for (const r of [where, origin, escape, formatter, schedule, unknownKey]) expect(r.text).not.toContain(secret)
    })
  )

  it.scopedLive("are served by `hrtech-etl serve`'s server, documented in /openapi.json, behind its error shape", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const state = `sqlite:${join(dir, "state.db")}`
      // The definition's origin is a local address: allowed, as an operator would for a self-hosted vendor.
      const server = Server.makeServer({ host: "127.0.0.1", port: 0, dataDir: join(dir, "data"), env: { HRTECH_ETL_ALLOWED_HOSTS: "127.0.0.1:9" } }).pipe(
        Layer.provide(Harness.environment(state)),
        Layer.provide(Layer.succeed(Environment.StateUri, state))
      )
      const context = yield* Layer.build(server)
      const address = (yield* Effect.provide(HttpServer.HttpServer, context)).address
      const base = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
      const spec = yield* call(base, "GET", "/openapi.json")
      expect(Object.keys(spec.json.paths)).toEqual(
        expect.arrayContaining(["/api/syncs", "/api/syncs/{name}", "/api/syncs/{name}/run", "/api/syncs/{name}/runs", "/api/sync_limits"])
      )
      const created = yield* call(base, "POST", "/api/syncs", definition())
      expect(created.status).toBe(201)
      // A decoding failure has the API's shape and names the field, without echoing the auth payload.
      const bad = yield* call(base, "POST", "/api/syncs", { ...definition(), origin_auth: secret })
      expect(bad.status).toBe(400)
      expect(bad.json.error).toMatchObject({ code: "invalid_input", field: "origin_auth" })
      expect(bad.text).not.toContain(secret)
      expect((yield* call(base, "GET", "/api/syncs")).json.map((s: { name: string }) => s.name)).toEqual(["acme-jobs"])
    })
  )
})
