/**
 * A fake HrFlow.ai API (v1) on FakeServer (127.0.0.1, random port), served under `/v1`, reproducing
 * what the connector relies on:
 * - `X-API-KEY` + `X-USER-EMAIL` on every call (401 `{code, message}` otherwise);
 * - `GET /v1/storing/jobs` (`/storing/profiles`) with `board_keys` (`source_keys`) as a JSON array
 *   string, `page` from 1, `limit` (capped at `maxLimit` without saying so), `order_by` asc|desc
 *   (default desc), `sort_by` created_at|updated_at (default created_at, ties by key),
 *   `created_at_min` / `created_at_max` as dates (`YYYY-MM-DD`, the SDK's documented form; inclusive
 *   whole days), `return_job` / `return_profile` (without it only keys come back) →
 *   `{ code, message, meta: { page, maxPage, count, total }, data }`, each record with its numeric `id`
 *   and its container (`board_key` + `board`, `source_key` + `source`) as HrFlow adds them; any other
 *   parameter, or a malformed one, is a 400;
 * - `POST /v1/job/indexing` (new key, 400 on a missing `name` or a reference already in the board),
 *   `PUT /v1/job/indexing` by `key` or `reference` (404 when absent), `PATCH /v1/job/indexing/archive`
 *   (archived records leave the lists), `GET /v1/job/indexing?board_key&key|reference`; the profile
 *   endpoints likewise with `source_key` (400 without an `info` object);
 * - 429 with `Retry-After` for the next `throttle(n)` requests (or the first `rateLimitFirst`); 503
 *   past `maxRequests` (a guard against runaway clients).
 * Seeded records are stored as given (valid or not); every accepted write is kept for inspection.
 */
import { createHash } from "node:crypto"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Metadata from "../../src/core/Metadata.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

type Raw = Record<string, unknown>
type Resource = "job" | "profile"

/** Fake options. */
export interface Options {
  /** The accepted API key; default `hrflow-test-key`. */
  readonly apiKey?: string
  /** The accepted user email; default `etl@example.com`. */
  readonly userEmail?: string
  /** Existing boards; default `["board-1"]`. */
  readonly boards?: ReadonlyArray<string>
  /** Existing sources; default `["source-1"]`. */
  readonly sources?: ReadonlyArray<string>
  /** Largest page served whatever `limit` asks; default 30 (HrFlow's SDK page size). */
  readonly maxLimit?: number
  /** The first N requests answer 429; default 0. */
  readonly rateLimitFirst?: number
  /** `Retry-After` seconds sent with a 429; default 1. */
  readonly retryAfterSeconds?: number
  /** Requests served before the server answers only 503; default 10,000. */
  readonly maxRequests?: number
  /** Clock of written records (epoch ms); default `Date.now`. */
  readonly now?: () => number
  /** Called with every list request before it is answered (to change data mid-run). */
  readonly onList?: (resource: Resource, query: Readonly<Record<string, string>>) => void
}

/** A stored record with its container and archive state. */
export interface Stored {
  record: Raw
  readonly container: string
  archived: boolean
}

/** A write the fake accepted. */
export interface Write {
  readonly method: string
  readonly path: string
  readonly body: Raw
}

/** A running fake HrFlow. */
export interface FakeHrFlow {
  /** Base URL including `/v1`, as the connector's `base_url`. */
  readonly url: string
  readonly apiKey: string
  readonly userEmail: string
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** Records by resource, keyed by key. */
  readonly store: Record<Resource, Map<string, Stored>>
  readonly writes: Array<Write>
  /** Adds or replaces records (by `key`) in a board/source (default the first). */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>, container?: string) => void
  /** The live (not archived) records of a resource. */
  readonly records: (resource: Resource) => ReadonlyArray<Raw>
  /** Changes a record as an edit in HrFlow would (bumping `updated_at`). */
  readonly update: (resource: Resource, key: string, fields: Raw) => void
  /** Answers the next `n` requests with 429. */
  readonly throttle: (n: number) => void
}

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

/** HrFlow's timestamp form. */
export const timestamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+0000`

const instantOf = (value: unknown): number | undefined => (typeof value === "string" ? Metadata.parseInstant(value) : undefined)

const reply = (status: number, message: string, extra: Raw = {}, headers?: Record<string, string>): FakeServer.FakeReply => ({
  status,
  body: { code: status, message, ...extra },
  ...(headers ? { headers } : {})
})

const names = {
  job: { list: "/v1/storing/jobs", containers: "board_keys", full: "return_job", indexing: "/v1/job/indexing", container: "board_key", label: "Job" },
  profile: {
    list: "/v1/storing/profiles",
    containers: "source_keys",
    full: "return_profile",
    indexing: "/v1/profile/indexing",
    container: "source_key",
    label: "Profile"
  }
} as const

const listParams = (resource: Resource): ReadonlySet<string> =>
  new Set([names[resource].containers, names[resource].full, "page", "limit", "order_by", "sort_by", "created_at_min", "created_at_max"])

/** Starts a fake HrFlow; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<FakeHrFlow, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "hrflow-test-key"
    const userEmail = options.userEmail ?? "etl@example.com"
    const containers: Record<Resource, ReadonlyArray<string>> = {
      job: options.boards ?? ["board-1"],
      profile: options.sources ?? ["source-1"]
    }
    const maxLimit = options.maxLimit ?? 30
    const maxRequests = options.maxRequests ?? 10_000
    const retryAfter = String(options.retryAfterSeconds ?? 1)
    const now = options.now ?? Date.now
    const store: FakeHrFlow["store"] = { job: new Map(), profile: new Map() }
    const writes: Array<Write> = []
    let throttled = options.rateLimitFirst ?? 0
    let served = 0
    let minted = 0
    const newKey = () => createHash("sha1").update(`hrflow-fake-${minted++}`).digest("hex")

    const seed = (resource: Resource, records: ReadonlyArray<unknown>, container = containers[resource][0]!) => {
      for (const record of records) {
        const raw = isRecord(record) ? record : { value: record }
        const key = typeof raw.key === "string" ? raw.key : newKey()
        store[resource].set(key, { record: raw, container, archived: false })
      }
    }

    const find = (resource: Resource, container: string, identity: Raw): Stored | undefined => {
      for (const stored of store[resource].values()) {
        if (stored.container !== container) continue
        if (typeof identity.key === "string" && stored.record.key === identity.key) return stored
        if (identity.key === undefined && typeof identity.reference === "string" && stored.record.reference === identity.reference) return stored
      }
      return undefined
    }

    const list = (resource: Resource, query: Readonly<Record<string, string>>): FakeServer.FakeReply => {
      const n = names[resource]
      for (const name of Object.keys(query)) if (!listParams(resource).has(name)) return reply(400, `unknown parameter: ${name}`)
      let wanted: unknown
      try {
        wanted = JSON.parse(query[n.containers] ?? "")
      } catch {
        return reply(400, `${n.containers} must be a JSON array of keys`)
      }
      if (!Array.isArray(wanted) || wanted.length === 0 || !wanted.every((k) => typeof k === "string")) {
        return reply(400, `${n.containers} must be a JSON array of keys`)
      }
      const unknown = wanted.find((k) => !containers[resource].includes(k as string))
      if (unknown !== undefined) return reply(400, `${n.containers}: unknown key ${String(unknown)}`)
      const integer = (name: string, fallback: number) => {
        const text = query[name]
        if (text === undefined) return fallback
        return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined
      }
      const page = integer("page", 1)
      const requested = integer("limit", 30)
      if (page === undefined) return reply(400, "page must be an integer from 1")
      if (requested === undefined) return reply(400, "limit must be a positive integer")
      const limit = Math.min(requested, maxLimit)
      const orderBy = query.order_by ?? "desc"
      const sortBy = query.sort_by ?? "created_at"
      if (orderBy !== "asc" && orderBy !== "desc") return reply(400, "order_by must be asc or desc")
      if (sortBy !== "created_at" && sortBy !== "updated_at") return reply(400, "sort_by must be created_at or updated_at")
      // Whole days: the SDK documents `YYYY-MM-DD` for both bounds.
      const bound = (name: string, endOfDay: boolean) => {
        const value = query[name]
        if (value === undefined) return null
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
        const ms = instantOf(`${value}T00:00:00Z`)
        return ms === undefined ? undefined : endOfDay ? ms + 86_400_000 - 1 : ms
      }
      const min = bound("created_at_min", false)
      const max = bound("created_at_max", true)
      if (min === undefined) return reply(400, "created_at_min must be a date (YYYY-MM-DD)")
      if (max === undefined) return reply(400, "created_at_max must be a date (YYYY-MM-DD)")
      const direction = orderBy === "asc" ? 1 : -1
      const rows = [...store[resource].values()]
        .filter((s) => !s.archived && wanted.includes(s.container))
        .map((s) => s.record)
        .filter((r) => {
          const created = instantOf(r.created_at)
          if (min !== null && (created === undefined || created < min)) return false
          if (max !== null && (created === undefined || created > max)) return false
          return true
        })
        .sort((a, b) => {
          const d = (instantOf(a[sortBy]) ?? 0) - (instantOf(b[sortBy]) ?? 0)
          return direction * (d !== 0 ? d : String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0)
        })
      const data = rows.slice((page - 1) * limit, page * limit)
      const full = query[n.full] === "true"
      return reply(200, `List of ${resource}s`, {
        meta: { page, maxPage: Math.ceil(rows.length / limit), count: data.length, total: rows.length },
        data: full ? data.map((r) => asServed(resource, r)) : data.map((r) => ({ key: r.key, reference: r.reference ?? null }))
      })
    }

    const ids = new Map<unknown, number>()
    /** A record as HrFlow serves it: with its numeric id and its container. */
    const asServed = (resource: Resource, record: Raw): Raw => {
      const stored = store[resource].get(String(record.key))
      const container = stored?.container ?? containers[resource][0]!
      if (!ids.has(record.key)) ids.set(record.key, ids.size + 1)
      const holder = resource === "job" ? "board" : "source"
      return { id: ids.get(record.key), ...record, [names[resource].container]: container, [holder]: { key: container, name: `${holder} ${container}` } }
    }

    const validate = (resource: Resource, body: Raw): string | undefined => {
      if (resource === "job") return typeof body.name === "string" && body.name !== "" ? undefined : "name: field required"
      return isRecord(body.info) ? undefined : "info: field required"
    }

    const indexing = (resource: Resource, method: string, path: string, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const n = names[resource]
      if (method === "GET" && path === n.indexing) {
        const container = request.query[n.container] ?? ""
        if (!containers[resource].includes(container)) return reply(400, `${n.container}: unknown key ${container}`)
        const stored = find(resource, container, { key: request.query.key, reference: request.query.reference })
        return stored ? reply(200, n.label, { data: asServed(resource, stored.record) }) : reply(404, `${n.label} not found`)
      }
      let body: unknown
      try {
        body = JSON.parse(request.body)
      } catch {
        return reply(400, "body must be JSON")
      }
      if (!isRecord(body)) return reply(400, "body must be a JSON object")
      const container = body[n.container]
      if (typeof container !== "string" || !containers[resource].includes(container)) {
        return reply(400, `${n.container}: unknown or missing key ${String(container)}`)
      }
      const { [n.container]: _, ...fields } = body
      const stamp = timestamp(now())
      if (method === "PATCH" && path === `${n.indexing}/archive`) {
        const stored = find(resource, container, fields)
        if (!stored) return reply(404, `${n.label} not found`)
        stored.archived = fields.is_archive === 1 || fields.is_archive === true
        stored.record = { ...stored.record, archived_at: stored.archived ? stamp : null }
        writes.push({ method, path, body })
        return reply(200, `${n.label} archived`, { data: { key: stored.record.key } })
      }
      if (path !== n.indexing || (method !== "POST" && method !== "PUT")) return reply(404, "Not found")
      const invalid = validate(resource, fields)
      if (invalid) return reply(400, invalid)
      if (method === "POST") {
        if (typeof fields.reference === "string" && find(resource, container, { reference: fields.reference })) {
          return reply(400, `reference ${fields.reference} already exists in ${n.container} ${container}`)
        }
        const { key: _ignored, ...rest } = fields
        const record = { ...rest, key: newKey(), [n.container]: container, created_at: stamp, updated_at: stamp, archived_at: null }
        store[resource].set(record.key, { record, container, archived: false })
        writes.push({ method, path, body })
        return reply(201, `${n.label} created`, { data: record })
      }
      const stored = find(resource, container, fields)
      if (!stored) return reply(404, `${n.label} not found`)
      const record = {
        ...fields,
        key: stored.record.key,
        reference: fields.reference ?? stored.record.reference ?? null,
        [n.container]: container,
        created_at: stored.record.created_at,
        updated_at: stamp,
        archived_at: stored.record.archived_at ?? null
      }
      stored.record = record
      writes.push({ method, path, body })
      return reply(200, `${n.label} edited`, { data: record })
    }

    const handler = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      served++
      if (served > maxRequests) return reply(503, "fake HrFlow: request budget exhausted")
      if (throttled > 0) {
        throttled--
        return reply(429, "Too many requests", {}, { "Retry-After": retryAfter })
      }
      if (request.headers["x-api-key"] !== apiKey || request.headers["x-user-email"] !== userEmail) {
        // Echoes the key it got, as some APIs do: the client must scrub it from its errors.
        return reply(401, `Unauthorized: invalid X-API-KEY ${request.headers["x-api-key"] ?? "(none)"} or X-USER-EMAIL`)
      }
      const { method, path } = request
      for (const resource of ["job", "profile"] as const) {
        if (method === "GET" && path === names[resource].list) {
          options.onList?.(resource, request.query)
          return list(resource, request.query)
        }
        if (path.startsWith(names[resource].indexing)) return indexing(resource, method, path, request)
      }
      return reply(404, `no route ${method} ${path}`)
    }

    const server = yield* FakeServer.make(handler)
    return {
      url: `${server.url}/v1`,
      apiKey,
      userEmail,
      requests: server.requests,
      clearRequests: server.clearRequests,
      store,
      writes,
      seed,
      records: (resource) => [...store[resource].values()].filter((s) => !s.archived).map((s) => s.record),
      update: (resource, key, fields) => {
        const stored = store[resource].get(key)
        if (!stored) throw new Error(`fake HrFlow: no ${resource} ${key}`)
        stored.record = { ...stored.record, ...fields, updated_at: timestamp(now()) }
      },
      throttle: (n) => {
        throttled = n
      }
    }
  })
