/**
 * A fake Ashby API (on FakeServer, 127.0.0.1, random port). Every call is a POST with a JSON body and
 * Basic auth (key, blank password; 401 otherwise):
 * - `/job.list`, `/candidate.list` `{ limit (1–100), cursor?, syncToken? }` (jobs also `status: [...]`;
 *   without it job.list leaves `Draft` jobs out, as Ashby's does) →
 *   `{ success, results, moreDataAvailable, nextCursor? }`, records in insertion order; the final page
 *   also carries `syncToken`. A list with a sync token returns only records changed after it was
 *   issued (every write bumps a change sequence); `expireSyncTokens()` makes earlier tokens fail with
 *   `sync_token_expired`.
 * - `/application.list` likewise (sync tokens, cursors), also `{ createdAfter?: epoch ms (integer),
 *   status?: Active | Hired | Archived | Lead, jobId? }`; each application carries its `candidate`
 *   (`id`, `name`, primary contacts) as Ashby's does.
 * - `/jobPosting.list` `{ listedOnly?, location?, department? }` (names matched case-sensitively) →
 *   `{ success, results }`, one unpaged list of posting summaries: the description, address and
 *   compensation tiers only come from `/jobPosting.info` `{ jobPostingId }`.
 * - `/job.info`, `/candidate.info` `{ id }`; `/candidate.create` `{ name, email?, phoneNumber?,
 *   linkedInUrl?, githubUrl?, website?, location? }`; `/candidate.update` `{ candidateId, ... }`.
 * Failures are HTTP 200 with `{ success: false, errors: [code], errorInfo: { code, message } }`
 * (`invalid_input`, `not_found`, `invalid_cursor`, `sync_token_expired`), except auth (401), unknown
 * endpoints (404) and scripted 429s (with `Retry-After`).
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"

/** A stored record (JSON). */
export type Row = Record<string, unknown>

/** The fake's tables. */
export type Collection = "jobs" | "candidates" | "postings" | "applications"

/** The keys of a posting in `jobPosting.list` (the reference's `jobPostingUpdate` posting object). */
const postingSummaryKeys = [
  "id",
  "title",
  "jobId",
  "departmentName",
  "teamName",
  "locationName",
  "locationIds",
  "workplaceType",
  "employmentType",
  "isListed",
  "publishedDate",
  "applicationDeadline",
  "externalLink",
  "applyLink",
  "compensationTierSummary",
  "shouldDisplayCompensationOnJobBoard",
  "updatedAt"
]

const applicationStatuses = ["Active", "Hired", "Archived", "Lead"]

/** Options of the fake. */
export interface Options {
  readonly apiKey?: string
  readonly jobs?: ReadonlyArray<Row>
  readonly candidates?: ReadonlyArray<Row>
  /** Postings with every field `jobPosting.info` returns; the list serves their summaries. */
  readonly postings?: ReadonlyArray<Row>
  readonly applications?: ReadonlyArray<Row>
}

/** A write call the fake received. */
export interface Write {
  readonly path: string
  readonly body: unknown
  readonly success: boolean
}

/** A running fake. */
export interface AshbyFake {
  readonly baseUrl: string
  readonly server: FakeServer.FakeServer
  readonly jobs: Map<string, Row>
  readonly candidates: Map<string, Row>
  readonly postings: Map<string, Row>
  readonly applications: Map<string, Row>
  readonly writes: Array<Write>
  /** Adds or replaces records as a change (later sync-token reads return them). */
  readonly put: (collection: Collection, rows: ReadonlyArray<Row>) => void
  /** Tokens issued so far stop working (`sync_token_expired`). */
  readonly expireSyncTokens: () => void
  /** The next `count` calls get 429 with `Retry-After: seconds`. */
  readonly rateLimitNext: (count: number, seconds?: number) => void
  /** The next call (to `path`, when given) gets this status and body (e.g. HTTP 200 with `success: false`). */
  readonly failNext: (status: number, body: unknown, path?: string) => void
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
}

const failure = (code: string, message: string): FakeServer.FakeReply => ({
  body: { success: false, errors: [code], errorInfo: { code, message } }
})

const isRecord = (value: unknown): value is Row => typeof value === "object" && value !== null && !Array.isArray(value)

const encodeCursor = (value: { offset: number; since: number }) => Buffer.from(JSON.stringify(value)).toString("base64url")
const decodeCursor = (text: string): { offset: number; since: number } | undefined => {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown
    return isRecord(parsed) && typeof parsed.offset === "number" && typeof parsed.since === "number"
      ? { offset: parsed.offset, since: parsed.since }
      : undefined
  } catch {
    return undefined
  }
}

/** Starts the fake; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<AshbyFake, never, Scope.Scope> =>
  Effect.gen(function* () {
    const apiKey = options.apiKey ?? "ashby-test-key"
    const expectedAuth = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`
    const tables: Record<Collection, Map<string, Row>> = { jobs: new Map(), candidates: new Map(), postings: new Map(), applications: new Map() }
    // The change sequence number of each record's last write.
    const changed: Record<Collection, Map<string, number>> = { jobs: new Map(), candidates: new Map(), postings: new Map(), applications: new Map() }
    let sequence = 0
    let generation = 0
    const writes: Array<Write> = []
    let limited = 0
    let retryAfter = 1
    let scripted: { status: number; body: unknown; path: string | undefined } | undefined
    let nextId = 0

    const put = (collection: Collection, rows: ReadonlyArray<Row>) => {
      for (const row of rows) {
        const id = String(row.id)
        tables[collection].set(id, { ...row })
        changed[collection].set(id, ++sequence)
      }
    }
    put("jobs", options.jobs ?? [])
    put("candidates", options.candidates ?? [])
    put("postings", options.postings ?? [])
    put("applications", options.applications ?? [])

    const list = (collection: "jobs" | "candidates" | "applications", body: Row): FakeServer.FakeReply => {
      const limit = body.limit === undefined ? 100 : body.limit
      if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 100) {
        return failure("invalid_input", "limit must be an integer between 1 and 100")
      }
      let since = 0
      if (body.syncToken !== undefined) {
        const match = typeof body.syncToken === "string" ? /^sync\.(jobs|candidates|applications)\.(\d+)\.(\d+)$/.exec(body.syncToken) : null
        if (!match || match[1] !== collection) return failure("invalid_input", "syncToken is not valid for this endpoint")
        if (Number(match[3]) !== generation) return failure("sync_token_expired", "The sync token has expired; run a full sync")
        since = Number(match[2])
      }
      let offset = 0
      if (body.cursor !== undefined) {
        const cursor = typeof body.cursor === "string" ? decodeCursor(body.cursor) : undefined
        if (!cursor || cursor.since !== since) return failure("invalid_cursor", "cursor is not valid for this request")
        offset = cursor.offset
      }
      // job.list: "open, closed, and archived jobs"; drafts only when `status` names them.
      let statuses: ReadonlyArray<unknown> | undefined
      if (collection === "jobs") {
        if (
          body.status !== undefined &&
          (!Array.isArray(body.status) || body.status.some((v) => !["Open", "Closed", "Draft", "Archived"].includes(v as string)))
        ) {
          return failure("invalid_input", "status must be a list of Open, Closed, Draft, Archived")
        }
        statuses = (body.status as ReadonlyArray<unknown> | undefined) ?? ["Open", "Closed", "Archived"]
      }
      // application.list: createdAfter (epoch ms), one status, one job.
      let matches = (_row: Row) => true
      if (collection === "applications") {
        const { createdAfter, status, jobId } = body
        if (createdAfter !== undefined && (typeof createdAfter !== "number" || !Number.isInteger(createdAfter))) {
          return failure("invalid_input", "createdAfter must be an integer (milliseconds since the epoch)")
        }
        if (status !== undefined && (typeof status !== "string" || !applicationStatuses.includes(status))) {
          return failure("invalid_input", "status must be one of Hired, Archived, Active, Lead")
        }
        if (jobId !== undefined && typeof jobId !== "string") return failure("invalid_input", "jobId must be a string")
        matches = (row) =>
          (createdAfter === undefined || Date.parse(String(row.createdAt)) > (createdAfter as number)) &&
          (status === undefined || row.status === status) &&
          (jobId === undefined || (isRecord(row.job) && row.job.id === jobId))
      }
      const rows = [...tables[collection].entries()]
        .filter(([id, row]) => (changed[collection].get(id) ?? 0) > since && (statuses === undefined || statuses.includes(row.status)) && matches(row))
        .map(([, row]) => row)
      const page = rows.slice(offset, offset + limit)
      const more = offset + limit < rows.length
      return {
        body: {
          success: true,
          results: page,
          moreDataAvailable: more,
          ...(more ? { nextCursor: encodeCursor({ offset: offset + limit, since }) } : { syncToken: `sync.${collection}.${sequence}.${generation}` })
        }
      }
    }

    const now = () => new Date().toISOString()

    const invalidEmail = (email: unknown) => email !== undefined && (typeof email !== "string" || !email.includes("@"))

    const links = (body: Row) =>
      (
        [
          ["LinkedIn", body.linkedInUrl],
          ["GitHub", body.githubUrl],
          ["Website", body.website ?? body.websiteUrl]
        ] as const
      ).flatMap(([type, url]) => (typeof url === "string" ? [{ type, url }] : []))

    const contact = (value: unknown) => (typeof value === "string" ? { value, type: "Personal", isPrimary: true } : undefined)

    const create = (body: Row): FakeServer.FakeReply => {
      if (typeof body.name !== "string" || body.name.trim() === "") return failure("invalid_input", "name is required")
      if (invalidEmail(body.email)) return failure("invalid_input", `email ${String(body.email)} is not a valid email address`)
      const stamp = now()
      const id = `0000${String(++nextId).padStart(4, "0")}-ashb-4new-8000-000000000000`
      const row: Row = {
        id,
        name: body.name,
        ...(contact(body.email) ? { primaryEmailAddress: contact(body.email), emailAddresses: [contact(body.email)] } : {}),
        ...(contact(body.phoneNumber) ? { primaryPhoneNumber: contact(body.phoneNumber), phoneNumbers: [contact(body.phoneNumber)] } : {}),
        socialLinks: links(body),
        tags: [],
        applicationIds: [],
        ...(isRecord(body.location) ? { location: { locationSummary: Object.values(body.location).join(", ") } } : {}),
        createdAt: stamp,
        updatedAt: stamp
      }
      put("candidates", [row])
      return { body: { success: true, results: row } }
    }

    const update = (body: Row): FakeServer.FakeReply => {
      const id = body.candidateId
      if (typeof id !== "string") return failure("invalid_input", "candidateId is required")
      const existing = tables.candidates.get(id)
      if (!existing) return failure("not_found", `candidate ${id} not found`)
      if (body.name !== undefined && (typeof body.name !== "string" || body.name.trim() === "")) return failure("invalid_input", "name can't be blank")
      if (invalidEmail(body.email)) return failure("invalid_input", `email ${String(body.email)} is not a valid email address`)
      const social = links(body)
      const row: Row = {
        ...existing,
        ...(typeof body.name === "string" ? { name: body.name } : {}),
        ...(contact(body.email) ? { primaryEmailAddress: contact(body.email) } : {}),
        ...(contact(body.phoneNumber) ? { primaryPhoneNumber: contact(body.phoneNumber) } : {}),
        ...(social.length > 0 ? { socialLinks: social } : {}),
        updatedAt: now()
      }
      put("candidates", [row])
      return { body: { success: true, results: row } }
    }

    /** jobPosting.list: every posting's summary, filtered; not paged. */
    const postingList = (body: Row): FakeServer.FakeReply => {
      const { listedOnly, location, department } = body
      if (listedOnly !== undefined && typeof listedOnly !== "boolean") return failure("invalid_input", "listedOnly must be a boolean")
      if ((location !== undefined && typeof location !== "string") || (department !== undefined && typeof department !== "string")) {
        return failure("invalid_input", "location and department must be strings")
      }
      const results = [...tables.postings.values()]
        .filter(
          (row) =>
            (listedOnly !== true || row.isListed === true) &&
            (location === undefined || row.locationName === location) &&
            (department === undefined || row.departmentName === department)
        )
        .map((row) => Object.fromEntries(postingSummaryKeys.filter((key) => key in row).map((key) => [key, row[key]])))
      return { body: { success: true, results } }
    }

    const handle = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      if (scripted && (scripted.path === undefined || scripted.path === request.path)) {
        const reply = { status: scripted.status, body: scripted.body }
        scripted = undefined
        return reply
      }
      if (request.headers.authorization !== expectedAuth) return { status: 401, body: { success: false, errors: ["unauthenticated"] } }
      if (limited > 0) {
        limited--
        return { status: 429, headers: { "Retry-After": String(retryAfter) }, body: { success: false, errors: ["rate_limit_exceeded"] } }
      }
      if (request.method !== "POST") return { status: 404, body: { success: false, errors: ["not_found"] } }
      let body: unknown
      try {
        body = request.body.trim() === "" ? {} : JSON.parse(request.body)
      } catch {
        return failure("invalid_input", "body is not JSON")
      }
      if (!isRecord(body)) return failure("invalid_input", "body must be a JSON object")
      const record = (reply: FakeServer.FakeReply) => {
        writes.push({ path: request.path, body, success: isRecord(reply.body) && reply.body.success === true })
        return reply
      }
      const info = (collection: Collection, key = "id") => {
        const id = body[key]
        if (typeof id !== "string") return failure("invalid_input", `${key} is required`)
        const found = tables[collection].get(id)
        return found ? { body: { success: true, results: found } } : failure("not_found", `${collection} ${id} not found`)
      }
      switch (request.path) {
        case "/job.list":
          return list("jobs", body)
        case "/candidate.list":
          return list("candidates", body)
        case "/job.info":
          return info("jobs")
        case "/candidate.info":
          return info("candidates")
        case "/application.list":
          return list("applications", body)
        case "/jobPosting.list":
          return postingList(body)
        case "/jobPosting.info":
          return info("postings", "jobPostingId")
        case "/candidate.create":
          return record(create(body))
        case "/candidate.update":
          return record(update(body))
        default:
          return { status: 404, body: { success: false, errors: ["not_found"] } }
      }
    }

    const server = yield* FakeServer.make(handle)
    return {
      baseUrl: server.url,
      server,
      jobs: tables.jobs,
      candidates: tables.candidates,
      postings: tables.postings,
      applications: tables.applications,
      writes,
      put,
      expireSyncTokens: () => {
        generation++
      },
      rateLimitNext: (count, seconds = 1) => {
        limited = count
        retryAfter = seconds
      },
      failNext: (status, body, path) => {
        scripted = { status, body, path }
      },
      requests: server.requests
    }
  })
