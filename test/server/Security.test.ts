/**
 * The server's safety rules, through real requests: route visibility per mode, bearer-token
 * enforcement, data-directory confinement of `file:` / `sqlite:` URIs, body-size limits, and that a
 * secret given in `origin_auth` / `target_auth` never comes back in any response.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { mkdirSync, symlinkSync } from "node:fs"
import * as Http from "node:http"
import { join } from "node:path"
import * as Safety from "../../src/server/Safety.js"
import * as Server from "../../src/server/Server.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"

const token = "test-token-0123456789abcdef"

describe("modes", () => {
  const probe = (server: Harness.TestServer) =>
    Effect.gen(function* () {
      const status = async (path: string) => (await fetch(`${server.url}${path}`, { redirect: "manual" })).status
      return yield* Effect.promise(async () => ({
        api: await status("/api/connectors"),
        unified: await status("/api/schema/unified/job"),
        docs: await status("/docs"),
        openapi: await status("/openapi.json"),
        playground: await status("/playground"),
        script: await status("/playground/app.js"),
        css: await status("/playground/app.css"),
        playgroundApi: await status("/playground/api/connectors")
      }))
    })

  it.scopedLive("api mode has the API and docs but no playground", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ mode: "api" })
      expect(yield* probe(server)).toEqual({ api: 200, unified: 200, docs: 200, openapi: 200, playground: 404, script: 404, css: 404, playgroundApi: 404 })
      const missing = yield* server.get("/playground")
      expect(missing.json.error.code).toBe("not_found")
    })
  )

  it.scopedLive("playground mode has the page and its backend under /playground/api, but no /api, docs or OpenAPI", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ mode: "playground" })
      expect(yield* probe(server)).toEqual({ api: 404, unified: 404, docs: 404, openapi: 404, playground: 200, script: 200, css: 200, playgroundApi: 200 })
      const page = yield* server.get("/playground")
      expect(page.text).toContain('"apiBase":"/playground/api"')
      expect(page.text).not.toContain('href="/docs"')
      const run = yield* server.post("/playground/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink" })
      expect(run.status, run.text).toBe(200)
      const blocked = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink" })
      expect(blocked.status).toBe(404)
      expect(blocked.json.error.code).toBe("not_found")
    })
  )

  it.scopedLive("both (the default) has everything", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      expect(yield* probe(server)).toEqual({ api: 200, unified: 200, docs: 200, openapi: 200, playground: 200, script: 200, css: 200, playgroundApi: 200 })
      expect((yield* server.get("/playground")).text).toContain('"apiBase":"/api"')
    })
  )

  it.scopedLive("the mode comes from HRTECH_ETL_MODE (not `mode`) when not given", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ env: { HRTECH_ETL_MODE: "api", mode: "playground" } })
      const status = yield* probe(server)
      expect(status.api).toBe(200)
      expect(status.playground).toBe(404)
      const explicit = yield* Harness.start({ mode: "playground", env: { HRTECH_ETL_MODE: "api" } })
      expect((yield* probe(explicit)).api).toBe(404)
    })
  )

  it("rejects an unknown mode", () => {
    const result = Server.resolveOptions({ env: { HRTECH_ETL_MODE: "admin" } })
    expect(Either.isLeft(result) && result.left.field).toBe("HRTECH_ETL_MODE")
    expect(Either.getOrThrow(Server.resolveOptions({ env: {} })).mode).toBe("both")
  })
})

describe("binding and tokens", () => {
  it("binds 127.0.0.1 by default; another address needs a token of at least 16 characters", () => {
    const defaults = Either.getOrThrow(Server.resolveOptions({ env: {} }))
    expect(defaults).toMatchObject({ host: "127.0.0.1", port: 8000, mode: "both" })
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "example.com"]) {
      const refused = Server.resolveOptions({ host, env: {} })
      expect(Either.isLeft(refused)).toBe(true)
      if (Either.isLeft(refused)) {
        expect(refused.left.field).toBe("--host")
        expect(refused.left.message).toContain("HRTECH_ETL_API_TOKEN")
      }
      expect(Either.isRight(Server.resolveOptions({ host, env: { HRTECH_ETL_API_TOKEN: token } }))).toBe(true)
      expect(Either.isRight(Server.resolveOptions({ host, apiToken: token, env: {} }))).toBe(true)
    }
    const short = Server.resolveOptions({ host: "0.0.0.0", env: { HRTECH_ETL_API_TOKEN: "short" } })
    expect(Either.isLeft(short) && short.left.field).toBe("HRTECH_ETL_API_TOKEN")
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(Safety.isLoopback(host)).toBe(true)
      expect(Either.isRight(Server.resolveOptions({ host, env: {} }))).toBe(true)
    }
    // The token never shows in the resolved options' printed form.
    const resolved = Either.getOrThrow(Server.resolveOptions({ host: "0.0.0.0", apiToken: token, env: {} }))
    expect(JSON.stringify(resolved)).not.toContain(token)
    expect(String(resolved.apiToken)).not.toContain(token)
  })

  it.scopedLive("a non-loopback server refuses to start without a token", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(Harness.start({ host: "0.0.0.0" }))
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect((result.left as Server.ServerConfigError)._tag).toBe("ServerConfigError")
    })
  )

  it.scopedLive("with a token, every route checks Authorization: Bearer", () =>
    Effect.gen(function* () {
      // Bound to loopback here; the same guard runs whatever the address.
      const server = yield* Harness.start({ apiToken: token })
      const paths = [
        "/api/connectors",
        "/api/schema/unified/job",
        "/api/runs/run_x",
        "/docs",
        "/openapi.json",
        "/playground",
        "/playground/app.js",
        "/playground/api/connectors",
        "/nope"
      ]
      for (const path of paths) {
        const none = yield* server.get(path)
        expect(none.status, path).toBe(401)
        expect(none.json.error.code).toBe("unauthorized")
        expect(none.headers.get("www-authenticate")).toContain("Bearer")
        const wrong = yield* server.get(path, { authorization: `Bearer ${token}x` })
        expect(wrong.status, path).toBe(401)
        const basic = yield* server.get(path, { authorization: `Basic ${Buffer.from(`u:${token}`).toString("base64")}` })
        expect(basic.status, path).toBe(401)
        const right = yield* server.get(path, { authorization: `Bearer ${token}` })
        expect(right.status, path).not.toBe(401)
      }
      const post = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink" })
      expect(post.status).toBe(401)
      expect(server.connectors.sink.writes).toEqual([])
      const authorized = yield* server.post(
        "/api/run/pull",
        { resource: "job", origin: "mem_source", target: "mem_sink" },
        { authorization: `Bearer ${token}` }
      )
      expect(authorized.status).toBe(200)
      for (const body of server.bodies) expect(body).not.toContain(token)
    })
  )

  it.scopedLive("without a token, only loopback Host names are served (DNS rebinding)", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const port = new URL(server.url).port
      const status = (host: string) =>
        Effect.promise(
          () =>
            new Promise<number>((resolve, reject) => {
              // fetch() sets Host itself; a raw request can name any host, as a rebinding page would.
              const req = Http.request({ host: "127.0.0.1", port, path: "/api/connectors", headers: { host } }, (res) => {
                res.resume()
                resolve(res.statusCode ?? 0)
              })
              req.on("error", reject)
              req.end()
            })
        )
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`]) expect(yield* status(host), host).toBe(200)
      for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`]) expect(yield* status(host), host).toBe(403)
      const withToken = yield* Harness.start({ apiToken: token })
      const named = yield* Effect.promise(
        () =>
          new Promise<number>((resolve, reject) => {
            const req = Http.request(
              {
                host: "127.0.0.1",
                port: new URL(withToken.url).port,
                path: "/api/connectors",
                headers: { host: "etl.internal.example", authorization: `Bearer ${token}` }
              },
              (res) => {
                res.resume()
                resolve(res.statusCode ?? 0)
              }
            )
            req.on("error", reject)
            req.end()
          })
      )
      expect(named).toBe(200)
    })
  )

  it.scopedLive("the playground trades ?token= once for an HttpOnly cookie", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ apiToken: token })
      const wrong = yield* server.get("/playground?token=nope")
      expect(wrong.status).toBe(401)
      const traded = yield* server.get(`/playground?token=${token}`)
      expect(traded.status).toBe(303)
      expect(traded.headers.get("location")).toBe("/playground")
      const cookie = traded.headers.get("set-cookie")!
      expect(cookie).toContain("HttpOnly")
      expect(cookie).toContain("SameSite=Strict")
      const pair = cookie.split(";")[0]!
      expect((yield* server.get("/playground", { cookie: pair })).status).toBe(200)
      expect((yield* server.get("/api/connectors", { cookie: pair })).status).toBe(200)
      expect((yield* server.get("/api/connectors", { cookie: `${Safety.tokenCookie}=nope` })).status).toBe(401)
    })
  )
})

describe("data directory confinement", () => {
  it("confineUri keeps file:/sqlite: paths inside the data directory", () => {
    const dataDir = Harness.tempDir()
    const outside = Harness.tempDir("hrtech-outside-")
    mkdirSync(join(dataDir, "sub"))
    symlinkSync(outside, join(dataDir, "escape"))
    const ok = (uri: string) => Either.getOrThrow(Safety.confineUri(uri, "origin", dataDir))
    const refused = (uri: string) => {
      const result = Safety.confineUri(uri, "origin", dataDir)
      expect(Either.isLeft(result), uri).toBe(true)
      if (Either.isLeft(result)) expect(result.left.field).toBe("origin")
    }
    expect(ok("sqlite:jobs.db")).toBe(`sqlite:${join(dataDir, "jobs.db")}`)
    expect(ok("sqlite://jobs.db")).toBe(`sqlite:${join(dataDir, "jobs.db")}`)
    expect(ok("file:sub/new/jobs.jsonl?mode=append")).toBe(`file:${join(dataDir, "sub", "new", "jobs.jsonl")}?mode=append`)
    expect(ok(`sqlite:${join(dataDir, "abs.db")}`)).toBe(`sqlite:${join(dataDir, "abs.db")}`)
    expect(ok(`sqlite://${join(dataDir, "abs.db")}`)).toBe(`sqlite:${join(dataDir, "abs.db")}`)
    expect(ok("sqlite::memory:")).toBe("sqlite::memory:")
    expect(ok("warehouse_a")).toBe("warehouse_a")
    expect(ok("postgres://127.0.0.1/test")).toBe("postgres://127.0.0.1/test")
    refused("sqlite:../jobs.db")
    refused("sqlite:sub/../../jobs.db")
    refused("file:..\\jobs.jsonl")
    refused("sqlite:/etc/jobs.db")
    refused("sqlite:///tmp/jobs.db")
    refused(`file:${join(outside, "jobs.jsonl")}`)
    refused("sqlite:escape/jobs.db")
    refused("file:escape/deeper/jobs.jsonl")
    refused("sqlite:")
    refused("file:a\0b.jsonl")
  })

  it.scopedLive("path escapes in requests are refused with a 400 naming the field", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const outside = Harness.tempDir("hrtech-outside-")
      symlinkSync(outside, join(server.dataDir, "link"))
      const attempts = [
        "sqlite:../x.db",
        "sqlite:/etc/x.db",
        "sqlite:///etc/x.db",
        "file:../../etc/passwd.jsonl",
        "file:a/../../x.jsonl",
        "sqlite:link/x.db",
        `sqlite:${outside}/x.db`
      ]
      for (const uri of attempts) {
        const asTarget = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_source", target: uri })
        expect(asTarget.status, uri).toBe(400)
        expect(asTarget.json.error.field).toBe("target")
        const asOrigin = yield* server.post("/api/run/push", { resource: "job", origin: uri, target: "mem_sink", mode: "resources", resources: [] })
        expect(asOrigin.json.error.field, uri).toBe("origin")
        const build = yield* server.post("/api/formatters/build", { resource: "job", origin: uri, target: "mem_sink", mapping: [{ from: "id", to: "id" }] })
        expect(build.json.error.field, uri).toBe("origin")
        const background = yield* server.post("/api/runs", { kind: "pull", request: { resource: "job", origin: "mem_source", target: uri } })
        expect(background.json.error.field, uri).toBe("request.target")
      }
      expect(server.connectors.sink.writes).toEqual([])
      // Inside the data directory is fine, and lands there (not in the working directory).
      const inside = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "file:exports/jobs.jsonl" })
      expect(inside.status, inside.text).toBe(200)
      expect(inside.json.stats.written).toBe(30)
    })
  )
})

describe("body size", () => {
  it.scopedLive("a body larger than the limit is a 413, declared or streamed", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start({ maxBodyBytes: 2_000 })
      const big = {
        resource: "job",
        origin: "mem_source",
        target: "mem_sink",
        mode: "resources",
        resources: Array.from({ length: 40 }, (_, i) => Harness.job(i))
      }
      const declared = yield* server.post("/api/run/push", big)
      expect(declared.status).toBe(413)
      expect(declared.json.error.code).toBe("payload_too_large")
      // Chunked upload without Content-Length: cut off while reading.
      const stream = (value: unknown) =>
        Effect.promise(async () => {
          const text = JSON.stringify(value)
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < text.length; i += 500) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 500)))
              controller.close()
            }
          })
          const response = await fetch(`${server.url}/api/run/push`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
            duplex: "half"
          } as RequestInit)
          return { status: response.status, json: await response.json() }
        })
      const streamed = yield* stream(big)
      expect(streamed.status).toBe(413)
      expect(streamed.json.error.code).toBe("payload_too_large")
      expect(server.connectors.sink.writes).toEqual([])
      const small = yield* server.post("/api/run/push", { ...big, resources: [Harness.job(1)] })
      expect(small.status).toBe(200)
      // A small streamed body reaches the handler intact; a streamed malformed one is a 400.
      const smallStreamed = yield* stream({ ...big, resources: [Harness.job(2), Harness.job(3)] })
      expect(smallStreamed.status, JSON.stringify(smallStreamed.json)).toBe(200)
      expect(smallStreamed.json.total_resources_pushed).toBe(2)
      expect(server.connectors.sink.data.job.has("j003")).toBe(true)
      const badField = yield* stream({ ...big, resources: [], mode: "rows" })
      expect(badField.status).toBe(400)
      expect(badField.json.error.field).toBe("mode")
    })
  )
})

describe("secrets", () => {
  it.scopedLive("a secret given in origin_auth or target_auth never appears in any response", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey: "the-accepted-key-000" })
      const server = yield* Harness.start()
      const secret = "s3cr3t-VALUE-never-echo-42"
      const withAuth = (extra: Record<string, unknown>) => ({ resource: "job", ...extra })
      const requests: ReadonlyArray<readonly [string, unknown]> = [
        // warehouse_a rejects the key and its fake echoes the key it got in the 401 body.
        ["/api/run/pull", withAuth({ origin: "warehouse_a", origin_auth: { api_key: secret, base_url: fake.url }, target: "mem_sink" })],
        [
          "/api/run/pull",
          withAuth({ origin: "warehouse_a", origin_auth: { api_key: secret, base_url: fake.url, extra_headers: { "X-Tenant": secret } }, target: "mem_sink" })
        ],
        // A connector that puts the credential in its own error messages.
        ["/api/run/pull", withAuth({ origin: "leaky", origin_auth: { api_key: secret }, target: "mem_sink" })],
        [
          "/api/run/push",
          withAuth({ origin: "mem_source", target: "leaky", target_auth: { api_key: secret }, mode: "resources", resources: [Harness.job(1)] })
        ],
        // Validation failures elsewhere in the same body.
        [
          "/api/run/pull",
          withAuth({ origin: "mem_source", origin_auth: { api_key: secret }, target: "mem_sink", where: [{ field: "status", op: "gt", value: 1 }] })
        ],
        ["/api/run/pull", withAuth({ origin: "mem_source", origin_auth: secret, target: "mem_sink" })],
        ["/api/run/pull", withAuth({ origin: "mem_source", origin_auth: [secret], target: "mem_sink" })],
        ["/api/run/pull", withAuth({ origin: "nope", origin_auth: { api_key: secret }, target: "mem_sink" })],
        [
          "/api/run/pull_with_formatter",
          { formatter_id: "fmt_x", cfg: withAuth({ origin: "mem_source", origin_auth: { api_key: secret }, target: "mem_sink" }) }
        ],
        ["/api/run/pull_with_formatter", { formatter_id: "fmt_x", cfg: withAuth({ origin: "mem_source", origin_auth: secret, target: "mem_sink" }) }],
        ["/api/runs", { kind: "pull", request: withAuth({ origin: "mem_source", origin_auth: secret, target: "mem_sink" }) }],
        // Succeeding runs with the secret present.
        ["/api/run/pull", withAuth({ origin: "mem_source", origin_auth: { api_key: secret }, target: "mem_sink", target_auth: { token: secret } })]
      ]
      for (const [path, body] of requests) {
        const reply = yield* server.post(path, body)
        expect(reply.status, `${path} ${reply.text}`).not.toBe(500)
      }
      const background = yield* server.post("/api/runs", {
        kind: "pull",
        request: withAuth({ origin: "warehouse_a", origin_auth: { api_key: secret, base_url: fake.url }, target: "mem_sink" })
      })
      expect(background.status).toBe(202)
      const finished = yield* Harness.awaitRun(server, background.json.run_id)
      expect(finished.json.status).toBe("failed")
      yield* server.get(`/api/runs/${background.json.run_id}/events`)
      const leakyRun = yield* server.post("/api/runs", {
        kind: "pull",
        request: withAuth({ origin: "leaky", origin_auth: { api_key: Harness.leakyRightKey }, target: "mem_sink" })
      })
      yield* Harness.awaitRun(server, leakyRun.json.run_id)

      // The fake really did echo the key: the scrubbing is what kept it out.
      const echoed = yield* fake.requests
      expect(echoed.some((r) => r.headers["x-api-key"] === secret)).toBe(true)
      expect(server.bodies.length).toBeGreaterThan(15)
      for (const body of server.bodies) {
        expect(body).not.toContain(secret)
        expect(body).not.toContain(Buffer.from(secret).toString("base64"))
        expect(body).not.toContain(Harness.leakyRightKey)
      }
    })
  )
})
