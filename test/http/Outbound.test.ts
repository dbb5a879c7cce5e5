/**
 * What the vendor client lets out and in: credentials never follow a redirect to another origin,
 * an oversized answer is cut off at the size limit with a typed error (in bounded memory), and one
 * vendor account's runs share one rate limiter.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Auth from "../../src/http/Auth.js"
import * as RateLimit from "../../src/http/RateLimit.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Redacted from "effect/Redacted"
import * as FakeServer from "../../src/testing/FakeServer.js"
import * as HugeBody from "../fakes/HugeBody.js"
import * as Scripted from "./Scripted.js"

const key = "vendor-key-0123456789"

const clientOf = (baseUrl: string, config: Partial<VendorHttp.Config> = {}) =>
  VendorHttp.make({
    connector: "acme",
    baseUrl,
    auth: Auth.apiKey(Redacted.make(key), "X-API-Key"),
    retry: { maxAttempts: 1 },
    ...config
  }).pipe(Effect.provide(VendorHttp.layerClient))

describe("redirects", () => {
  it.scoped("a cross-origin redirect is refused: the other origin receives no request, so no key", () =>
    Effect.gen(function* () {
      const other = yield* FakeServer.make(() => ({ body: { data: ["elsewhere"] } }))
      const vendor = yield* FakeServer.make(() => ({ status: 302, headers: { location: `${other.url}/collect` } }))
      const client = yield* clientOf(vendor.url)
      const result = yield* Effect.either(client.request("GET", "/jobs"))
      const error = Either.getLeft(result)
      expect(error._tag === "Some" && error.value._tag).toBe("RequestRejected")
      expect(String(error._tag === "Some" && error.value.message)).toContain("another origin")
      expect(yield* other.requests).toHaveLength(0)
      const sent = yield* vendor.requests
      expect(sent).toHaveLength(1)
      expect(sent[0]!.headers["x-api-key"]).toBe(key)
    })
  )

  it.scoped("a same-origin redirect is followed with the key; a 303 after POST continues as GET", () =>
    Effect.gen(function* () {
      const vendor = yield* FakeServer.make((request) =>
        request.path === "/old"
          ? { status: 301, headers: { location: "/new?page=2" } }
          : request.path === "/submit"
            ? { status: 303, headers: { location: "/status" } }
            : { body: { path: request.path, method: request.method } }
      )
      const client = yield* clientOf(vendor.url)
      const moved = yield* client.request("GET", "/old")
      expect(moved.body).toEqual({ path: "/new", method: "GET" })
      expect(moved.url).toBe(`${vendor.url}/new?page=2`)
      const submitted = yield* client.request("POST", "/submit", { body: { a: 1 } })
      expect(submitted.body).toEqual({ path: "/status", method: "GET" })
      const sent = yield* vendor.requests
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /old", "GET /new", "POST /submit", "GET /status"])
      expect(sent.every((r) => r.headers["x-api-key"] === key)).toBe(true)
    })
  )

  it.scoped("redirect loops stop after a bounded number of hops", () =>
    Effect.gen(function* () {
      const vendor = yield* FakeServer.make(() => ({ status: 302, headers: { location: "/again" } }))
      const client = yield* clientOf(vendor.url)
      const result = yield* Effect.either(client.request("GET", "/again"))
      expect(Either.isLeft(result) && result.left._tag).toBe("RequestRejected")
      expect((yield* vendor.requests).length).toBe(VendorHttp.maxRedirects + 1)
    })
  )
})

const MiB = HugeBody.MiB

describe("response size", () => {
  it.scopedLive(
    "a 200 MiB answer fails with a typed error naming the connector, in memory well below the body size",
    () =>
      Effect.gen(function* () {
        const bodySize = 200 * MiB
        const huge = HugeBody.make(bodySize)
        const vendor = yield* FakeServer.make(huge.handler)
        const client = yield* clientOf(vendor.url)
        const before = process.memoryUsage().rss
        const result = yield* Effect.either(client.request("GET", "/huge"))
        const after = process.memoryUsage().rss
        expect(Either.isLeft(result)).toBe(true)
        const error = Either.isLeft(result) ? result.left : undefined
        expect(error?._tag).toBe("TransportError")
        expect(error?.message).toContain("acme")
        expect(error?.message).toContain(String(VendorHttp.defaultMaxResponseBytes))
        // The client stopped reading: the fake did not get to send the whole body.
        expect(huge.sent()).toBeLessThan(bodySize)
        // Bounded by the 64 MiB limit, not the 200 MiB body (reading it whole costs ~10x that).
        expect(Math.max(huge.peakRss(), after) - before).toBeLessThan(140 * MiB)
      }),
    60_000
  )

  it.scoped("the limit is configurable and also applies to a declared Content-Length", () =>
    Effect.gen(function* () {
      const vendor = yield* FakeServer.make(() => ({ body: { data: "x".repeat(2000) } }))
      const small = yield* clientOf(vendor.url, { maxResponseBytes: 1000 })
      const refused = yield* Effect.either(small.request("GET", "/jobs"))
      expect(Either.isLeft(refused) && refused.left._tag).toBe("TransportError")
      const roomy = yield* clientOf(vendor.url, { maxResponseBytes: 4000 })
      expect((yield* roomy.request("GET", "/jobs")).body).toEqual({ data: "x".repeat(2000) })
    })
  )
})

describe("rate limit per vendor account", () => {
  const scriptedClient = (scripted: ReturnType<typeof Scripted.make>, apiKey: string) =>
    VendorHttp.make({
      connector: "acme",
      baseUrl: "https://api.acme.test",
      auth: Auth.apiKey(Redacted.make(apiKey)),
      rateLimit: { limit: 1, interval: "1 second" }
    }).pipe(Effect.provide(scripted.layer))

  it.scoped("two runs on one account share the limiter; another account has its own", () =>
    Effect.gen(function* () {
      const scripted = Scripted.make(() => ({ body: { ok: true } }))
      const first = yield* scriptedClient(scripted, "account-one-key")
      const second = yield* scriptedClient(scripted, "account-one-key")
      const other = yield* scriptedClient(scripted, "account-two-key")
      const fiber = yield* Effect.fork(
        Effect.all([first.request("GET", "/a"), second.request("GET", "/b"), first.request("GET", "/c"), other.request("GET", "/d")], {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const at = Object.fromEntries(scripted.log.map((seen) => [seen.url.pathname, seen.at]))
      // One request per second across both clients of account one; account two is not held back.
      expect([at["/a"], at["/b"], at["/c"]].sort()).toEqual([0, 1000, 2000])
      expect(at["/d"]).toBe(0)
      expect(RateLimit.sharedCount()).toBe(2)
    })
  )

  it("the account key is a digest: it never contains the credential", () => {
    const accountKey = RateLimit.accountKey("acme", "https://api.acme.test", ["account-one-key"], { limit: 1, interval: "1 second" })
    expect(accountKey).not.toContain("account-one-key")
    expect(accountKey).toBe(RateLimit.accountKey("acme", "https://api.acme.test", ["account-one-key"], { limit: 1, interval: "1 second" }))
    expect(accountKey).not.toBe(RateLimit.accountKey("acme", "https://api.acme.test", ["account-two-key"], { limit: 1, interval: "1 second" }))
  })
})
