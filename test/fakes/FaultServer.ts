/**
 * A fault-injecting fake vendor (on FakeServer): serves N generated records ordered by
 * (updated_at, id) in pages, and misbehaves at configurable rates — 5xx, 429 with Retry-After,
 * connection resets, slow replies, truncated JSON, duplicate and out-of-order records at page edges.
 * Deterministic for a seed (with one client at a time); bounded: a page never fails more than
 * `maxConsecutiveFaults` times in a row, and the server stops serving after `maxRequests`.
 *
 * `GET /records?limit=N[&cursor=T | &offset=K][&updated_after=ISO]` →
 * `{ data: [{id, updated_at, name}], next_cursor: T|null, next_offset: K|null, total }`.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../../src/testing/FakeServer.js"

/** Fault rates (0..1, per request) and their parameters. */
export interface Faults {
  readonly serverErrorRate?: number
  readonly rateLimitRate?: number
  /** Seconds sent in `Retry-After` with a 429; default 1. */
  readonly retryAfterSeconds?: number
  readonly resetRate?: number
  readonly slowRate?: number
  /** Delay of a slow reply; default 50 ms. */
  readonly slowMs?: number
  readonly truncateRate?: number
  /** Rate at which a page repeats the previous page's last record first. */
  readonly duplicateRate?: number
  /** Rate at which a page's last two records come swapped. */
  readonly outOfOrderRate?: number
  /** A page fails at most this many times in a row before it is served; default 3. */
  readonly maxConsecutiveFaults?: number
}

/** Server options. */
export interface Options {
  readonly records: number
  readonly seed?: number
  readonly faults?: Faults
  /** Records sharing one `updated_at` value, to exercise ties at page edges; default 7. */
  readonly sameTimestamp?: number
  /** Requests served before the server answers only 503 (a runaway-client guard); default 100,000. */
  readonly maxRequests?: number
}

/** A generated record. */
export interface FaultRecord {
  readonly id: string
  readonly updated_at: string
  readonly name: string
}

/** What the server did. */
export interface Counters {
  readonly requests: number
  readonly pages: number
  readonly server_errors: number
  readonly rate_limited: number
  readonly resets: number
  readonly slow: number
  readonly truncated: number
  readonly duplicates: number
  readonly out_of_order: number
}

/** A running fault server. */
export interface FaultServer {
  readonly url: string
  readonly server: FakeServer.FakeServer
  /** Every record, in order. */
  readonly records: ReadonlyArray<FaultRecord>
  readonly counters: Effect.Effect<Counters>
}

/** A small seeded PRNG (mulberry32): same seed, same faults. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Generates `count` records ordered by (updated_at, id), `sameTimestamp` at a time sharing a timestamp. */
export const generate = (count: number, sameTimestamp = 7): ReadonlyArray<FaultRecord> => {
  const start = Date.UTC(2024, 0, 1)
  return Array.from({ length: count }, (_, i) => ({
    id: `rec-${String(i).padStart(7, "0")}`,
    updated_at: new Date(start + Math.floor(i / sameTimestamp) * 1000).toISOString(),
    name: `Record ${i}`
  }))
}

const encodeCursor = (index: number) => Buffer.from(`i:${index}`).toString("base64url")
const decodeCursor = (token: string): number | undefined => {
  const match = /^i:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"))
  return match ? Number(match[1]) : undefined
}

/** Starts a fault server on 127.0.0.1; it closes with the scope. */
export const make = (options: Options): Effect.Effect<FaultServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const records = generate(options.records, options.sameTimestamp)
    const random = prng(options.seed ?? 1)
    const faults = options.faults ?? {}
    const maxConsecutive = faults.maxConsecutiveFaults ?? 3
    const maxRequests = options.maxRequests ?? 100_000
    const consecutive = new Map<string, number>()
    const counters = {
      requests: 0,
      pages: 0,
      server_errors: 0,
      rate_limited: 0,
      resets: 0,
      slow: 0,
      truncated: 0,
      duplicates: 0,
      out_of_order: 0
    }
    const roll = (rate: number | undefined) => rate !== undefined && rate > 0 && random() < rate

    // First index at or after an inclusive `updated_after` bound (records are sorted).
    const lowerBound = (since: string) => {
      let lo = 0
      let hi = records.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (records[mid]!.updated_at < since) lo = mid + 1
        else hi = mid
      }
      return lo
    }

    const page = (request: FakeServer.FakeRequest, edgeFaults = true): FakeServer.FakeReply => {
      const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 100) || 100))
      let start = request.query.updated_after === undefined ? 0 : lowerBound(request.query.updated_after)
      if (request.query.cursor !== undefined) {
        const index = decodeCursor(request.query.cursor)
        if (index === undefined) return { status: 400, body: { message: "invalid cursor", errors: [{ field: "cursor", message: "invalid cursor" }] } }
        start = index
      } else if (request.query.offset !== undefined) {
        const offset = Number(request.query.offset)
        if (!Number.isInteger(offset) || offset < 0) return { status: 400, body: { message: "invalid offset" } }
        start += offset
      }
      const end = Math.min(records.length, start + limit)
      const data: Array<FaultRecord> = records.slice(start, end)
      if (edgeFaults && start > 0 && data.length > 0 && roll(faults.duplicateRate)) {
        data.unshift(records[start - 1]!)
        counters.duplicates++
      }
      if (edgeFaults && data.length >= 2 && roll(faults.outOfOrderRate)) {
        const last = data.length - 1
        ;[data[last - 1], data[last]] = [data[last]!, data[last - 1]!]
        counters.out_of_order++
      }
      if (edgeFaults) counters.pages++
      const more = end < records.length
      return {
        body: {
          data,
          next_cursor: more ? encodeCursor(end) : null,
          next_offset: more ? end - (request.query.updated_after === undefined ? 0 : lowerBound(request.query.updated_after)) : null,
          total: records.length
        }
      }
    }

    const handler: FakeServer.Handler = (request, raw) => {
      counters.requests++
      if (counters.requests > maxRequests) return { status: 503, body: { message: "fault server: request budget exhausted" } }
      if (request.method !== "GET" || request.path !== "/records") return { status: 404, body: { message: `no route ${request.method} ${request.path}` } }
      const key = `${request.query.cursor ?? ""}|${request.query.offset ?? ""}|${request.query.updated_after ?? ""}`
      const failures = consecutive.get(key) ?? 0
      const fault = (): FakeServer.HandlerResult | "none" => {
        if (failures >= maxConsecutive) return "none"
        if (roll(faults.serverErrorRate)) {
          counters.server_errors++
          const status = [500, 502, 503][Math.floor(random() * 3)]!
          return { status, body: { message: `injected ${status}` } }
        }
        if (roll(faults.rateLimitRate)) {
          counters.rate_limited++
          return {
            status: 429,
            headers: { "Retry-After": String(faults.retryAfterSeconds ?? 1) },
            body: { message: "injected rate limit" }
          }
        }
        if (roll(faults.resetRate)) {
          counters.resets++
          raw.req.socket.destroy()
          return undefined
        }
        if (roll(faults.truncateRate)) {
          counters.truncated++
          const full = JSON.stringify(page(request, false).body)
          return { status: 200, headers: { "content-type": "application/json" }, text: full.slice(0, Math.floor(full.length / 2)) }
        }
        return "none"
      }
      const injected = fault()
      if (injected !== "none") {
        consecutive.set(key, failures + 1)
        return injected
      }
      consecutive.delete(key)
      if (roll(faults.slowRate)) {
        counters.slow++
        const reply = page(request)
        return new Promise((resolve) => setTimeout(() => resolve(reply), faults.slowMs ?? 50))
      }
      return page(request)
    }

    const server = yield* FakeServer.make(handler, { maxLog: 1000 })
    return { url: server.url, server, records, counters: Effect.sync(() => ({ ...counters })) }
  })
