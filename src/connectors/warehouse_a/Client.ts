/**
 * Warehouse A's HTTP API through the shared vendor client:
 * - `GET /jobs`, `GET /profiles` → `{ data, meta: { page, max_page, total } }`, filtered by the query
 *   built from the schema metadata (`buildConnectorParams`), ordered by `sort_by` + `order`, paged
 *   with `page` / `limit`;
 * - `PUT /jobs/batch` `{ jobs }` (`/profiles/batch` `{ profiles }`) → `{ results: [{ status, error? }] }`
 *   in request order, at most 100 records per call;
 * - `POST /jobs/archive` `{ job_ids }` → `{ results: [{ status: "archived" | "not_found" }] }`;
 * - `GET /jobs?ids=a,b` and `GET /jobs/{id}` to fetch records by id.
 *
 * Lists are read by cursor value, not by page number alone: each request restarts at the last cursor
 * value seen and skips only the pages of records already read at that value. A record updated while a
 * run reads (and so leaving the run's window) cannot shift later pages under the reader, which plain
 * page numbers would do, silently skipping a record.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Condition } from "../../core/Condition.js"
import * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, DecodeError, type Unsupported } from "../../core/ConnectorError.js"
import * as Cursor from "../../core/Cursor.js"
import type { CoreError } from "../../core/Errors.js"
import * as Metadata from "../../core/Metadata.js"
import * as Postfilter from "../../core/Postfilter.js"
import * as QueryParams from "../../core/QueryParams.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

/** Largest page the list endpoints serve. */
export const maxPageSize = 100

/** Largest batch the write endpoints accept. */
export const maxWriteBatch = 100

/** Endpoint names per resource. */
const endpoints = {
  job: { path: "/jobs", body: "jobs", ids: "job_ids" },
  profile: { path: "/profiles", body: "profiles", ids: "profile_ids" }
} as const

/** Warehouse A's API. */
export interface Client extends HttpConnector.Client {
  /** Native records (raw JSON, validated by the pipeline) in cursor order, one chunk per page. */
  readonly list: HttpConnector.Client["list"]
  /** Creates or updates records by id; one outcome per record, in order. */
  readonly upsert: HttpConnector.Write
  /** Archives records by id. */
  readonly archive: HttpConnector.Archive
}

/** A query the schema metadata could not build, as a connector error. */
const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

const WriteResults = Schema.Struct({
  results: Schema.Array(Schema.Struct({ status: Schema.Literal("created", "updated", "failed"), error: Schema.optional(Schema.String) }))
})

const ArchiveResults = Schema.Struct({
  results: Schema.Array(Schema.Struct({ status: Schema.Literal("archived", "not_found") }))
})

const decodeBody = <A, I>(schema: Schema.Schema<A, I>, what: string) => {
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })
  return (body: unknown, expected: number): Effect.Effect<A, DecodeError> =>
    Either.match(decode(body), {
      onLeft: (e) => Effect.fail(new DecodeError({ connector: Config.name, field: "results", reason: `${what}: ${e.message}` })),
      onRight: (a) => {
        const count = (a as { readonly results: ReadonlyArray<unknown> }).results.length
        return count === expected
          ? Effect.succeed(a)
          : Effect.fail(new DecodeError({ connector: Config.name, field: "results", reason: `${what}: ${count} results for ${expected} records` }))
      }
    })
}

const decodeWrite = decodeBody(WriteResults, "batch upsert response")
const decodeArchive = decodeBody(ArchiveResults, "archive response")

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Where a list request starts: the near cursor bound, and the page within the records at that value. */
interface ReadState {
  readonly start: string | null
  readonly page: number
}

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.apiKey(config.api_key, config.header_name ?? Config.defaultHeaderName)
    })

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const schema = Schemas.schemas[resource]
        const { path } = endpoints[resource]
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        const cursorField = Metadata.cursorField(schema, options.cursor.mode)?.name ?? options.cursor.mode
        const idField = Schemas.idField[resource]
        const valueOf = (raw: unknown) => Cursor.valueToString((raw as Record<string, unknown> | null)?.[cursorField])
        const idOf = (raw: unknown) => Cursor.valueToString((raw as Record<string, unknown> | null)?.[idField])
        const paramsFrom = (start: string | null) =>
          QueryParams.buildConnectorParams(
            schema,
            options.where,
            { ...options.cursor, start },
            {
              sortParamName: "order",
              sortFieldParamName: "sort_by",
              until: options.until ?? null
            }
          )
        const first = paramsFrom(options.cursor.start ?? null)
        if (Either.isLeft(first)) return Stream.fail(unsupported(resource, first.left))
        // The pipeline only passes conditions `pushdown` accepted; anything else is still applied here.
        const leftover = Postfilter.compile(first.right.unpushed)
        if (Either.isLeft(leftover)) return Stream.fail(unsupported(resource, leftover.left))
        const keep = leftover.right
        const hasLeftover = first.right.unpushed.length > 0

        const pages = Paging.paginate(http, { start: options.cursor.start ?? null, page: 1 } as ReadState, {
          items: "data",
          key: (state) => `${state.start ?? "(no start)"} page ${state.page}`,
          fetch: (state) =>
            Either.match(paramsFrom(state.start), {
              onLeft: (e) => Effect.fail(unsupported(resource, e)),
              onRight: ({ params }) => http.request("GET", path, { query: { ...params, page: state.page, limit } })
            }),
          advance: (response, state, items) => {
            // A short page ends the list; so does the last page `meta` announces (saving one request).
            const maxPage = Number(Paging.at(response.body, "meta.max_page") ?? Number.NaN)
            if (Chunk.size(items) < limit || (Number.isFinite(maxPage) && state.page >= maxPage)) return Option.none()
            const rows = Chunk.toReadonlyArray(items)
            const last = valueOf(rows[rows.length - 1])
            // Without a cursor value (or inside one value's run of records) the next page is the next page.
            if (last === undefined || (state.start !== null && Cursor.compareValues(last, state.start) === 0)) {
              return Option.some({ start: state.start, page: state.page + 1 })
            }
            // Restart at the last value; the records already read there fill the first pages (by id order).
            let tied = 0
            for (let i = rows.length - 1; i >= 0 && valueOf(rows[i]) !== undefined && Cursor.compareValues(valueOf(rows[i])!, last) === 0; i--) {
              tied++
            }
            return Option.some({ start: last, page: 1 + Math.floor(tied / limit) })
          }
        })

        // Records at the restart value already read come again at the head of the next page.
        let lastValue: string | undefined
        let idsAtLast = new Set<string>()
        const fresh = (raw: unknown): boolean => {
          const value = valueOf(raw)
          const id = idOf(raw)
          if (value === undefined || id === undefined) return true
          if (lastValue !== undefined && Cursor.compareValues(value, lastValue) === 0) {
            if (idsAtLast.has(id)) return false
            idsAtLast.add(id)
            return true
          }
          lastValue = value
          idsAtLast = new Set([id])
          return true
        }
        // Raw JSON objects are the native records; the pipeline validates them against the schema.
        return pages.pipe(Stream.mapChunks((chunk) => Chunk.filter(chunk, (raw) => fresh(raw) && (!hasLeftover || keep(raw))))) as Stream.Stream<
          Connector.NativeRecord,
          ConnectorError
        >
      })

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) =>
      Effect.gen(function* () {
        const { body, path } = endpoints[resource]
        const idField = Schemas.idField[resource]
        const outcomes: Array<Connector.WriteOutcome> = []
        for (const batch of chunksOf(records, maxWriteBatch)) {
          // An upsert by id is safe to repeat, so transport failures are retried.
          const response = yield* http.request("PUT", `${path}/batch`, { body: { [body]: batch }, idempotent: true })
          const { results } = yield* decodeWrite(response.body, batch.length)
          results.forEach((result, i) => {
            const id = Cursor.valueToString(batch[i]![idField]) ?? ""
            outcomes.push(
              result.status === "failed"
                ? Connector.Outcome.failed(id, http.scrub(result.error ?? "rejected by warehouse_a"))
                : result.status === "created"
                  ? Connector.Outcome.created(id)
                  : Connector.Outcome.updated(id)
            )
          })
        }
        return outcomes
      })

    const archive = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const { ids: key, path } = endpoints[resource]
        const outcomes: Array<Connector.WriteOutcome> = []
        for (const batch of chunksOf(ids, maxWriteBatch)) {
          const response = yield* http.request("POST", `${path}/archive`, { body: { [key]: batch }, idempotent: true })
          const { results } = yield* decodeArchive(response.body, batch.length)
          results.forEach((result, i) =>
            outcomes.push(
              result.status === "archived"
                ? Connector.Outcome.archived(batch[i]!)
                : Connector.Outcome.failed(batch[i]!, `${resource} ${batch[i]} not found in warehouse_a`)
            )
          )
        }
        return outcomes
      })

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const schema = Schemas.schemas[resource]
        const { path } = endpoints[resource]
        const found: Array<Connector.NativeRecord> = []
        const unique = [...new Set(ids)]
        // The `ids` parameter is a comma-separated list: ids containing a comma are fetched one by one.
        const listed = unique.filter((id) => !id.includes(","))
        for (const batch of chunksOf(listed, maxPageSize)) {
          const where: ReadonlyArray<Condition> = [{ field: Schemas.idField[resource], op: "in", value: batch }]
          const built = QueryParams.buildConnectorParams(schema, where, null)
          if (Either.isLeft(built)) return yield* unsupported(resource, built.left)
          const page = yield* Stream.runCollect(Paging.pageNumber(http, { path, query: built.right.params, limit: maxPageSize }))
          found.push(...(page as Iterable<Connector.NativeRecord>))
        }
        for (const id of unique.filter((id) => id.includes(","))) {
          const one = yield* http.request("GET", `${path}/${encodeURIComponent(id)}`).pipe(
            Effect.map((response) => Option.fromNullable(Paging.at(response.body, "data"))),
            Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
          )
          if (Option.isSome(one)) found.push(one.value as Connector.NativeRecord)
        }
        return found
      })

    return { http, list, upsert, archive, fetchByIds }
  })
