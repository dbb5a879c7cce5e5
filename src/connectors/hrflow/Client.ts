/**
 * HrFlow.ai's API v1 through the shared vendor client:
 * - `GET storing/jobs?board_keys=["…"]&return_job=true` (`storing/profiles?source_keys=…&return_profile=true`)
 *   → `{ code, message, meta: { page, maxPage, count, total }, data }`, paged with `page` (from 1) and
 *   `limit` (30) until `page == meta.maxPage`, ordered by `sort_by` + `order_by`, bounded by
 *   `created_at_min` / `created_at_max` (whole days, `YYYY-MM-DD`: the exact instants are applied here);
 * - `POST job/indexing` creates, `PUT job/indexing` edits by `key` or `reference`,
 *   `PATCH job/indexing/archive` archives, `GET job/indexing` fetches one (`profile/…` likewise, with
 *   `source_key` instead of `board_key`).
 *
 * Reading by `created_at` is a keyset walk: each request restarts at the day of the last `created_at`
 * seen, so a record created or archived while the run reads cannot shift the pages under the reader;
 * the records of that day read again are dropped. Reading by
 * `updated_at` cannot be bounded by the API: records come newest first (`sort_by=updated_at`,
 * `order_by=desc`) and the read stops at the first record older than the cursor start, so an
 * incremental run reads only the changed records plus one page. A record updated (or created) during
 * the run moves to the head and shifts later pages down: the repeats are dropped here and the record is
 * taken next run. A record archived during the run shifts later pages up: the list's `meta.total`
 * shrinks, and the scan steps back over the gap.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Condition } from "../../core/Condition.js"
import * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../../core/ConnectorError.js"
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
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

/**
 * Largest page requested from the list endpoints: HrFlow documents no maximum, and its own SDK and
 * connectors page by 30, the one size known to be served in full.
 */
export const maxPageSize = 30

/** Endpoints and parameter names per resource. */
export const endpoints = {
  job: {
    list: "storing/jobs",
    containers: "board_keys",
    returnFull: "return_job",
    indexing: "job/indexing",
    archive: "job/indexing/archive",
    container: "board_key"
  },
  profile: {
    list: "storing/profiles",
    containers: "source_keys",
    returnFull: "return_profile",
    indexing: "profile/indexing",
    archive: "profile/indexing/archive",
    container: "source_key"
  }
} as const

/** HrFlow.ai's API. */
export interface Client extends Omit<HttpConnector.Client, "fetchByIds"> {
  /** Native records (raw JSON) from the cursor start, one chunk per page. */
  readonly list: HttpConnector.Client["list"]
  /** Creates or updates each record by `reference` (else `key`); one outcome per record, in order. */
  readonly upsert: HttpConnector.Write
  /** Archives records by key (or, failing that, by reference). */
  readonly archive: HttpConnector.Archive
  /** The current records with these keys; unknown keys are absent. */
  readonly fetchByKeys: HttpConnector.FetchByIds
}

/** A query the schema metadata could not build, as a connector error. */
const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

const fieldOf =
  (name: string) =>
  (raw: unknown): string | undefined =>
    raw !== null && typeof raw === "object" ? Cursor.valueToString((raw as Record<string, unknown>)[name]) : undefined

const keyOf = fieldOf("key")

/** Where a keyset request starts: the near day bound (`YYYY-MM-DD`), and the page among the records from there. */
interface KeysetState {
  readonly day: string | null
  readonly page: number
}

/** The UTC day of an instant, as `created_at_min` / `created_at_max` take it. */
const dayOf = (value: string): string | undefined => {
  const ms = Metadata.parseInstant(value)
  return ms === undefined ? undefined : Schemas.formatDate(ms)
}

/** Query bounds narrowed to days: HrFlow's `created_at_min` / `created_at_max` take dates. */
const dayBounds = (params: VendorHttp.Query): VendorHttp.Query => {
  const out: Record<string, VendorHttp.Query[string]> = { ...params }
  for (const name of ["created_at_min", "created_at_max"]) {
    const value = out[name]
    if (typeof value === "string") out[name] = dayOf(value) ?? value
  }
  return out
}

/** Where a newest-first scan is: the page, the list total last seen, and how often it stepped back. */
interface ScanState {
  readonly page: number
  readonly total: number | undefined
  readonly stepBacks: number
}

/** Pages whose keys a newest-first scan remembers to drop repeats. */
const dedupPages = 4

/** Step-backs allowed per scan, so that a list shrinking without end cannot hold a read forever. */
const maxStepBacks = 20

const totalOf = (response: VendorHttp.Response): number | undefined => {
  const total = Paging.at(response.body, "meta.total")
  return typeof total === "number" && Number.isFinite(total) ? total : undefined
}

/** Fields HrFlow sets itself (or the request's identity sets), left out of write bodies; `created_at` may be given. */
const serverFields: ReadonlySet<string> = new Set(["id", "key", "reference", "board_key", "board", "source_key", "source", "archived_at", "updated_at"])

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.apiKey(config.api_key, "X-API-KEY"),
      extraHeaders: { ...config.extra_headers, "X-USER-EMAIL": config.user_email },
      rateLimit: config.rate_limit
    })

    const container = (resource: Resource) => Config.containerKey(config, resource)

    // Records travel as the JSON the vendor sent; the pipeline validates them against the schema.
    const list = (resource: Resource, options: Connector.ReadOptions) =>
      Stream.suspend((): Stream.Stream<unknown, ConnectorError> => {
        const containerKey = container(resource)
        if (Either.isLeft(containerKey)) return Stream.fail(containerKey.left)
        const schema = Schemas.schemas[resource]
        const endpoint = endpoints[resource]
        const found = Metadata.cursorField(schema, options.cursor.mode)
        if (!found) {
          return Stream.fail(
            new Unsupported({
              connector: Config.name,
              operation: `read ${resource}`,
              field: options.cursor.mode,
              reason: `HrFlow.ai cannot read ${resource}s in ${options.cursor.mode} order (cursor modes: ${Metadata.cursorModes(schema).join(", ")})`
            })
          )
        }
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        const fixed = { [endpoint.containers]: JSON.stringify([containerKey.right]), [endpoint.returnFull]: "true", limit }
        const valueOf = fieldOf(found.name)
        const isLast = Paging.lastPageAt("meta.maxPage", "meta.page")
        return found.meta.sortable === false
          ? newestFirst(resource, options, fixed, found.meta.cursor_sort_field ?? found.name, valueOf, limit, isLast)
          : keyset(resource, options, fixed, valueOf, isLast)
      }) as Stream.Stream<Connector.NativeRecord, ConnectorError>

    /** Pages walked by cursor value: every request restarts at the day of the last value read. */
    const keyset = (
      resource: Resource,
      options: Connector.ReadOptions,
      fixed: VendorHttp.Query,
      valueOf: (raw: unknown) => string | undefined,
      isLast: (response: VendorHttp.Response, page: number) => boolean
    ): Stream.Stream<unknown, ConnectorError> => {
      const schema = Schemas.schemas[resource]
      const { sort_by: direction } = options.cursor
      const start = options.cursor.start ?? null
      const paramsFrom = (from: string | null) =>
        QueryParams.buildConnectorParams(
          schema,
          options.where,
          { ...options.cursor, start: from },
          {
            sortParamName: "order_by",
            sortFieldParamName: "sort_by",
            until: options.until ?? null
          }
        )
      const first = paramsFrom(start)
      if (Either.isLeft(first)) return Stream.fail(unsupported(resource, first.left))
      // Day bounds are wider than the conditions: every condition is applied exactly here.
      const keep = leftoverFilter(resource, options.where)
      if (Either.isLeft(keep)) return Stream.fail(keep.left)
      const inWindow = (value: string | undefined): boolean => {
        if (value === undefined) return true
        const far = options.until
        if (direction === "asc") {
          return (start === null || Cursor.compareValues(value, start) >= 0) && (far === undefined || Cursor.compareValues(value, far) <= 0)
        }
        return start === null || Cursor.compareValues(value, start) <= 0
      }
      const initial: KeysetState = { day: start === null ? null : (dayOf(start) ?? start), page: 1 }
      const pages = Paging.paginate(http, initial, {
        items: "data",
        key: (state) => `${state.day ?? "(no start)"} page ${state.page}`,
        fetch: (state) =>
          Either.match(paramsFrom(state.day), {
            onLeft: (e) => Effect.fail(unsupported(resource, e)),
            onRight: ({ params }) => http.request("GET", endpoints[resource].list, { query: { ...fixed, ...dayBounds(params), page: state.page } })
          }),
        advance: (response, state, items) => {
          if (Chunk.isEmpty(items) || isLast(response, state.page)) return Option.none()
          const last = valueOf(Chunk.unsafeLast(items))
          const day = last === undefined ? undefined : dayOf(last)
          // Inside one day's records (or without a value) the next page is the next page.
          if (day === undefined || day === state.day) return Option.some({ day: state.day, page: state.page + 1 })
          // Restart at the last day: its records already read come first again and are dropped below.
          return Option.some({ day, page: 1 })
        }
      })
      return Stream.suspend(() => {
        // The furthest value passed in the reading direction, and the keys read at it.
        let furthest: string | undefined
        let keysAtFurthest = new Set<string>()
        const sign = direction === "asc" ? 1 : -1
        const fresh = (raw: unknown): boolean => {
          const value = valueOf(raw)
          const key = keyOf(raw)
          if (value === undefined || key === undefined) return true
          const c = furthest === undefined ? 1 : sign * Cursor.compareValues(value, furthest)
          if (c < 0) return false
          if (c === 0) {
            if (keysAtFurthest.has(key)) return false
            keysAtFurthest.add(key)
            return true
          }
          furthest = value
          keysAtFurthest = new Set([key])
          return true
        }
        return pages.pipe(Stream.mapChunks(Chunk.filter((raw) => fresh(raw) && inWindow(valueOf(raw)) && keep.right(raw))))
      })
    }

    /** Pages newest first by a field the API can order by but not bound; stops past the cursor start. */
    const newestFirst = (
      resource: Resource,
      options: Connector.ReadOptions,
      fixed: VendorHttp.Query,
      sortField: string,
      valueOf: (raw: unknown) => string | undefined,
      limit: number,
      isLast: (response: VendorHttp.Response, page: number) => boolean
    ): Stream.Stream<unknown, ConnectorError> => {
      const built = QueryParams.buildConnectorParams(Schemas.schemas[resource], options.where, null)
      if (Either.isLeft(built)) return Stream.fail(unsupported(resource, built.left))
      // Day bounds are wider than the conditions: every condition is applied exactly here.
      const keep = leftoverFilter(resource, options.where)
      if (Either.isLeft(keep)) return Stream.fail(keep.left)
      const { sort_by: direction, start } = options.cursor
      const { until } = options
      const query = { ...fixed, ...dayBounds(built.right.params), sort_by: sortField, order_by: "desc" }
      const initial: ScanState = { page: 1, total: undefined, stepBacks: 0 }
      const pages = Paging.paginate(http, initial, {
        items: "data",
        key: (state) => `page ${state.page} after ${state.stepBacks} step-backs`,
        fetch: (state) => http.request("GET", endpoints[resource].list, { query: { ...query, page: state.page } }),
        advance: (response, state, items) => {
          const total = totalOf(response)
          // Records archived since the previous page moved every later one up: read the gap again.
          const shrunk = state.total !== undefined && total !== undefined ? state.total - total : 0
          if (shrunk > 0 && state.stepBacks < maxStepBacks) {
            const back = Math.min(dedupPages - 1, Math.ceil(shrunk / limit))
            return Option.some({ page: Math.max(1, state.page - back), total, stepBacks: state.stepBacks + 1 })
          }
          if (Chunk.isEmpty(items) || isLast(response, state.page)) return Option.none()
          return Option.some({ page: state.page + 1, total, stepBacks: state.stepBacks })
        }
      })
      // Ascending from `start`: everything older than `start` comes after it, so reading stops there.
      const bounded =
        direction === "asc" && start != null && start !== ""
          ? pages.pipe(
              Stream.takeWhile((raw) => {
                const value = valueOf(raw)
                return value === undefined || Cursor.compareValues(value, start) >= 0
              })
            )
          : pages
      const inWindow = (value: string | undefined): boolean => {
        if (value === undefined) return true
        if (direction === "asc") return until === undefined || Cursor.compareValues(value, until) <= 0
        return start == null || start === "" || Cursor.compareValues(value, start) <= 0
      }
      return Stream.suspend(() => {
        // Records moved down by updates or creations, or read again after a step-back, come from the
        // last few pages: their keys are remembered, no more.
        const recent: Array<ReadonlySet<string>> = []
        return bounded.pipe(
          Stream.mapChunks((chunk) => {
            const keys = new Set<string>()
            const out = Chunk.filter(chunk, (raw) => {
              const key = keyOf(raw)
              if (key !== undefined) {
                if (keys.has(key) || recent.some((page) => page.has(key))) return false
                keys.add(key)
              }
              return inWindow(valueOf(raw)) && keep.right(raw)
            })
            recent.push(keys)
            if (recent.length > dedupPages) recent.shift()
            return out
          })
        )
      })
    }

    const upsertOne = (resource: Resource, containerKey: string, record: Connector.NativeRecord) => {
      const endpoint = endpoints[resource]
      const fields: Record<string, unknown> = {}
      for (const [name, value] of Object.entries(record)) if (!serverFields.has(name) && value !== undefined) fields[name] = value
      const body = (identity: Readonly<Record<string, string>>) => ({ ...fields, ...identity, [endpoint.container]: containerKey })
      const keyIn = (response: VendorHttp.Response, fallback: string) => Cursor.valueToString(Paging.at(response.body, "data.key")) ?? fallback
      // An edit is safe to repeat; a 404 means there is nothing to edit yet.
      const edit = (identity: Readonly<Record<string, string>>) =>
        http.request("PUT", endpoint.indexing, { body: body(identity) }).pipe(
          Effect.map(Option.some),
          Effect.catchTag("NotFound", () => Effect.succeedNone)
        )
      const create = (identity: Readonly<Record<string, string>>, fallback: string) =>
        Effect.map(http.request("POST", endpoint.indexing, { body: body(identity) }), (r) => Connector.Outcome.created(keyIn(r, fallback)))
      const key = Cursor.valueToString(record.key)
      const reference = Cursor.valueToString(record.reference)
      const program = Effect.gen(function* () {
        if (reference !== undefined) {
          const edited = yield* edit({ reference })
          if (Option.isSome(edited)) return Connector.Outcome.updated(keyIn(edited.value, reference))
          return yield* create({ reference }, reference)
        }
        if (key !== undefined) {
          const byKey = yield* edit({ key })
          if (Option.isSome(byKey)) return Connector.Outcome.updated(keyIn(byKey.value, key))
          // A key from another board: created here under that key as reference, found by it next time.
          const byReference = yield* edit({ reference: key })
          if (Option.isSome(byReference)) return Connector.Outcome.updated(keyIn(byReference.value, key))
          return yield* create({ reference: key }, key)
        }
        return yield* create({}, "")
      })
      const id = reference ?? key
      return program.pipe(
        Effect.catchTags({
          RequestRejected: (e) => Effect.succeed(Connector.Outcome.failed(id, e.field ? `${e.field}: ${e.reason}` : e.reason)),
          NotFound: (e) => Effect.succeed(Connector.Outcome.failed(id, e.message))
        })
      )
    }

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) =>
      Effect.flatMap(container(resource), (containerKey) => Effect.forEach(records, (record) => upsertOne(resource, containerKey, record)))

    const archive = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.flatMap(container(resource), (containerKey) =>
        Effect.forEach(ids, (id) => {
          const endpoint = endpoints[resource]
          const patch = (identity: Readonly<Record<string, string>>) =>
            http.request("PATCH", endpoint.archive, { idempotent: true, body: { [endpoint.container]: containerKey, ...identity, is_archive: 1 } }).pipe(
              Effect.as(true),
              Effect.catchTag("NotFound", () => Effect.succeed(false))
            )
          // Records written from another system carry that system's id as their reference.
          return Effect.gen(function* () {
            if (yield* patch({ key: id })) return Connector.Outcome.archived(id)
            if (yield* patch({ reference: id })) return Connector.Outcome.archived(id)
            return Connector.Outcome.failed(id, `${resource} ${id} not found in HrFlow.ai ${endpoint.container} ${containerKey}`)
          }).pipe(Effect.catchTag("RequestRejected", (e) => Effect.succeed(Connector.Outcome.failed(id, e.reason))))
        })
      )

    const fetchByKeys = (resource: Resource, keys: ReadonlyArray<string>) =>
      Effect.flatMap(container(resource), (containerKey) =>
        Effect.map(
          Effect.forEach([...new Set(keys)], (key) =>
            http.request("GET", endpoints[resource].indexing, { query: { [endpoints[resource].container]: containerKey, key } }).pipe(
              Effect.map((response) => Option.fromNullable(Paging.at(response.body, "data") as Connector.NativeRecord | undefined)),
              Effect.catchTag("NotFound", () => Effect.succeedNone)
            )
          ),
          (found) => found.flatMap((record) => (Option.isSome(record) ? [record.value] : []))
        )
      )

    return { http, list, upsert, archive, fetchByKeys }
  })

/** WHERE conditions the query could not carry, applied here so that none is lost. */
const leftoverFilter = (resource: Resource, unpushed: ReadonlyArray<Condition>) => Either.mapLeft(Postfilter.compile(unpushed), (e) => unsupported(resource, e))
