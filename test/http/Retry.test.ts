import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as Retry from "../../src/http/Retry.js"
import * as RetryAfter from "../../src/http/RetryAfter.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Scripted from "./Scripted.js"

const ok = { status: 200, body: { ok: true } } as const

/** Builds a client over a script, runs one request while the TestClock jumps far ahead. */
const run = (
  script: Scripted.Script,
  config: Partial<VendorHttp.Config> = {},
  request: (client: VendorHttp.VendorHttp) => Effect.Effect<VendorHttp.Response, unknown> = (client) => client.request("GET", "/items")
) =>
  Effect.gen(function* () {
    const scripted = Scripted.make(script)
    const client = yield* VendorHttp.make({
      connector: "acme",
      baseUrl: "https://api.acme.test/v1",
      retry: { maxAttempts: 5, maxElapsed: "1 hour", baseDelay: "100 millis", jitter: false },
      ...config
    }).pipe(Effect.provide(scripted.layer))
    const fiber = yield* Effect.fork(Effect.either(request(client)))
    yield* TestClock.adjust("2 hours")
    const result = yield* Fiber.join(fiber)
    return { result, log: scripted.log, stats: yield* client.stats }
  })

describe("RetryAfter", () => {
  it("parses delta-seconds and HTTP-dates", () => {
    const now = Date.parse("2024-03-01T10:00:00Z")
    expect(RetryAfter.parseRetryAfter("7", now)).toEqual(Option.some(7000))
    expect(RetryAfter.parseRetryAfter(" 0 ", now)).toEqual(Option.some(0))
    expect(RetryAfter.parseRetryAfter("Fri, 01 Mar 2024 10:00:30 GMT", now)).toEqual(Option.some(30_000))
    expect(RetryAfter.parseRetryAfter("Fri, 01 Mar 2024 09:00:00 GMT", now)).toEqual(Option.some(0))
    expect(RetryAfter.parseRetryAfter("soon", now)).toEqual(Option.none())
    expect(RetryAfter.parseRetryAfter("-5", now)).toEqual(Option.none())
  })

  it("reads reset headers as seconds from now or epoch seconds/ms", () => {
    const now = Date.parse("2024-03-01T10:00:00Z")
    expect(RetryAfter.parseReset("12", now)).toEqual(Option.some(12_000))
    expect(RetryAfter.parseReset(String(now / 1000 + 20), now)).toEqual(Option.some(20_000))
    expect(RetryAfter.parseReset(String(now + 1500), now)).toEqual(Option.some(1500))
    expect(RetryAfter.parseReset(String(now / 1000 - 20), now)).toEqual(Option.some(0))
    expect(RetryAfter.parseReset("tomorrow", now)).toEqual(Option.none())
  })

  it("prefers Retry-After and uses reset headers only on 429", () => {
    const headers = { "retry-after": "3", "x-ratelimit-reset": "9" }
    expect(RetryAfter.fromHeaders(headers, 429, 0)).toEqual(Option.some(3000))
    expect(RetryAfter.fromHeaders({ "x-ratelimit-reset": "9" }, 429, 0)).toEqual(Option.some(9000))
    expect(RetryAfter.fromHeaders({ "x-ratelimit-reset": "9" }, 503, 0)).toEqual(Option.none())
    expect(RetryAfter.fromHeaders({ "retry-after": "4" }, 503, 0)).toEqual(Option.some(4000))
  })
})

describe("Retry-After is honoured exactly (TestClock)", () => {
  it.scoped("waits the Retry-After seconds after a 429", () =>
    Effect.gen(function* () {
      const { log, result, stats } = yield* run((_, log) =>
        log.length === 1 ? { status: 429, headers: { "Retry-After": "7" }, body: { message: "slow down" } } : ok
      )
      expect(Either.isRight(result)).toBe(true)
      expect(log.map((seen) => seen.at)).toEqual([0, 7000])
      expect(stats).toEqual({ requests: 2, retries: 1, waited_ms: 7000, throttled_ms: 0 })
    })
  )

  it.scoped("waits until the Retry-After HTTP-date", () =>
    Effect.gen(function* () {
      const start = Date.parse("2024-01-01T00:00:00Z")
      yield* TestClock.setTime(start)
      const { log, result } = yield* run((_, log) => (log.length === 1 ? { status: 429, headers: { "Retry-After": "Mon, 01 Jan 2024 00:00:30 GMT" } } : ok))
      expect(Either.isRight(result)).toBe(true)
      expect(Scripted.gaps(log)).toEqual([30_000])
    })
  )

  it.scoped("waits for X-RateLimit-Reset (seconds), X-Rate-Limit-Reset (epoch) and RateLimit-Reset", () =>
    Effect.gen(function* () {
      const start = Date.parse("2024-01-01T00:00:00Z")
      yield* TestClock.setTime(start)
      const replies: Array<Scripted.Reply> = [
        { status: 429, headers: { "X-RateLimit-Reset": "12" } },
        { status: 429, headers: { "X-Rate-Limit-Reset": String(start / 1000 + 12 + 20) } },
        { status: 429, headers: { "RateLimit-Reset": "5" } },
        ok
      ]
      const { log, result, stats } = yield* run((_, log) => replies[log.length - 1]!)
      expect(Either.isRight(result)).toBe(true)
      expect(Scripted.gaps(log)).toEqual([12_000, 20_000, 5000])
      expect(stats.waited_ms).toBe(37_000)
      expect(stats.retries).toBe(3)
    })
  )

  it.scoped("honours Retry-After on a 503 too, and caps a vendor wait at maxRetryAfter", () =>
    Effect.gen(function* () {
      const replies: Array<Scripted.Reply> = [{ status: 503, headers: { "Retry-After": "2" } }, { status: 429, headers: { "Retry-After": "3600" } }, ok]
      const { log, result } = yield* run((_, log) => replies[log.length - 1]!, {
        retry: { maxAttempts: 5, maxElapsed: "1 hour", maxRetryAfter: "90 seconds", jitter: false }
      })
      expect(Either.isRight(result)).toBe(true)
      expect(Scripted.gaps(log)).toEqual([2000, 90_000])
    })
  )
})

describe("backoff", () => {
  it.scoped("doubles from baseDelay up to maxDelay, then gives up with a typed TransportError", () =>
    Effect.gen(function* () {
      const { log, result, stats } = yield* run(() => ({ status: 503, body: { message: "upstream down" } }), {
        retry: { maxAttempts: 8, maxElapsed: "1 hour", baseDelay: "100 millis", maxDelay: "1 second", jitter: false }
      })
      expect(Scripted.gaps(log)).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
      expect(stats).toEqual({ requests: 8, retries: 7, waited_ms: 4500, throttled_ms: 0 })
      const error = Either.getLeft(result).pipe(Option.getOrThrow) as { _tag: string; status?: number; message: string }
      expect(error._tag).toBe("TransportError")
      expect(error.status).toBe(503)
      expect(error.message).toContain("upstream down")
      expect(error.message).toContain("gave up after 8 attempts")
    })
  )

  it.scoped("with jitter, each wait stays within [half, full] of the exponential step", () =>
    Effect.gen(function* () {
      const options = { maxAttempts: 7, baseDelay: "200 millis", maxDelay: "3 seconds", maxElapsed: "1 hour", jitter: true } as const
      const policy = Retry.policy(options)
      const { log } = yield* run(() => ({ status: 500 }), { retry: options })
      const waits = Scripted.gaps(log)
      expect(waits).toHaveLength(6)
      waits.forEach((wait, retry) => {
        const { max, min } = Retry.backoffBounds(policy, retry)
        expect(wait).toBeGreaterThanOrEqual(min)
        expect(wait).toBeLessThanOrEqual(max)
      })
      expect(Retry.backoffBounds(policy, 5)).toEqual({ min: 1500, max: 3000 })
    })
  )

  it.scoped("stops when the next wait would pass maxElapsed", () =>
    Effect.gen(function* () {
      const { log, result } = yield* run(() => ({ status: 502 }), {
        retry: { maxAttempts: 100, maxElapsed: "5 seconds", baseDelay: "1 second", jitter: false }
      })
      // Attempts at 0, 1 s, 3 s; the next wait (4 s) would end at 7 s > 5 s.
      expect(log.map((seen) => seen.at)).toEqual([0, 1000, 3000])
      const error = Option.getOrThrow(Either.getLeft(result)) as { _tag: string; message: string }
      expect(error._tag).toBe("TransportError")
      expect(error.message).toContain("gave up after 3 attempts in 3000 ms")
    })
  )

  it.scoped("429s past the budget give RateLimited with the last requested wait", () =>
    Effect.gen(function* () {
      const { log, result } = yield* run(() => ({ status: 429, headers: { "Retry-After": "1" }, body: { message: "quota" } }), {
        retry: { maxAttempts: 3, maxElapsed: "1 hour", jitter: false }
      })
      expect(log).toHaveLength(3)
      const error = Option.getOrThrow(Either.getLeft(result)) as { _tag: string; retryAfterMs?: number; message: string }
      expect(error._tag).toBe("RateLimited")
      expect(error.retryAfterMs).toBe(1000)
      expect(error.message).toContain("quota")
    })
  )

  it.scoped("retries connection resets, timeouts and truncated JSON, then succeeds", () =>
    Effect.gen(function* () {
      const replies: Array<Scripted.Reply> = [
        { reset: true },
        { hang: true },
        { status: 200, headers: { "content-type": "application/json" }, text: '{"data":[1,2' },
        { status: 408 },
        { status: 200, body: { data: [1, 2, 3] } }
      ]
      const { log, result, stats } = yield* run((_, log) => replies[log.length - 1]!, {
        timeout: "2 seconds",
        retry: { maxAttempts: 5, maxElapsed: "1 hour", baseDelay: "100 millis", jitter: false }
      })
      expect(Either.getOrThrow(result).body).toEqual({ data: [1, 2, 3] })
      // The hang costs the 2 s timeout before its 200 ms backoff.
      expect(log.map((seen) => seen.at)).toEqual([0, 100, 2300, 2700, 3500])
      expect(stats.retries).toBe(4)
    })
  )

  it.scoped("does not retry a non-idempotent POST on 5xx, but does on 429", () =>
    Effect.gen(function* () {
      const failed = yield* run(
        () => ({ status: 500 }),
        {},
        (client) => client.request("POST", "/candidates", { body: { name: "Ada" } })
      )
      expect(failed.log).toHaveLength(1)
      expect(Option.getOrThrow(Either.getLeft(failed.result))).toMatchObject({ _tag: "TransportError", status: 500 })

      const limited = yield* run(
        (_, log) => (log.length === 1 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 201, body: { id: 1 } }),
        {},
        (client) => client.request("POST", "/candidates", { body: { name: "Ada" } })
      )
      expect(limited.log).toHaveLength(2)
      expect(Either.getOrThrow(limited.result).status).toBe(201)

      const listed = yield* run(
        (_, log) => (log.length === 1 ? { status: 502 } : ok),
        {},
        (client) => client.request("POST", "/candidate.list", { body: {}, idempotent: true })
      )
      expect(listed.log).toHaveLength(2)
    })
  )
})

describe("status mapping", () => {
  it.scoped("maps 401/403/404/4xx to typed errors with the vendor's message and no retry", () =>
    Effect.gen(function* () {
      const cases: Array<[Scripted.Reply, Record<string, unknown>]> = [
        [
          { status: 401, body: { message: "invalid key" } },
          { _tag: "AuthError", status: 401 }
        ],
        [
          { status: 403, body: { error: "forbidden board" } },
          { _tag: "AuthError", status: 403 }
        ],
        [{ status: 404, body: { error: { message: "no such job" } } }, { _tag: "NotFound" }],
        [
          { status: 422, body: { message: "Validation error", errors: [{ message: "is required", field: "first_name" }] } },
          { _tag: "RequestRejected", status: 422, field: "first_name", reason: "GET /v1/items: Validation error: is required" }
        ],
        [
          { status: 400, body: { code: 400, message: "page must be positive" } },
          { _tag: "RequestRejected", status: 400 }
        ],
        [
          { status: 402, body: { errors: [{ detail: "quota exceeded" }] } },
          { _tag: "RequestRejected", status: 402 }
        ]
      ]
      for (const [reply, expected] of cases) {
        const { log, result } = yield* run(() => reply)
        expect(log).toHaveLength(1)
        const error = Option.getOrThrow(Either.getLeft(result)) as { message: string }
        expect(error).toMatchObject(expected)
        const body = (reply as { body: Record<string, unknown> }).body
        const vendorText = JSON.stringify(body).match(/"(invalid key|forbidden board|no such job|Validation error|page must be positive|quota exceeded)"/)![1]!
        expect(error.message).toContain(vendorText)
      }
    })
  )

  it.scoped("sends array query values as repeated keys, merges extra headers and parses the body", () =>
    Effect.gen(function* () {
      const { log, result } = yield* run(
        () => ({ status: 200, headers: { "X-Total": "3" }, body: [1, 2, 3] }),
        { extraHeaders: { "X-Api-Version": "20240404" } },
        (client) => client.request("GET", "jobs", { query: { status: ["open", "draft"], limit: 50, skip: undefined } })
      )
      const response = Either.getOrThrow(result)
      expect(response.body).toEqual([1, 2, 3])
      expect(response.headers["x-total"]).toBe("3")
      expect(log[0]!.url.pathname).toBe("/v1/jobs")
      expect(log[0]!.url.searchParams.getAll("status")).toEqual(["open", "draft"])
      expect(log[0]!.url.searchParams.get("limit")).toBe("50")
      expect(log[0]!.url.searchParams.has("skip")).toBe(false)
      expect(log[0]!.headers["x-api-version"]).toBe("20240404")
    })
  )

  it.scoped("refuses to send credentials to another origin", () =>
    Effect.gen(function* () {
      const { log, result } = yield* run(
        () => ok,
        {},
        (client) => client.request("GET", "https://evil.test/steal")
      )
      expect(log).toHaveLength(0)
      expect(Option.getOrThrow(Either.getLeft(result))).toMatchObject({ _tag: "ConfigError", field: "url" })
    })
  )

  it.effect("rejects a bad base URL with a ConfigError", () =>
    Effect.gen(function* () {
      const scripted = Scripted.make(() => ok)
      const result = yield* VendorHttp.make({ connector: "acme", baseUrl: "not a url" }).pipe(Effect.provide(scripted.layer), Effect.scoped, Effect.either)
      expect(Option.getOrThrow(Either.getLeft(result))).toMatchObject({ _tag: "ConfigError", field: "base_url" })
      expect(Duration.toMillis(Retry.defaults.maxElapsed)).toBe(120_000)
    })
  )
})
