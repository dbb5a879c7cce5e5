/**
 * Pulls through the fault server with the real pipeline: a connector on the shared vendor HTTP layer
 * (test/fakes/FaultConnector.ts) reads pages that fail with 5xx, 429 + Retry-After, connection resets,
 * slow and truncated replies, and repeat or swap records at page edges; the in-memory target must end
 * with every record exactly once, and the run's stats must show the retries and the time waited.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Cursor from "../../src/core/Cursor.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Memory from "../../src/testing/Memory.js"
import * as FaultConnector from "../fakes/FaultConnector.js"
import * as FaultServer from "../fakes/FaultServer.js"

const long = process.env.HRTECH_ETL_LONG_TESTS !== undefined && process.env.HRTECH_ETL_LONG_TESTS !== ""

/** The faults of the "Must show": 10% 5xx, 429s with Retry-After, resets, slow pages, edge duplicates. */
const faults: FaultServer.Faults = {
  serverErrorRate: 0.1,
  rateLimitRate: 0.05,
  retryAfterSeconds: 1,
  resetRate: 0.03,
  truncateRate: 0.02,
  slowRate: 0.05,
  slowMs: 20,
  duplicateRate: 0.2,
  outOfOrderRate: 0.2
}

// Retry-After: 1 is honoured, capped at 20 ms so 100k records take seconds, not minutes.
const retry = { maxAttempts: 6, baseDelay: "5 millis", maxDelay: "50 millis", maxRetryAfter: "20 millis", maxElapsed: "1 minute" } as const

/** How many times each id was written, across every batch the target received. */
const writesPerId = (target: Memory.MemoryConnector): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const { batch } of target.writes) for (const record of batch) counts.set(String(record.id), (counts.get(String(record.id)) ?? 0) + 1)
  return counts
}

const expectExactlyOnce = (target: Memory.MemoryConnector, records: ReadonlyArray<FaultServer.FaultRecord>) => {
  const counts = writesPerId(target)
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id)
  const missing = records.filter((r) => !counts.has(r.id)).map((r) => r.id)
  expect({ distinct: counts.size, twice: twice.slice(0, 5), missing: missing.slice(0, 5) }).toEqual({
    distinct: records.length,
    twice: [],
    missing: []
  })
  expect(target.data.job.size).toBe(records.length)
  // Contents too: the target holds each record as the origin served it.
  for (const r of records) {
    const stored = target.data.job.get(r.id)
    if (stored?.name !== r.name || stored.updated_at !== r.updated_at) expect({ id: r.id, stored }).toEqual({ id: r.id, stored: r })
  }
}

const faultPull = (records: number, seed: number, batchSize: number) =>
  Effect.gen(function* () {
    const fault = yield* FaultServer.make({ records, seed, faults, maxRequests: 50_000 })
    const origin = yield* FaultConnector.make({ url: fault.url, timeout: "5 seconds", retry })
    const target = Memory.make({ name: "memory-target" })
    const started = Date.now()
    const result = yield* Pipeline.pull({
      resource: "job",
      origin,
      target,
      cursor: { mode: "updated_at", start: null, sort_by: "asc" },
      batchSize
    })
    const elapsedMs = Date.now() - started
    const counters = yield* fault.counters
    const stats = result.stats

    // The faults really happened.
    expect(counters.server_errors).toBeGreaterThan(0)
    expect(counters.rate_limited).toBeGreaterThan(0)
    expect(counters.resets).toBeGreaterThan(0)
    expect(counters.slow).toBeGreaterThan(0)
    expect(counters.duplicates).toBeGreaterThan(0)
    expect(counters.out_of_order).toBeGreaterThan(0)
    // Exactly the source, each record written once.
    expectExactlyOnce(target, fault.records)
    expect(stats.written).toBe(records)
    expect(stats.created).toBe(records)
    expect(stats.failed).toBe(0)
    // Page-edge repeats are read, then recognised as already taken.
    expect(stats.read).toBe(records + counters.duplicates)
    expect(stats.skipped_seen).toBe(counters.duplicates)
    // The transport counters reach the run's stats: one retry per injected failure, the waits included.
    expect(stats.requests).toBe(counters.requests)
    expect(stats.retries).toBe(counters.server_errors + counters.rate_limited + counters.resets + counters.truncated)
    expect(stats.retries).toBeGreaterThan(0)
    expect(stats.waited_ms).toBeGreaterThan(0)
    // Each 429 waited at least its (capped) Retry-After.
    expect(stats.waited_ms).toBeGreaterThanOrEqual(counters.rate_limited * 20)
    // The checkpoint sits on the last record, with the ids taken at its timestamp.
    const last = fault.records[records - 1]!
    expect(result.cursor.end).toBe(last.updated_at)
    expect(result.cursor.boundary_ids).toContain(last.id)
    return { elapsedMs, counters, stats }
  })

describe("pull through the fault server (live, loopback)", () => {
  it.scopedLive(
    "100,000 records with 10% 5xx, 429 + Retry-After, resets, slow and truncated pages, edge duplicates: exactly 100,000 written once, retries and waits in stats",
    () =>
      Effect.gen(function* () {
        const { elapsedMs, stats } = yield* faultPull(100_000, 2024, 1000)
        // Bounded: the suite's budget for this run on a 2-core machine.
        expect(elapsedMs).toBeLessThan(30_000)
        expect(stats.pages).toBeGreaterThanOrEqual(100)
      }).pipe(Effect.provide(VendorHttp.layerClient)),
    60_000
  )

  it.scopedLive(
    "small pages (20,000 records, 200 per page): more page edges, same guarantees",
    () => faultPull(20_000, 7, 200).pipe(Effect.provide(VendorHttp.layerClient)),
    60_000
  )

  it.scopedLive(
    "a pull that gives up mid-way (retry budget exhausted) resumes from its checkpoint: nothing lost, nothing written twice",
    () =>
      Effect.gen(function* () {
        const records = long ? 50_000 : 10_000
        // Up to 6 failures in a row against 3 attempts: some pages exhaust the budget and fail the run.
        const fault = yield* FaultServer.make({
          records,
          seed: 99,
          faults: { ...faults, serverErrorRate: 0.3, maxConsecutiveFaults: 6 },
          maxRequests: 50_000
        })
        const origin = yield* FaultConnector.make({
          url: fault.url,
          timeout: "5 seconds",
          retry: { ...retry, maxAttempts: 3 }
        })
        const target = Memory.make({ name: "memory-target" })
        let saved: Cursor.Cursor = Cursor.make("updated_at")
        let failedRuns = 0
        let done = false
        for (let run = 0; run < 500 && !done; run++) {
          const outcome = yield* Effect.either(
            Pipeline.pull({
              resource: "job",
              origin,
              target,
              cursor: saved.end === undefined ? saved : Cursor.resumeFrom(saved),
              batchSize: 250,
              onCheckpoint: (cursor) => Effect.sync(() => void (saved = cursor))
            })
          )
          if (Either.isRight(outcome)) done = true
          else {
            failedRuns++
            expect(outcome.left._tag).toBe("PipelineFailed")
            // The failure names the cause and carries the checkpoint reached, never a stack.
            expect(outcome.left.message).toMatch(/^run failed: fault: /)
            expect(outcome.left.message).not.toMatch(/\n\s+at /)
          }
        }
        expect(done).toBe(true)
        expect(failedRuns).toBeGreaterThan(0)
        expectExactlyOnce(target, fault.records)
      }).pipe(Effect.provide(VendorHttp.layerClient)),
    120_000
  )
})
