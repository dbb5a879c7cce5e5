/**
 * What leaves the server for addresses a caller names: the server's own vendor credentials (from its
 * environment) reach only the connector's own hosts or `HRTECH_ETL_ALLOWED_HOSTS`; `postgres://`
 * targets only allowed hosts; `sqlite:` / `file:` paths only the data directory.
 */
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Builtin from "../../src/connectors/builtin.js"
import * as Registry from "../../src/core/Registry.js"
import * as State from "../../src/core/State.js"
import * as Server from "../../src/server/Server.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

const serverKey = "server-env-key-0123456789"
const serverEnv = { HRTECH_ETL_WAREHOUSE_A_API_KEY: serverKey }

/** Starts the API with the built-in connectors, whose environment holds a Warehouse A key. */
const startServer = (env: Record<string, string> = {}) =>
  Effect.gen(function* () {
    const dataDir = mkdtempSync(join(tmpdir(), "hrtech-outbound-"))
    const registry = Layer.succeed(Registry.Registry, Registry.make(Builtin.factories, Builtin.resolvers, serverEnv))
    const context = yield* Layer.build(
      Server.makeServer({ host: "127.0.0.1", port: 0, mode: "api", dataDir, env }).pipe(Layer.provide(Layer.merge(registry, State.memory)))
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    const url = address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
    const post = (path: string, body: unknown) =>
      Effect.promise(async () => {
        const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
        const text = await response.text()
        return { status: response.status, text, json: JSON.parse(text) as any }
      })
    return { post, dataDir }
  })

/** A listener that answers every request with an empty page and remembers what it received. */
const listener = FakeServer.make(() => ({ body: { data: [], next_cursor: null } }))

const pullFrom = (origin: string, originAuth: Record<string, unknown>, target = "file:out.jsonl") => ({
  resource: "job",
  origin,
  origin_auth: originAuth,
  target,
  cursor: { mode: "updated_at", start: null, sort_by: "asc" }
})

describe("outbound addresses of server requests", () => {
  it.scoped("a caller's base_url on a loopback listener gets no server credential: refused with a 400 naming base_url", () =>
    Effect.gen(function* () {
      const fake = yield* listener
      const server = yield* startServer()
      const reply = yield* server.post("/api/run/pull", pullFrom("warehouse_a", { base_url: fake.url }))
      expect(reply.status, reply.text).toBe(400)
      expect(reply.json.error.field).toBe("origin_auth.base_url")
      expect(reply.text).toContain("HRTECH_ETL_ALLOWED_HOSTS")
      expect(reply.text).not.toContain(serverKey)
      expect(yield* fake.requests).toHaveLength(0)
    })
  )

  it.scoped("a sync stored over HTTP is checked like a run: a caller's base_url or postgres host is refused when stored", () =>
    Effect.gen(function* () {
      const fake = yield* listener
      const server = yield* startServer()
      const sync = (over: Record<string, unknown>) => ({
        name: "acme-jobs",
        tenant: "acme",
        resource: "job",
        origin: "warehouse_a",
        target: "file:out.jsonl",
        schedule: "0 * * * *",
        ...over
      })
      const viaBaseUrl = yield* server.post("/api/syncs", sync({ origin_auth: { base_url: fake.url } }))
      expect(viaBaseUrl.status, viaBaseUrl.text).toBe(400)
      expect(viaBaseUrl.json.error.field).toBe("origin_auth.base_url")
      const viaPostgres = yield* server.post("/api/syncs", sync({ target: "postgres://etl:pw-0123456789@db.internal.example:5432/jobs" }))
      expect(viaPostgres.status, viaPostgres.text).toBe(400)
      expect(viaPostgres.json.error.field).toBe("target")
      expect(viaPostgres.text).not.toContain("pw-0123456789")
      expect(yield* fake.requests).toHaveLength(0)
    })
  )

  it.scoped("the same request reaches an allowed host, with the server's key (so the refusal above is the policy)", () =>
    Effect.gen(function* () {
      const fake = yield* listener
      const server = yield* startServer({ HRTECH_ETL_ALLOWED_HOSTS: `127.0.0.1:${fake.port}` })
      const reply = yield* server.post("/api/run/pull", pullFrom("warehouse_a", { base_url: fake.url }))
      expect(reply.status, reply.text).toBe(200)
      const received = yield* fake.requests
      expect(received.length).toBeGreaterThan(0)
      expect(received[0]!.headers["x-api-key"]).toBe(serverKey)
    })
  )

  it.scoped("an allow-list entry for another port does not allow this one", () =>
    Effect.gen(function* () {
      const fake = yield* listener
      const server = yield* startServer({ HRTECH_ETL_ALLOWED_HOSTS: `127.0.0.1:${fake.port === 1 ? 2 : 1}` })
      const reply = yield* server.post("/api/run/pull", pullFrom("warehouse_a", { base_url: fake.url, api_key: "callers-own-key" }))
      expect(reply.status, reply.text).toBe(400)
      expect(reply.json.error.field).toBe("origin_auth.base_url")
      expect(yield* fake.requests).toHaveLength(0)
    })
  )

  it.scoped("a postgres:// target off the allow-list is refused before any connection", () =>
    Effect.gen(function* () {
      const fake = yield* listener
      const server = yield* startServer()
      const reply = yield* server.post("/api/run/pull", pullFrom("file:in.jsonl", {}, `postgres://u:pw-secret@127.0.0.1:${fake.port}/db`))
      expect(reply.status, reply.text).toBe(400)
      expect(reply.json.error.field).toBe("target")
      expect(reply.text).not.toContain("pw-secret")
      expect(yield* fake.requests).toHaveLength(0)
    })
  )

  it.scoped("sslrootcert and other file-reading options of a postgres:// URI are refused from requests", () =>
    Effect.gen(function* () {
      const server = yield* startServer({ HRTECH_ETL_ALLOWED_HOSTS: "db.internal" })
      const reply = yield* server.post("/api/run/pull", pullFrom("file:in.jsonl", {}, "postgres://u@db.internal/hr?sslrootcert=/etc/passwd"))
      expect(reply.status, reply.text).toBe(400)
      expect(reply.text).toContain("sslrootcert")
    })
  )

  it.scoped("a sqlite: URI cannot leave the data directory through a query suffix", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const escape = `sqlite:x.db?/../../../../${"outside-" + Date.now()}/pwn.db`
      const reply = yield* server.post("/api/run/pull", pullFrom("file:in.jsonl", {}, escape))
      expect(reply.status, reply.text).toBe(400)
      expect(reply.json.error.field).toBe("target")
      expect(existsSync(join(server.dataDir, "x.db"))).toBe(false)
    })
  )
})
