/**
 * Workable SPI v3 through the shared vendor client:
 * - `GET /jobs` / `GET /candidates` with `limit` (≤ 100), `created_after` / `updated_after` and
 *   `state`, following the full `paging.next` URL until it is absent;
 * - `GET /candidates/{id}` → `{ candidate }` to fetch one candidate;
 * - `PATCH /candidates/{id}` `{ candidate }` to update, `POST /jobs/{shortcode}/candidates`
 *   `{ candidate, sourced }` to create (Workable creates candidates inside a job);
 * - the documented rate limit (10 requests / 10 s) applied up front; 429s carry
 *   `X-Rate-Limit-Reset`, which the shared retry honours.
 *
 * `paging.next` may come in the legacy form `https://www.workable.com/spi/v3/accounts/{subdomain}/…`,
 * which names the same resource: links to another host are re-rooted under the configured base URL,
 * so the token only ever goes to that host.
 *
 * Workable documents `*_after` without saying whether the bound is inclusive: bounds are sent one
 * second early (timestamps have second precision), so either reading returns every record at the
 * start, and the surplus is filtered here against the exact conditions.
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
import { pick } from "../../core/MappingKit.js"
import * as Metadata from "../../core/Metadata.js"
import * as Postfilter from "../../core/Postfilter.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

/** Largest `limit` the list endpoints accept. */
export const maxPageSize = 100

/** List endpoints and the body key of their records. */
const endpoints = {
  job: { path: "/jobs", items: "jobs" },
  profile: { path: "/candidates", items: "candidates" }
} as const

/** Parameters whose bound is sent one second early (see the module comment). */
const lowerBoundParams: ReadonlyArray<string> = ["created_after", "updated_after"]

/** Candidate fields Workable accepts on create and update. */
const writableFields: ReadonlyArray<string> = [
  "name",
  "firstname",
  "lastname",
  "email",
  "headline",
  "summary",
  "address",
  "phone",
  "cover_letter",
  "image_url",
  "resume_url",
  "tags",
  "skills",
  "social_profiles",
  "education_entries",
  "experience_entries"
]

/** Workable's API. */
export interface Client extends HttpConnector.Client {
  /** Raw records, one chunk per page, bounded from below by the cursor and filtered by `where`. */
  readonly list: HttpConnector.Client["list"]
  /** Updates candidates by id, creating those Workable does not know inside their `job.shortcode`. */
  readonly upsertCandidates: HttpConnector.WriteBatch
  /** The current records with these ids (jobs also match by shortcode); unknown ids are absent. */
  readonly fetchByIds: HttpConnector.FetchByIds
}

/** A query the schema metadata could not build, as a connector error. */
export const unsupported = (resource: Resource, error: CoreError): Unsupported => HttpConnector.unsupportedRead(Config.name, resource, error)

const oneSecondEarlier = (value: VendorHttp.QueryValue): VendorHttp.QueryValue => {
  const ms = typeof value === "string" ? Metadata.parseInstant(value) : undefined
  return ms === undefined ? value : new Date(ms - 1000).toISOString()
}

/** The list query of a read: the pushed conditions and the cursor's lower bound, in Workable's names. */
export const listQuery = (
  resource: Resource,
  options: Pick<Connector.ReadOptions, "cursor" | "where" | "batchSize">
): Either.Either<VendorHttp.Query, Unsupported> =>
  // Only a lower bound can be sent (`created_after` / `updated_after`).
  Either.map(HttpConnector.lowerBoundParams(Config.name, resource, Schemas.schemas[resource], options), (params) => {
    const query: Record<string, VendorHttp.QueryValue> = { ...params }
    for (const key of lowerBoundParams) if (key in query) query[key] = oneSecondEarlier(query[key])
    query.limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
    return query
  })

/** Where `paging.next` points, under the configured base URL (see the module comment). */
export const nextLink =
  (baseUrl: string) =>
  (response: VendorHttp.Response): string | undefined => {
    const next = Paging.at(response.body, "paging.next")
    if (typeof next !== "string" || next === "") return undefined
    let url: URL
    try {
      url = new URL(next, response.url)
    } catch {
      return next
    }
    const base = new URL(baseUrl)
    if (url.origin === base.origin) return url.href
    const rest = /\/spi\/v3(?:\/accounts\/[^/]+)?(\/.*)$/.exec(url.pathname)?.[1]
    // Anything else stays foreign, and the shared client refuses to send credentials there.
    return rest === undefined ? url.href : `${base.href.replace(/\/+$/, "")}${rest}${url.search}`
  }

/** A candidate's writable fields; skills go as plain names, the form Workable's create and update take. */
const candidateBody = (record: Connector.NativeRecord): Record<string, unknown> => {
  const body = pick(record, writableFields)
  if (Array.isArray(body.skills)) body.skills = body.skills.map((s: unknown) => (isRecord(s) && typeof s.name === "string" ? s.name : s))
  return body
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const baseUrl = yield* Config.baseUrl(config)
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      // `base_url` when set, else the subdomain's URL.
      defaultBaseUrl: baseUrl,
      auth: Auth.bearer(config.token),
      rateLimit: config.rate_limit ?? Config.defaultRateLimit
    })

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const query = listQuery(resource, options)
        if (Either.isLeft(query)) return Stream.fail(query.left)
        // The widened bound (and `gt`, which shares `gte`'s parameter) can return a little more than asked.
        const exact = Postfilter.compile(options.where)
        if (Either.isLeft(exact)) return Stream.fail(unsupported(resource, exact.left))
        const keep = exact.right
        const { items, path } = endpoints[resource]
        // Records stay raw JSON here; the pipeline validates them against the native schema.
        const pages = Paging.nextUrl(http, { path, query: query.right, items, next: nextLink(baseUrl) }) as Stream.Stream<
          Connector.NativeRecord,
          ConnectorError
        >
        return pages.pipe(Stream.mapChunks(Chunk.filter(keep)))
      })

    const create = (id: string, record: Connector.NativeRecord) =>
      Effect.gen(function* () {
        const job = record.job
        const shortcode = isRecord(job) && typeof job.shortcode === "string" ? job.shortcode : undefined
        if (shortcode === undefined) {
          return [false, "job.shortcode is required: Workable creates a candidate inside a job"] as const
        }
        const response = yield* http.request("POST", `/jobs/${encodeURIComponent(shortcode)}/candidates`, {
          body: { sourced: true, candidate: candidateBody(record) }
        })
        const created = isRecord(response.body) && isRecord(response.body.candidate) ? response.body.candidate.id : undefined
        return [true, typeof created === "string" ? created : id] as const
      })

    const upsertOne = (record: Connector.NativeRecord): Effect.Effect<Connector.WriteOutcome, ConnectorError> => {
      const id = typeof record.id === "string" ? record.id : ""
      const update =
        id === ""
          ? Effect.succeed(false)
          : http.request("PATCH", `/candidates/${encodeURIComponent(id)}`, { body: { candidate: candidateBody(record) }, idempotent: true }).pipe(
              Effect.as(true),
              Effect.catchTag("NotFound", () => Effect.succeed(false))
            )
      return update.pipe(
        Effect.flatMap((updated): Effect.Effect<Connector.WriteOutcome, ConnectorError> =>
          updated
            ? Effect.succeed({ _tag: "updated", id })
            : create(id, record).pipe(
                Effect.map(([ok, value]): Connector.WriteOutcome => (ok ? { _tag: "created", id: value } : { _tag: "failed", id, reason: value })),
                Effect.catchTag("NotFound", (error) => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: error.message }))
              )
        ),
        // A rejected record (422 and the like) is that record's failure, not the batch's.
        Effect.catchTag("RequestRejected", (error) => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: error.message }))
      )
    }

    const upsertCandidates = (records: ReadonlyArray<Connector.NativeRecord>) => Effect.forEach(records, upsertOne)

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const unique = [...new Set(ids)]
        if (resource === "job") {
          // Jobs are addressed by shortcode; events carry ids, so the (short) job list is scanned.
          const wanted = new Set(unique)
          const jobs = yield* Stream.runCollect(Paging.nextUrl(http, { path: "/jobs", query: { limit: maxPageSize }, items: "jobs", next: nextLink(baseUrl) }))
          return Chunk.toReadonlyArray(jobs).filter(
            (job): job is Connector.NativeRecord => isRecord(job) && (wanted.has(String(job.id)) || wanted.has(String(job.shortcode)))
          )
        }
        const found: Array<Connector.NativeRecord> = []
        for (const id of unique) {
          const one = yield* http.request("GET", `/candidates/${encodeURIComponent(id)}`).pipe(
            Effect.map((response) => (isRecord(response.body) && isRecord(response.body.candidate) ? Option.some(response.body.candidate) : Option.none())),
            Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
          )
          if (Option.isSome(one)) found.push(one.value)
        }
        return found
      })

    return { http, list, upsertCandidates, fetchByIds }
  })
