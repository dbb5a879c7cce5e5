/**
 * A small connector over the fault server's `GET /records` (test/fakes/FaultServer.ts), built the way
 * the vendor connectors are: the resilient `VendorHttp` client, `Paging.queryToken` over
 * `next_cursor`, the cursor start sent as `updated_after`, and `transportStats` from the client's
 * counters so pull stats show requests, retries and time waited.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Connector from "../../src/core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../../src/core/ConnectorError.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Metadata from "../../src/core/Metadata.js"
import type { Resource } from "../../src/core/Resource.js"
import type * as Unified from "../../src/core/Unified.js"
import type * as Auth from "../../src/http/Auth.js"
import * as Paging from "../../src/http/Paging.js"
import type * as Retry from "../../src/http/Retry.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"

/** A fault-server record: `{ id, updated_at, name }`, ordered by (updated_at, id). */
export const FaultRecord = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true }),
  updated_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "updated_at", cursor_start_min: "updated_after" } }),
  name: Schema.String
}).annotations({ identifier: "FaultRecord" })

/** Options of the fault connector. */
export interface Options {
  /** The fault server's URL. */
  readonly url: string
  readonly name?: string
  readonly auth?: Auth.Auth
  readonly timeout?: Duration.DurationInput
  readonly retry?: Retry.Options
  /** Records per request (default: the read's batch size, at most the server's 1000). */
  readonly pageSize?: number
}

/** A fault connector plus its HTTP client (for its counters). */
export interface FaultConnector extends Connector.Connector {
  readonly http: VendorHttp.VendorHttp
}

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** Builds a read-only connector on the fault server; its client lives as long as the scope. */
export const make = (options: Options): Effect.Effect<FaultConnector, ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function* () {
    const name = options.name ?? "fault"
    const http = yield* VendorHttp.make({
      connector: name,
      baseUrl: options.url,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.timeout ? { timeout: options.timeout } : {}),
      ...(options.retry ? { retry: options.retry } : {})
    })
    const unsupported = (operation: string) => new Unsupported({ connector: name, operation, reason: "the fault server is read-only" })

    const read = (_: Resource, readOptions: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> => {
      const { cursor, until } = readOptions
      if (cursor.mode !== "updated_at" || cursor.sort_by !== "asc") {
        return Stream.fail(new Unsupported({ connector: name, operation: "read", reason: "only updated_at ascending" }))
      }
      const limit = Math.min(1000, Math.max(1, options.pageSize ?? readOptions.batchSize))
      const pages = Paging.queryToken(http, {
        path: "/records",
        query: { limit, ...(cursor.start == null ? {} : { updated_after: cursor.start }) },
        param: "cursor",
        next: "next_cursor"
      }) as Stream.Stream<Connector.NativeRecord, ConnectorError>
      // A read starts at the cursor's start (inclusive) and stops at `until`: the server has no upper
      // bound, and its page-edge repeats can hand back the record just before `updated_after`.
      const start = cursor.start ?? undefined
      if (start === undefined && until === undefined) return pages
      return pages.pipe(
        Stream.mapChunks(
          Chunk.filter((r) => {
            const value = Cursor.valueToString(r.updated_at)
            if (value === undefined) return true
            if (start !== undefined && Cursor.isBeforeStart(cursor.sort_by, value, start)) return false
            return until === undefined || Cursor.compareValues(value, until) <= 0
          })
        )
      )
    }

    return {
      http,
      name,
      label: "Fault server",
      warehouseType: "customers",
      schemas: { job: FaultRecord, profile: FaultRecord },
      capabilities: { read: both, write: [], archive: [] },
      transportStats: () => Effect.runSync(http.stats),
      read,
      write: () => Effect.fail(unsupported("write")),
      pushdown: (_, where) => ({ pushed: [], inMemory: where }),
      toUnified: (_, record) => ({ id: String(record.id), name: String(record.name), updated_at: record.updated_at }) as unknown as Unified.UnifiedRecord,
      fromUnified: (_, record) => {
        const r = record as unknown as Record<string, unknown>
        const info = r.info as { readonly full_name?: unknown } | undefined
        return { id: r.id, name: r.name ?? info?.full_name ?? "", updated_at: r.updated_at }
      },
      fetchByEvents: () => Effect.fail(unsupported("fetchByEvents"))
    } satisfies FaultConnector
  })
