/**
 * Vendor auth schemes as data, and the authenticator that turns one into request headers. Secrets
 * are `Redacted`; headers are computed for every attempt, so a retry carries a refreshed token.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { AuthError, TransportError } from "../core/ConnectorError.js"
import * as Scrub from "../core/Scrub.js"
import * as ResponseBody from "./ResponseBody.js"
import * as VendorMessage from "./VendorMessage.js"

/** No credentials (public APIs, fake servers). */
export interface None {
  readonly _tag: "None"
}

/** An API key sent in a header of the vendor's choosing (`X-API-Key`, `X-SmartToken`, ...). */
export interface ApiKey {
  readonly _tag: "ApiKey"
  readonly header: string
  readonly key: Redacted.Redacted<string>
}

/** `Authorization: Bearer <token>`. */
export interface Bearer {
  readonly _tag: "Bearer"
  readonly token: Redacted.Redacted<string>
}

/** `Authorization: Basic base64(username:password)`; vendors put the API key as username, blank password. */
export interface Basic {
  readonly _tag: "Basic"
  readonly username: Redacted.Redacted<string>
  readonly password: Redacted.Redacted<string>
}

/** A token in a header with a fixed prefix, e.g. Teamtailor's `Authorization: Token token=<key>`. */
export interface TokenHeader {
  readonly _tag: "TokenHeader"
  readonly header: string
  readonly prefix: string
  readonly token: Redacted.Redacted<string>
}

/** OAuth2 client-credentials grant; the access token is cached and refreshed before expiry and on 401. */
export interface OAuth2ClientCredentials {
  readonly _tag: "OAuth2ClientCredentials"
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly scope: string | undefined
  /** `body`: client id/secret as form fields; `basic`: as an `Authorization: Basic` header (RFC 6749 §2.3.1). */
  readonly clientAuthentication: "body" | "basic"
  /** How long before expiry a token is replaced (at most half its lifetime). */
  readonly refreshBefore: Duration.Duration
  /** Extra form fields of the token request (e.g. Greenhouse's `sub`, the user the token acts as). */
  readonly form?: Readonly<Record<string, string>>
}

/** An auth scheme. */
export type Auth = None | ApiKey | Bearer | Basic | TokenHeader | OAuth2ClientCredentials

/** No credentials. */
export const none: Auth = { _tag: "None" }

/** An API key header (default name `X-API-Key`). */
export const apiKey = (key: Redacted.Redacted<string>, header = "X-API-Key"): Auth => ({ _tag: "ApiKey", header, key })

/** A bearer token. */
export const bearer = (token: Redacted.Redacted<string>): Auth => ({ _tag: "Bearer", token })

/** Basic auth; with only a username (the vendor's API key) the password is blank. */
export const basic = (username: Redacted.Redacted<string>, password: Redacted.Redacted<string> = Redacted.make("")): Auth => ({
  _tag: "Basic",
  username,
  password
})

/** A token after a fixed prefix in a header (`Authorization: Token token=<key>`). */
export const tokenHeader = (options: { readonly token: Redacted.Redacted<string>; readonly header?: string; readonly prefix: string }): Auth => ({
  _tag: "TokenHeader",
  header: options.header ?? "Authorization",
  prefix: options.prefix,
  token: options.token
})

/** OAuth2 client credentials. */
export const oauth2ClientCredentials = (options: {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly scope?: string
  readonly clientAuthentication?: "body" | "basic"
  readonly refreshBefore?: Duration.DurationInput
  readonly form?: Readonly<Record<string, string>>
}): Auth => ({
  _tag: "OAuth2ClientCredentials",
  tokenUrl: options.tokenUrl,
  clientId: options.clientId,
  clientSecret: options.clientSecret,
  scope: options.scope,
  clientAuthentication: options.clientAuthentication ?? "body",
  refreshBefore: Duration.decode(options.refreshBefore ?? "60 seconds"),
  ...(options.form === undefined ? {} : { form: options.form })
})

/** The auth headers of one attempt; `token` identifies the credential so a 401 can invalidate exactly it. */
export interface AttemptAuth {
  readonly headers: Readonly<Record<string, string>>
  readonly token?: string
}

/** Produces auth headers per attempt and knows every secret value to scrub. */
export interface Authenticator {
  /** Headers for the next attempt; fetches or refreshes an OAuth2 token when needed. */
  readonly headers: Effect.Effect<AttemptAuth, AuthError | TransportError>
  /** Drops the credential that got a 401; `true` when a fresh one can be fetched for a retry. */
  readonly invalidate: (used: AttemptAuth) => Effect.Effect<boolean>
  /** Every secret seen so far (configured secrets, header values, fetched tokens). */
  readonly secrets: () => ReadonlyArray<string>
  /** Names of the headers that carry secrets (redacted in traces). */
  readonly headerNames: ReadonlyArray<string>
}

const basicValue = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`

/** Options for building an authenticator. */
export interface AuthenticatorOptions {
  /** Connector name, for error messages. */
  readonly connector: string
  /** Timeout of a token request. */
  readonly timeout: Duration.DurationInput
  /** Largest token response read, in bytes; default `defaultMaxTokenResponseBytes`. */
  readonly maxResponseBytes?: number
}

/** The token response limit when none is given: 1 MiB (a token answer is a few hundred bytes). */
export const defaultMaxTokenResponseBytes = 1024 * 1024

/** Builds the authenticator of a scheme; OAuth2 token requests go through the provided HttpClient. */
export const makeAuthenticator = (auth: Auth, options: AuthenticatorOptions): Effect.Effect<Authenticator, never, HttpClient.HttpClient> => {
  const secrets = new Set<string>()
  const remember = (...values: ReadonlyArray<string>) => {
    for (const value of values) if (value !== "") secrets.add(value)
  }
  const staticAuth = (headers: Record<string, string>): Effect.Effect<Authenticator> => {
    remember(...Object.values(headers))
    const attempt: AttemptAuth = { headers }
    return Effect.succeed({
      headers: Effect.succeed(attempt),
      invalidate: () => Effect.succeed(false),
      secrets: () => [...secrets],
      headerNames: Object.keys(headers).map((name) => name.toLowerCase())
    })
  }
  switch (auth._tag) {
    case "None":
      return staticAuth({})
    case "ApiKey": {
      remember(Redacted.value(auth.key))
      return staticAuth({ [auth.header]: Redacted.value(auth.key) })
    }
    case "Bearer": {
      remember(Redacted.value(auth.token))
      return staticAuth({ Authorization: `Bearer ${Redacted.value(auth.token)}` })
    }
    case "Basic": {
      const username = Redacted.value(auth.username)
      const password = Redacted.value(auth.password)
      // `user:pass` too: its base64 form is the bare credential a vendor may echo back.
      remember(username, password, `${username}:${password}`)
      return staticAuth({ Authorization: basicValue(username, password) })
    }
    case "TokenHeader": {
      remember(Redacted.value(auth.token))
      return staticAuth({ [auth.header]: `${auth.prefix}${Redacted.value(auth.token)}` })
    }
    case "OAuth2ClientCredentials":
      remember(Redacted.value(auth.clientSecret))
      return oauth2(auth, options, remember, () => [...secrets])
  }
}

interface CachedToken {
  readonly token: string
  /** Epoch ms after which the token is replaced; `undefined` when the vendor gave no lifetime. */
  readonly refreshAt: number | undefined
}

const oauth2 = (
  auth: OAuth2ClientCredentials,
  options: AuthenticatorOptions,
  remember: (...values: ReadonlyArray<string>) => void,
  secrets: () => ReadonlyArray<string>
): Effect.Effect<Authenticator, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const cache = yield* Ref.make(Option.none<CachedToken>())
    // One refresh at a time: concurrent requests wait for the token being fetched.
    const lock = yield* Effect.makeSemaphore(1)

    const authError = (reason: string, status?: number) =>
      new AuthError({
        connector: options.connector,
        reason: Scrub.message(`token request to ${auth.tokenUrl}: ${reason}`, secrets()),
        ...(status === undefined ? {} : { status })
      })
    const transportError = (reason: string, status?: number) =>
      new TransportError({
        connector: options.connector,
        reason: Scrub.message(`token request to ${auth.tokenUrl}: ${reason}`, secrets()),
        ...(status === undefined ? {} : { status })
      })

    const fetchToken = Effect.gen(function* () {
      const form: Record<string, string> = { ...auth.form, grant_type: "client_credentials" }
      if (auth.scope !== undefined) form.scope = auth.scope
      let request = HttpClientRequest.post(auth.tokenUrl).pipe(HttpClientRequest.acceptJson)
      if (auth.clientAuthentication === "basic") {
        const credential = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(Redacted.value(auth.clientSecret))}`
        const value = basicValue(encodeURIComponent(auth.clientId), encodeURIComponent(Redacted.value(auth.clientSecret)))
        remember(value, credential)
        request = HttpClientRequest.setHeader(request, "Authorization", value)
      } else {
        form.client_id = auth.clientId
        form.client_secret = Redacted.value(auth.clientSecret)
      }
      request = HttpClientRequest.bodyUrlParams(request, form)
      const limit = options.maxResponseBytes ?? defaultMaxTokenResponseBytes
      const response = yield* client.execute(request).pipe(
        Effect.flatMap((response) =>
          Effect.flatMap(ResponseBody.readText(response, limit), (text) =>
            Either.isLeft(text)
              ? Effect.fail(authError(`response body larger than ${limit} bytes`, response.status))
              : Effect.succeed({ status: response.status, text: text.right })
          )
        ),
        Effect.timeoutFail({ duration: options.timeout, onTimeout: () => transportError("timed out") }),
        Effect.catchTag("RequestError", (error) => Effect.fail(transportError(error.message))),
        Effect.catchTag("ResponseError", (error) => Effect.fail(transportError(error.message)))
      )
      const body = VendorMessage.parseJson(response.text)
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        return yield* transportError(VendorMessage.extract(body, response.text), response.status)
      }
      if (response.status < 200 || response.status >= 300) {
        return yield* authError(VendorMessage.extract(body, response.text), response.status)
      }
      const token = isRecord(body) && typeof body.access_token === "string" ? body.access_token : undefined
      if (token === undefined || token === "") return yield* authError("response has no access_token")
      remember(token)
      const now = yield* Clock.currentTimeMillis
      const expiresIn = isRecord(body) ? Number(body.expires_in) : Number.NaN
      if (!Number.isFinite(expiresIn) || expiresIn <= 0) return { token, refreshAt: undefined }
      const lifetime = expiresIn * 1000
      const margin = Math.min(Duration.toMillis(auth.refreshBefore), lifetime / 2)
      return { token, refreshAt: now + lifetime - margin }
    })

    const fresh = (now: number) => (cached: Option.Option<CachedToken>) =>
      Option.filter(cached, (entry) => entry.refreshAt === undefined || now < entry.refreshAt)

    const current = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const hit = fresh(now)(yield* Ref.get(cache))
      if (Option.isSome(hit)) return hit.value.token
      return yield* lock.withPermits(1)(
        Effect.gen(function* () {
          // Another fiber may have refreshed while this one waited for the lock.
          const again = fresh(yield* Clock.currentTimeMillis)(yield* Ref.get(cache))
          if (Option.isSome(again)) return again.value.token
          const entry = yield* fetchToken
          yield* Ref.set(cache, Option.some(entry))
          return entry.token
        })
      )
    })

    return {
      headers: Effect.map(current, (token): AttemptAuth => ({ headers: { Authorization: `Bearer ${token}` }, token })),
      invalidate: (used) =>
        lock
          .withPermits(1)(Ref.update(cache, (cached) => (Option.isSome(cached) && cached.value.token === used.token ? Option.none() : cached)))
          .pipe(Effect.as(true)),
      secrets,
      headerNames: ["authorization"]
    } satisfies Authenticator
  })

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)
