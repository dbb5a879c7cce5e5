import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Builtin from "../../../src/connectors/builtin.js"
import type * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Metadata from "../../../src/core/Metadata.js"
import * as Registry from "../../../src/core/Registry.js"
import * as FakeA from "../../fakes/WarehouseA.js"
import * as FakeB from "../../fakes/WarehouseB.js"

const readJobs = (connector: Connector.Connector) =>
  Stream.runCollect(connector.read("job", { cursor: Cursor.make("updated_at"), where: [], batchSize: 10 })).pipe(Effect.map(Chunk.size))

describe("built-in registry", () => {
  it("lists the example connectors with their kinds and schemas", () => {
    const listed = Builtin.registry.list().map((f) => [f.name, f.label, f.warehouseType])
    expect(listed).toEqual(
      expect.arrayContaining([
        ["warehouse_a", "Warehouse A", "ats"],
        ["warehouse_b", "Warehouse B", "crm"]
      ])
    )
    const a = Builtin.factories.find((f) => f.name === "warehouse_a")!
    expect(a.authKeys.find((k) => k.name === "api_key")).toMatchObject({ env: "HRTECH_ETL_WAREHOUSE_A_API_KEY", secret: true })
    expect(a.authKeys.find((k) => k.name === "base_url")?.env).toBe("HRTECH_ETL_WAREHOUSE_A_BASE_URL")
    const fields = Metadata.exportModelFields(a.schemas.job, { onlyPrefilterable: true })
    expect(fields.find((f) => f.name === "board_key")?.in_binding).toEqual({ query_field: "board_keys", formatter: "array_string" })
    expect(fields.find((f) => f.name === "updated_at")?.cursor).toMatchObject({ cursor: "updated_at", cursor_start_min: "updated_at_min" })
    const b = Builtin.factories.find((f) => f.name === "warehouse_b")!
    expect(b.authKeys.find((k) => k.name === "token")).toMatchObject({ env: "HRTECH_ETL_WAREHOUSE_B_TOKEN", secret: true })
    expect(Builtin.registry.isUri("sqlite::memory:")).toBe(true)
    expect(Builtin.registry.isUri("file:jobs.jsonl")).toBe(true)
  })

  it.scoped("a missing key is a ConfigError naming the key and its environment variable", () =>
    Effect.gen(function* () {
      const registry = Registry.make(Builtin.factories, Builtin.resolvers, {})
      const a = yield* Effect.flip(registry.resolve("warehouse_a", {}))
      expect(a).toMatchObject({ _tag: "ConfigError", field: "api_key" })
      expect(a.message).toContain("HRTECH_ETL_WAREHOUSE_A_API_KEY")
      const b = yield* Effect.flip(registry.resolve("warehouse_b", { base_url: "http://127.0.0.1:1" }))
      expect(b).toMatchObject({ _tag: "ConfigError", field: "token" })
      const badKey = yield* Effect.flip(registry.resolve("warehouse_a", { api_key: 123456789 }))
      expect(badKey).toMatchObject({ _tag: "ConfigError", field: "api_key" })
      expect(badKey.message).not.toContain("123456789")
      const badHeaders = yield* Effect.flip(registry.resolve("warehouse_a", { api_key: "k", extra_headers: "{not json" }))
      expect(badHeaders).toMatchObject({ _tag: "ConfigError", field: "extra_headers" })
      const badUrl = yield* Effect.flip(registry.resolve("warehouse_b", { token: "t", base_url: "ftp://example.com" }))
      expect(badUrl).toMatchObject({ _tag: "ConfigError", field: "base_url" })
    })
  )

  it.scopedLive("builds connectors from environment variables; the auth payload wins over them", () =>
    Effect.gen(function* () {
      const fakeA = yield* FakeA.start({
        apiKey: "env-key",
        jobs: [{ job_id: "j", title: "T", board_key: "b", status: "open", created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" }]
      })
      const fakeB = yield* FakeB.start({ token: "payload-token" })
      const registry = Registry.make(Builtin.factories, Builtin.resolvers, {
        HRTECH_ETL_WAREHOUSE_A_API_KEY: "env-key",
        HRTECH_ETL_WAREHOUSE_A_BASE_URL: fakeA.url,
        HRTECH_ETL_WAREHOUSE_A_EXTRA_HEADERS: '{"X-Tenant-ID":"tenant-9"}',
        HRTECH_ETL_WAREHOUSE_B_TOKEN: "env-token",
        HRTECH_ETL_WAREHOUSE_B_BASE_URL: fakeB.url
      })
      const a = yield* registry.resolve("warehouse_a")
      expect(yield* readJobs(a)).toBe(1)
      const [request] = yield* fakeA.requests
      expect(request!.headers["x-api-key"]).toBe("env-key")
      expect(request!.headers["x-tenant-id"]).toBe("tenant-9")
      const b = yield* registry.resolve("warehouse_b", { token: "payload-token" })
      expect(yield* readJobs(b)).toBe(0)
      expect((yield* fakeB.requests)[0]!.headers.authorization).toBe("Bearer payload-token")
    })
  )
})
