/**
 * OAuth token answers are read with a size bound, like vendor answers: a token endpoint streaming
 * 200 MiB fails the request with a typed auth error, and the client stops reading early.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Auth from "../../src/http/Auth.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as FakeServer from "../../src/testing/FakeServer.js"
import * as HugeBody from "../fakes/HugeBody.js"

const clientSecret = "client-secret-0123456789"

const clientOf = (tokenServer: string, vendor: string) =>
  VendorHttp.make({
    connector: "acme",
    baseUrl: vendor,
    auth: Auth.oauth2ClientCredentials({ tokenUrl: `${tokenServer}/oauth/token`, clientId: "client-1", clientSecret: Redacted.make(clientSecret) }),
    retry: { maxAttempts: 3, baseDelay: "1 millis", jitter: false }
  }).pipe(Effect.provide(VendorHttp.layerClient))

describe("token response size", () => {
  it.scopedLive(
    "a 200 MiB token answer fails with an AuthError naming the limit; the API is never called",
    () =>
      Effect.gen(function* () {
        const bodySize = 200 * HugeBody.MiB
        const huge = HugeBody.make(bodySize)
        const tokenServer = yield* FakeServer.make(huge.handler)
        const vendor = yield* FakeServer.make(() => ({ body: { jobs: [] } }))
        const client = yield* clientOf(tokenServer.url, vendor.url)
        const before = process.memoryUsage().rss
        const result = yield* Effect.either(client.request("GET", "/jobs"))
        const after = process.memoryUsage().rss
        expect(Either.isLeft(result) && result.left._tag).toBe("AuthError")
        const message = Either.isLeft(result) ? result.left.message : ""
        expect(message).toContain("acme")
        expect(message).toContain(`larger than ${Auth.defaultMaxTokenResponseBytes} bytes`)
        expect(message).not.toContain(clientSecret)
        // Not retried (the same request brings the same answer), and cut off early.
        expect(yield* tokenServer.requests).toHaveLength(1)
        expect(huge.sent()).toBeLessThan(bodySize)
        expect(Math.max(huge.peakRss(), after) - before).toBeLessThan(64 * HugeBody.MiB)
        expect(yield* vendor.requests).toHaveLength(0)
      }),
    60_000
  )

  it.scoped("the bound follows a smaller response limit; a normal token answer passes", () =>
    Effect.gen(function* () {
      const tokenServer = yield* FakeServer.make(() => ({ body: { access_token: "tok-1", expires_in: 3600, padding: "x".repeat(600) } }))
      const vendor = yield* FakeServer.make(() => ({ body: { ok: true } }))
      const auth = Auth.oauth2ClientCredentials({ tokenUrl: `${tokenServer.url}/t`, clientId: "c", clientSecret: Redacted.make(clientSecret) })
      const small = yield* VendorHttp.make({ connector: "acme", baseUrl: vendor.url, auth, maxResponseBytes: 500 }).pipe(Effect.provide(VendorHttp.layerClient))
      const refused = yield* Effect.either(small.request("GET", "/jobs"))
      expect(Either.isLeft(refused) && refused.left.message).toContain("larger than 500 bytes")
      const ok = yield* VendorHttp.make({ connector: "acme", baseUrl: vendor.url, auth }).pipe(Effect.provide(VendorHttp.layerClient))
      expect((yield* ok.request("GET", "/jobs")).body).toEqual({ ok: true })
      expect((yield* vendor.requests)[0]?.headers.authorization).toBe("Bearer tok-1")
    })
  )
})
