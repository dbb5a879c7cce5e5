/**
 * A fake Greenhouse Harvest v3 on FakeServer (127.0.0.1, random port), reproducing the rules of the
 * real API (docs/connectors/greenhouse.md), not the connector's assumptions:
 * - `POST /token`: HTTP Basic `client_id:client_secret`, form `grant_type=client_credentials&sub=<user>`
 *   (a known user) → `{ access_token, token_type: "Bearer", expires_in }`; 401 `invalid_client` otherwise.
 *   A token dies after `tokenRequests` API requests (expiry mid-run, deterministic); a dead or unknown
 *   token gets 401;
 * - under `/v3`: `GET jobs` (`status`, `ids`, `created_at`, `updated_at`), `GET candidates` (`ids`,
 *   `created_at`, `updated_at`, `email`), `GET applications` (`candidate_ids`, `ids`), `GET
 *   job_interview_stages`, `departments`, `offices` (`ids`); `per_page` 1-500 (default 100). Date filters
 *   are `op|ISO` pairs joined by `|` (ops gte, gt, lte, lt). Records come ordered by id; a page with more
 *   after it has `Link: <…?cursor=…>; rel="next"` (no prev, no last). A `cursor` must be the only query
 *   parameter (400 otherwise); an unknown parameter or a malformed value is a 422;
 * - no `/{collection}/{id}` reads (404); `POST candidates`, `PATCH candidates/{id}` (422 on blank names),
 *   `POST applications` (`candidate_id`, `job_id` of existing records); writes are kept with the token's user;
 * - `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer; 429 with `Retry-After` and
 *   `X-RateLimit-Reset` for `throttle(n)` / `rateLimitFirst`; `fault(n)` injects 429s, 500s and dropped
 *   connections by API request number; 503 past `maxRequests`.
 * Candidates are seeded with their `applications` (v1-style, as tests write them); the fake stores those
 * apart and serves them only from `GET applications`, as v3 does.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Metadata from "../../src/core/Metadata.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

type Raw = Record<string, unknown>
type Resource = "job" | "profile"
type Collection = "jobs" | "candidates" | "applications" | "job_interview_stages" | "departments" | "offices"

/** A fault injected into the n-th API request (1-based). */
export type Fault = "429" | "500" | "reset"

/** Fake options. */
export interface Options {
  readonly clientId?: string
  readonly clientSecret?: string
  /** User ids accepted as `sub`; default `["4080"]`. */
  readonly users?: ReadonlyArray<string>
  /** `expires_in` of issued tokens; default 3600. */
  readonly expiresIn?: number
  /** API requests a token serves before it is refused with 401; default unlimited. */
  readonly tokenRequests?: number
  /** The first N API requests answer 429; default 0. */
  readonly rateLimitFirst?: number
  /** `Retry-After` seconds sent with a 429; default 1. */
  readonly retryAfterSeconds?: number
  /** The limit announced in `X-RateLimit-Limit`; default 50. */
  readonly rateLimit?: number
  /** Injects a fault into API request number n (token requests are not counted). */
  readonly fault?: (n: number) => Fault | undefined
  /** Requests served before the server answers only 503; default 10,000. */
  readonly maxRequests?: number
  /** Clock of written records (epoch ms); default `Date.now`. */
  readonly now?: () => number
}

/** A write the fake accepted. */
export interface Write {
  readonly method: string
  readonly path: string
  /** The user the token acts as (its `sub`). */
  readonly onBehalfOf: string | undefined
  readonly body: Raw
}

/** A running fake Greenhouse. */
export interface FakeGreenhouse {
  /** Base URL including `/v3`, as the connector's `base_url`. */
  readonly url: string
  /** The token endpoint, as the connector's `token_url`. */
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** Records by resource, keyed by id (candidates without their applications). */
  readonly store: Record<Resource, Map<number, Raw>>
  /** Applications, stages, departments and offices, keyed by id. */
  readonly related: Record<"applications" | "job_interview_stages" | "departments" | "offices", Map<number, Raw>>
  readonly writes: Array<Write>
  /** Tokens issued so far. */
  readonly tokensIssued: () => number
  /** Adds or replaces records (by `id`). */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
  /** Adds or replaces related records (by `id`). */
  readonly seedRelated: (collection: keyof FakeGreenhouse["related"], records: ReadonlyArray<Raw>) => void
  /** Answers the next `n` API requests with 429. */
  readonly throttle: (n: number) => void
}

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

const instantOf = (value: unknown): number | undefined => (typeof value === "string" ? Metadata.parseInstant(value) : undefined)

const unprocessable = (message: string): FakeServer.FakeReply => ({ status: 422, body: { message: "Unprocessable Content", errors: [{ message }] } })

const listParams: Record<Collection, ReadonlySet<string>> = {
  jobs: new Set(["per_page", "ids", "status", "created_at", "updated_at"]),
  candidates: new Set(["per_page", "ids", "created_at", "updated_at", "email"]),
  applications: new Set(["per_page", "ids", "candidate_ids", "created_at", "updated_at"]),
  job_interview_stages: new Set(["per_page", "ids"]),
  departments: new Set(["per_page", "ids"]),
  offices: new Set(["per_page", "ids"])
}

const operators: Record<string, (a: number, b: number) => boolean> = {
  gte: (a, b) => a >= b,
  gt: (a, b) => a > b,
  lte: (a, b) => a <= b,
  lt: (a, b) => a < b
}

/** Parses `gte|2024-01-01T00:00:00Z|lte|...` into tests, or a reason. */
const dateFilter = (text: string): ReadonlyArray<(value: number) => boolean> | string => {
  const parts = text.split("|")
  if (parts.length % 2 !== 0) return "expected op|ISO-8601 pairs"
  const tests: Array<(value: number) => boolean> = []
  for (let i = 0; i < parts.length; i += 2) {
    const op = operators[parts[i]!]
    const at = instantOf(parts[i + 1])
    if (op === undefined) return `unknown operator ${parts[i]}`
    if (at === undefined) return `not an ISO-8601 date-time: ${parts[i + 1]}`
    tests.push((value) => op(value, at))
  }
  return tests
}

const encodeCursor = (state: { readonly q: Record<string, string>; readonly after: number }) => Buffer.from(JSON.stringify(state)).toString("base64url")
const decodeCursor = (token: string): { q: Record<string, string>; after: number } | undefined => {
  try {
    const state = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown
    return isRecord(state) && isRecord(state.q) && typeof state.after === "number" ? (state as { q: Record<string, string>; after: number }) : undefined
  } catch {
    return undefined
  }
}

const blank = (value: unknown) => typeof value !== "string" || value.trim() === ""

/** Starts a fake Greenhouse; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<FakeGreenhouse, never, Scope.Scope> =>
  Effect.gen(function* () {
    const clientId = options.clientId ?? "greenhouse-client-id"
    const clientSecret = options.clientSecret ?? "greenhouse-client-secret"
    const users = options.users ?? ["4080"]
    const maxRequests = options.maxRequests ?? 10_000
    const limit = options.rateLimit ?? 50
    const now = options.now ?? Date.now
    const store: FakeGreenhouse["store"] = { job: new Map(), profile: new Map() }
    const related: FakeGreenhouse["related"] = { applications: new Map(), job_interview_stages: new Map(), departments: new Map(), offices: new Map() }
    const writes: Array<Write> = []
    // Live tokens: the user they act as and the API requests they may still serve.
    const tokens = new Map<string, { sub: string; left: number }>()
    let issued = 0
    let throttled = options.rateLimitFirst ?? 0
    let served = 0
    let apiRequests = 0
    let nextId = 900_000
    let baseUrl = ""

    const seedRelated = (collection: keyof FakeGreenhouse["related"], records: ReadonlyArray<Raw>) => {
      for (const record of records) related[collection].set(typeof record.id === "number" ? record.id : nextId++, record)
    }

    const seed = (resource: Resource, records: ReadonlyArray<unknown>) => {
      for (const record of records) {
        const raw = isRecord(record) ? record : { value: record }
        const id = typeof raw.id === "number" ? raw.id : nextId++
        if (resource === "profile" && Array.isArray(raw.applications)) {
          const { applications, application_ids: _ids, ...candidate } = raw
          store.profile.set(id, candidate)
          for (const a of applications as ReadonlyArray<unknown>) {
            if (!isRecord(a)) continue
            const appId = typeof a.id === "number" ? a.id : nextId++
            related.applications.set(appId, { ...a, id: appId, candidate_id: id })
          }
        } else store[resource].set(id, raw)
      }
    }

    const collections = (name: Collection): Map<number, Raw> => (name === "jobs" ? store.job : name === "candidates" ? store.profile : related[name])

    const list = (name: Collection, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      let query: Record<string, string> = { ...request.query }
      let after = -Infinity
      if (query.cursor !== undefined) {
        if (Object.keys(query).length > 1) return { status: 400, body: { message: "cursor cannot be combined with other query parameters" } }
        const state = decodeCursor(query.cursor)
        if (state === undefined) return { status: 400, body: { message: "invalid cursor" } }
        query = state.q
        after = state.after
      }
      for (const param of Object.keys(query)) if (!listParams[name].has(param)) return unprocessable(`Invalid query params: ${param}`)
      const perPageText = query.per_page ?? "100"
      if (!/^\d+$/.test(perPageText) || Number(perPageText) < 1 || Number(perPageText) > 500)
        return unprocessable(`per_page: \`${perPageText}\` must be from 1 to 500`)
      const perPage = Number(perPageText)
      const idList = (param: string) => (query[param] === undefined ? undefined : query[param]!.split(",").map(Number))
      const ids = idList("ids")
      const candidateIds = idList("candidate_ids")
      if ([ids, candidateIds].some((list) => list?.some((n) => !Number.isInteger(n)))) return unprocessable("ids must be integers")
      const dates: Array<[string, ReadonlyArray<(value: number) => boolean>]> = []
      for (const field of ["created_at", "updated_at"]) {
        if (query[field] === undefined) continue
        const tests = dateFilter(query[field]!)
        if (typeof tests === "string") return unprocessable(`${field}: ${tests}`)
        dates.push([field, tests])
      }
      const rows = [...collections(name).entries()]
        .sort(([a], [b]) => a - b)
        .filter(([id, r]) => {
          if (id <= after) return false
          if (ids !== undefined && !ids.includes(id)) return false
          if (candidateIds !== undefined && !candidateIds.includes(Number(r.candidate_id))) return false
          if (query.status !== undefined && r.status !== query.status) return false
          for (const [field, tests] of dates) {
            const value = instantOf(r[field])
            if (value === undefined || !tests.every((test) => test(value))) return false
          }
          if (query.email !== undefined) {
            const emails = Array.isArray(r.email_addresses) ? r.email_addresses : []
            if (!emails.some((e) => isRecord(e) && String(e.value).toLowerCase() === query.email!.toLowerCase())) return false
          }
          return true
        })
      const page = rows.slice(0, perPage)
      const more = rows.length > perPage
      const headers: Record<string, string> = {}
      if (more) headers.Link = `<${baseUrl}${request.path}?cursor=${encodeCursor({ q: query, after: page[page.length - 1]![0] })}>; rel="next"`
      return { status: 200, headers, body: page.map(([, record]) => record) }
    }

    const parseBody = (request: FakeServer.FakeRequest): Raw | FakeServer.FakeReply => {
      try {
        const body = JSON.parse(request.body) as unknown
        return isRecord(body) ? body : { status: 400, body: { message: "body must be a JSON object" } }
      } catch {
        return { status: 400, body: { message: "body must be JSON" } }
      }
    }

    const write = (request: FakeServer.FakeRequest, collection: "candidates" | "applications", id: number | undefined, user: string): FakeServer.FakeReply => {
      const body = parseBody(request)
      if (!isRecord(body) || ("status" in body && typeof body.status === "number")) return body as FakeServer.FakeReply
      const stamp = new Date(now()).toISOString()
      if (collection === "applications") {
        if (!store.profile.has(Number(body.candidate_id))) return unprocessable("candidate_id must name an existing candidate")
        if (!store.job.has(Number(body.job_id))) return unprocessable("job_id must name an existing job")
        const appId = nextId++
        const application = {
          id: appId,
          candidate_id: body.candidate_id,
          job_id: body.job_id,
          status: "active",
          current_stage: null,
          created_at: stamp,
          last_activity_at: stamp
        }
        related.applications.set(appId, application)
        writes.push({ method: request.method, path: request.path, onBehalfOf: user, body })
        return { status: 201, body: application }
      }
      if (request.method === "PATCH") {
        const existing = id === undefined ? undefined : store.profile.get(id)
        if (id === undefined || existing === undefined) return { status: 404, body: { message: "Resource not found" } }
        for (const field of ["first_name", "last_name"]) {
          if (field in body && blank(body[field])) return { status: 422, body: { message: "Unprocessable Content", errors: [{ [field]: "can't be blank" }] } }
        }
        const record = { ...existing, ...body, id, updated_at: stamp }
        store.profile.set(id, record)
        writes.push({ method: request.method, path: request.path, onBehalfOf: user, body })
        return { status: 200, body: record }
      }
      for (const field of ["first_name", "last_name"]) {
        if (blank(body[field])) return { status: 422, body: { message: "Unprocessable Content", errors: [{ [field]: "can't be blank" }] } }
      }
      const newId = nextId++
      const record = { ...body, id: newId, created_at: stamp, updated_at: stamp }
      store.profile.set(newId, record)
      writes.push({ method: request.method, path: request.path, onBehalfOf: user, body })
      return { status: 201, body: record }
    }

    const token = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      // RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are Basic-encoded.
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? "")?.[1]
      const pair = basic === undefined ? "" : Buffer.from(basic, "base64").toString("utf8")
      const colon = pair.indexOf(":")
      const decode = (text: string) => {
        try {
          return decodeURIComponent(text.replace(/\+/g, " "))
        } catch {
          return undefined
        }
      }
      if (colon < 0 || decode(pair.slice(0, colon)) !== clientId || decode(pair.slice(colon + 1)) !== clientSecret) {
        return { status: 401, body: { error: "invalid_client" } }
      }
      const form = new URLSearchParams(request.body)
      if (form.get("grant_type") !== "client_credentials") return { status: 400, body: { error: "unsupported_grant_type" } }
      const sub = form.get("sub") ?? ""
      if (!users.includes(sub)) return { status: 400, body: { error: "invalid_request", error_description: "sub must name a Greenhouse user" } }
      const value = `gh-token-${++issued}`
      tokens.set(value, { sub, left: options.tokenRequests ?? Number.POSITIVE_INFINITY })
      return { status: 200, body: { access_token: value, token_type: "Bearer", expires_in: options.expiresIn ?? 3600 } }
    }

    const route = (request: FakeServer.FakeRequest, user: string): FakeServer.FakeReply => {
      const match = /^\/v3\/([a-z_]+)(?:\/(\d+))?$/.exec(request.path)
      const name = match?.[1] as Collection | undefined
      if (!match || name === undefined || !(name in listParams)) return { status: 404, body: { message: "Resource not found" } }
      const id = match[2] === undefined ? undefined : Number(match[2])
      if (request.method === "GET" && id === undefined) return list(name, request)
      if (name === "candidates" && ((request.method === "POST" && id === undefined) || (request.method === "PATCH" && id !== undefined))) {
        return write(request, "candidates", id, user)
      }
      if (name === "applications" && request.method === "POST" && id === undefined) return write(request, "applications", undefined, user)
      return { status: 404, body: { message: "Resource not found" } }
    }

    const handler: FakeServer.Handler = (request, raw) => {
      served++
      if (served > maxRequests) return { status: 503, body: { message: "fake Greenhouse: request budget exhausted" } }
      if (request.method === "POST" && request.path === "/token") return token(request)
      apiRequests++
      const rateHeaders = (remaining: number) => ({ "X-RateLimit-Limit": String(limit), "X-RateLimit-Remaining": String(remaining) })
      const tooMany = (): FakeServer.FakeReply => ({
        status: 429,
        headers: {
          ...rateHeaders(0),
          "Retry-After": String(options.retryAfterSeconds ?? 1),
          "X-RateLimit-Reset": String(Math.ceil(now() / 1000) + (options.retryAfterSeconds ?? 1))
        },
        body: { message: "Too Many Requests" }
      })
      if (throttled > 0) {
        throttled--
        return tooMany()
      }
      const fault = options.fault?.(apiRequests)
      if (fault === "429") return tooMany()
      if (fault === "500") return { status: 500, body: { message: "Internal Server Error" } }
      if (fault === "reset") {
        raw.req.socket.destroy()
        return undefined
      }
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1]
      const live = bearer === undefined ? undefined : tokens.get(bearer)
      if (live === undefined || live.left <= 0) {
        if (bearer !== undefined) tokens.delete(bearer)
        return { status: 401, body: { message: "Unauthorized" } }
      }
      live.left--
      const reply = route(request, live.sub)
      return { ...reply, headers: { ...rateHeaders(limit - 1), ...reply.headers } }
    }

    const server = yield* FakeServer.make(handler)
    baseUrl = server.url
    return {
      url: `${server.url}/v3`,
      tokenUrl: `${server.url}/token`,
      clientId,
      clientSecret,
      requests: server.requests,
      clearRequests: server.clearRequests,
      store,
      related,
      writes,
      tokensIssued: () => issued,
      seed,
      seedRelated,
      throttle: (n) => {
        throttled = n
      }
    }
  })
