/**
 * A fake Workable SPI v3 (on FakeServer, 127.0.0.1, random port), serving under `/spi/v3`:
 * - `GET /jobs` (`state`, `limit` ≤ 100, `since_id`, `created_after`, `updated_after`) → `{ jobs, paging? }`
 * - `GET /candidates` (`limit`, `since_id`, `created_after`, `updated_after`) → `{ candidates, paging? }`
 * - `GET /candidates/{id}` → `{ candidate }`; `GET /jobs/{shortcode}` → the job
 * - `PATCH /candidates/{id}` `{ candidate }`; `POST /jobs/{shortcode}/candidates` `{ candidate, sourced }`
 *
 * Records are served as stored (seed them from `test/fixtures/real/workable`, nulls and all) and come in id order; `paging.next` is a full URL carrying `since_id` of the next page's first
 * record. `*_after` bounds are exclusive here (Workable does not document which), so a client that
 * trusts them to be inclusive loses records at the boundary. Bearer auth is checked (401), writes are
 * validated (422) and kept, and 429s with Workable's `X-Rate-Limit-*` headers can be scripted.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"

/** A stored record (JSON). */
export type Row = Record<string, unknown>

/** Options of the fake. */
export interface Options {
  readonly token?: string
  readonly jobs?: ReadonlyArray<Row>
  readonly candidates?: ReadonlyArray<Row>
  /** Answer with legacy `https://www.workable.com/spi/v3/accounts/{subdomain}/…` next links. */
  readonly legacyNextLinks?: string
}

/** A write the fake accepted or rejected. */
export interface Write {
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly status: number
}

/** A running fake. */
export interface WorkableFake {
  /** The API base URL (`…/spi/v3`), to pass as `base_url`. */
  readonly baseUrl: string
  readonly server: FakeServer.FakeServer
  readonly jobs: Map<string, Row>
  readonly candidates: Map<string, Row>
  readonly writes: Array<Write>
  /** The next `count` requests get 429 with `X-Rate-Limit-Reset` `resetSeconds` ahead (epoch seconds). */
  readonly rateLimitNext: (count: number, resetSeconds?: number) => void
  /** The next request gets this status and body (e.g. a 500, or a 401 echoing the token). */
  readonly failNext: (status: number, body: unknown) => void
  /** Requests received (the request log). */
  readonly requests: Effect.Effect<ReadonlyArray<FakeServer.FakeRequest>>
}

const prefix = "/spi/v3"

/** Second-precision UTC text, as Workable writes timestamps. */
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z")

const instant = (value: unknown): number => (typeof value === "string" ? Date.parse(value) : Number.NaN)

/** Starts the fake; it closes with the scope. */
export const make = (options: Options = {}): Effect.Effect<WorkableFake, never, Scope.Scope> =>
  Effect.gen(function* () {
    const token = options.token ?? "workable-test-token"
    const jobs = new Map<string, Row>((options.jobs ?? []).map((r) => [String(r.id), { ...r }]))
    const candidates = new Map<string, Row>((options.candidates ?? []).map((r) => [String(r.id), { ...r }]))
    const writes: Array<Write> = []
    let limited = 0
    let resetSeconds = 1
    let failure: { status: number; body: unknown } | undefined
    let nextId = 0
    let origin = ""

    const listPage = (rows: ReadonlyArray<Row>, request: FakeServer.FakeRequest, key: "jobs" | "candidates"): FakeServer.FakeReply => {
      const q = request.query
      const limit = q.limit === undefined ? 50 : Number(q.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 422, body: { error: "limit must be between 1 and 100" } }
      for (const param of ["created_after", "updated_after"]) {
        if (q[param] !== undefined && Number.isNaN(Date.parse(q[param]!))) return { status: 422, body: { error: `${param} is not a valid date` } }
      }
      if (q.state !== undefined && !["draft", "published", "closed", "archived"].includes(q.state)) {
        return { status: 422, body: { error: `unknown state ${q.state}` } }
      }
      const matching = [...rows]
        .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0))
        .filter((r) => q.state === undefined || r.state === q.state)
        .filter((r) => q.created_after === undefined || instant(r.created_at) > Date.parse(q.created_after))
        .filter((r) => q.updated_after === undefined || instant(r.updated_at) > Date.parse(q.updated_after))
        .filter((r) => q.since_id === undefined || String(r.id) >= q.since_id)
      const page = matching.slice(0, limit)
      const rest = matching[limit]
      const body: Record<string, unknown> = { [key]: page }
      if (rest !== undefined) {
        const next =
          options.legacyNextLinks === undefined
            ? new URL(`${origin}${request.path}`)
            : new URL(`https://www.workable.com/spi/v3/accounts/${options.legacyNextLinks}${request.path.slice(prefix.length)}`)
        for (const [name, value] of Object.entries(q)) if (name !== "since_id") next.searchParams.set(name, value)
        next.searchParams.set("since_id", String(rest.id))
        body.paging = { next: next.href }
      }
      return { body }
    }

    const invalid = (candidate: Row): string | undefined => {
      if (candidate.name !== undefined && (typeof candidate.name !== "string" || candidate.name.trim() === "")) return "name can't be blank"
      if (candidate.email != null && (typeof candidate.email !== "string" || !candidate.email.includes("@"))) return "email is invalid"
      return undefined
    }

    const handle = (request: FakeServer.FakeRequest): FakeServer.FakeReply => {
      if (failure) {
        const reply = { status: failure.status, body: failure.body }
        failure = undefined
        return reply
      }
      if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: "Not authorized" } }
      if (limited > 0) {
        limited--
        return {
          status: 429,
          headers: {
            "X-Rate-Limit-Limit": "10",
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Reset": String(Math.ceil(Date.now() / 1000) + resetSeconds)
          },
          body: { error: "Rate limit exceeded" }
        }
      }
      if (!request.path.startsWith(prefix)) return { status: 404, body: { error: "Not found" } }
      const path = request.path.slice(prefix.length)
      const parts = path.split("/").filter(Boolean).map(decodeURIComponent)
      const parseBody = (): Row | undefined => {
        try {
          const parsed = JSON.parse(request.body) as unknown
          return typeof parsed === "object" && parsed !== null ? (parsed as Row) : undefined
        } catch {
          return undefined
        }
      }
      const write = (status: number, body: unknown): FakeServer.FakeReply => {
        writes.push({ method: request.method, path, body: parseBody(), status })
        return { status, body }
      }

      if (request.method === "GET" && path === "/jobs") return listPage([...jobs.values()], request, "jobs")
      if (request.method === "GET" && path === "/candidates") return listPage([...candidates.values()], request, "candidates")
      if (request.method === "GET" && parts[0] === "candidates" && parts.length === 2) {
        const found = candidates.get(parts[1]!)
        return found ? { body: { candidate: found } } : { status: 404, body: { error: "Not found" } }
      }
      if (request.method === "GET" && parts[0] === "jobs" && parts.length === 2) {
        const found = [...jobs.values()].find((j) => j.shortcode === parts[1])
        return found ? { body: found } : { status: 404, body: { error: "Not found" } }
      }
      if (request.method === "PATCH" && parts[0] === "candidates" && parts.length === 2) {
        const existing = candidates.get(parts[1]!)
        if (!existing) return write(404, { error: "Not found" })
        const given = parseBody()?.candidate
        if (typeof given !== "object" || given === null) return write(422, { error: "candidate is required" })
        const reason = invalid(given as Row)
        if (reason) return write(422, { error: reason })
        const updated = { ...existing, ...(given as Row), id: existing.id, updated_at: now() }
        candidates.set(String(existing.id), updated)
        return write(200, { candidate: updated })
      }
      if (request.method === "POST" && parts[0] === "jobs" && parts[2] === "candidates" && parts.length === 3) {
        const job = [...jobs.values()].find((j) => j.shortcode === parts[1])
        if (!job) return write(404, { error: `Job ${parts[1]} not found` })
        const given = parseBody()?.candidate
        if (typeof given !== "object" || given === null) return write(422, { error: "candidate is required" })
        const row = given as Row
        if (row.name === undefined && (row.firstname === undefined || row.lastname === undefined)) return write(422, { error: "name can't be blank" })
        const reason = invalid(row)
        if (reason) return write(422, { error: reason })
        const id = `new${String(++nextId).padStart(5, "0")}`
        const stamp = now()
        const created: Row = {
          ...row,
          id,
          name: row.name ?? `${String(row.firstname)} ${String(row.lastname)}`,
          job: { shortcode: job.shortcode, title: job.title },
          stage: "Applied",
          disqualified: false,
          sourced: parseBody()?.sourced === true,
          created_at: stamp,
          updated_at: stamp
        }
        candidates.set(id, created)
        return write(201, { status: "created", candidate: created })
      }
      return { status: 404, body: { error: "Not found" } }
    }

    const server = yield* FakeServer.make(handle)
    origin = server.url
    return {
      baseUrl: `${server.url}${prefix}`,
      server,
      jobs,
      candidates,
      writes,
      rateLimitNext: (count, seconds = 1) => {
        limited = count
        resetSeconds = seconds
      },
      failNext: (status, body) => {
        failure = { status, body }
      },
      requests: server.requests
    }
  })
