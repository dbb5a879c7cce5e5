import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Auth from "../../src/http/Auth.js"
import * as Scrub from "../../src/core/Scrub.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as Scripted from "./Scripted.js"

// Characters that change under URL-encoding, so encoded leaks are exercised too.
const secret = "s3cr3t/KEY+val=ue&42"
const accessToken = "at-7f3a9c1e5b"
const tokenUrl = "https://auth.acme.test/token"

const schemes: ReadonlyArray<[string, Auth.Auth]> = [
  ["api key", Auth.apiKey(Redacted.make(secret), "X-SmartToken")],
  ["bearer", Auth.bearer(Redacted.make(secret))],
  ["basic", Auth.basic(Redacted.make(secret))],
  ["token header", Auth.tokenHeader({ prefix: "Token token=", token: Redacted.make(secret) })],
  ["oauth2", Auth.oauth2ClientCredentials({ tokenUrl, clientId: "cid", clientSecret: Redacted.make(secret) })]
]

/** Every form a leaked credential could take in text. */
const leakForms = (headerValues: ReadonlyArray<string>, oauth: boolean) =>
  [secret, ...(oauth ? [accessToken] : []), encodeURIComponent(secret), Buffer.from(secret).toString("base64"), ...headerValues].filter((v) => v.length > 3)

/** Vendor replies that echo the credentials back in every place an error message is built from. */
const echoes: ReadonlyArray<[string, (seen: Scripted.Seen) => Scripted.Reply]> = [
  ["400 message", (seen) => ({ status: 400, body: { message: `bad request with ${JSON.stringify(seen.headers)} at ${seen.url.href}` } })],
  ["422 field", () => ({ status: 422, body: { errors: [{ field: secret, message: `value ${secret} invalid` }] } })],
  ["401", (seen) => ({ status: 401, body: { error: `key ${Object.values(seen.headers).join(" ")} rejected` } })],
  ["403 text", () => ({ status: 403, text: `forbidden for ${secret}` })],
  ["404", () => ({ status: 404, body: { message: `no job for token ${accessToken} or ${secret}` } })],
  ["500 exhausted", (seen) => ({ status: 500, body: { error: { message: `crash dumping ${seen.headers.authorization ?? ""} ${secret}` } } })],
  ["429 exhausted", () => ({ status: 429, headers: { "Retry-After": "1" }, body: { message: `quota for ${encodeURIComponent(secret)}` } })],
  ["reset", (seen) => ({ reset: true, message: `ECONNRESET while sending ${seen.url.href} ${JSON.stringify(seen.headers)}` })]
]

describe("secrets never appear in errors", () => {
  for (const [schemeName, auth] of schemes) {
    for (const [echoName, echo] of echoes) {
      it.scoped(`${schemeName}: ${echoName}`, () =>
        Effect.gen(function* () {
          const scripted = Scripted.make((seen) => (seen.url.href === tokenUrl ? { body: { access_token: accessToken, expires_in: 3600 } } : echo(seen)))
          const client = yield* VendorHttp.make({
            connector: "acme",
            baseUrl: "https://api.acme.test",
            auth,
            retry: { maxAttempts: 2, baseDelay: "10 millis", jitter: false }
          }).pipe(Effect.provide(scripted.layer))
          const fiber = yield* Effect.fork(Effect.flip(client.request("GET", "/jobs", { query: { api_key: secret } })))
          yield* TestClock.adjust("1 minute")
          const error = yield* Fiber.join(fiber)
          const headerValues = scripted.log.flatMap((seen) =>
            Object.entries(seen.headers).flatMap(([name, value]) => (name === "authorization" || name === "x-smarttoken" ? [value] : []))
          )
          const texts = [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]
          for (const text of texts) for (const form of leakForms(headerValues, auth._tag === "OAuth2ClientCredentials")) expect(text).not.toContain(form)
          expect(error.message).toContain("[redacted]")
        })
      )
    }
  }
})

describe("Scrub", () => {
  it("removes raw, URL-encoded and base64 forms, longest first", () => {
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString("base64")} d`
    expect(Scrub.scrub(text, [secret])).toBe("a [redacted] b [redacted] c [redacted] d")
    expect(Scrub.scrub("Bearer abcdef and abc", ["abc", "Bearer abcdef"])).toBe("[redacted] and [redacted]")
    expect(Scrub.scrub("nothing here", [""])).toBe("nothing here")
  })

  it("shortens long vendor text after scrubbing", () => {
    const long = `${"x".repeat(600)}${secret}`
    const out = Scrub.message(`${secret} ${long}`, [secret])
    expect(out.startsWith("[redacted] ")).toBe(true)
    expect(out.length).toBeLessThanOrEqual(Scrub.maxMessageLength + 1)
  })
})
