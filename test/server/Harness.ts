/**
 * Test harness for the HTTP server: starts `makeServer` on 127.0.0.1 port 0 with a test registry
 * (the built-in connectors plus in-memory ones) and an in-memory state store, and records every
 * response body so a test can check that a secret never came back.
 */
import * as HttpServer from "@effect/platform/HttpServer"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Builtin from "../../src/connectors/builtin.js"
import { AuthError, ConfigError, TransportError } from "../../src/core/ConnectorError.js"
import * as Registry from "../../src/core/Registry.js"
import * as State from "../../src/core/State.js"
import * as Server from "../../src/server/Server.js"
import * as Memory from "../../src/testing/Memory.js"

/** A unified job, as the in-memory connectors hold them. */
export const job = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `j${String(i).padStart(3, "0")}`,
  name: i % 2 === 0 ? `Data Engineer ${i}` : `Designer ${i}`,
  status: i % 3 === 0 ? "closed" : "open",
  created_at: `2024-01-${String(1 + (i % 28)).padStart(2, "0")}T00:00:00Z`,
  updated_at: `2024-02-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z`,
  ...extra
})

/** The in-memory connectors of one test server. */
export interface Connectors {
  readonly source: Memory.MemoryConnector
  readonly sink: Memory.MemoryConnector
  readonly slow: Memory.MemoryConnector
}

/** A secret the leaky connector puts in its error messages, as careless vendors do. */
export const leakyRightKey = "the-right-key-123"

const memoryFactory = (name: string, connector: Memory.MemoryConnector): Registry.Factory => ({
  name,
  label: connector.label,
  warehouseType: "customers",
  authKeys: [],
  schemas: connector.schemas,
  make: () => Effect.succeed(connector)
})

/** Builds the test registry: built-ins plus `mem_source`, `mem_sink`, `mem_slow`, `mem_readonly`, `mem_down`, `leaky`. */
export const testRegistry = (records = 30, extra: ReadonlyArray<Registry.Factory> = []) => {
  const source = Memory.make({ name: "mem_source", label: "Memory source", seed: { job: Array.from({ length: records }, (_, i) => job(i)) } })
  const sink = Memory.make({ name: "mem_sink", label: "Memory sink" })
  const slowBase = Memory.make({ name: "mem_slow", label: "Slow memory", pageSize: 2, seed: { job: Array.from({ length: 12 }, (_, i) => job(i)) } })
  const slow: Memory.MemoryConnector = {
    ...slowBase,
    read: (resource, options) => slowBase.read(resource, options).pipe(Stream.tap(() => Effect.sleep("40 millis")))
  }
  const leaky: Registry.Factory = {
    name: "leaky",
    label: "Leaky vendor",
    warehouseType: "ats",
    authKeys: [{ name: "api_key", secret: true, required: true }],
    schemas: source.schemas,
    make: (auth) => {
      const key = String(auth.api_key ?? "")
      if (key === "") return Effect.fail(new ConfigError({ connector: "leaky", field: "api_key", reason: "is required" }))
      // A vendor that echoes the credential in its error: the server must scrub it.
      if (key !== leakyRightKey) return Effect.fail(new ConfigError({ connector: "leaky", field: "api_key", reason: `key ${key} is not valid` }))
      return Effect.succeed({
        ...source,
        name: "leaky",
        read: () => Stream.fail(new AuthError({ connector: "leaky", status: 401, reason: `token ${key} expired` }))
      })
    }
  }
  const readonly: Memory.MemoryConnector = {
    ...Memory.make({ name: "mem_readonly", label: "Read-only memory" }),
    capabilities: { read: ["job", "profile"], write: [], archive: [] }
  }
  const down: Memory.MemoryConnector = {
    ...Memory.make({ name: "mem_down", label: "Unreachable" }),
    read: () => Stream.fail(new TransportError({ connector: "mem_down", status: 503, reason: "service unavailable after 5 attempts" }))
  }
  const factories = [
    ...Builtin.factories,
    memoryFactory("mem_source", source),
    memoryFactory("mem_sink", sink),
    memoryFactory("mem_slow", slow),
    memoryFactory("mem_readonly", readonly),
    memoryFactory("mem_down", down),
    leaky,
    ...extra
  ]
  return { layer: Registry.layer(factories, Builtin.resolvers), connectors: { source, sink, slow } satisfies Connectors }
}

/** A response as a test sees it. */
export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: any
}

/** A started test server. */
export interface TestServer {
  readonly url: string
  readonly dataDir: string
  readonly connectors: Connectors
  /** Every response body received so far (for secret checks). */
  readonly bodies: Array<string>
  readonly request: (
    method: string,
    path: string,
    options?: { readonly body?: unknown; readonly raw?: string; readonly headers?: Record<string, string> }
  ) => Effect.Effect<Reply>
  readonly get: (path: string, headers?: Record<string, string>) => Effect.Effect<Reply>
  readonly post: (path: string, body: unknown, headers?: Record<string, string>) => Effect.Effect<Reply>
}

/** A fresh temporary data directory. */
export const tempDir = (prefix = "hrtech-server-") => mkdtempSync(join(tmpdir(), prefix))

/** Starts a server for the scope. */
export const start = (
  options: Server.Options = {},
  setup: { readonly records?: number; readonly state?: Layer.Layer<State.StateStore, any>; readonly factories?: ReadonlyArray<Registry.Factory> } = {}
): Effect.Effect<TestServer, unknown, Scope.Scope> =>
  Effect.gen(function* () {
    const dataDir = options.dataDir ?? tempDir()
    const registry = testRegistry(setup.records, setup.factories)
    const scope = yield* Effect.scope
    const context = yield* Layer.buildWithScope(
      // Fake vendors listen on loopback: allowed, as an operator would allow a staging host.
      Server.makeServer({ host: "127.0.0.1", port: 0, env: { HRTECH_ETL_ALLOWED_HOSTS: "127.0.0.1" }, ...options, dataDir }).pipe(
        Layer.provide(Layer.merge(registry.layer, setup.state ?? State.memory))
      ),
      scope
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    if (address._tag !== "TcpAddress") return yield* Effect.die(new Error("expected a TCP address"))
    const url = `http://127.0.0.1:${address.port}`
    const bodies: Array<string> = []
    const request: TestServer["request"] = (method, path, init = {}) =>
      Effect.promise(async () => {
        const hasBody = init.body !== undefined || init.raw !== undefined
        const response = await fetch(`${url}${path}`, {
          method,
          redirect: "manual",
          headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...init.headers },
          ...(hasBody ? { body: init.raw ?? JSON.stringify(init.body) } : {})
        })
        const text = await response.text()
        bodies.push(text)
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        return { status: response.status, headers: response.headers, text, json }
      })
    return {
      url,
      dataDir,
      connectors: registry.connectors,
      bodies,
      request,
      get: (path, headers) => request("GET", path, headers ? { headers } : {}),
      post: (path, body, headers) => request("POST", path, { body, ...(headers ? { headers } : {}) })
    }
  })

/** Polls a background run until it is no longer running (bounded). */
export const awaitRun = (server: TestServer, runId: string, headers?: Record<string, string>) =>
  Effect.gen(function* () {
    for (let i = 0; i < 300; i++) {
      const reply = yield* server.get(`/api/runs/${runId}`, headers)
      if (reply.status !== 200 || reply.json.status !== "running") return reply
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.die(new Error(`run ${runId} did not finish`))
  })
