/**
 * A fake Greenhouse Harvest API (v1) on FakeServer (127.0.0.1, random port), served under `/v1`,
 * reproducing what the connector relies on:
 * - Basic auth with the API token as username and a blank password (401 otherwise);
 * - `GET /v1/jobs` (`status`, `department_id`, `office_id`, `created_after`, `updated_after`) and
 *   `GET /v1/candidates` (`created_after`, `updated_after`, `email`), `per_page` 1-500 (default 100)
 *   and `page` from 1; bodies are bare arrays ordered by id; more than one page → an RFC 8288 `Link`
 *   header with `rel="next"` (until the last page), `"prev"` and `"last"`; time filters are inclusive;
 *   any other parameter or a malformed one is a 422 `{ message, errors: [{ message, field }] }`;
 * - `GET /v1/jobs/{id}`, `GET /v1/candidates/{id}` (404 `{ message }` when absent);
 * - `POST /v1/candidates` and `PATCH /v1/candidates/{id}` need `On-Behalf-Of` naming a known user
 *   (403 otherwise); 422 on a blank `first_name`/`last_name` or, on create, no `applications` naming
 *   existing jobs; new ids count up, timestamps are the fake's clock;
 * - `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer; 429 with `Retry-After` for the next
 *   `throttle(n)` requests (or the first `rateLimitFirst`); 503 past `maxRequests`.
 * Seeded records are stored as given (valid or not); every accepted write is kept for inspection.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Metadata from "../../src/core/Metadata.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

type Raw = Record<string, unknown>
type Resource = "job" | "profile"

/** Fake options. */
export interface Options {
  /** The accepted Harvest token; default `greenhouse-test-key`. */
  readonly apiKey?: string
  /** User ids accepted in `On-Behalf-Of`; default `["4080"]`. */
  readonly users?: ReadonlyArray<string>
  /** The first N requests answer 429; default 0. */
  readonly rateLimitFirst?: number
  /** `Retry-After` seconds sent with a 429; default 1. */
  readonly retryAfterSeconds?: number
  /** The limit announced in `X-RateLimit-Limit`; default 50. */
  readonly rateLimit?: number
  /** Requests served before the server answers only 503; default 10,000. */
  readonly maxRequests?: number
  /** Clock of written records (epoch ms); default `Date.now`. */
  readonly now?: () => number
}

/** A write the fake accepted. */
export interface Write {
  readonly method: string
  readonly path: string
  readonly onBehalfOf: string | undefined
  readonly body: Raw
}

/** A running fake Greenhouse. */
export interface FakeGreenhouse {
  /** Base URL including `/v1`, as the connector's `base_url`. */
  readonly url: string
  readonly apiKey: string
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** Records by resource, keyed by id. */
  readonly store: Record<Resource, Map<number, Raw>>
  readonly writes: Array<Write>
  /** Adds or replaces records (by `id`). */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
  /** Answers the next `n` requests with 429. */
  readonly throttle: (n: number) => void
}

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

const instantOf = (value: unknown): number | undefined => (typeof value === "string" ? Metadata.parseInstant(value) : undefined)

const invalid = (field: string, message: string): FakeServer.FakeReply => ({
  status: 422,
  body: { message: "Validation error", errors: [{ message, field }] }
})

const listParams: Record<Resource, ReadonlySet<string>> = {
  job: new Set(["per_page", "page", "status", "department_id", "office_id", "created_after", "updated_after"]),
  profile: new Set(["per_page", "page", "created_after", "updated_after", "email"])
}

const blank = (value: unknown) => typeof value !== "string" || value.trim() === ""

/** Starts a fake Greenhouse; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<FakeGreenhouse, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "greenhouse-test-key"
    const users = options.users ?? ["4080"]
    const maxRequests = options.maxRequests ?? 10_000
    const limit = options.rateLimit ?? 50
    const now = options.now ?? Date.now
    const store: FakeGreenhouse["store"] = { job: new Map(), profile: new Map() }
    const writes: Array<Write> = []
    let throttled = options.rateLimitFirst ?? 0
    let served = 0
    let nextId = 900_000
    const authorization = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`
    let baseUrl = ""

    const seed = (resource: Resource, records: ReadonlyArray<unknown>) => {
      for (const record of records) {
        const raw = isRecord(record) ? record : { value: record }
        const id = typeof raw.id === "number" ? raw.id : nextId++
        store[resource].set(id, raw)
      }
    }

    const list = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const query = request.query
      for (const name of Object.keys(query)) if (!listParams[resource].has(name)) return invalid(name, "is not a known parameter")
      const integer = (name: string, fallback: number, max: number) => {
        const text = query[name]
        if (text === undefined) return fallback
        return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= max ? Number(text) : undefined
      }
      const perPage = integer("per_page", 100, 500)
      const page = integer("page", 1, Number.MAX_SAFE_INTEGER)
      if (perPage === undefined) return invalid("per_page", "must be an integer from 1 to 500")
      if (page === undefined) return invalid("page", "must be a positive integer")
      const after = (name: string) => (query[name] === undefined ? null : instantOf(query[name]))
      const createdAfter = after("created_after")
      const updatedAfter = after("updated_after")
      if (createdAfter === undefined) return invalid("created_after", "must be an ISO-8601 date-time")
      if (updatedAfter === undefined) return invalid("updated_after", "must be an ISO-8601 date-time")
      if (query.status !== undefined && !["open", "closed", "draft"].includes(query.status)) return invalid("status", "must be open, closed or draft")
      const hasId = (list: unknown, id: string | undefined) =>
        id === undefined || (Array.isArray(list) && list.some((item) => isRecord(item) && String(item.id) === id))
      const rows = [...store[resource].entries()]
        .sort(([a], [b]) => a - b)
        .map(([, record]) => record)
        .filter((r) => {
          if (createdAfter !== null && !((instantOf(r.created_at) ?? -Infinity) >= createdAfter)) return false
          if (updatedAfter !== null && !((instantOf(r.updated_at) ?? -Infinity) >= updatedAfter)) return false
          if (query.status !== undefined && r.status !== query.status) return false
          if (!hasId(r.departments, query.department_id) || !hasId(r.offices, query.office_id)) return false
          if (query.email !== undefined) {
            const emails = Array.isArray(r.email_addresses) ? r.email_addresses : []
            if (!emails.some((e) => isRecord(e) && String(e.value).toLowerCase() === query.email!.toLowerCase())) return false
          }
          return true
        })
      const last = Math.max(1, Math.ceil(rows.length / perPage))
      const linkTo = (n: number) => {
        const url = new URL(`${baseUrl}${request.path}`)
        for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
        url.searchParams.set("page", String(n))
        return `<${url.href}>`
      }
      const links = [
        ...(page < last ? [`${linkTo(page + 1)}; rel="next"`] : []),
        ...(page > 1 ? [`${linkTo(page - 1)}; rel="prev"`] : []),
        `${linkTo(last)}; rel="last"`
      ]
      return {
        status: 200,
        headers: last > 1 ? { Link: links.join(", ") } : {},
        body: rows.slice((page - 1) * perPage, page * perPage)
      }
    }

    const write = (method: string, id: number | undefined, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const onBehalfOf = request.headers["on-behalf-of"]
      if (onBehalfOf === undefined || !users.includes(onBehalfOf)) {
        return { status: 403, body: { message: `On-Behalf-Of must name a Greenhouse user (got ${onBehalfOf ?? "none"})` } }
      }
      let body: unknown
      try {
        body = JSON.parse(request.body)
      } catch {
        return { status: 400, body: { message: "body must be JSON" } }
      }
      if (!isRecord(body)) return { status: 400, body: { message: "body must be a JSON object" } }
      const stamp = new Date(now()).toISOString()
      if (method === "PATCH") {
        const existing = id === undefined ? undefined : store.profile.get(id)
        if (id === undefined || existing === undefined) return { status: 404, body: { message: "Resource not found" } }
        for (const field of ["first_name", "last_name"]) if (field in body && blank(body[field])) return invalid(field, "can't be blank")
        const record = { ...existing, ...body, id, updated_at: stamp }
        store.profile.set(id, record)
        writes.push({ method, path: request.path, onBehalfOf, body })
        return { status: 200, body: record }
      }
      for (const field of ["first_name", "last_name"]) if (blank(body[field])) return invalid(field, "can't be blank")
      const applications = Array.isArray(body.applications) ? body.applications : []
      if (applications.length === 0) return invalid("applications", "must name at least one job")
      const jobs = applications.map((a) => (isRecord(a) ? store.job.get(Number(a.job_id)) : undefined))
      if (jobs.some((j) => j === undefined)) return invalid("applications", "job_id must name an existing job")
      const newId = nextId++
      const { applications: _, ...fields } = body
      const record = {
        ...fields,
        id: newId,
        created_at: stamp,
        updated_at: stamp,
        applications: jobs.map((job, i) => ({ id: newId * 10 + i, jobs: [{ id: job!.id, name: job!.name }] })),
        application_ids: jobs.map((_, i) => newId * 10 + i)
      }
      store.profile.set(newId, record)
      writes.push({ method, path: request.path, onBehalfOf, body })
      return { status: 201, body: record }
    }

    const route = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const match = /^\/v1\/(jobs|candidates)(?:\/(\d+))?$/.exec(request.path)
      if (!match) return { status: 404, body: { message: `no route ${request.method} ${request.path}` } }
      const resource: Resource = match[1] === "jobs" ? "job" : "profile"
      const id = match[2] === undefined ? undefined : Number(match[2])
      if (request.method === "GET") {
        if (id === undefined) return list(resource, request)
        const found = store[resource].get(id)
        return found ? { status: 200, body: found } : { status: 404, body: { message: "Resource not found" } }
      }
      if (resource === "profile" && ((request.method === "POST" && id === undefined) || (request.method === "PATCH" && id !== undefined))) {
        return write(request.method, id, request)
      }
      return { status: 404, body: { message: `no route ${request.method} ${request.path}` } }
    }

    const handler = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      served++
      if (served > maxRequests) return { status: 503, body: { message: "fake Greenhouse: request budget exhausted" } }
      const rateHeaders = (remaining: number) => ({ "X-RateLimit-Limit": String(limit), "X-RateLimit-Remaining": String(remaining) })
      if (throttled > 0) {
        throttled--
        return { status: 429, headers: { ...rateHeaders(0), "Retry-After": String(options.retryAfterSeconds ?? 1) }, body: { message: "Rate limit exceeded" } }
      }
      if (request.headers.authorization !== authorization) return { status: 401, body: { message: "Invalid Basic Auth credentials" } }
      const reply = route(request)
      return { ...reply, headers: { ...rateHeaders(limit - 1), ...reply.headers } }
    }

    const server = yield* FakeServer.make(handler)
    baseUrl = server.url
    return {
      url: `${server.url}/v1`,
      apiKey,
      requests: server.requests,
      clearRequests: server.clearRequests,
      store,
      writes,
      seed,
      throttle: (n) => {
        throttled = n
      }
    }
  })
