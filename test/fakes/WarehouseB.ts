/**
 * A fake Warehouse B (on FakeServer: 127.0.0.1, random port) that honours every parameter the
 * connector sends and rejects any it does not know (400).
 *
 * - Auth: `Authorization: Bearer <token>`; otherwise 401, echoing the header it got.
 * - `GET /jobs`, `GET /candidates`: `limit` (1-50, default 20), `offset` (the opaque `next` token of
 *   the previous page), `sort` (`created`, `-created`, `modified`, `-modified`, `id`, `-id`; default
 *   `id`) with the id as tie-break; inclusive bounds `created_from/_to`, `modified_from/_to`,
 *   `id_from/_to`; filters `id`, `ids` (repeated), `name`, `tag` (repeated, any), `q` (AND/OR query
 *   over name, summary, tags / name, headline, tags), and per resource (jobs: `status`,
 *   `status__in` (repeated), `category`, `categories` (CSV); candidates: `email`, `stage`, `stages`
 *   (JSON array text)) → `{ results, next }`. The token holds the last (sort value, id) served, so
 *   records changing between pages never shift the pages that follow.
 * - `POST /jobs/bulk` `{ items }` (at most 50) → `{ results: [{ id, ok, created?, error? }] }`; a
 *   record without `id` or `name` fails.
 * - `DELETE /jobs/{id}` → 204, or 404.
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
  /** The accepted bearer token (default `token-b`). */
  readonly token?: string
  readonly jobs?: ReadonlyArray<unknown>
  readonly profiles?: ReadonlyArray<unknown>
}

/** What the server holds; tests may read and change it. */
export interface Store {
  readonly job: Map<string, Rec>
  readonly profile: Map<string, Rec>
  /** Ids deleted, per resource, in order. */
  readonly deleted: Record<Resource, Array<string>>
  /** Every batch written, in order. */
  readonly writes: Array<{ readonly resource: Resource; readonly records: ReadonlyArray<Rec> }>
  /** Adds or replaces records (raw: invalid ones are kept as they are). */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
}

/** A running fake. */
export interface FakeWarehouseB {
  readonly url: string
  readonly store: Store
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** The next `times` requests are answered 429 with `Retry-After: retryAfterSeconds` (default 1). */
  readonly rateLimit: (times: number, retryAfterSeconds?: number) => void
}

class BadRequest extends Error {}

type Test = (record: Rec) => boolean
type Filter = (value: string, all: ReadonlyArray<string>, name: string) => Test

const eq =
  (field: string): Filter =>
  (value) =>
  (r) =>
    r[field] === value
const repeatedIn =
  (field: string): Filter =>
  (_, all) =>
  (r) => {
    const v = r[field]
    return Array.isArray(v) ? v.some((x) => all.includes(String(x))) : all.includes(String(v))
  }
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
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) throw new BadRequest(`${name} must be a JSON array of strings`)
    return (r) => (list as ReadonlyArray<unknown>).includes(r[field])
  }
const bound =
  (field: string, side: "from" | "to", instant: boolean): Filter =>
  (value, _, name) => {
    if (instant && Search.instant(value) === undefined) throw new BadRequest(`${name}: not an ISO-8601 date-time: ${value}`)
    return (r) => {
      if (r[field] === undefined || r[field] === null) return false
      const c = Search.compare(r[field], value)
      return side === "from" ? c >= 0 : c <= 0
    }
  }
const q =
  (fields: ReadonlyArray<string>): Filter =>
  (value) => {
    let expr: Search.Expr
    try {
      expr = Search.parse(value)
    } catch (e) {
      throw new BadRequest(`q: ${(e as Error).message}`)
    }
    return (r) => Search.matches(expr, Search.textsOf(r, fields))
  }

const common: Record<string, Filter> = {
  id: eq("id"),
  ids: repeatedIn("id"),
  name: eq("name"),
  tag: repeatedIn("tags"),
  id_from: bound("id", "from", false),
  id_to: bound("id", "to", false),
  created_from: bound("created", "from", true),
  created_to: bound("created", "to", true),
  modified_from: bound("modified", "from", true),
  modified_to: bound("modified", "to", true)
}

const specs: Record<Resource, { readonly path: string; readonly filters: Readonly<Record<string, Filter>> }> = {
  job: {
    path: "/jobs",
    filters: {
      ...common,
      status: eq("status"),
      status__in: repeatedIn("status"),
      category: eq("category"),
      categories: csvIn("category"),
      q: q(["name", "summary", "tags"])
    }
  },
  profile: {
    path: "/candidates",
    filters: {
      ...common,
      email: eq("email"),
      stage: eq("stage"),
      stages: jsonIn("stage"),
      q: q(["name", "headline", "tags"])
    }
  }
}

const sorts = new Set(["created", "-created", "modified", "-modified", "id", "-id"])

const isRec = (value: unknown): value is Rec => typeof value === "object" && value !== null && !Array.isArray(value)

const encodeToken = (position: readonly [unknown, unknown]) => Buffer.from(JSON.stringify(position)).toString("base64url")

const decodeToken = (token: string): readonly [unknown, unknown] => {
  try {
    const position = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown
    if (Array.isArray(position) && position.length === 2) return [position[0], position[1]]
  } catch {
    // reported below
  }
  throw new BadRequest(`offset: not a token this server issued: ${token}`)
}

const list = (resource: Resource, rows: Iterable<Rec>, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
  const { query, queryAll } = request
  const spec = specs[resource]
  const control = new Set(["limit", "offset", "sort"])
  for (const name of Object.keys(query)) {
    if (!control.has(name) && !(name in spec.filters)) throw new BadRequest(`unknown query parameter: ${name}`)
  }
  const limit = query.limit === undefined ? 20 : Number(query.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new BadRequest(`limit must be an integer from 1 to 50, got ${query.limit}`)
  const sort = query.sort ?? "id"
  if (!sorts.has(sort)) throw new BadRequest(`sort must be one of ${[...sorts].join(", ")}`)
  const field = sort.replace(/^-/, "")
  const direction = sort.startsWith("-") ? -1 : 1
  const tests = Object.keys(query)
    .filter((name) => !control.has(name))
    .map((name) => spec.filters[name]!(query[name]!, queryAll[name] ?? [], name))
  const order = (a: Rec, b: Rec) => direction * (Search.compare(a[field], b[field]) || Search.compare(a.id, b.id))
  let matching = [...rows].filter((r) => tests.every((t) => t(r))).sort(order)
  if (query.offset !== undefined) {
    const [value, id] = decodeToken(query.offset)
    const after = { [field]: value, id } as Rec
    matching = matching.filter((r) => order(r, after) > 0)
  }
  const page = matching.slice(0, limit)
  const last = page[page.length - 1]
  return { body: { results: page, next: matching.length > limit && last ? encodeToken([last[field], last.id]) : null } }
}

/** Starts the fake; it closes with the scope. */
export const start = (options: Options = {}): Effect.Effect<FakeWarehouseB, never, Scope.Scope> =>
  Effect.gen(function* () {
    const token = options.token ?? "token-b"
    let limited = 0
    let retryAfter = 1
    const store: Store = {
      job: new Map(),
      profile: new Map(),
      deleted: { job: [], profile: [] },
      writes: [],
      seed: (resource, records) => {
        for (const record of records) store[resource].set(String(isRec(record) ? record.id : undefined), record as Rec)
      }
    }
    store.seed("job", options.jobs ?? [])
    store.seed("profile", options.profiles ?? [])

    const bulk = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const body = JSON.parse(request.body) as unknown
      const items = isRec(body) ? body.items : undefined
      if (!Array.isArray(items)) return { status: 422, body: { error: { message: "body must be { items: [...] }" } } }
      if (items.length > 50) return { status: 422, body: { error: { message: `at most 50 items per call, got ${items.length}` } } }
      store.writes.push({ resource, records: items })
      const results = items.map((item: unknown) => {
        const id = isRec(item) ? item.id : undefined
        if (!isRec(item) || typeof id !== "string" || id === "") return { id: String(id ?? ""), ok: false, error: "id is required" }
        if (typeof item.name !== "string" || item.name === "") return { id, ok: false, error: "name is required" }
        const existed = store[resource].has(id)
        store[resource].set(id, item)
        return { id, ok: true, created: !existed }
      })
      return { body: { results } }
    }

    const route = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      // Like some real vendors, the 401 echoes the header it got: the client must scrub it from errors.
      const given = request.headers.authorization
      if (given !== `Bearer ${token}`) return { status: 401, body: { error: { message: `invalid authorization ${JSON.stringify(given ?? null)}` } } }
      if (limited > 0) {
        limited--
        return { status: 429, headers: { "Retry-After": String(retryAfter) }, body: { error: { message: "slow down" } } }
      }
      for (const resource of ["job", "profile"] as const) {
        const { path } = specs[resource]
        if (request.path === path && request.method === "GET") return list(resource, store[resource].values(), request)
        if (request.path === `${path}/bulk` && request.method === "POST") return bulk(resource, request)
        if (request.path.startsWith(`${path}/`) && request.method === "DELETE") {
          const id = decodeURIComponent(request.path.slice(path.length + 1))
          if (!store[resource].delete(id)) return { status: 404, body: { error: { message: `${resource} ${id} not found` } } }
          store.deleted[resource].push(id)
          return { status: 204 }
        }
      }
      return { status: 404, body: { error: { message: `no route ${request.method} ${request.path}` } } }
    }

    const server = yield* FakeServer.make((request) => {
      try {
        return route(request)
      } catch (e) {
        if (e instanceof BadRequest || e instanceof SyntaxError) return { status: 400, body: { error: { message: e.message } } }
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
