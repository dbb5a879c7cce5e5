import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as RateLimit from "../../src/http/RateLimit.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Scripted from "./Scripted.js"

/** The largest number of start times falling in any half-open window [t, t + interval). */
const busiestWindow = (times: ReadonlyArray<number>, intervalMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let lo = 0
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= intervalMs) lo++
    best = Math.max(best, hi - lo + 1)
  }
  return best
}

describe("RateLimit (TestClock)", () => {
  it.scoped("starts at most `limit` requests in any window of `interval`, at the full rate", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimit.make("acme", { limit: 5, interval: "1 second" })
      const starts: Array<number> = []
      const task = limiter(Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => starts.push(now))))
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 40 }, () => task),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      expect(starts).toHaveLength(40)
      expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(5)
      // Not slower than needed: 40 requests at 5/s take under 8 s.
      expect(Math.max(...starts)).toBeLessThanOrEqual(8000)
    })
  )

  it.scoped.prop(
    "never exceeds the configured rate, whatever the arrival pattern",
    {
      limit: FastCheck.integer({ min: 1, max: 20 }),
      intervalMs: FastCheck.integer({ min: 50, max: 10_000 }),
      arrivals: FastCheck.array(FastCheck.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 60 })
    },
    ({ arrivals, intervalMs, limit }) =>
      Effect.gen(function* () {
        const limiter = yield* RateLimit.make("acme", { limit, interval: `${intervalMs} millis` })
        const starts: Array<number> = []
        const task = (delay: number) =>
          Effect.sleep(`${delay} millis`).pipe(Effect.zipRight(limiter(Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => starts.push(now))))))
        const fiber = yield* Effect.fork(Effect.all(arrivals.map(task), { concurrency: "unbounded" }))
        yield* TestClock.adjust(`${30_000 + arrivals.length * intervalMs + intervalMs} millis`)
        yield* Fiber.join(fiber)
        expect(starts).toHaveLength(arrivals.length)
        expect(busiestWindow(starts, intervalMs)).toBeLessThanOrEqual(limit)
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect("rejects a non-positive limit or interval", () =>
    Effect.gen(function* () {
      const badLimit = yield* Effect.flip(Effect.scoped(RateLimit.make("acme", { limit: 0, interval: "1 second" })))
      expect(badLimit).toMatchObject({ _tag: "ConfigError", field: "rate_limit.limit" })
      const badInterval = yield* Effect.flip(Effect.scoped(RateLimit.make("acme", { limit: 3, interval: 0 })))
      expect(badInterval).toMatchObject({ _tag: "ConfigError", field: "rate_limit.interval" })
    })
  )

  it.scoped("the vendor client applies the documented limit to every request and counts the throttled time", () =>
    Effect.gen(function* () {
      const scripted = Scripted.make((_, log) => (log.length === 3 ? { status: 503 } : { body: {} }))
      // Workable's documented limit: 10 requests per 10 seconds.
      const client = yield* VendorHttp.make({
        connector: "workable",
        baseUrl: "https://acme.workable.test/spi/v3",
        rateLimit: { limit: 10, interval: "10 seconds" },
        retry: { baseDelay: "10 millis", jitter: false }
      }).pipe(Effect.provide(scripted.layer))
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 25 }, () => client.request("GET", "/jobs")),
          { concurrency: 8 }
        )
      )
      yield* TestClock.adjust("5 minutes")
      yield* Fiber.join(fiber)
      // 25 requests plus one retry, all through the limiter.
      expect(scripted.log).toHaveLength(26)
      expect(
        busiestWindow(
          scripted.log.map((seen) => seen.at),
          10_000
        )
      ).toBeLessThanOrEqual(10)
      const stats = yield* client.stats
      expect(stats.requests).toBe(26)
      expect(stats.throttled_ms).toBeGreaterThan(0)
    })
  )
})
