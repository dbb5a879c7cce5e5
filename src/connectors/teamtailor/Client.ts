/**
 * Teamtailor's JSON:API through the shared vendor client:
 * - `GET /jobs`, `GET /candidates` with `page[size]` (≤ 30) and `filter[created-at][from]` /
 *   `filter[updated-at][from]`, following `links.next` in the body until it is absent;
 * - `GET /jobs` alone returns only published jobs of the public feed: every job is read with
 *   `filter[status]=all`, once per feed (`public`, then `internal`), so drafts, unlisted, scheduled,
 *   archived and internal jobs are read too and archiving reaches the target;
 * - `include=department,locations` (jobs) and `include=job-applications` (candidates) bring the
 *   related resources in the same response (JsonApi.ts keeps them on the flat records);
 * - a record without `updated-at` (older jobs) takes its `created-at`, and both are normalised to
 *   UTC, so the cursor always has a comparable value;
 * - `GET /{type}/{id}` → `{ data }` to fetch one record;
 * - `PATCH /{type}/{id}` `{ data: { id, type, attributes } }` to update, `POST /{type}`
 *   `{ data: { type, attributes } }` to create, both as `application/vnd.api+json`;
 * - archiving a job is `PATCH` with `status: "archived"`.
 * Every request carries `X-Api-Version`. Records are flattened per JsonApi.ts as pages arrive.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Connector from "../../core/Connector.js"
import type { ConfigError, ConnectorError, Unsupported } from "../../core/ConnectorError.js"
import type { CoreError } from "../../core/Errors.js"
import { isRecord, toIso } from "../../core/MappingKit.js"
import * as Postfilter from "../../core/Postfilter.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"
import * as JsonApi from "./JsonApi.js"
import * as Schemas from "./Schemas.js"

/** Largest `page[size]` Teamtailor serves. */
export const maxPageSize = 30

/** Teamtailor's API. */
export interface Client extends HttpConnector.Client {
  /** Flat records, one chunk per page, bounded from below by the cursor and filtered by `where`. */
  readonly list: HttpConnector.Client["list"]
  /** Updates records by id, creating those Teamtailor does not know; one outcome per record. */
  readonly upsert: HttpConnector.Write
  /** Sets jobs' status to `archived`. */
  readonly archiveJobs: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Connector.WriteOutcome>, ConnectorError>
}

/** A query the schema metadata could not build, as a connector error. */
export const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

/** The list query of a read: pushed conditions, the cursor's lower bound and the page size. */
export const listQuery = (
  resource: Resource,
  options: Pick<Connector.ReadOptions, "cursor" | "where" | "batchSize">
): Either.Either<VendorHttp.Query, Unsupported> =>
  // Only a lower bound can be sent (`filter[*-at][from]`), and only for candidates: the jobs list has
  // no date filter (the pipeline bounds job reads in memory).
  Either.map(
    HttpConnector.lowerBoundParams(
      Config.name,
      resource,
      Schemas.schemas[resource],
      resource === "job" ? { ...options, cursor: { ...options.cursor, start: null } } : options
    ),
    (params) => ({
      ...params,
      include: Schemas.includes[resource].join(","),
      "page[size]": HttpConnector.pageSize(options.batchSize, maxPageSize)
    })
  )

/** The job feeds, each read in full: the jobs list shows one feed at a time (`public` by default). */
export const jobFeeds = ["public", "internal"] as const

/**
 * A flat record whose `updated-at` is set (from `created-at` when null or absent) and whose
 * timestamps are UTC ISO text; anything else is left for the schema check to report.
 */
export const withCursor = (raw: unknown): unknown => {
  if (!isRecord(raw)) return raw
  const created = typeof raw["created-at"] === "string" ? toIso(raw["created-at"]) : undefined
  const updated = typeof raw["updated-at"] === "string" ? toIso(raw["updated-at"]) : undefined
  return {
    ...raw,
    ...(created === undefined ? {} : { "created-at": created }),
    ...(raw["updated-at"] == null && created !== undefined ? { "updated-at": created } : updated === undefined ? {} : { "updated-at": updated })
  }
}

const dataOf = (body: unknown): Option.Option<Connector.NativeRecord> => {
  const data = isRecord(body) ? withCursor(JsonApi.flatten(body.data, JsonApi.includedOf(body))) : undefined
  return isRecord(data) ? Option.some(data) : Option.none()
}

const writeHeaders = { "Content-Type": JsonApi.mediaType }

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.tokenHeader({ prefix: "Token token=", token: config.api_key }),
      extraHeaders: {
        Accept: JsonApi.mediaType,
        "X-Api-Version": config.api_version ?? Config.defaultApiVersion,
        ...config.extra_headers
      },
      rateLimit: config.rate_limit
    })

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const query = listQuery(resource, options)
        if (Either.isLeft(query)) return Stream.fail(query.left)
        // `gt` shares `gte`'s parameter: the exact conditions are applied to what comes back.
        const exact = Postfilter.compile(options.where)
        if (Either.isLeft(exact)) return Stream.fail(unsupported(resource, exact.left))
        const keep = exact.right
        // Records stay raw JSON here (flattened); the pipeline validates them against the native schema.
        const read = (extra: VendorHttp.Query) =>
          Paging.jsonApi(http, {
            path: `/${Schemas.types[resource]}`,
            query: { ...query.right, ...extra },
            items: (response) => JsonApi.flattenDocument(response.body)
          })
        const pages =
          resource === "job" ? Stream.concatAll(Chunk.fromIterable(jobFeeds.map((feed) => read({ "filter[status]": "all", "filter[feed]": feed })))) : read({})
        return pages.pipe(Stream.mapChunks((chunk) => Chunk.filter(Chunk.map(chunk, withCursor) as Chunk.Chunk<Connector.NativeRecord>, keep)))
      })

    const send = (method: "POST" | "PATCH", path: string, resource: JsonApi.Resource) =>
      http.request(method, path, { body: { data: resource }, headers: writeHeaders, idempotent: method === "PATCH" })

    const upsertOne = (resource: Resource, record: Connector.NativeRecord): Effect.Effect<Connector.WriteOutcome, ConnectorError> => {
      const type = Schemas.types[resource]
      const id = typeof record.id === "string" ? record.id : ""
      const create = send("POST", `/${type}`, JsonApi.toResource(type, record, { readOnly: Schemas.readOnly })).pipe(
        Effect.map((response): Connector.WriteOutcome => {
          const created = Option.getOrUndefined(dataOf(response.body))?.id
          return { _tag: "created", id: typeof created === "string" ? created : id }
        })
      )
      const update =
        id === ""
          ? create
          : send("PATCH", `/${type}/${encodeURIComponent(id)}`, JsonApi.toResource(type, record, { id, readOnly: Schemas.readOnly })).pipe(
              Effect.as<Connector.WriteOutcome>({ _tag: "updated", id }),
              Effect.catchTag("NotFound", () => create)
            )
      // A rejected record (422 and the like) is that record's failure, not the batch's.
      return Effect.catchTag(update, "RequestRejected", (error) => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: error.message }))
    }

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) => Effect.forEach(records, (record) => upsertOne(resource, record))

    const archiveJobs = (ids: ReadonlyArray<string>) =>
      Effect.forEach(ids, (id) =>
        send("PATCH", `/jobs/${encodeURIComponent(id)}`, { id, type: "jobs", attributes: { status: "archived" } }).pipe(
          Effect.as<Connector.WriteOutcome>({ _tag: "archived", id }),
          Effect.catchTags({
            NotFound: () => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: `job ${id} not found in Teamtailor` }),
            RequestRejected: (error) => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: error.message })
          })
        )
      )

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const found: Array<Connector.NativeRecord> = []
        for (const id of new Set(ids)) {
          const one = yield* http
            .request("GET", `/${Schemas.types[resource]}/${encodeURIComponent(id)}`, { query: { include: Schemas.includes[resource].join(",") } })
            .pipe(
              Effect.map((response) => dataOf(response.body)),
              Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
            )
          if (Option.isSome(one)) found.push(one.value)
        }
        return found
      })

    return { http, list, upsert, archiveJobs, fetchByIds }
  })
