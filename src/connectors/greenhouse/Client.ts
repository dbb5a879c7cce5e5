/**
 * Greenhouse Harvest v3 through the shared vendor client:
 * - auth: OAuth 2.0 client credentials at `token_url` (HTTP Basic `client_id:client_secret`, form
 *   `grant_type=client_credentials&sub=<user_id>`), then `Authorization: Bearer`; the token is cached,
 *   refreshed before it expires and once after a 401;
 * - lists: `GET /v3/jobs`, `GET /v3/candidates` → a bare JSON array; filters and `per_page` (1-500) on the
 *   first request only, then the `Link: <…?cursor=…>; rel="next"` URL exactly as given (a cursor must be
 *   the only query parameter); no next link is the last page;
 * - filters: `updated_at=gte|2024-01-01T00:00:00Z` (and `gt|`, `lte|`, `lt|`, two bounds joined with
 *   `|`), the same for `created_at`, `ids=1,2`, `status=`, `candidate_ids=`;
 * - candidates are joined with their applications (`GET /v3/applications?candidate_ids=`) and the
 *   applications' stages (`GET /v3/job_interview_stages?ids=`) when Harvest does not name the stage;
 * - writes: `POST /v3/candidates` creates, `PATCH /v3/candidates/{id}` edits, `POST /v3/applications`
 *   adds a created candidate to its jobs; `GET /v3/candidates?email=` finds the candidate a record
 *   without an id already is;
 * - v3 has no `/{collection}/{id}` reads: records are fetched with `ids=`.
 *
 * Records are normalised as they arrive: `created_at` / `updated_at` become UTC ISO text, and a null
 * `updated_at` takes `created_at`, so every record has a cursor value.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../../core/ConnectorError.js"
import { isRecord, pick, toIso } from "../../core/MappingKit.js"
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

/** Largest page Harvest serves. */
export const maxPageSize = 500

/** List paths per resource. */
export const paths = { job: "jobs", profile: "candidates" } as const

/** Candidate fields a create or an edit sends (v3 applies tags through their own resource). */
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
  "social_media_addresses"
] as const

/** Greenhouse Harvest's API. */
export interface Client extends HttpConnector.Client {
  /** Edits candidates by id, or finds them by email, or creates them; one outcome per record, in order. */
  readonly upsert: HttpConnector.Write
}

const unsupported = (operation: string, reason: string, field?: string) =>
  new Unsupported({ connector: Config.name, operation, reason, ...(field !== undefined ? { field } : {}) })

/** An instant as Harvest writes it in filters: UTC, whole seconds without `.000`. */
const filterInstant = (value: unknown): string => {
  const iso = typeof value === "string" ? toIso(value) : undefined
  return iso === undefined ? String(value) : iso.replace(/\.000Z$/, "Z")
}

const dateParamPattern = /^(created_at|updated_at):(gte|gt|lte|lt)$/

/**
 * Built query params in Harvest's form: the internal date names (`updated_at:gte`, see Schemas) become
 * `updated_at=gte|<ISO>`, two bounds on one field `updated_at=gte|<a>|lte|<b>`.
 */
export const harvestQuery = (params: QueryParams.Params): VendorHttp.Query => {
  const out: Record<string, VendorHttp.QueryValue> = {}
  const dates: Record<string, Array<string>> = {}
  for (const [name, value] of Object.entries(params)) {
    const date = dateParamPattern.exec(name)
    if (date) (dates[date[1]!] ??= []).push(`${date[2]}|${filterInstant(value)}`)
    else out[name] = value as VendorHttp.QueryValue
  }
  for (const [field, bounds] of Object.entries(dates)) out[field] = bounds.join("|")
  return out
}

/** A record with UTC timestamps and a cursor value: a null `updated_at` takes `created_at`. */
export const normalise = (raw: unknown): unknown => {
  if (!isRecord(raw)) return raw
  const created = typeof raw.created_at === "string" ? (toIso(raw.created_at) ?? raw.created_at) : raw.created_at
  const updated = typeof raw.updated_at === "string" ? (toIso(raw.updated_at) ?? raw.updated_at) : (created ?? raw.updated_at)
  return created === raw.created_at && updated === raw.updated_at ? raw : { ...raw, created_at: created, updated_at: updated }
}

const idsOf = (records: ReadonlyArray<unknown>, field = "id"): ReadonlyArray<number> => [
  ...new Set(records.flatMap((r) => (isRecord(r) && typeof r[field] === "number" ? [r[field] as number] : [])))
]

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.oauth2ClientCredentials({
        tokenUrl: config.token_url ?? Config.defaultTokenUrl,
        clientId: config.client_id,
        clientSecret: config.client_secret,
        clientAuthentication: "basic",
        form: { sub: config.user_id }
      }),
      rateLimit: config.rate_limit ?? Config.defaultRateLimit
    })

    /** Every record of a list, following the Link header; filters on the first request only. */
    const all = (path: string, query: VendorHttp.Query) =>
      Stream.runCollect(Paging.linkHeader(http, { path, query: { ...query, per_page: maxPageSize } })).pipe(Effect.map(Chunk.toReadonlyArray))

    /** Fills each application's `current_stage` from its `job_interview_stage_id` when Harvest did not name it. */
    const withStages = (applications: ReadonlyArray<unknown>) =>
      Effect.gen(function* () {
        const unnamed = applications.filter((a) => isRecord(a) && !isRecord(a.current_stage))
        const stageIds = idsOf(unnamed, "job_interview_stage_id")
        if (stageIds.length === 0) return applications
        const stages = yield* all("job_interview_stages", { ids: stageIds.join(",") })
        const names = new Map(stages.flatMap((s) => (isRecord(s) && typeof s.id === "number" ? [[s.id, s.name] as const] : [])))
        return applications.map((a) => {
          if (!isRecord(a) || isRecord(a.current_stage) || typeof a.job_interview_stage_id !== "number") return a
          const name = names.get(a.job_interview_stage_id)
          return typeof name === "string" ? { ...a, current_stage: { id: a.job_interview_stage_id, name } } : a
        })
      })

    /** A page of candidates with their applications (v3 lists them apart). */
    const joinApplications = (candidates: Chunk.Chunk<unknown>) =>
      Effect.gen(function* () {
        const ids = idsOf(Chunk.toReadonlyArray(candidates))
        if (ids.length === 0) return candidates
        const applications = yield* Effect.flatMap(all("applications", { candidate_ids: ids.join(",") }), withStages)
        const byCandidate = new Map<number, Array<unknown>>()
        for (const a of applications) {
          if (isRecord(a) && typeof a.candidate_id === "number") {
            const list = byCandidate.get(a.candidate_id) ?? []
            list.push(a)
            byCandidate.set(a.candidate_id, list)
          }
        }
        return Chunk.map(candidates, (c) =>
          isRecord(c) && typeof c.id === "number" && byCandidate.has(c.id) ? { ...c, applications: byCandidate.get(c.id) } : c
        )
      })

    /** `{ id: record }` of the records of a reference list with these ids. */
    const byId = (path: string, ids: ReadonlyArray<number>) =>
      ids.length === 0
        ? Effect.succeed(new Map<number, Record<string, unknown>>())
        : Effect.map(
            all(path, { ids: ids.join(",") }),
            (found) => new Map(found.flatMap((r) => (isRecord(r) && typeof r.id === "number" ? [[r.id, r] as const] : [])))
          )

    /** A page of jobs with their department and offices (v3 names them by id only). */
    const joinOrganisation = (jobs: Chunk.Chunk<unknown>) =>
      Effect.gen(function* () {
        const records = Chunk.toReadonlyArray(jobs)
        const departments = yield* byId("departments", idsOf(records, "department_id"))
        const offices = yield* byId("offices", [...new Set(records.flatMap((j) => (isRecord(j) && Array.isArray(j.office_ids) ? j.office_ids : [])))])
        return Chunk.map(jobs, (j) => {
          if (!isRecord(j)) return j
          const department = typeof j.department_id === "number" ? departments.get(j.department_id) : undefined
          const listed = Array.isArray(j.office_ids)
            ? j.office_ids.flatMap((id: unknown) => (typeof id === "number" && offices.has(id) ? [offices.get(id)!] : []))
            : []
          return {
            ...j,
            ...(department ? { department: { id: department.id, name: department.name } } : {}),
            ...(listed.length > 0 ? { offices: listed.map((o) => ({ id: o.id, name: o.name ?? null, location: o.location ?? null })) } : {})
          }
        })
      })

    const pages = (resource: Resource, query: VendorHttp.Query, perPage: number): Stream.Stream<unknown, ConnectorError> =>
      Paging.linkHeader(http, { path: paths[resource], query: { ...query, per_page: perPage } }).pipe(
        Stream.mapChunks(Chunk.map(normalise)),
        Stream.mapChunksEffect(resource === "job" ? joinOrganisation : joinApplications)
      )

    // Records travel as the JSON the vendor sent (normalised); the pipeline validates them against the schema.
    const list = (resource: Resource, options: Connector.ReadOptions) =>
      Stream.suspend((): Stream.Stream<unknown, ConnectorError> => {
        const schema = Schemas.schemas[resource]
        const { mode } = options.cursor
        if (!Metadata.cursorField(schema, mode)) {
          return Stream.fail(
            unsupported(
              `read ${resource}`,
              `Greenhouse cannot read ${paths[resource]} by ${mode} (cursor modes: ${Metadata.cursorModes(schema).join(", ")})`,
              mode
            )
          )
        }
        // Only a lower bound is sent (Harvest cannot order); the rest is filtered by the pipeline.
        const { sort_by, start } = options.cursor
        const lower = sort_by === "asc" && start != null && start !== "" ? { mode, start, sort_by } : null
        const built = QueryParams.buildConnectorParams(schema, options.where, lower)
        if (Either.isLeft(built)) return Stream.fail(HttpConnector.unsupportedRead(Config.name, resource, built.left))
        const leftover = Postfilter.compile(built.right.unpushed)
        if (Either.isLeft(leftover)) return Stream.fail(unsupported(`read ${resource}`, leftover.left.message))
        const keep = leftover.right
        const read = pages(resource, harvestQuery(built.right.params), HttpConnector.pageSize(options.batchSize, maxPageSize))
        return built.right.unpushed.length === 0 ? read : read.pipe(Stream.mapChunks(Chunk.filter((raw) => keep(raw as Connector.NativeRecord))))
      }) as Stream.Stream<Connector.NativeRecord, ConnectorError>

    const jobIdsOf = (record: Connector.NativeRecord): ReadonlyArray<number> => {
      const listed = Array.isArray(record.applications) ? record.applications : []
      const jobIds = listed.flatMap((a: unknown) => {
        if (!isRecord(a)) return []
        const job = typeof a.job_id === "number" ? a.job_id : Array.isArray(a.jobs) && isRecord(a.jobs[0]) ? a.jobs[0].id : undefined
        return typeof job === "number" ? [job] : []
      })
      return jobIds.length > 0 ? [...new Set(jobIds)] : config.job_id !== undefined ? [config.job_id] : []
    }

    const writeCandidate = (record: Connector.NativeRecord) => {
      const body = pick(record, writableFields)
      const edit = (id: number) => http.request("PATCH", `candidates/${id}`, { body, idempotent: true }).pipe(Effect.as(Connector.Outcome.updated(String(id))))
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
        const created = yield* http.request("POST", paths.profile, { body })
        const id = isRecord(created.body) ? created.body.id : undefined
        if (typeof id !== "number")
          return Connector.Outcome.failed(typeof email === "string" ? email : undefined, "Greenhouse created a candidate but returned no id")
        // v3 adds applications in their own resource; a failure here leaves the candidate without that job.
        for (const job_id of jobIdsOf(record)) {
          const added = yield* Effect.either(http.request("POST", "applications", { body: { candidate_id: id, job_id } }))
          if (Either.isLeft(added)) {
            const error = added.left
            if (error._tag !== "RequestRejected" && error._tag !== "NotFound") return yield* error
            return Connector.Outcome.failed(String(id), `candidate ${id} created, application to job ${job_id} refused: ${error.message}`)
          }
        }
        return Connector.Outcome.created(String(id))
      })
      const label = typeof record.id === "number" ? String(record.id) : typeof email === "string" ? email : undefined
      return program.pipe(
        Effect.catchTag("RequestRejected", (e) => Effect.succeed(Connector.Outcome.failed(label, e.field !== undefined ? `${e.field}: ${e.reason}` : e.reason)))
      )
    }

    const upsert = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) =>
      resource === "job"
        ? Effect.fail(unsupported("write job", "Harvest jobs are created from templates in Greenhouse; this connector reads them only"))
        : Effect.forEach(records, writeCandidate)

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const numeric = [...new Set(ids)].filter((id) => /^\d+$/.test(id))
        if (numeric.length === 0) return []
        const found = yield* Stream.runCollect(pages(resource, { ids: numeric.join(",") }, maxPageSize))
        return Chunk.toReadonlyArray(found) as ReadonlyArray<Connector.NativeRecord>
      })

    return { http, list, upsert, fetchByIds }
  })
