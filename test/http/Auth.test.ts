import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Auth from "../../src/http/Auth.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Scripted from "./Scripted.js"

const baseUrl = "https://api.acme.test/v1"
const tokenUrl = "https://auth.acme.test/oauth/token"
const isToken = (seen: Scripted.Seen) => seen.url.href === tokenUrl

const makeClient = (auth: Auth.Auth, script: Scripted.Script) =>
  Effect.gen(function* () {
    const scripted = Scripted.make(script)
    const client = yield* VendorHttp.make({
      connector: "acme",
      baseUrl,
      auth,
      retry: { maxAttempts: 4, baseDelay: "100 millis", jitter: false }
    }).pipe(Effect.provide(scripted.layer))
    return { client, log: scripted.log, api: () => scripted.log.filter((seen) => !isToken(seen)), tokens: () => scripted.log.filter(isToken) }
  })

describe("static schemes", () => {
  it.scoped("put the secret in the scheme's header", () =>
    Effect.gen(function* () {
      const cases: Array<[Auth.Auth, string, string]> = [
        [Auth.apiKey(Redacted.make("k-1")), "x-api-key", "k-1"],
        [Auth.apiKey(Redacted.make("k-2"), "X-SmartToken"), "x-smarttoken", "k-2"],
        [Auth.bearer(Redacted.make("t-3")), "authorization", "Bearer t-3"],
        [Auth.basic(Redacted.make("gh-key")), "authorization", `Basic ${Buffer.from("gh-key:").toString("base64")}`],
        [Auth.basic(Redacted.make("user"), Redacted.make("pw")), "authorization", `Basic ${Buffer.from("user:pw").toString("base64")}`],
        [Auth.tokenHeader({ prefix: "Token token=", token: Redacted.make("tt-4") }), "authorization", "Token token=tt-4"]
      ]
      for (const [auth, header, value] of cases) {
        const { client, log } = yield* makeClient(auth, () => ({ body: {} }))
        yield* client.request("GET", "/jobs")
        expect(log[0]!.headers[header]).toBe(value)
      }
      const { client, log } = yield* makeClient(Auth.none, () => ({ body: {} }))
      yield* client.request("GET", "/jobs")
      expect(log[0]!.headers.authorization).toBeUndefined()
    })
  )
})

describe("OAuth2 client credentials", () => {
  const oauth = (options: Partial<Parameters<typeof Auth.oauth2ClientCredentials>[0]> = {}) =>
    Auth.oauth2ClientCredentials({
      tokenUrl,
      clientId: "client-9",
      clientSecret: Redacted.make("client-secret-9"),
      scope: "jobs:read",
      ...options
    })

  /** A token endpoint issuing tok-1, tok-2, ... valid for `expiresIn` seconds. */
  const issuing =
    (expiresIn: number, api: Scripted.Script = () => ({ body: { ok: true } })): Scripted.Script =>
    (seen, log) =>
      isToken(seen) ? { body: { access_token: `tok-${log.filter(isToken).length}`, token_type: "bearer", expires_in: expiresIn } } : api(seen, log)

  it.scoped("fetches a token with the client credentials form and reuses it until shortly before expiry", () =>
    Effect.gen(function* () {
      const { api, client, tokens } = yield* makeClient(oauth(), issuing(3600))
      yield* client.request("GET", "/jobs")
      yield* TestClock.adjust("3000 seconds")
      yield* client.request("GET", "/jobs")
      // Within the 60 s refresh margin: replaced before it expires.
      yield* TestClock.adjust("545 seconds")
      yield* client.request("GET", "/jobs")
      expect(api().map((seen) => seen.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"])
      expect(tokens()).toHaveLength(2)
      const form = new URLSearchParams(tokens()[0]!.body)
      expect(Object.fromEntries(form)).toEqual({
        grant_type: "client_credentials",
        scope: "jobs:read",
        client_id: "client-9",
        client_secret: "client-secret-9"
      })
      expect(tokens()[0]!.method).toBe("POST")
    })
  )

  it.scoped("sends client credentials as Basic when asked", () =>
    Effect.gen(function* () {
      const { client, tokens } = yield* makeClient(oauth({ clientAuthentication: "basic" }), issuing(3600))
      yield* client.request("GET", "/jobs")
      expect(tokens()[0]!.headers.authorization).toBe(`Basic ${Buffer.from("client-9:client-secret-9").toString("base64")}`)
      expect(new URLSearchParams(tokens()[0]!.body).has("client_secret")).toBe(false)
    })
  )

  it.scoped("on a 401 fetches a new token and the retry carries it", () =>
    Effect.gen(function* () {
      const { api, client, tokens } = yield* makeClient(
        oauth(),
        issuing(3600, (seen) => (seen.headers.authorization === "Bearer tok-1" ? { status: 401, body: { message: "token revoked" } } : { body: { ok: 1 } }))
      )
      const response = yield* client.request("GET", "/jobs")
      expect(response.body).toEqual({ ok: 1 })
      expect(api().map((seen) => seen.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"])
      expect(tokens()).toHaveLength(2)
      expect((yield* client.stats).retries).toBe(1)
    })
  )

  it.scoped("a 401 that persists after one refresh is an AuthError", () =>
    Effect.gen(function* () {
      const { api, client, tokens } = yield* makeClient(
        oauth(),
        issuing(3600, () => ({ status: 401, body: { message: "no access" } }))
      )
      const error = yield* Effect.flip(client.request("GET", "/jobs"))
      expect(error).toMatchObject({ _tag: "AuthError", status: 401 })
      expect(api()).toHaveLength(2)
      expect(tokens()).toHaveLength(2)
    })
  )

  it.scoped("a retried request (after a 503) uses the token current at that attempt", () =>
    Effect.gen(function* () {
      // Short-lived tokens: by the time the 5 s Retry-After elapses, tok-1 is due for refresh.
      const { api, client } = yield* makeClient(
        oauth({ refreshBefore: "1 second" }),
        issuing(4, (_, log) => (log.filter((s) => !isToken(s)).length === 1 ? { status: 503, headers: { "Retry-After": "5" } } : { body: {} }))
      )
      const fiber = yield* Effect.fork(client.request("GET", "/jobs"))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(api().map((seen) => seen.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"])
    })
  )

  it.scoped("concurrent requests share one token fetch (single flight)", () =>
    Effect.gen(function* () {
      const { api, client, tokens } = yield* makeClient(oauth(), (seen, log) =>
        isToken(seen) ? Effect.as(Effect.sleep("200 millis"), { body: { access_token: `tok-${log.filter(isToken).length}`, expires_in: 3600 } }) : { body: {} }
      )
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 10 }, () => client.request("GET", "/jobs")),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(tokens()).toHaveLength(1)
      expect(new Set(api().map((seen) => seen.headers.authorization))).toEqual(new Set(["Bearer tok-1"]))
    })
  )

  it.scoped("a rejected client is an AuthError naming the vendor's reason, without the secret", () =>
    Effect.gen(function* () {
      const { api, client } = yield* makeClient(oauth(), (seen) =>
        isToken(seen) ? { status: 401, body: { error: "invalid_client", error_description: `unknown secret client-secret-9 for client-9` } } : { body: {} }
      )
      const error = yield* Effect.flip(client.request("GET", "/jobs"))
      expect(error).toMatchObject({ _tag: "AuthError", status: 401 })
      expect(error.message).toContain("invalid_client")
      expect(error.message).not.toContain("client-secret-9")
      expect(api()).toHaveLength(0)
    })
  )

  it.scoped("token endpoint outages are retried like any transport failure", () =>
    Effect.gen(function* () {
      const { api, client, tokens } = yield* makeClient(oauth(), (seen, log) =>
        isToken(seen) ? (log.filter(isToken).length === 1 ? { status: 503 } : { body: { access_token: "tok-late", expires_in: 60 } }) : { body: { fine: true } }
      )
      const fiber = yield* Effect.fork(Effect.either(client.request("GET", "/jobs")))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      expect(Option.getOrThrow(Either.getRight(result)).body).toEqual({ fine: true })
      expect(tokens()).toHaveLength(2)
      expect(api()[0]!.headers.authorization).toBe("Bearer tok-late")
    })
  )
})
