/**
 * A fake Lever API (v1) on FakeServer (127.0.0.1, random port), reproducing what the connector relies on:
 * - HTTP Basic auth with the API key as username and a blank password (401 `UnauthorizedError` otherwise);
 * - `GET /postings`, `GET /opportunities` → `{ data, hasNext, next }`, `limit` 1-100 (400 otherwise),
 *   `offset=<next>` (an opaque keyset token; 400 when malformed), ordered by `createdAt` descending
 *   then id — not by `updatedAt`, as Lever lists cannot be ordered by it;
 * - filters: `updated_at_start` / `updated_at_end` (epoch ms, inclusive) — a record whose `updatedAt`
 *   is `null` (as on most older opportunities of a real account) matches neither bound, so only an
 *   unbounded read returns it — and repeated `state`, `tag`, `email` (case-insensitive), `stage_id`
 *   (a record matching any value passes);
 * - `GET /postings/{id}`, `GET /opportunities/{id}` → `{ data }` or 404 `ResourceNotFound`;
 * - `POST /opportunities?perform_as=` (400 without it; 422 without a `name`) → 201 `{ data }` with a
 *   new UUID; `POST /opportunities/{id}/addTags` and `/addLinks`;
 * - 429 with `Retry-After` for the first `rateLimitFirst` requests; 503 past `maxRequests` (a guard
 *   against runaway clients).
 * Records are stored as given (raw JSON, valid or not: seed them from `test/fixtures/real/lever`, nulls
 * and all) and every write is kept for inspection; created opportunities take the shape Lever returns.
 */
import { randomUUID } from "node:crypto"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"

type Raw = Record<string, unknown>
type Resource = "job" | "profile"

/** Fake options. */
export interface Options {
  /** The accepted API key; default `lever-test-key`. */
  readonly apiKey?: string
  readonly postings?: ReadonlyArray<unknown>
  readonly opportunities?: ReadonlyArray<unknown>
  /** The first N requests answer 429; default 0. */
  readonly rateLimitFirst?: number
  /** `Retry-After` seconds sent with a 429; default 1. */
  readonly retryAfterSeconds?: number
  /** Requests served before the server answers only 503; default 10,000. */
  readonly maxRequests?: number
  /** Clock of created and modified records (epoch ms); default `Date.now`. */
  readonly now?: () => number
}

/** A write the fake received. */
export interface Write {
  readonly path: string
  readonly performAs: string | undefined
  readonly body: unknown
}

/** A running fake Lever. */
export interface FakeLever {
  readonly url: string
  readonly apiKey: string
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
  readonly clearRequests: Effect.Effect<void>
  /** Current records by resource, keyed by id. */
  readonly store: Record<Resource, Map<string, unknown>>
  /** Every accepted write (creates, addTags, addLinks), in order. */
  readonly writes: Array<Write>
  /** Adds or replaces records. */
  readonly seed: (resource: Resource, records: ReadonlyArray<unknown>) => void
}

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

const idOf = (record: unknown): string => (isRecord(record) ? String(record.id) : String(record))
const numberAt = (record: unknown, key: string): number => {
  const value = isRecord(record) ? record[key] : undefined
  return typeof value === "number" ? value : 0
}
const stringsAt = (record: unknown, key: string): ReadonlyArray<string> => {
  const value = isRecord(record) ? record[key] : undefined
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []
}

/** Lever's error envelope. */
const error = (status: number, code: string, message: string, headers?: Record<string, string>): FakeServer.FakeReply => ({
  status,
  body: { code, message },
  ...(headers ? { headers } : {})
})

/** Sort key: `createdAt` descending, then id ascending. */
const compare = (a: unknown, b: unknown): number => {
  const d = numberAt(b, "createdAt") - numberAt(a, "createdAt")
  if (d !== 0) return d
  const ia = idOf(a)
  const ib = idOf(b)
  return ia < ib ? -1 : ia > ib ? 1 : 0
}

const encodeToken = (record: unknown): string => Buffer.from(JSON.stringify([numberAt(record, "createdAt"), idOf(record)])).toString("base64url")

const decodeToken = (token: string): unknown | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"))
    if (Array.isArray(parsed) && typeof parsed[0] === "number" && typeof parsed[1] === "string") {
      return { createdAt: parsed[0], id: parsed[1] }
    }
  } catch {
    // fall through
  }
  return undefined
}

const millisParam = (value: string | undefined): number | undefined | "invalid" =>
  value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : "invalid"

/** Starts a fake Lever; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<FakeLever, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "lever-test-key"
    const expectedAuth = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`
    const now = options.now ?? Date.now
    const store: FakeLever["store"] = { job: new Map(), profile: new Map() }
    const writes: Array<Write> = []
    const seed = (resource: Resource, records: ReadonlyArray<unknown>) => {
      for (const record of records) store[resource].set(idOf(record), record)
    }
    seed("job", options.postings ?? [])
    seed("profile", options.opportunities ?? [])
    let served = 0

    const list = (resource: Resource, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const { query, queryAll } = request
      const limit = query.limit === undefined ? 100 : Number(query.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, "BadRequestError", "limit must be an integer between 1 and 100")
      const start = millisParam(query.updated_at_start)
      const end = millisParam(query.updated_at_end)
      if (start === "invalid" || end === "invalid") return error(400, "BadRequestError", "updated_at_start/updated_at_end must be epoch milliseconds")
      const anyOf = (name: string) => queryAll[name] ?? []
      const states = anyOf("state")
      const tags = anyOf("tag")
      const emails = anyOf("email").map((e) => e.toLowerCase())
      const stages = anyOf("stage_id")
      let rows = [...store[resource].values()].filter((record) => {
        const updated = isRecord(record) && typeof record.updatedAt === "number" ? record.updatedAt : undefined
        if ((start !== undefined || end !== undefined) && updated === undefined) return false
        if (start !== undefined && updated! < start) return false
        if (end !== undefined && updated! > end) return false
        if (states.length > 0 && !states.includes(String(isRecord(record) ? record.state : ""))) return false
        if (tags.length > 0 && !stringsAt(record, "tags").some((t) => tags.includes(t))) return false
        if (emails.length > 0 && !stringsAt(record, "emails").some((e) => emails.includes(e.toLowerCase()))) return false
        if (stages.length > 0 && !stages.includes(String(isRecord(record) ? record.stage : ""))) return false
        return true
      })
      rows.sort(compare)
      if (query.offset !== undefined) {
        const after = decodeToken(query.offset)
        if (after === undefined) return error(400, "BadRequestError", "invalid offset")
        rows = rows.filter((record) => compare(record, after) > 0)
      }
      const page = rows.slice(0, limit)
      const hasNext = rows.length > limit
      return { body: { data: page, hasNext, ...(hasNext ? { next: encodeToken(page[page.length - 1]) } : {}) } }
    }

    const parseBody = (request: FakeServer.FakeRequest): Raw | undefined => {
      try {
        const body: unknown = JSON.parse(request.body)
        return isRecord(body) ? body : undefined
      } catch {
        return undefined
      }
    }

    const create = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const performAs = request.query.perform_as
      if (performAs === undefined || performAs === "") return error(400, "BadRequestError", "perform_as is required")
      const body = parseBody(request)
      if (body === undefined) return error(400, "BadRequestError", "body must be a JSON object")
      if (typeof body.name !== "string" || body.name.trim() === "") return error(422, "UnprocessableEntityError", "name is required")
      const at = now()
      const id = randomUUID()
      const record: Raw = {
        id,
        name: body.name,
        contact: randomUUID(),
        headline: body.headline ?? "",
        stage: "lead-new",
        confidentiality: "non-confidential",
        location: body.location ?? "",
        phones: body.phones ?? [],
        emails: body.emails ?? [],
        links: body.links ?? [],
        archived: null,
        tags: body.tags ?? [],
        sources: body.sources ?? [],
        stageChanges: [{ toStageId: "lead-new", toStageIndex: 0, updatedAt: at, userId: performAs }],
        origin: body.origin ?? "sourced",
        sourcedBy: performAs,
        owner: performAs,
        followers: [performAs],
        applications: [],
        createdAt: at,
        updatedAt: at,
        lastInteractionAt: at,
        lastAdvancedAt: at,
        snoozedUntil: null,
        urls: { list: "https://hire.lever.co/candidates", show: `https://hire.lever.co/candidates/${id}` },
        isAnonymized: false,
        dataProtection: null
      }
      store.profile.set(String(record.id), record)
      writes.push({ path: request.path, performAs, body })
      return { status: 201, body: { data: record } }
    }

    const addValues = (request: FakeServer.FakeRequest, id: string, field: "tags" | "links"): FakeServer.FakeReply => {
      const performAs = request.query.perform_as
      if (performAs === undefined || performAs === "") return error(400, "BadRequestError", "perform_as is required")
      const existing = store.profile.get(id)
      if (!isRecord(existing)) return error(404, "ResourceNotFound", `opportunity ${id} not found`)
      const body = parseBody(request)
      const values = body ? stringsAt(body, field) : []
      if (values.length === 0) return error(400, "BadRequestError", `${field} must be a non-empty array of strings`)
      const updated = { ...existing, [field]: [...new Set([...stringsAt(existing, field), ...values])], updatedAt: now() }
      store.profile.set(id, updated)
      writes.push({ path: request.path, performAs, body })
      return { body: { data: updated } }
    }

    const handler: FakeServer.Handler = (request) => {
      served++
      if (served > (options.maxRequests ?? 10_000)) return error(503, "ServiceUnavailable", "fake request budget exhausted")
      if (request.headers.authorization !== expectedAuth) return error(401, "UnauthorizedError", "Invalid API key")
      if (served <= (options.rateLimitFirst ?? 0)) {
        return error(429, "TooManyRequestsError", "Rate limit exceeded", { "retry-after": String(options.retryAfterSeconds ?? 1) })
      }
      const parts = request.path.split("/").filter((p) => p !== "")
      // Paths are relative to the base URL, which the tests point at the server root.
      const resource: Resource | undefined = parts[0] === "postings" ? "job" : parts[0] === "opportunities" ? "profile" : undefined
      if (resource === undefined) return error(404, "ResourceNotFound", `no route ${request.method} ${request.path}`)
      if (request.method === "GET" && parts.length === 1) return list(resource, request)
      if (request.method === "GET" && parts.length === 2) {
        const found = store[resource].get(decodeURIComponent(parts[1]!))
        return found === undefined ? error(404, "ResourceNotFound", `${parts[0]} ${parts[1]} not found`) : { body: { data: found } }
      }
      if (request.method === "POST" && resource === "profile" && parts.length === 1) return create(request)
      if (request.method === "POST" && resource === "profile" && parts.length === 3 && parts[2] === "addTags") {
        return addValues(request, decodeURIComponent(parts[1]!), "tags")
      }
      if (request.method === "POST" && resource === "profile" && parts.length === 3 && parts[2] === "addLinks") {
        return addValues(request, decodeURIComponent(parts[1]!), "links")
      }
      return error(404, "ResourceNotFound", `no route ${request.method} ${request.path}`)
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
