/**
 * Greenhouse Harvest (v1) through the shared vendor client:
 * - `GET /jobs`, `GET /candidates` → a bare JSON array, `per_page` (1-500) and `page`, the next page in
 *   the RFC 8288 `Link` header (`rel="next"`); filtered by `status`, `created_after`, `updated_after`;
 * - `POST /candidates` (with `applications: [{ job_id }]`) creates, `PATCH /candidates/{id}` edits, both
 *   with `On-Behalf-Of`; `GET /candidates?email=` finds the candidate a record without an id already is;
 * - `GET /jobs/{id}`, `GET /candidates/{id}` fetch one record.
 *
 * Harvest cannot order lists nor bound them from above, so an ascending read sends its start as
 * `updated_after` / `created_after` and leaves ordering and the far bound to the pipeline.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../../core/ConnectorError.js"
import { pick } from "../../core/MappingKit.js"
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

/** Largest page Harvest serves. */
export const maxPageSize = 500

/** List paths per resource. */
export const paths = { job: "jobs", profile: "candidates" } as const

/** Candidate fields a create or an edit sends. */
const writableFields = [
  "first_name",
  "last_name",
  "company",
  "title",
  "is_private",
  "email_addresses",
  "phone_numbers",
  "addresses",
  "website_addresses",
  "social_media_addresses",
  "tags"
] as const

/** Greenhouse Harvest's API. */
export interface Client extends HttpConnector.Client {
  /** Native records (raw JSON), one chunk per page, in Harvest's own order. */
  readonly list: HttpConnector.Client["list"]
  /** Edits candidates by id, or finds them by email, or creates them; one outcome per record, in order. */
  readonly upsert: HttpConnector.Write
}

const unsupported = (operation: string, reason: string, field?: string) =>
  new Unsupported({ connector: Config.name, operation, reason, ...(field !== undefined ? { field } : {}) })

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.basic(config.api_key),
      rateLimit: config.rate_limit ?? Config.defaultRateLimit
    })

    // Records travel as the JSON the vendor sent; the pipeline validates them against the schema.
    const list = (resource: Resource, options: Connector.ReadOptions) =>
      Stream.suspend((): Stream.Stream<unknown, ConnectorError> => {
        const schema = Schemas.schemas[resource]
        const { mode, sort_by, start } = options.cursor
        if (!Metadata.cursorField(schema, mode)) {
          return Stream.fail(
            unsupported(`read ${resource}`, `Greenhouse cannot read ${paths[resource]} by ${mode} (cursor modes: ${Metadata.cursorModes(schema).join(", ")})`, mode)
          )
        }
        // Only a lower bound exists: it is sent for ascending reads; the rest is filtered by the pipeline.
        const lower = sort_by === "asc" && start != null && start !== "" ? { mode, start, sort_by } : null
        const built = QueryParams.buildConnectorParams(schema, options.where, lower)
        if (Either.isLeft(built)) return Stream.fail(unsupported(`read ${resource}`, built.left.message))
        const leftover = Postfilter.compile(built.right.unpushed)
        if (Either.isLeft(leftover)) return Stream.fail(unsupported(`read ${resource}`, leftover.left.message))
        const keep = leftover.right
        const pages = Paging.linkHeader(http, {
          path: paths[resource],
          query: { ...built.right.params, per_page: HttpConnector.pageSize(options.batchSize, maxPageSize) }
        })
        return built.right.unpushed.length === 0 ? pages : pages.pipe(Stream.mapChunks(Chunk.filter((raw) => keep(raw as Connector.NativeRecord))))
      }) as Stream.Stream<Connector.NativeRecord, ConnectorError>

    const applicationsOf = (record: Connector.NativeRecord): ReadonlyArray<{ readonly job_id: number }> => {
      const listed = Array.isArray(record.applications) ? record.applications : []
      const jobIds = listed.flatMap((a: unknown) => {
        if (!isRecord(a)) return []
        const job = typeof a.job_id === "number" ? a.job_id : Array.isArray(a.jobs) && isRecord(a.jobs[0]) ? a.jobs[0].id : undefined
        return typeof job === "number" ? [{ job_id: job }] : []
      })
      return jobIds.length > 0 ? jobIds : config.job_id !== undefined ? [{ job_id: config.job_id }] : []
    }

    const writeCandidate = (user: string, record: Connector.NativeRecord) => {
      const headers = { "On-Behalf-Of": user }
      const body = pick(record, writableFields)
      const edit = (id: number) =>
        http.request("PATCH", `candidates/${id}`, { body, headers, idempotent: true }).pipe(Effect.as(Connector.Outcome.updated(String(id))))
      const email = Array.isArray(record.email_addresses) && isRecord(record.email_addresses[0]) ? record.email_addresses[0].value : undefined
      const program = Effect.gen(function* () {
        if (typeof record.id === "number") {
          const id = record.id
          return yield* edit(id).pipe(
            Effect.catchTag("NotFound", () => Effect.succeed(Connector.Outcome.failed(String(id), `candidate ${id} not found in Greenhouse`)))
          )
        }
        // A record from elsewhere has no Greenhouse id: the candidate it already is has its email.
        if (typeof email === "string" && email !== "") {
          const found = yield* http.request("GET", paths.profile, { query: { email, per_page: 1 } })
          const existing = Array.isArray(found.body) && isRecord(found.body[0]) ? found.body[0].id : undefined
          if (typeof existing === "number") return yield* edit(existing)
        }
        const applications = applicationsOf(record)
        const created = yield* http.request("POST", paths.profile, {
          body: applications.length > 0 ? { ...body, applications } : body,
          headers
        })
        const id = isRecord(created.body) ? created.body.id : undefined
        return Connector.Outcome.created(String(id ?? ""))
      })
      const label = typeof record.id === "number" ? String(record.id) : typeof email === "string" ? email : undefined
      return program.pipe(
        Effect.catchTag("RequestRejected", (e) =>
          Effect.succeed(Connector.Outcome.failed(label, e.field !== undefined ? `${e.field}: ${e.reason}` : e.reason))
        )
      )
    }

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) =>
      resource === "job"
        ? Effect.fail(unsupported("write job", "Harvest jobs are created from templates in Greenhouse; this connector reads them only"))
        : Effect.flatMap(Config.onBehalfOf(config), (user) => Effect.forEach(records, (record) => writeCandidate(user, record)))

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.map(
        Effect.forEach(
          [...new Set(ids)].filter((id) => /^\d+$/.test(id)),
          (id) =>
            http.request("GET", `${paths[resource]}/${id}`).pipe(
              Effect.map((response) => (isRecord(response.body) ? Option.some(response.body as Connector.NativeRecord) : Option.none())),
              Effect.catchTag("NotFound", () => Effect.succeedNone)
            )
        ),
        (found) => found.flatMap((record) => (Option.isSome(record) ? [record.value] : []))
      )

    return { http, list, upsert, fetchByIds }
  })
