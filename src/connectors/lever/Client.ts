/**
 * Lever's API (v1) through the shared vendor client, with HTTP Basic auth (the API key as username,
 * blank password) and Lever's ~10 requests/second limit:
 * - `GET /postings`, `GET /opportunities` → `{ data, hasNext, next }`, paged with `limit` (1-100) and
 *   `offset=<next>`, filtered by the query built from the schema metadata (`buildConnectorParams`), and
 *   every WHERE condition checked again on each page (exact whatever Lever's own matching);
 * - `GET /postings/{id}`, `GET /opportunities/{id}` → `{ data }` to fetch records by id;
 * - writes create opportunities with `POST /opportunities?perform_as=<user id>`. Lever has no general
 *   update: a record that already exists in Lever — found by its id, else by one of its emails with
 *   `GET /opportunities?email=` — is not created again; its missing tags and links are added
 *   (`POST /opportunities/{id}/addTags`, `/addLinks`) and it counts as updated. Other fields of an
 *   existing opportunity are left as they are.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connector from "../../core/Connector.js"
import { ConfigError, type ConnectorError, type Unsupported } from "../../core/ConnectorError.js"
import type { CoreError } from "../../core/Errors.js"
import { pickValues } from "../../core/MappingKit.js"
import * as Postfilter from "../../core/Postfilter.js"
import * as QueryParams from "../../core/QueryParams.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import * as Config from "./Config.js"
import type { LeverOpportunity } from "./Schemas.js"
import * as Schemas from "./Schemas.js"

/** Largest page Lever serves. */
export const maxPageSize = 100

/** Records fetched by id at the same time. */
const fetchConcurrency = 4

/** Lever's API. */
export interface Client extends HttpConnector.Client {
  /** Creates opportunities (or completes existing ones); one outcome per record, in order. */
  readonly writeOpportunities: HttpConnector.WriteBatch
}

/** A query the schema metadata could not build, as a connector error. */
const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

const strings = (value: unknown): ReadonlyArray<string> => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [])

/**
 * The record with a cursor value: Lever sends `updatedAt: null` on records never changed since they
 * were created (most older opportunities of a real account), and such a record's last change is its
 * creation, so it takes `createdAt`. Everything else is left as Lever sent it.
 */
export const withCursor = (record: Connector.NativeRecord): Connector.NativeRecord =>
  record.updatedAt == null && typeof record.createdAt === "number" ? { ...record, updatedAt: record.createdAt } : record

/** The fields `POST /opportunities` takes from a native record (ids, stages and timestamps are Lever's). */
const createBody = (record: Connector.NativeRecord): Record<string, unknown> =>
  pickValues(record, ["name", "headline", "location", "emails", "phones", "links", "tags", "sources", "origin"])

/** Builds the client; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.basic(config.api_key),
      rateLimit: config.rateLimit ?? Config.defaultRateLimit
    })

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        // The run's far bound (`until`) is not sent: Lever's `updated_at_*` filters cannot match a record
        // whose `updatedAt` is null, so sending it would hide every never-updated record from every run.
        // The pipeline applies `until` to what is read instead.
        const built = QueryParams.buildConnectorParams(Schemas.schemas[resource], options.where, options.cursor, { until: null })
        if (Either.isLeft(built)) return Stream.fail(unsupported(resource, built.left))
        // Every condition is also checked per page: Lever's matching may be looser (e.g. emails ignore case).
        const conditions = Postfilter.compile(options.where)
        if (Either.isLeft(conditions)) return Stream.fail(unsupported(resource, conditions.left))
        const matches = conditions.right
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        // Raw JSON objects are the native records; the pipeline validates them against the schema.
        const pages = Paging.queryToken(http, { path: Schemas.paths[resource], query: { ...built.right.params, limit } }) as Stream.Stream<
          Connector.NativeRecord,
          ConnectorError
        >
        const withCursors = pages.pipe(Stream.mapChunks(Chunk.map(withCursor)))
        return options.where.length > 0 ? withCursors.pipe(Stream.mapChunks(Chunk.filter(matches))) : withCursors
      })

    const getOne = (resource: Resource, id: string) =>
      http.request("GET", `${Schemas.paths[resource]}/${encodeURIComponent(id)}`).pipe(
        Effect.map((response) => Option.map(Option.fromNullable(Paging.at(response.body, "data") as Connector.NativeRecord | null | undefined), withCursor)),
        Effect.catchTag("NotFound", () => Effect.succeedNone)
      )

    /** The opportunity a record already is in Lever: by id, else by any of its emails. */
    const findExisting = (record: Connector.NativeRecord) =>
      Effect.gen(function* () {
        if (typeof record.id === "string" && record.id !== "") {
          const byId = yield* getOne("profile", record.id)
          if (Option.isSome(byId)) return byId
        }
        const emails = strings(record.emails)
        if (emails.length === 0) return Option.none<Connector.NativeRecord>()
        const response = yield* http.request("GET", "/opportunities", { query: { email: emails, limit: 1 } })
        const data = Paging.at(response.body, "data")
        return Option.fromNullable(Array.isArray(data) ? (data[0] as Connector.NativeRecord | undefined) : undefined)
      })

    /** Adds the record's tags and links that the existing opportunity lacks. */
    const complete = (existing: LeverOpportunity, record: Connector.NativeRecord, performAs: string) =>
      Effect.gen(function* () {
        const path = `/opportunities/${encodeURIComponent(existing.id)}`
        const tags = strings(record.tags).filter((t) => !(existing.tags ?? []).includes(t))
        const links = strings(record.links).filter((l) => !(existing.links ?? []).includes(l))
        // Adding a tag or link twice is harmless, so transport failures are retried.
        if (tags.length > 0) yield* http.request("POST", `${path}/addTags`, { query: { perform_as: performAs }, body: { tags }, idempotent: true })
        if (links.length > 0) yield* http.request("POST", `${path}/addLinks`, { query: { perform_as: performAs }, body: { links }, idempotent: true })
      })

    const writeOne = (record: Connector.NativeRecord, performAs: string): Effect.Effect<Connector.WriteOutcome, ConnectorError> => {
      const givenId = typeof record.id === "string" ? record.id : undefined
      return Effect.gen(function* () {
        const existing = yield* findExisting(record)
        if (Option.isSome(existing)) {
          const opportunity = existing.value as unknown as LeverOpportunity
          yield* complete(opportunity, record, performAs)
          return Connector.Outcome.updated(opportunity.id)
        }
        const response = yield* http.request("POST", "/opportunities", { query: { perform_as: performAs }, body: createBody(record) })
        const id = Paging.at(response.body, "data.id")
        return typeof id === "string" ? Connector.Outcome.created(id) : Connector.Outcome.failed(givenId, "Lever's response has no data.id")
      }).pipe(
        // A rejected record (validation) or one deleted meanwhile is that record's failure, not the batch's.
        Effect.catchTags({
          RequestRejected: (e) => Effect.succeed(Connector.Outcome.failed(givenId, e.message)),
          NotFound: (e) => Effect.succeed(Connector.Outcome.failed(givenId, e.message))
        })
      )
    }

    const writeOpportunities = (records: ReadonlyArray<Connector.NativeRecord>) =>
      config.perform_as === undefined
        ? Effect.fail(
            new ConfigError({
              connector: Config.name,
              field: "perform_as",
              reason: `required to write opportunities (the Lever user id writes are made on behalf of): pass perform_as or set ${Config.env.perform_as}`
            })
          )
        : Effect.forEach(records, (record) => writeOne(record, config.perform_as!))

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.map(
        Effect.forEach([...new Set(ids)], (id) => getOne(resource, id), { concurrency: fetchConcurrency }),
        (found) => found.flatMap(Option.toArray)
      )

    return { http, list, writeOpportunities, fetchByIds }
  })
