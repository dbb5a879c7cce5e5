import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Paging from "../../src/http/Paging.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as FaultServer from "../fakes/FaultServer.js"

const fetchAll = (stream: Stream.Stream<unknown, unknown>) =>
  Effect.map(Stream.runCollect(stream), (chunk) => Chunk.toArray(chunk) as Array<FaultServer.FaultRecord>)

/** Ids seen more than once, and whether every expected id is there. */
const exactlyOnce = (records: ReadonlyArray<FaultServer.FaultRecord>, expected: ReadonlyArray<FaultServer.FaultRecord>) => {
  const unique = new Set(records.map((r) => r.id))
  return { unique: unique.size, missing: expected.filter((r) => !unique.has(r.id)).length }
}

describe("resilient client through the fault server (live)", () => {
  it.scopedLive(
    "5,000 records with 10% 5xx, 429s with Retry-After, resets and truncated JSON: every id, each fault costs one retry",
    () =>
      Effect.gen(function* () {
        const fault = yield* FaultServer.make({
          records: 5000,
          seed: 7,
          faults: {
            serverErrorRate: 0.1,
            rateLimitRate: 0.05,
            retryAfterSeconds: 1,
            resetRate: 0.05,
            truncateRate: 0.05,
            slowRate: 0.05,
            slowMs: 30,
            duplicateRate: 0.2,
            outOfOrderRate: 0.2
          }
        })
        const client = yield* VendorHttp.make({
          connector: "fault",
          baseUrl: fault.url,
          timeout: "2 seconds",
          // Retry-After: 1 is honoured but capped at 20 ms to keep the test short.
          retry: { maxAttempts: 6, baseDelay: "5 millis", maxDelay: "50 millis", maxRetryAfter: "20 millis", maxElapsed: "30 seconds" }
        }).pipe(Effect.provide(VendorHttp.layerClient))
        const records = yield* fetchAll(Paging.queryToken(client, { path: "/records", query: { limit: 100 }, param: "cursor", next: "next_cursor" }))
        const counters = yield* fault.counters
        const stats = yield* client.stats

        // The faults really happened.
        expect(counters.server_errors).toBeGreaterThan(0)
        expect(counters.rate_limited).toBeGreaterThan(0)
        expect(counters.resets).toBeGreaterThan(0)
        expect(counters.truncated).toBeGreaterThan(0)
        expect(counters.duplicates).toBeGreaterThan(0)
        // Nothing lost; the only duplicates are the ones the server put at page edges.
        expect(exactlyOnce(records, fault.records)).toEqual({ unique: 5000, missing: 0 })
        expect(records).toHaveLength(5000 + counters.duplicates)
        // Every injected failure was retried exactly once, and every request is accounted for.
        expect(stats.retries).toBe(counters.server_errors + counters.rate_limited + counters.resets + counters.truncated)
        expect(stats.requests).toBe(counters.requests)
        expect(stats.waited_ms).toBeGreaterThanOrEqual(counters.rate_limited * 20)
      }),
    30_000
  )

  it.scopedLive(
    "100,000 records through every fault kind, each id exactly once",
    () =>
      Effect.gen(function* () {
        const fault = yield* FaultServer.make({
          records: 100_000,
          seed: 2024,
          faults: {
            serverErrorRate: 0.1,
            rateLimitRate: 0.05,
            resetRate: 0.03,
            truncateRate: 0.03,
            slowRate: 0.05,
            slowMs: 20,
            duplicateRate: 0.2,
            outOfOrderRate: 0.2
          }
        })
        const client = yield* VendorHttp.make({
          connector: "fault",
          baseUrl: fault.url,
          timeout: "5 seconds",
          retry: { maxAttempts: 6, baseDelay: "5 millis", maxDelay: "50 millis", maxRetryAfter: "20 millis", maxElapsed: "1 minute" }
        }).pipe(Effect.provide(VendorHttp.layerClient))
        const records = yield* fetchAll(Paging.queryToken(client, { path: "/records", query: { limit: 500 }, param: "cursor", next: "next_cursor" }))
        const counters = yield* fault.counters
        const stats = yield* client.stats
        expect(exactlyOnce(records, fault.records)).toEqual({ unique: 100_000, missing: 0 })
        expect(records).toHaveLength(100_000 + counters.duplicates)
        expect(stats.retries).toBe(counters.server_errors + counters.rate_limited + counters.resets + counters.truncated)
        expect(stats.waited_ms).toBeGreaterThan(0)
      }),
    120_000
  )

  it.scopedLive(
    "offset paging with slow replies past the timeout: timeouts are retried, nothing lost",
    () =>
      Effect.gen(function* () {
        const fault = yield* FaultServer.make({
          records: 2000,
          seed: 11,
          faults: { serverErrorRate: 0.1, slowRate: 0.08, slowMs: 400, outOfOrderRate: 0.5 }
        })
        const client = yield* VendorHttp.make({
          connector: "fault",
          baseUrl: fault.url,
          timeout: "150 millis",
          retry: { maxAttempts: 8, baseDelay: "5 millis", maxDelay: "20 millis" }
        }).pipe(Effect.provide(VendorHttp.layerClient))
        const records = yield* fetchAll(Paging.queryToken(client, { path: "/records", query: { limit: 100 }, param: "offset", next: "next_offset" }))
        const counters = yield* fault.counters
        const stats = yield* client.stats
        expect(counters.slow).toBeGreaterThan(0)
        expect(counters.out_of_order).toBeGreaterThan(0)
        expect(records).toHaveLength(2000)
        expect(exactlyOnce(records, fault.records)).toEqual({ unique: 2000, missing: 0 })
        expect(stats.retries).toBe(counters.server_errors + counters.slow)
      }),
    30_000
  )

  it.scopedLive("the same seed injects the same faults", () =>
    Effect.gen(function* () {
      const run = Effect.gen(function* () {
        const fault = yield* FaultServer.make({ records: 600, seed: 3, faults: { serverErrorRate: 0.2, duplicateRate: 0.3 } })
        const client = yield* VendorHttp.make({
          connector: "fault",
          baseUrl: fault.url,
          retry: { maxAttempts: 6, baseDelay: "1 millis", maxDelay: "5 millis" }
        }).pipe(Effect.provide(VendorHttp.layerClient))
        yield* Stream.runDrain(Paging.queryToken(client, { path: "/records", query: { limit: 50 }, param: "cursor", next: "next_cursor" }))
        return yield* fault.counters
      }).pipe(Effect.scoped)
      const first = yield* run
      expect(first.server_errors).toBeGreaterThan(0)
      expect(yield* run).toEqual(first)
    })
  )

  it.scopedLive("updated_after is an inclusive bound; a page fails at most maxConsecutiveFaults times in a row", () =>
    Effect.gen(function* () {
      const fault = yield* FaultServer.make({ records: 50, faults: { serverErrorRate: 1, maxConsecutiveFaults: 2 } })
      const client = yield* VendorHttp.make({
        connector: "fault",
        baseUrl: fault.url,
        retry: { maxAttempts: 3, baseDelay: "1 millis" }
      }).pipe(Effect.provide(VendorHttp.layerClient))
      // Record 24 shares its timestamp with records 21..27: an inclusive bound returns all of them.
      const since = fault.records[24]!.updated_at
      const response = yield* client.request("GET", "/records", { query: { updated_after: since, limit: 100 } })
      const data = (response.body as { data: Array<FaultServer.FaultRecord> }).data
      expect(data.map((r) => r.id)).toEqual(fault.records.filter((r) => r.updated_at >= since).map((r) => r.id))
      expect(data[0]!.id).toBe(fault.records[21]!.id)
      expect((yield* fault.counters).server_errors).toBe(2)
    })
  )
})
