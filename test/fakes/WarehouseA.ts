/**
 * A fake Warehouse A (on FakeServer: 127.0.0.1, random port) that honours every parameter the
 * connector sends and rejects any it does not know (400), so a wrong name cannot pass unnoticed.
 *
 * - Auth: the API key in `X-API-Key` (or `headerName`); otherwise 401, echoing the key it got.
 * - `GET /jobs`, `GET /profiles`: `page` (from 1), `limit` (1-100, default 20), `sort_by`
 *   (`created_at` | `updated_at` | the id field; default `created_at`), `order` (`asc` | `desc`), then
 *   the id as tie-break in the same direction; inclusive bounds `created_at_min/_max`,
 *   `updated_at_min/_max`, `<id>_min/_max`; filters: `<id>` and `ids` (CSV), and per resource
 *   (jobs: `title`, `board_key`, `board_keys` (JSON array text), `status`, `statuses` (CSV),
 *   `location`, `locations` (CSV), `salary_min__gte`, `salary_min__lte`; profiles: `full_name`,
 *   `email`, `emails` (repeated), `tags` (repeated, any), `source_key`, `source_keys` (JSON array
 *   text)); `keywords` (AND/OR query over title, description, skills / full_name, summary, skills).
 *   → `{ data, meta: { page, max_page, total, limit } }`.
 * - `GET /jobs/{id}` → `{ data }` or 404.
 * - `PUT /jobs/batch` `{ jobs: [...] }` (at most 100; `/profiles/batch` `{ profiles }`) →
 *   `{ results: [{ job_id, status: created|updated|failed, error? }] }` in order; a record without
 *   its id or title (full_name) fails.
 * - `POST /jobs/archive` `{ job_ids }` → `{ results: [{ job_id, status: archived|not_found }] }`.
 * - `rateLimit(n, seconds)`: the next n requests get 429 with `Retry-After`.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"
import * as Search from "./Search.js"

/** A record as stored (JSON). */
export type Rec = Record<string, unknown>

/** The two resources. */
export type Resource = "job" | "profile"

/** Server options. */
export interface Options {
  /** The accepted API key (default `key-a`). */
  readonly apiKey?: string
  /** The header carrying it (default `X-API-Key`). */
  readonly headerName?: string
  readonly jobs?: ReadonlyArray<unknown>
  readonly profiles?: ReadonlyArray<unknown>
}

/** What the server holds; tests may read and change it. */
export interface Store {
  readonly job: Map<string, Rec>
  readonly profile: Map<string, Rec>
  /** Ids archived, per resource, in order. */
  readonly archived: Record<Resource, Array<string>>
  /** Every batch written, in order. */
  readonly writes: Array<{ readonly resource: Resource; readonly records: ReadonlyArray<Rec> }>
  /** Adds or replaces records (raw: invalid ones are kept as they are). */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
}

/** A running fake. */
export interface FakeWarehouseA {
  readonly url: string
  readonly store: Store
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** The next `times` requests are answered 429 with `Retry-After: retryAfterSeconds` (default 1). */
  readonly rateLimit: (times: number, retryAfterSeconds?: number) => void
}

class BadRequest extends Error {}

type Test = (record: Rec) => boolean
/** Compiles one query parameter (all its values) into a record test; throws BadRequest on a bad value. */
type Filter = (value: string, all: ReadonlyArray<string>, name: string) => Test

const eq =
  (field: string): Filter =>
  (value) =>
  (r) =>
    r[field] === value
const csvIn =
  (field: string): Filter =>
  (value) => {
    const list = value.split(",")
    return (r) => list.includes(String(r[field]))
  }
const jsonIn =
  (field: string): Filter =>
  (value, _, name) => {
    let list: unknown
    try {
      list = JSON.parse(value)
    } catch {
      throw new BadRequest(`${name} must be a JSON array of strings, got ${value}`)
    }
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) {
      throw new BadRequest(`${name} must be a JSON array of strings, got ${value}`)
    }
    return (r) => (list as ReadonlyArray<unknown>).includes(r[field])
  }
const repeatedIn =
  (field: string): Filter =>
  (_, all) =>
  (r) => {
    const v = r[field]
    return Array.isArray(v) ? v.some((x) => all.includes(String(x))) : all.includes(String(v))
  }
const bound =
  (field: string, side: "min" | "max", kind: "instant" | "number" | "id"): Filter =>
  (value, _, name) => {
    if (kind === "instant" && Search.instant(value) === undefined) throw new BadRequest(`${name}: not an ISO-8601 date-time: ${value}`)
    if (kind === "number" && !/^-?\d+(\.\d+)?$/.test(value)) throw new BadRequest(`${name}: not a number: ${value}`)
    return (r) => {
      if (r[field] === undefined || r[field] === null) return false
      const c = Search.compare(r[field], value)
      return side === "min" ? c >= 0 : c <= 0
    }
  }
const keywords =
  (fields: ReadonlyArray<string>): Filter =>
  (value) => {
    let expr: Search.Expr
    try {
      expr = Search.parse(value)
    } catch (e) {
      throw new BadRequest(`keywords: ${(e as Error).message}`)
    }
    return (r) => Search.matches(expr, Search.textsOf(r, fields))
  }

interface Spec {
  readonly path: string
  readonly idField: string
  readonly bodyKey: string
  readonly idsKey: string
  readonly required: string
  readonly filters: Readonly<Record<string, Filter>>
}

const common = (idField: string): Record<string, Filter> => ({
  [idField]: eq(idField),
  ids: csvIn(idField),
  [`${idField}_min`]: bound(idField, "min", "id"),
  [`${idField}_max`]: bound(idField, "max", "id"),
  created_at_min: bound("created_at", "min", "instant"),
  created_at_max: bound("created_at", "max", "instant"),
  updated_at_min: bound("updated_at", "min", "instant"),
  updated_at_max: bound("updated_at", "max", "instant")
})

const specs: Record<Resource, Spec> = {
  job: {
    path: "/jobs",
    idField: "job_id",
    bodyKey: "jobs",
    idsKey: "job_ids",
    required: "title",
    filters: {
      ...common("job_id"),
      title: eq("title"),
      board_key: eq("board_key"),
      board_keys: jsonIn("board_key"),
      status: eq("status"),
      statuses: csvIn("status"),
      location: eq("location"),
      locations: csvIn("location"),
      salary_min__gte: bound("salary_min", "min", "number"),
      salary_min__lte: bound("salary_min", "max", "number"),
      keywords: keywords(["title", "description", "skills"])
    }
  },
  profile: {
    path: "/profiles",
    idField: "profile_id",
    bodyKey: "profiles",
    idsKey: "profile_ids",
    required: "full_name",
    filters: {
      ...common("profile_id"),
      full_name: eq("full_name"),
      email: eq("email"),
      emails: repeatedIn("email"),
      tags: repeatedIn("tags"),
      source_key: eq("source_key"),
      source_keys: jsonIn("source_key"),
      keywords: keywords(["full_name", "summary", "skills"])
    }
  }
}

const isRec = (value: unknown): value is Rec => typeof value === "object" && value !== null && !Array.isArray(value)

const integer = (name: string, value: string | undefined, fallback: number, min: number, max: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new BadRequest(`${name} must be an integer from ${min} to ${max}, got ${value}`)
  return n
}

const list = (spec: Spec, rows: Iterable<Rec>, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
  const { query, queryAll } = request
  const control = new Set(["page", "limit", "sort_by", "order"])
  for (const name of Object.keys(query)) {
    if (!control.has(name) && !(name in spec.filters)) throw new BadRequest(`unknown query parameter: ${name}`)
  }
  const page = integer("page", query.page, 1, 1, 1_000_000)
  const limit = integer("limit", query.limit, 20, 1, 100)
  const sortBy = query.sort_by ?? "created_at"
  if (![spec.idField, "created_at", "updated_at"].includes(sortBy)) throw new BadRequest(`sort_by must be created_at, updated_at or ${spec.idField}`)
  const order = query.order ?? "asc"
  if (order !== "asc" && order !== "desc") throw new BadRequest("order must be asc or desc")
  const tests = Object.keys(query)
    .filter((name) => !control.has(name))
    .map((name) => spec.filters[name]!(query[name]!, queryAll[name] ?? [], name))
  const direction = order === "asc" ? 1 : -1
  const matching = [...rows]
    .filter((r) => tests.every((t) => t(r)))
    .sort((a, b) => direction * (Search.compare(a[sortBy], b[sortBy]) || Search.compare(a[spec.idField], b[spec.idField])))
  const total = matching.length
  return {
    body: {
      data: matching.slice((page - 1) * limit, page * limit),
      meta: { page, max_page: Math.max(1, Math.ceil(total / limit)), total, limit }
    }
  }
}

/** Starts the fake; it closes with the scope. */
export const start = (options: Options = {}): Effect.Effect<FakeWarehouseA, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "key-a"
    const header = (options.headerName ?? "X-API-Key").toLowerCase()
    let limited = 0
    let retryAfter = 1
    const store: Store = {
      job: new Map(),
      profile: new Map(),
      archived: { job: [], profile: [] },
      writes: [],
      seed: (resource, records) => {
        for (const record of records) {
          const id = isRec(record) ? record[specs[resource].idField] : undefined
          store[resource].set(String(id), record as Rec)
        }
      }
    }
    store.seed("job", options.jobs ?? [])
    store.seed("profile", options.profiles ?? [])

    const upsert = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const spec = specs[resource]
      const body = JSON.parse(request.body) as unknown
      const records = isRec(body) ? body[spec.bodyKey] : undefined
      if (!Array.isArray(records)) return { status: 422, body: { message: `body must be { ${spec.bodyKey}: [...] }` } }
      if (records.length > 100) return { status: 422, body: { message: `at most 100 ${spec.bodyKey} per batch, got ${records.length}` } }
      store.writes.push({ resource, records })
      const results = records.map((record: unknown) => {
        const id = isRec(record) ? record[spec.idField] : undefined
        if (!isRec(record) || typeof id !== "string" || id === "") return { status: "failed", error: `${spec.idField} is required` }
        const required = record[spec.required]
        if (typeof required !== "string" || required === "") return { [spec.idField]: id, status: "failed", error: `${spec.required} is required` }
        const existed = store[resource].has(id)
        store[resource].set(id, record)
        return { [spec.idField]: id, status: existed ? "updated" : "created" }
      })
      return { body: { results } }
    }

    const archive = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const spec = specs[resource]
      const body = JSON.parse(request.body) as unknown
      const ids = isRec(body) ? body[spec.idsKey] : undefined
      if (!Array.isArray(ids)) return { status: 422, body: { message: `body must be { ${spec.idsKey}: [...] }` } }
      const results = ids.map((id: unknown) => {
        const key = String(id)
        if (!store[resource].delete(key)) return { [spec.idField]: key, status: "not_found" }
        store.archived[resource].push(key)
        return { [spec.idField]: key, status: "archived" }
      })
      return { body: { results } }
    }

    const route = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      // Like some real vendors, the 401 echoes the key it got: the client must scrub it from errors.
      const given = request.headers[header]
      if (given !== apiKey) return { status: 401, body: { message: `invalid API key ${JSON.stringify(given ?? null)}` } }
      if (limited > 0) {
        limited--
        return { status: 429, headers: { "Retry-After": String(retryAfter) }, body: { message: "too many requests" } }
      }
      for (const resource of ["job", "profile"] as const) {
        const spec = specs[resource]
        if (request.path === spec.path && request.method === "GET") return list(spec, store[resource].values(), request)
        if (request.path === `${spec.path}/batch` && request.method === "PUT") return upsert(resource, request)
        if (request.path === `${spec.path}/archive` && request.method === "POST") return archive(resource, request)
        if (request.path.startsWith(`${spec.path}/`) && request.method === "GET") {
          const found = store[resource].get(decodeURIComponent(request.path.slice(spec.path.length + 1)))
          return found ? { body: { data: found } } : { status: 404, body: { message: `${resource} not found` } }
        }
      }
      return { status: 404, body: { message: `no route ${request.method} ${request.path}` } }
    }

    const server = yield* FakeServer.make((request) => {
      try {
        return route(request)
      } catch (e) {
        if (e instanceof BadRequest || e instanceof SyntaxError) return { status: 400, body: { message: e.message } }
        throw e
      }
    })
    return {
      url: server.url,
      store,
      requests: server.requests,
      clearRequests: server.clearRequests,
      rateLimit: (times, retryAfterSeconds = 1) => {
        limited = times
        retryAfter = retryAfterSeconds
      }
    }
  })
