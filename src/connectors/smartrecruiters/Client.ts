/**
 * SmartRecruiters' API through the shared vendor client, with the key in `X-SmartToken`:
 * - `GET /jobs`, `GET /candidates` → `{ totalFound, limit, nextPageId, content }`, paged with `limit`
 *   (at most 100) and `pageId=<nextPageId>`, filtered by the query built from the schema metadata;
 *   both lists hold summaries, so each page's records are fetched in full with `GET /jobs/{id}` /
 *   `GET /candidates/{id}`, a few at a time through the same rate limit and 429 handling
 *   (`jobDetails: false` / `candidateDetails: false` keep the summaries);
 * - a record never updated has a null `updatedOn`: its `createdOn` stands in, and both are
 *   normalised to UTC, so the cursor always has a comparable value;
 * - `updatedAfter` is strictly after, so an inclusive cursor start is sent one millisecond earlier; the
 *   API has no upper bound, so the cursor's far bound, and every WHERE condition, are also checked on
 *   each page here (cheap, and exact whatever the API's own comparison);
 * - writes: `PATCH /candidates/{id}` for a record whose id SmartRecruiters knows, else for the candidate
 *   with the same email (`GET /candidates?q=<email>`), else `POST /candidates` (SmartRecruiters assigns
 *   the id);
 * - `GET /jobs/{id}`, `GET /candidates/{id}` fetch records by id.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connector from "../../core/Connector.js"
import type { ConfigError, ConnectorError, Unsupported } from "../../core/ConnectorError.js"
import * as Cursor from "../../core/Cursor.js"
import type { CoreError } from "../../core/Errors.js"
import { InvalidInput } from "../../core/Errors.js"
import { pickValues, toIso } from "../../core/MappingKit.js"
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

/** Largest page SmartRecruiters serves. */
export const maxPageSize = 100

/** Records fetched by id at the same time (details of a page, fetch by events). */
const fetchConcurrency = 4

/** SmartRecruiters' API. */
export interface Client extends HttpConnector.Client {
  /** Updates or creates candidates; one outcome per record, in order. */
  readonly writeCandidates: HttpConnector.WriteBatch
}

/** A query the schema metadata could not build, as a connector error. */
const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

/** One millisecond before an instant (ISO or epoch-ms text), as ISO text: `updatedAfter` is exclusive. */
export const justBefore = (value: string): Either.Either<string, InvalidInput> => {
  const ms = /^-?\d+$/.test(value) ? Number(value) : Metadata.parseInstant(value)
  return ms === undefined || Number.isNaN(new Date(ms - 1).getTime())
    ? Either.left(new InvalidInput({ field: "cursor.start", reason: `expected an ISO-8601 date-time, got ${JSON.stringify(value)}` }))
    : Either.right(new Date(ms - 1).toISOString())
}

/** The cursor's bounds on `updatedOn` as a predicate on raw records (records without the field pass). */
const withinCursor = (options: Connector.ReadOptions): ((raw: unknown) => boolean) => {
  const { cursor } = options
  const start = cursor.start ?? undefined
  const far = [cursor.end ?? undefined, cursor.sort_by === "asc" ? options.until : undefined].filter((v): v is string => v !== undefined)
  if (start === undefined && far.length === 0) return () => true
  return (raw) => {
    const value = Cursor.valueToString((raw as Record<string, unknown> | null)?.updatedOn)
    if (value === undefined) return true
    if (start !== undefined && Cursor.isBeforeStart(cursor.sort_by, value, start)) return false
    return far.every((bound) => !Cursor.isAfter(cursor.sort_by, value, bound))
  }
}

/**
 * A raw record whose `updatedOn` is set (from `createdOn` when null or absent) and whose timestamps
 * are UTC ISO text; anything else is left for the schema check to report.
 */
export const withCursor = (raw: Connector.NativeRecord): Connector.NativeRecord => {
  if (typeof raw !== "object" || raw === null) return raw
  const created = typeof raw.createdOn === "string" ? toIso(raw.createdOn) : undefined
  const updated = typeof raw.updatedOn === "string" ? toIso(raw.updatedOn) : undefined
  if (created === raw.createdOn && updated === raw.updatedOn && updated !== undefined) return raw
  return {
    ...raw,
    ...(created === undefined ? {} : { createdOn: created }),
    ...(raw.updatedOn == null && created !== undefined ? { updatedOn: created } : updated === undefined ? {} : { updatedOn: updated })
  }
}

/** The candidate fields sent on create and update (ids and timestamps are SmartRecruiters'). */
const candidateBody = (record: Connector.NativeRecord): Record<string, unknown> =>
  pickValues(record, ["firstName", "lastName", "email", "phoneNumber", "location", "web", "tags", "education", "experience"])

/** Builds the client; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.apiKey(config.api_key, Config.tokenHeader),
      rateLimit: config.rateLimit ?? Config.defaultRateLimit
    })

    const getOne = (resource: Resource, id: string) =>
      http.request("GET", `${Schemas.paths[resource]}/${encodeURIComponent(id)}`).pipe(
        Effect.map((response) => Option.fromNullable(response.body as Connector.NativeRecord | null)),
        Effect.catchTag("NotFound", () => Effect.succeedNone)
      )

    /** A page of summaries in full; a record deleted in between keeps its summary. */
    const details = (resource: Resource) => (summaries: Chunk.Chunk<Connector.NativeRecord>) =>
      Effect.map(
        Effect.forEach(
          summaries,
          (summary) =>
            typeof summary.id === "string" && summary.id !== ""
              ? Effect.map(
                  getOne(resource, summary.id),
                  Option.getOrElse(() => summary)
                )
              : Effect.succeed(summary),
          { concurrency: fetchConcurrency }
        ),
        Chunk.unsafeFromArray
      )
    const withDetails: Record<Resource, boolean> = { job: config.jobDetails !== false, profile: config.candidateDetails !== false }

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const { cursor } = options
        // Only an ascending start can be sent (as `updatedAfter`); other bounds are checked per page.
        const after = cursor.sort_by === "asc" && cursor.start != null ? justBefore(cursor.start) : Either.right(null)
        if (Either.isLeft(after)) return Stream.fail(unsupported(resource, after.left))
        const built = QueryParams.buildConnectorParams(Schemas.schemas[resource], options.where, {
          ...cursor,
          start: after.right,
          end: null
        })
        if (Either.isLeft(built)) return Stream.fail(unsupported(resource, built.left))
        const conditions = Postfilter.compile(options.where)
        if (Either.isLeft(conditions)) return Stream.fail(unsupported(resource, conditions.left))
        const matches = conditions.right
        const inRange = withinCursor(options)
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        // Raw JSON objects are the native records; the pipeline validates them against the schema.
        const pages = Paging.queryToken(http, {
          path: Schemas.paths[resource],
          query: { ...built.right.params, limit },
          param: "pageId",
          items: "content",
          next: (response) => {
            const content = Paging.at(response.body, "content")
            return Array.isArray(content) && content.length > 0 ? Paging.at(response.body, "nextPageId") : undefined
          }
        }) as Stream.Stream<Connector.NativeRecord, ConnectorError>
        const kept = pages.pipe(Stream.mapChunks((chunk) => Chunk.filter(Chunk.map(chunk, withCursor), (raw) => inRange(raw) && matches(raw))))
        return withDetails[resource] ? kept.pipe(Stream.mapChunksEffect((chunk) => Effect.map(details(resource)(chunk), Chunk.map(withCursor)))) : kept
      })

    /** The id SmartRecruiters knows a record by: its own id, else the candidate with the same email. */
    const findExisting = (record: Connector.NativeRecord) =>
      Effect.gen(function* () {
        if (typeof record.id === "string" && record.id !== "") {
          const byId = yield* getOne("profile", record.id)
          if (Option.isSome(byId)) return Option.some(record.id)
        }
        const email = typeof record.email === "string" && record.email !== "" ? record.email : undefined
        if (email === undefined) return Option.none<string>()
        const response = yield* http.request("GET", "/candidates", { query: { q: email, limit: maxPageSize } })
        const content = Paging.at(response.body, "content")
        const found = (Array.isArray(content) ? content : []).find(
          (c) => typeof c?.email === "string" && c.email.toLowerCase() === email.toLowerCase() && typeof c.id === "string"
        ) as { readonly id: string } | undefined
        return Option.fromNullable(found?.id)
      })

    const writeOne = (record: Connector.NativeRecord): Effect.Effect<Connector.WriteOutcome, ConnectorError> => {
      const givenId = typeof record.id === "string" ? record.id : undefined
      const body = candidateBody(record)
      return Effect.gen(function* () {
        const existing = yield* findExisting(record)
        if (Option.isSome(existing)) {
          // The whole state is sent, so repeating the update is harmless.
          yield* http.request("PATCH", `/candidates/${encodeURIComponent(existing.value)}`, { body, idempotent: true })
          return Connector.Outcome.updated(existing.value)
        }
        const response = yield* http.request("POST", "/candidates", { body })
        const id = Paging.at(response.body, "id")
        return typeof id === "string" ? Connector.Outcome.created(id) : Connector.Outcome.failed(givenId, "SmartRecruiters' response has no id")
      }).pipe(
        // A rejected record (validation) or one deleted meanwhile is that record's failure, not the batch's.
        Effect.catchTags({
          RequestRejected: (e) => Effect.succeed(Connector.Outcome.failed(givenId, e.message)),
          NotFound: (e) => Effect.succeed(Connector.Outcome.failed(givenId, e.message))
        })
      )
    }

    const writeCandidates = (records: ReadonlyArray<Connector.NativeRecord>) => Effect.forEach(records, writeOne)

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.map(
        Effect.forEach([...new Set(ids)], (id) => getOne(resource, id), { concurrency: fetchConcurrency }),
        (found) => found.flatMap(Option.toArray).map(withCursor)
      )

    return { http, list, writeCandidates, fetchByIds }
  })
