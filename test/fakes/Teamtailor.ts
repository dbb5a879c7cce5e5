/**
 * A fake Teamtailor JSON:API (on FakeServer, 127.0.0.1, random port), serving under `/v1`:
 * - `GET /jobs`, `GET /candidates` with `page[size]` (≤ 30), `page[number]` → `{ data, links, meta }`
 *   (and `included` with `include=`), records in id order, `links.next` a full URL while pages remain;
 * - `GET /jobs` shows only what the real list shows by default: published jobs (`human-status`) of
 *   the public feed; `filter[status]` (published, unlisted, archived, draft, scheduled, all) and
 *   `filter[feed]` (public, internal) widen it; the jobs list has no date filters;
 * - `GET /candidates` takes `filter[created-at][from|to]`, `filter[updated-at][from|to]` (inclusive);
 * - a filter or `include` the resource does not have is a 400, as JSON:API servers answer;
 * - `GET /{type}/{id}` → `{ data }`;
 * - `POST /{type}` / `PATCH /{type}/{id}` with `{ data: { type, id?, attributes } }` as
 *   `application/vnd.api+json` (415 otherwise), 409 on a type or id mismatch, 422 JSON:API errors
 *   (a job needs a title, a candidate a valid email).
 * Every request needs `Authorization: Token token=<key>` (401) and `X-Api-Version` (406). 429s with
 * `Retry-After` can be scripted. Resources are stored as JSON:API objects; `seed` also takes the
 * connector's flat records (attributes at the top level).
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"

/** A stored JSON:API resource. */
export interface StoredResource {
  id: string
  type: string
  attributes: Record<string, unknown>
  links?: Record<string, string | null>
  relationships?: Record<string, { data: Linkage | ReadonlyArray<Linkage> | null }>
}

/** A relationship's resource identifier. */
export interface Linkage {
  readonly type: string
  readonly id: string
}

/** Options of the fake. */
export interface Options {
  readonly apiKey?: string
  /** Flat records (`{ id, ...attributes }`) or resource objects, per collection. */
  readonly jobs?: ReadonlyArray<Record<string, unknown>>
  readonly candidates?: ReadonlyArray<Record<string, unknown>>
  /** Related resources (departments, locations, job applications) served through `include=`. */
  readonly included?: ReadonlyArray<Record<string, unknown>>
}

/** A write the fake received. */
export interface Write {
  readonly method: string
  readonly path: string
  readonly contentType: string | undefined
  readonly body: unknown
  readonly status: number
}

/** A running fake. */
export interface TeamtailorFake {
  /** The API base URL (`…/v1`), to pass as `base_url`. */
  readonly baseUrl: string
  readonly server: FakeServer.FakeServer
  readonly store: { readonly jobs: Map<string, StoredResource>; readonly candidates: Map<string, StoredResource> }
  readonly writes: Array<Write>
  /** The next `count` requests get 429 with `Retry-After: seconds`. */
  readonly rateLimitNext: (count: number, seconds?: number) => void
  /** The next request gets this status and body. */
  readonly failNext: (status: number, body: unknown) => void
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
}

const prefix = "/v1"
const collections = ["jobs", "candidates"] as const
type Collection = (typeof collections)[number]

const now = () => new Date().toISOString().replace("Z", "+00:00")

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The relationships each collection can include, and the type of their resources. */
const relations: Record<Collection, Record<string, string>> = {
  jobs: { department: "departments", locations: "locations", user: "users" },
  candidates: { "job-applications": "job-applications", department: "departments" }
}

/** The filters each list accepts (beyond paging); anything else is a 400. */
const listFilters: Record<Collection, ReadonlyArray<string>> = {
  jobs: ["filter[status]", "filter[feed]", "filter[department]", "filter[role]", "filter[locations]", "filter[regions]"],
  candidates: ["filter[email]", "filter[connected]", "filter[created-at][from]", "filter[created-at][to]", "filter[updated-at][from]", "filter[updated-at][to]"]
}

const jobStatuses = ["published", "unlisted", "archived", "draft", "scheduled", "all"]
const jobFeeds = ["public", "internal"]

/** A job's `human-status`, as given or derived from its `status`. */
const humanStatus = (job: StoredResource): string => {
  const human = job.attributes["human-status"]
  if (typeof human === "string") return human
  const status = job.attributes.status
  return status === "open" ? "published" : typeof status === "string" ? status : "published"
}

/** Stores a resource object, or a flat record whose relationship keys hold flat related resources. */
const toStored = (type: Collection, row: Record<string, unknown>, related: Map<string, StoredResource>): StoredResource => {
  if (isRecord(row.attributes)) {
    return {
      id: String(row.id),
      type,
      attributes: { ...row.attributes },
      ...(isRecord(row.links) ? { links: row.links as Record<string, string> } : {}),
      ...(isRecord(row.relationships) ? { relationships: row.relationships as NonNullable<StoredResource["relationships"]> } : {})
    }
  }
  const { id, links, type: _type, ...rest } = row
  const attributes: Record<string, unknown> = {}
  const relationships: NonNullable<StoredResource["relationships"]> = {}
  const link = (name: string, value: unknown): Linkage | undefined => {
    if (!isRecord(value) || value.id === undefined) return undefined
    const { id: relatedId, type: relatedType, ...relatedAttributes } = value
    const resource = { id: String(relatedId), type: typeof relatedType === "string" ? relatedType : relations[type][name]!, attributes: relatedAttributes }
    related.set(`${resource.type}:${resource.id}`, resource)
    return { type: resource.type, id: resource.id }
  }
  for (const [key, value] of Object.entries(rest)) {
    if (relations[type][key] === undefined) attributes[key] = value
    else if (Array.isArray(value)) relationships[key] = { data: value.flatMap((v) => link(key, v) ?? []) }
    else relationships[key] = { data: value === null ? null : (link(key, value) ?? null) }
  }
  return {
    id: String(id),
    type,
    attributes,
    ...(isRecord(links) ? { links: links as Record<string, string> } : {}),
    ...(Object.keys(relationships).length > 0 ? { relationships } : {})
  }
}

const jsonApiError = (status: number, detail: string, pointer?: string) => ({
  status,
  headers: { "content-type": "application/vnd.api+json" },
  body: { errors: [{ status: String(status), title: detail, detail, ...(pointer ? { source: { pointer } } : {}) }] }
})

const byId = (a: StoredResource, b: StoredResource) => a.id.localeCompare(b.id, "en", { numeric: true })

/** Starts the fake; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<TeamtailorFake, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "teamtailor-test-key"
    const related = new Map<string, StoredResource>()
    for (const resource of options.included ?? []) related.set(`${String(resource.type)}:${String(resource.id)}`, resource as unknown as StoredResource)
    const store = {
      jobs: new Map((options.jobs ?? []).map((r) => [String(r.id), toStored("jobs", r, related)] as const)),
      candidates: new Map((options.candidates ?? []).map((r) => [String(r.id), toStored("candidates", r, related)] as const))
    }
    const writes: Array<Write> = []
    let limited = 0
    let retryAfter = 1
    let failure: { status: number; body: unknown } | undefined
    let nextId = 90000
    let origin = ""

    const list = (collection: Collection, request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      const q = request.query
      const size = q["page[size]"] === undefined ? 10 : Number(q["page[size]"])
      const number = q["page[number]"] === undefined ? 1 : Number(q["page[number]"])
      if (!Number.isInteger(size) || size < 1 || size > 30) return jsonApiError(400, "page[size] must be between 1 and 30", undefined)
      if (!Number.isInteger(number) || number < 1) return jsonApiError(400, "page[number] must be a positive integer", undefined)
      for (const key of Object.keys(q)) {
        if (key.startsWith("filter[") && !listFilters[collection].includes(key)) return jsonApiError(400, `${key} is not allowed`, undefined)
      }
      const include = includeOf(collection, q.include)
      if (typeof include === "string") return jsonApiError(400, include, undefined)
      const bounds: Array<[string, "from" | "to", number]> = []
      for (const attribute of ["created-at", "updated-at"]) {
        for (const side of ["from", "to"] as const) {
          const value = q[`filter[${attribute}][${side}]`]
          if (value === undefined) continue
          const ms = Date.parse(value)
          if (Number.isNaN(ms)) return jsonApiError(400, `filter[${attribute}][${side}] is not a date`, undefined)
          bounds.push([attribute, side, ms])
        }
      }
      const statuses = (q["filter[status]"] ?? "published").split(",")
      const feeds = (q["filter[feed]"] ?? "public").split(",")
      if (statuses.some((s) => !jobStatuses.includes(s))) return jsonApiError(400, `filter[status] must be one of ${jobStatuses.join(", ")}`, undefined)
      if (feeds.some((f) => !jobFeeds.includes(f))) return jsonApiError(400, `filter[feed] must be public or internal`, undefined)
      const visible = (r: StoredResource) =>
        collection !== "jobs" ||
        ((statuses.includes("all") || statuses.includes(humanStatus(r))) && feeds.includes(r.attributes.internal === true ? "internal" : "public"))
      const rows = [...store[collection].values()]
        .sort(byId)
        .filter(visible)
        .filter((r) =>
          bounds.every(([attribute, side, ms]) => {
            const at = Date.parse(String(r.attributes[attribute]))
            return side === "from" ? at >= ms : at <= ms
          })
        )
      const pages = Math.max(1, Math.ceil(rows.length / size))
      const pageUrl = (n: number) => {
        const url = new URL(`${origin}${request.path}`)
        for (const [key, value] of Object.entries(q)) if (key !== "page[number]") url.searchParams.set(key, value)
        url.searchParams.set("page[number]", String(n))
        return url.href
      }
      return {
        headers: { "content-type": "application/vnd.api+json" },
        body: {
          data: rows.slice((number - 1) * size, number * size),
          ...included(rows.slice((number - 1) * size, number * size), include),
          links: { first: pageUrl(1), last: pageUrl(pages), ...(number < pages ? { next: pageUrl(number + 1) } : {}) },
          meta: { "record-count": rows.length, "page-count": pages }
        }
      }
    }

    /** The relationships asked for, or the error when one is not a relationship of the collection. */
    const includeOf = (collection: Collection, value: string | undefined): ReadonlyArray<string> | string => {
      const names = value === undefined || value === "" ? [] : value.split(",")
      const unknown = names.find((name) => relations[collection][name] === undefined)
      return unknown === undefined ? names : `${unknown} is not a valid relationship of ${collection}`
    }

    /** `{ included }` with the related resources of these records, when any was asked for. */
    const included = (records: ReadonlyArray<StoredResource>, names: ReadonlyArray<string>) => {
      if (names.length === 0) return {}
      const found = new Map<string, StoredResource>()
      for (const record of records) {
        for (const name of names) {
          const data = record.relationships?.[name]?.data
          for (const linkage of data == null ? [] : Array.isArray(data) ? data : [data as Linkage]) {
            const resource = related.get(`${linkage.type}:${linkage.id}`)
            if (resource) found.set(`${linkage.type}:${linkage.id}`, resource)
          }
        }
      }
      return { included: [...found.values()] }
    }

    const validate = (collection: Collection, attributes: Record<string, unknown>, creating: boolean) => {
      if (collection === "jobs" && (creating || "title" in attributes) && (typeof attributes.title !== "string" || attributes.title === "")) {
        return jsonApiError(422, "Title can't be blank", "/data/attributes/title")
      }
      if (collection === "candidates" && (creating || "email" in attributes)) {
        if (typeof attributes.email !== "string" || !attributes.email.includes("@")) return jsonApiError(422, "Email is invalid", "/data/attributes/email")
      }
      return undefined
    }

    const handle = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      if (failure) {
        const reply = { status: failure.status, body: failure.body }
        failure = undefined
        return reply
      }
      if (request.headers.authorization !== `Token token=${apiKey}`) return jsonApiError(401, "Unauthorized", undefined)
      if (!/^\d{8}$/.test(request.headers["x-api-version"] ?? "")) return jsonApiError(406, "Missing or invalid X-Api-Version header", undefined)
      if (limited > 0) {
        limited--
        return { status: 429, headers: { "Retry-After": String(retryAfter) }, body: { errors: [{ status: "429", title: "Too Many Requests" }] } }
      }
      if (!request.path.startsWith(prefix)) return jsonApiError(404, "Not Found", undefined)
      const parts = request.path.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent)
      const collection = collections.find((c) => c === parts[0])
      if (collection === undefined || parts.length > 2) return jsonApiError(404, "Not Found", undefined)
      const table = store[collection]
      const id = parts[1]

      if (request.method === "GET") {
        if (id === undefined) return list(collection, request)
        const found = table.get(id)
        const include = includeOf(collection, request.query.include)
        if (typeof include === "string") return jsonApiError(400, include, undefined)
        return found
          ? { headers: { "content-type": "application/vnd.api+json" }, body: { data: found, ...included([found], include) } }
          : jsonApiError(404, "Not Found", undefined)
      }

      if (request.method !== "POST" && request.method !== "PATCH") return jsonApiError(405, "Method Not Allowed", undefined)
      const contentType = request.headers["content-type"]
      const record = (status: number, reply: FakeServer.FakeReply, body: unknown): FakeServer.FakeReply => {
        writes.push({ method: request.method, path: request.path.slice(prefix.length), contentType, body, status })
        return reply
      }
      let body: unknown
      try {
        body = JSON.parse(request.body)
      } catch {
        return record(400, jsonApiError(400, "Malformed JSON", undefined), request.body)
      }
      if (!contentType?.startsWith("application/vnd.api+json")) return record(415, jsonApiError(415, "Unsupported Media Type", undefined), body)
      const data = isRecord(body) ? body.data : undefined
      if (!isRecord(data) || !isRecord(data.attributes)) return record(400, jsonApiError(400, "data.attributes is required", "/data"), body)
      if (data.type !== collection) return record(409, jsonApiError(409, `type must be ${collection}`, "/data/type"), body)

      if (request.method === "POST") {
        if (id !== undefined) return record(405, jsonApiError(405, "Method Not Allowed", undefined), body)
        const invalid = validate(collection, data.attributes, true)
        if (invalid) return record(422, invalid, body)
        const stamp = now()
        const created: StoredResource = {
          id: String(++nextId),
          type: collection,
          attributes: { ...data.attributes, "created-at": stamp, "updated-at": stamp }
        }
        table.set(created.id, created)
        return record(201, { status: 201, headers: { "content-type": "application/vnd.api+json" }, body: { data: created } }, body)
      }
      if (id === undefined) return record(405, jsonApiError(405, "Method Not Allowed", undefined), body)
      const existing = table.get(id)
      if (!existing) return record(404, jsonApiError(404, "Not Found", undefined), body)
      if (data.id !== id) return record(409, jsonApiError(409, "data.id does not match the URL", "/data/id"), body)
      const invalid = validate(collection, data.attributes, false)
      if (invalid) return record(422, invalid, body)
      const updated: StoredResource = { ...existing, attributes: { ...existing.attributes, ...data.attributes, "updated-at": now() } }
      table.set(id, updated)
      return record(200, { headers: { "content-type": "application/vnd.api+json" }, body: { data: updated } }, body)
    }

    const server = yield* FakeServer.make(handle)
    origin = server.url
    return {
      baseUrl: `${server.url}${prefix}`,
      server,
      store,
      writes,
      rateLimitNext: (count, seconds = 1) => {
        limited = count
        retryAfter = seconds
      },
      failNext: (status, body) => {
        failure = { status, body }
      },
      requests: server.requests
    }
  })
