/**
 * Warehouse B's HTTP API through the shared vendor client:
 * - `GET /jobs`, `GET /candidates` → `{ results, next }`: filtered by the query built from the schema
 *   metadata, ordered by `sort` (`modified`, `-modified`, ...), at most 50 per page; the opaque `next`
 *   token is sent back as `offset` until it is null;
 * - `POST /jobs/bulk` `{ items }` → `{ results: [{ id, ok, created?, error? }] }`, at most 50 records
 *   per call;
 * - `DELETE /jobs/{id}` (`/candidates/{id}`) → 204, or 404 when unknown;
 * - `GET /jobs?ids=a&ids=b` to fetch records by id.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Condition } from "../../core/Condition.js"
import * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, DecodeError, type Unsupported } from "../../core/ConnectorError.js"
import * as Cursor from "../../core/Cursor.js"
import type { CoreError } from "../../core/Errors.js"
import * as Postfilter from "../../core/Postfilter.js"
import * as QueryParams from "../../core/QueryParams.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

/** Largest page the list endpoints serve. */
export const maxPageSize = 50

/** Largest batch the bulk endpoints accept. */
export const maxWriteBatch = 50

/** Endpoint paths per resource. */
const paths = { job: "/jobs", profile: "/candidates" } as const

/** Warehouse B's API. */
export interface Client extends HttpConnector.Client {
  /** Native records (raw JSON, validated by the pipeline) in cursor order, one chunk per page. */
  readonly list: HttpConnector.Client["list"]
  /** Creates or updates records by id; one outcome per record, in order. */
  readonly upsert: HttpConnector.Write
  /** Deletes records by id. */
  readonly remove: HttpConnector.Archive
}

/** A query the schema metadata could not build, as a connector error. */
const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

const BulkResults = Schema.Struct({
  results: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      ok: Schema.Boolean,
      created: Schema.optional(Schema.Boolean),
      error: Schema.optional(Schema.String)
    })
  )
})
const decodeBulk = Schema.decodeUnknownEither(BulkResults, { onExcessProperty: "ignore" })

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.bearer(config.token)
    })

    const pages = (resource: Resource, query: VendorHttp.Query) =>
      Paging.queryToken(http, { path: paths[resource], query, param: "offset", items: "results", next: "next" })

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const built = QueryParams.buildConnectorParams(Schemas.schemas[resource], options.where, options.cursor, {
          sortParamName: "sort",
          until: options.until ?? null
        })
        if (Either.isLeft(built)) return Stream.fail(unsupported(resource, built.left))
        const { params, unpushed } = built.right
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        const stream = pages(resource, { ...params, limit })
        // The pipeline only passes conditions `pushdown` accepted; anything else is still applied here.
        const leftover = Postfilter.compile(unpushed)
        if (Either.isLeft(leftover)) return Stream.fail(unsupported(resource, leftover.left))
        const keep = leftover.right
        const filtered = unpushed.length === 0 ? stream : Stream.mapChunks(stream, (chunk) => Chunk.filter(chunk, keep))
        // Raw JSON objects are the native records; the pipeline validates them against the schema.
        return filtered as Stream.Stream<Connector.NativeRecord, ConnectorError>
      })

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) =>
      Effect.gen(function* () {
        const outcomes: Array<Connector.WriteOutcome> = []
        for (const batch of chunksOf(records, maxWriteBatch)) {
          // An upsert by id is safe to repeat, so transport failures are retried.
          const response = yield* http.request("POST", `${paths[resource]}/bulk`, { body: { items: batch }, idempotent: true })
          const decoded = decodeBulk(response.body)
          if (Either.isLeft(decoded)) {
            return yield* new DecodeError({ connector: Config.name, field: "results", reason: `bulk response: ${decoded.left.message}` })
          }
          const byId = new Map(decoded.right.results.map((r) => [r.id, r]))
          for (const record of batch) {
            const id = Cursor.valueToString(record[Schemas.idField]) ?? ""
            const result = byId.get(id)
            outcomes.push(
              result === undefined
                ? Connector.Outcome.failed(id, "warehouse_b returned no result for this record")
                : !result.ok
                  ? Connector.Outcome.failed(id, http.scrub(result.error ?? "rejected by warehouse_b"))
                  : result.created
                    ? Connector.Outcome.created(id)
                    : Connector.Outcome.updated(id)
            )
          }
        }
        return outcomes
      })

    const remove = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.forEach(ids, (id) =>
        http.request("DELETE", `${paths[resource]}/${encodeURIComponent(id)}`).pipe(
          Effect.as(Connector.Outcome.archived(id)),
          Effect.catchTag("NotFound", () => Effect.succeed(Connector.Outcome.failed(id, `${resource} ${id} not found in warehouse_b`)))
        )
      )

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const found: Array<Connector.NativeRecord> = []
        for (const batch of chunksOf([...new Set(ids)], maxPageSize)) {
          const where: ReadonlyArray<Condition> = [{ field: Schemas.idField, op: "in", value: batch }]
          const built = QueryParams.buildConnectorParams(Schemas.schemas[resource], where, null)
          if (Either.isLeft(built)) return yield* unsupported(resource, built.left)
          const page = yield* Stream.runCollect(pages(resource, { ...built.right.params, limit: maxPageSize }))
          found.push(...(page as Iterable<Connector.NativeRecord>))
        }
        return found
      })

    return { http, list, upsert, remove, fetchByIds }
  })
