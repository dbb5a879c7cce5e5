/**
 * A fake SmartRecruiters API on FakeServer (127.0.0.1, random port), reproducing what the connector
 * relies on:
 * - the API key in `X-SmartToken` (401 otherwise);
 * - `GET /jobs` and `GET /candidates` → `{ totalFound, limit, nextPageId, content }` of summaries
 *   (jobs without job ad, compensation and properties; candidates without phone, web, education and
 *   experience), `limit` 1-100 (400 otherwise), `pageId=<nextPageId>` (an opaque keyset token; 400 when
 *   malformed), ordered by `createdOn` descending then id — not by `updatedOn`;
 * - filters: `updatedAfter` (ISO, strictly after; 400 when not a date-time), jobs' `status` and
 *   `postingStatus`, candidates' `q` (case-insensitive text in first name, last name or email);
 * - `GET /jobs/{id}` (in full), `GET /candidates/{id}` → the record or 404;
 * - `POST /candidates` (422 without firstName, lastName and email) → 201 with a new id;
 *   `PATCH /candidates/{id}` merges the given fields (404 when unknown);
 * - 429 with `X-RateLimit-Limit/Remaining/Reset` (and `Retry-After` unless `rateLimitHeaders` is
 *   `reset-only`) for the first `rateLimitFirst` requests; 503 past `maxRequests`.
 * Records are stored as given (raw JSON, valid or not) and every write is kept for inspection.
 */
import { randomUUID } from "node:crypto"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Metadata from "../../src/core/Metadata.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

type Raw = Record<string, unknown>
type Resource = "job" | "profile"

/** Fake options. */
export interface Options {
  /** The accepted API key; default `sr-test-token`. */
  readonly apiKey?: string
  readonly jobs?: ReadonlyArray<unknown>
  readonly candidates?: ReadonlyArray<unknown>
  /** The first N requests answer 429; default 0. */
  readonly rateLimitFirst?: number
  /** Seconds to wait sent with a 429; default 1. */
  readonly retryAfterSeconds?: number
  /** `retry-after` (default): `Retry-After` and `X-RateLimit-*`; `reset-only`: only `X-RateLimit-*`. */
  readonly rateLimitHeaders?: "retry-after" | "reset-only"
  /** Requests served before the server answers only 503; default 10,000. */
  readonly maxRequests?: number
  /** Clock of created and modified records; default `Date.now`. */
  readonly now?: () => number
}

/** A write the fake received. */
export interface Write {
  readonly method: string
  readonly path: string
  readonly body: unknown
}

/** A running fake SmartRecruiters. */
export interface FakeSmartRecruiters {
  readonly url: string
  readonly apiKey: string
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** Current records by resource, keyed by id. */
  readonly store: Record<Resource, Map<string, unknown>>
  /** Every accepted write, in order. */
  readonly writes: Array<Write>
  /** Adds or replaces records. */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
}

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)
const idOf = (record: unknown): string => (isRecord(record) ? String(record.id) : String(record))
const instantAt = (record: unknown, key: string): number => {
  const value = isRecord(record) ? record[key] : undefined
  return typeof value === "string" ? (Metadata.parseInstant(value) ?? 0) : 0
}
const textAt = (record: unknown, key: string): string => {
  const value = isRecord(record) ? record[key] : undefined
  return typeof value === "string" ? value : ""
}

/** SmartRecruiters' error envelope. */
const error = (status: number, code: string, message: string, extra: { field?: string; headers?: Record<string, string> } = {}): FakeServer.FakeReply => ({
  status,
  body: { code, message, errors: [{ code, message, ...(extra.field ? { field: extra.field } : {}) }] },
  ...(extra.headers ? { headers: extra.headers } : {})
})

/** Sort key: `createdOn` descending, then id ascending. */
const compare = (a: unknown, b: unknown): number => {
  const d = instantAt(b, "createdOn") - instantAt(a, "createdOn")
  if (d !== 0) return d
  const ia = idOf(a)
  const ib = idOf(b)
  return ia < ib ? -1 : ia > ib ? 1 : 0
}

const encodeToken = (record: unknown): string => Buffer.from(JSON.stringify([textAt(record, "createdOn"), idOf(record)])).toString("base64url")

const decodeToken = (token: string): unknown | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"))
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      return { createdOn: parsed[0], id: parsed[1] }
    }
  } catch {
    // fall through
  }
  return undefined
}

/** The fields each list shows (SmartRecruiters' `Job` and `Candidate` summaries); the rest needs `GET /{resource}/{id}`. */
const summaryFields: Record<Resource, ReadonlyArray<string>> = {
  job: ["id", "title", "refNumber", "createdOn", "updatedOn", "lastActivityOn", "department", "location", "status", "postingStatus"],
  profile: [
    "id",
    "internal",
    "firstName",
    "lastName",
    "email",
    "createdOn",
    "updatedOn",
    "location",
    "averageRating",
    "tags",
    "primaryAssignment",
    "secondaryAssignments"
  ]
}

/** A record as the list shows it: its summary fields, nulls and all. */
const summary = (resource: Resource, record: unknown): unknown =>
  isRecord(record) ? Object.fromEntries(summaryFields[resource].filter((key) => key in record).map((key) => [key, record[key]])) : record

/** Starts a fake SmartRecruiters; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<FakeSmartRecruiters, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "sr-test-token"
    const now = options.now ?? Date.now
    const store: FakeSmartRecruiters["store"] = { job: new Map(), profile: new Map() }
    const writes: Array<Write> = []
    const seed = (resource: Resource, records: ReadonlyArray<unknown>) => {
      for (const record of records) store[resource].set(idOf(record), record)
    }
    seed("job", options.jobs ?? [])
    seed("profile", options.candidates ?? [])
    let served = 0

    const list = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const { query } = request
      const limit = query.limit === undefined ? 10 : Number(query.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, "INVALID_PARAMETER", "limit must be between 1 and 100", { field: "limit" })
      const after = query.updatedAfter === undefined ? undefined : Metadata.parseInstant(query.updatedAfter)
      if (query.updatedAfter !== undefined && after === undefined) {
        return error(400, "INVALID_PARAMETER", "updatedAfter must be an ISO-8601 date-time", { field: "updatedAfter" })
      }
      const q = query.q?.toLowerCase()
      let rows = [...store[resource].values()].filter((record) => {
        // A record never updated has a null `updatedOn`: its creation counts.
        const changed = isRecord(record) && record.updatedOn == null ? instantAt(record, "createdOn") : instantAt(record, "updatedOn")
        if (after !== undefined && !(changed > after)) return false
        if (resource === "job") {
          if (query.status !== undefined && textAt(record, "status") !== query.status) return false
          if (query.postingStatus !== undefined && textAt(record, "postingStatus") !== query.postingStatus) return false
        } else if (q !== undefined) {
          const text = ["firstName", "lastName", "email"].map((k) => textAt(record, k).toLowerCase())
          if (!text.some((t) => t.includes(q))) return false
        }
        return true
      })
      rows.sort(compare)
      const totalFound = rows.length
      if (query.pageId !== undefined) {
        const from = decodeToken(query.pageId)
        if (from === undefined) return error(400, "INVALID_PARAMETER", "invalid pageId", { field: "pageId" })
        rows = rows.filter((record) => compare(record, from) > 0)
      }
      const page = rows.slice(0, limit)
      const more = rows.length > limit
      return {
        body: {
          totalFound,
          limit,
          ...(more ? { nextPageId: encodeToken(page[page.length - 1]) } : {}),
          content: page.map((record) => summary(resource, record))
        }
      }
    }

    const parseBody = (request: FakeServer.FakeRequest): Raw | undefined => {
      try {
        const body: unknown = JSON.parse(request.body)
        return isRecord(body) ? body : undefined
      } catch {
        return undefined
      }
    }

    const invalidCandidate = (candidate: Raw): FakeServer.FakeReply | undefined => {
      for (const field of ["firstName", "lastName", "email"]) {
        const value = candidate[field]
        if (typeof value !== "string" || value.trim() === "") return error(422, "VALIDATION_ERROR", `${field} is required`, { field })
      }
      return undefined
    }

    const create = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const body = parseBody(request)
      if (body === undefined) return error(400, "INVALID_BODY", "body must be a JSON object")
      const invalid = invalidCandidate(body)
      if (invalid) return invalid
      const at = new Date(now()).toISOString()
      const { id: _, ...fields } = body
      const record = { ...fields, id: randomUUID(), createdOn: at, updatedOn: at }
      store.profile.set(record.id, record)
      writes.push({ method: "POST", path: request.path, body })
      return { status: 201, body: record }
    }

    const patch = (request: FakeServer.FakeRequest, id: string): FakeServer.FakeReply => {
      const existing = store.profile.get(id)
      if (!isRecord(existing)) return error(404, "NOT_FOUND", `candidate ${id} not found`)
      const body = parseBody(request)
      if (body === undefined) return error(400, "INVALID_BODY", "body must be a JSON object")
      const { id: _, createdOn: __, updatedOn: ___, ...fields } = body
      const merged = { ...existing, ...fields, updatedOn: new Date(now()).toISOString() }
      const invalid = invalidCandidate(merged)
      if (invalid) return invalid
      store.profile.set(id, merged)
      writes.push({ method: "PATCH", path: request.path, body })
      return { body: merged }
    }

    const handler: FakeServer.Handler = (request) => {
      served++
      if (served > (options.maxRequests ?? 10_000)) return error(503, "SERVICE_UNAVAILABLE", "fake request budget exhausted")
      if (request.headers["x-smarttoken"] !== apiKey) return error(401, "UNAUTHORIZED", "Invalid or missing X-SmartToken")
      if (served <= (options.rateLimitFirst ?? 0)) {
        const wait = String(options.retryAfterSeconds ?? 1)
        return error(429, "TOO_MANY_REQUESTS", "Rate limit exceeded", {
          headers: {
            "x-ratelimit-limit": "10",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": wait,
            ...(options.rateLimitHeaders === "reset-only" ? {} : { "retry-after": wait })
          }
        })
      }
      const parts = request.path.split("/").filter((p) => p !== "")
      const resource: Resource | undefined = parts[0] === "jobs" ? "job" : parts[0] === "candidates" ? "profile" : undefined
      if (resource === undefined || parts.length > 2) return error(404, "NOT_FOUND", `no route ${request.method} ${request.path}`)
      const id = parts[1] === undefined ? undefined : decodeURIComponent(parts[1])
      if (request.method === "GET" && id === undefined) return list(resource, request)
      if (request.method === "GET" && id !== undefined) {
        const found = store[resource].get(id)
        return found === undefined ? error(404, "NOT_FOUND", `${parts[0]} ${id} not found`) : { body: found }
      }
      if (resource === "profile" && request.method === "POST" && id === undefined) return create(request)
      if (resource === "profile" && request.method === "PATCH" && id !== undefined) return patch(request, id)
      return error(404, "NOT_FOUND", `no route ${request.method} ${request.path}`)
    }

    const server = yield* FakeServer.make(handler)
    return {
      url: server.url,
      apiKey,
      requests: server.requests,
      clearRequests: server.clearRequests,
      store,
      writes,
      seed
    }
  })
