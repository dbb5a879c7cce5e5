/**
 * The resilient vendor HTTP client every HTTP connector uses: auth headers per attempt, a per-attempt
 * timeout, a proactive rate limiter shared by every run on the same vendor account, bounded retries
 * that honour `Retry-After` and reset headers, JSON bodies read up to a size limit, redirects
 * followed only within the vendor's origin (credentials never follow a redirect elsewhere), and
 * typed errors whose messages never carry a secret.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type { HttpMethod } from "@effect/platform/HttpMethod"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as RateLimiter from "effect/RateLimiter"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { AuthError, ConfigError, type ConnectorError, NotFound, RateLimited, RequestRejected, TransportError } from "../core/ConnectorError.js"
import * as Scrub from "../core/Scrub.js"
import * as Auth from "./Auth.js"
import * as RateLimit from "./RateLimit.js"
import * as ResponseBody from "./ResponseBody.js"
import * as Retry from "./Retry.js"
import * as RetryAfter from "./RetryAfter.js"
import * as VendorMessage from "./VendorMessage.js"

/** The default HttpClient layer (the platform's `fetch`); tests provide their own HttpClient instead. */
export const layerClient: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer

/** An HTTP method. */
export type Method = HttpMethod

/** A query value; arrays are sent as repeated keys, `undefined` and `null` are left out. */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>

/** Query parameters. */
export type Query = Readonly<Record<string, QueryValue>>

/** Per-request options. */
export interface RequestOptions {
  readonly query?: Query
  /** A JSON body (sent as `application/json` unless a `content-type` header says otherwise). */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Whether repeating the request is harmless. Defaults to true for GET, HEAD, OPTIONS, PUT, DELETE.
   * Non-idempotent requests are retried only on 408 and 429 (the vendor did not process them).
   */
  readonly idempotent?: boolean
  /** Overrides the client's per-attempt timeout. */
  readonly timeout?: Duration.DurationInput
}

/** A successful response: the parsed JSON body (text when not JSON, `null` when empty). */
export interface Response {
  readonly status: number
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  /** The URL requested, for resolving relative links. */
  readonly url: string
}

/** Counters for run stats (snake_case: they go into run results as they are). */
export interface Stats {
  /** Requests sent, retries included. */
  readonly requests: number
  /** Retries (including an immediate retry after a token refresh on 401). */
  readonly retries: number
  /** Time spent waiting before retries, in ms. */
  readonly waited_ms: number
  /** Time spent waiting for the proactive rate limiter, in ms. */
  readonly throttled_ms: number
}

/** Zero counters. */
export const emptyStats: Stats = { requests: 0, retries: 0, waited_ms: 0, throttled_ms: 0 }

/** Client configuration. */
export interface Config {
  /** Connector name: every error names it. */
  readonly connector: string
  /** Base URL; request paths are appended to it. */
  readonly baseUrl: string
  readonly auth?: Auth.Auth
  /** Per-attempt timeout (request and body); default 30 s. */
  readonly timeout?: Duration.DurationInput
  readonly retry?: Retry.Options
  /** The vendor's documented limit. */
  readonly rateLimit?: RateLimit.Config
  /** A limiter shared with other clients of the same vendor account (takes precedence over `rateLimit`). */
  readonly rateLimiter?: RateLimiter.RateLimiter
  /** Headers sent on every request (e.g. `X-USER-EMAIL`, `X-Api-Version`). */
  readonly extraHeaders?: Readonly<Record<string, string>>
  /** Counters to add to (shared across clients); a fresh Ref otherwise. */
  readonly stats?: Ref.Ref<Stats>
  /** Largest response body read, in bytes; default `$HRTECH_ETL_MAX_RESPONSE_BYTES`, else 64 MiB. */
  readonly maxResponseBytes?: number
}

/** The environment variable of the response body limit (bytes). */
export const maxResponseBytesEnv = "HRTECH_ETL_MAX_RESPONSE_BYTES"

/** The response body limit when neither the config nor the environment sets one: 64 MiB. */
export const defaultMaxResponseBytes = 64 * 1024 * 1024

/** Same-origin redirects followed per request before giving up. */
export const maxRedirects = 5

/** A client bound to one vendor. */
export interface VendorHttp {
  readonly connector: string
  readonly baseUrl: string
  /** Sends a request, retrying per policy; `path` is relative to the base URL or a same-origin absolute URL. */
  readonly request: (method: Method, path: string, options?: RequestOptions) => Effect.Effect<Response, ConnectorError>
  /** Current counters. */
  readonly stats: Effect.Effect<Stats>
  /** Removes every secret this client knows from a text. */
  readonly scrub: (text: string) => string
}

const defaultTimeout = Duration.seconds(30)
const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])

const appendQuery = (url: URL, query: Query | undefined): void => {
  if (!query) return
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item))
    else url.searchParams.append(key, String(value))
  }
}

/** Resolves a request path against the base URL; absolute URLs must keep the base URL's origin. */
export const resolveUrl = (baseUrl: URL, path: string): Either.Either<URL, string> => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let url: URL
    try {
      url = new URL(path)
    } catch {
      return Either.left("not a valid URL")
    }
    // Credentials go only to the configured vendor: a `next` link to another host is refused.
    return url.origin === baseUrl.origin ? Either.right(url) : Either.left(`refusing to send credentials to ${url.origin}`)
  }
  const base = baseUrl.href.replace(/\/+$/, "")
  const relative = path.replace(/^\/+/, "")
  try {
    return Either.right(new URL(relative === "" ? base : `${base}/${relative}`))
  } catch {
    return Either.left("not a valid URL")
  }
}

type Exchange = { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly text: string }

type ExchangeFailure =
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Http"; readonly error: HttpClientError.HttpClientError }
  | { readonly _tag: "TooLarge"; readonly status: number }

/** Redirect statuses that carry a `Location` to follow. */
const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/** The limit from the environment, when set to a positive integer. */
const maxResponseBytesFromEnv = (): number | undefined => {
  const value = Number(process.env[maxResponseBytesEnv])
  return Number.isSafeInteger(value) && value > 0 ? value : undefined
}

/** Builds a client; the HttpClient comes from the context so tests can swap it. */
export const make = (config: Config): Effect.Effect<VendorHttp, ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function* () {
    const connector = config.connector
    let baseUrl: URL
    try {
      baseUrl = new URL(config.baseUrl)
    } catch {
      return yield* new ConfigError({ connector, field: "base_url", reason: `not a valid URL: ${config.baseUrl}` })
    }
    if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") {
      return yield* new ConfigError({ connector, field: "base_url", reason: `must be http or https, got ${baseUrl.protocol}` })
    }
    const timeout = config.timeout === undefined ? defaultTimeout : Duration.decode(config.timeout)
    const policy = Retry.policy(config.retry)
    const client = HttpClient.withTracerPropagation(yield* HttpClient.HttpClient, false)
    const maxResponseBytes = config.maxResponseBytes ?? maxResponseBytesFromEnv() ?? defaultMaxResponseBytes
    const authenticator = yield* Auth.makeAuthenticator(config.auth ?? Auth.none, {
      connector,
      timeout,
      maxResponseBytes: Math.min(maxResponseBytes, Auth.defaultMaxTokenResponseBytes)
    })
    // One limiter per vendor account in the process: the vendor counts the account's requests, whichever run sends them.
    const limiter =
      config.rateLimiter ??
      (config.rateLimit
        ? yield* RateLimit.shared(RateLimit.accountKey(connector, baseUrl.origin, authenticator.secrets(), config.rateLimit), connector, config.rateLimit)
        : undefined)
    const stats = config.stats ?? (yield* Ref.make(emptyStats))
    const bump = (delta: Partial<Stats>) =>
      Ref.update(stats, (s) => ({
        requests: s.requests + (delta.requests ?? 0),
        retries: s.retries + (delta.retries ?? 0),
        waited_ms: s.waited_ms + (delta.waited_ms ?? 0),
        throttled_ms: s.throttled_ms + (delta.throttled_ms ?? 0)
      }))
    const scrub = (text: string) => Scrub.message(text, authenticator.secrets())
    const redactNames = (names: ReadonlyArray<string | RegExp>) => [...names, ...authenticator.headerNames]

    const exchange = (request: HttpClientRequest.HttpClientRequest, attemptTimeout: Duration.Duration) =>
      Effect.gen(function* () {
        if (limiter) {
          const before = yield* Clock.currentTimeMillis
          yield* limiter(Effect.void)
          const throttled = (yield* Clock.currentTimeMillis) - before
          if (throttled > 0) yield* bump({ throttled_ms: throttled })
        }
        yield* bump({ requests: 1 })
        return yield* client.execute(request).pipe(
          Effect.mapError((error): ExchangeFailure => ({ _tag: "Http", error })),
          Effect.flatMap((response) =>
            ResponseBody.readText(response, maxResponseBytes).pipe(
              Effect.mapError((error): ExchangeFailure => ({ _tag: "Http", error })),
              Effect.flatMap(
                Either.match({
                  onLeft: (): Effect.Effect<Exchange, ExchangeFailure> => Effect.fail({ _tag: "TooLarge", status: response.status }),
                  onRight: (text) => Effect.succeed<Exchange>({ status: response.status, headers: { ...response.headers }, text })
                })
              )
            )
          ),
          // Redirects come back as responses: only same-origin ones are followed, by `attempt`.
          Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }),
          Effect.timeoutFail({ duration: attemptTimeout, onTimeout: (): ExchangeFailure => ({ _tag: "Timeout" }) }),
          Effect.locallyWith(Headers.currentRedactedNames, redactNames),
          Effect.either
        )
      })

    const request = (method: Method, path: string, options: RequestOptions = {}): Effect.Effect<Response, ConnectorError> =>
      Effect.gen(function* () {
        const resolved = resolveUrl(baseUrl, path)
        if (Either.isLeft(resolved)) {
          return yield* new ConfigError({ connector, field: "url", reason: scrub(`${resolved.left}: ${path}`) })
        }
        const url = resolved.right
        appendQuery(url, options.query)
        const what = `${method} ${url.pathname}`
        const idempotent = options.idempotent ?? idempotentMethods.has(method)
        const attemptTimeout = options.timeout === undefined ? timeout : Duration.decode(options.timeout)
        const build = (target: URL, verb: Method, withBody: boolean) => {
          let base = HttpClientRequest.make(verb)(target).pipe(HttpClientRequest.acceptJson)
          if (config.extraHeaders) base = HttpClientRequest.setHeaders(base, config.extraHeaders)
          if (withBody && options.body !== undefined) {
            const contentType = Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === "content-type")?.[1]
            base = HttpClientRequest.bodyText(base, JSON.stringify(options.body), contentType ?? "application/json")
          }
          if (options.headers) base = HttpClientRequest.setHeaders(base, options.headers)
          return base
        }

        /**
         * Sends with credentials, following redirects within the base URL's origin (a 303, or a 301/302
         * after POST, continues as a GET without body). A redirect to another origin is refused: its
         * target never sees the credentials.
         */
        const sendFollowing = (
          authHeaders: Readonly<Record<string, string>>
        ): Effect.Effect<Either.Either<Exchange & { readonly url: URL }, ExchangeFailure | RequestRejected>> =>
          Effect.gen(function* () {
            let target = url
            let verb = method
            let withBody = true
            for (let hops = 0; ; hops++) {
              const result = yield* exchange(HttpClientRequest.setHeaders(build(target, verb, withBody), authHeaders), attemptTimeout)
              if (Either.isLeft(result)) return Either.left(result.left)
              const { status, headers } = result.right
              const location = headers["location"]
              if (!redirectStatuses.has(status) || location === undefined) return Either.right({ ...result.right, url: target })
              let next: URL
              try {
                next = new URL(location, target)
              } catch {
                return Either.left(new RequestRejected({ connector, status, reason: scrub(`${what}: redirect to an invalid URL`) }))
              }
              if (next.origin !== baseUrl.origin) {
                return Either.left(
                  new RequestRejected({
                    connector,
                    status,
                    reason: `${what}: redirected to another origin (${next.origin}); not followed, so the credentials stay with the vendor`
                  })
                )
              }
              if (hops >= maxRedirects) {
                return Either.left(new RequestRejected({ connector, status, reason: `${what}: more than ${maxRedirects} redirects` }))
              }
              if (status === 303 || ((status === 301 || status === 302) && verb === "POST")) {
                verb = "GET"
                withBody = false
              }
              target = next
            }
          })

        const gaveUp = (reason: string) => (budget: Retry.Exhausted) =>
          scrub(`${reason} (gave up after ${budget.attempts} attempt${budget.attempts === 1 ? "" : "s"} in ${budget.elapsedMs} ms)`)
        const transport = (reason: string, status?: number): Retry.Outcome<never, ConnectorError> =>
          idempotent || status === 408
            ? Retry.retry(
                Option.none(),
                (budget) => new TransportError({ connector, reason: gaveUp(reason)(budget), ...(status === undefined ? {} : { status }) })
              )
            : Retry.fail(
                new TransportError({
                  connector,
                  reason: scrub(`${reason} (not retried: ${method} is not idempotent)`),
                  ...(status === undefined ? {} : { status })
                })
              )

        // Whether this request already refreshed its credential after a 401 (once is enough).
        let refreshed = false

        const attempt: Effect.Effect<Retry.Outcome<Response, ConnectorError>> = Effect.gen(function* () {
          const auth = yield* Effect.either(authenticator.headers)
          if (Either.isLeft(auth)) {
            const error = auth.left
            return error._tag === "AuthError"
              ? Retry.fail(error)
              : Retry.retry(
                  Option.none(),
                  (budget) =>
                    new TransportError({
                      connector,
                      reason: gaveUp(error.reason)(budget),
                      ...(error.status === undefined ? {} : { status: error.status })
                    })
                )
          }
          const result = yield* sendFollowing(auth.right.headers)
          if (Either.isLeft(result)) {
            const failure = result.left
            if (failure._tag === "RequestRejected") return Retry.fail(failure)
            if (failure._tag === "Timeout") return transport(`${what} timed out after ${Duration.format(attemptTimeout)}`)
            if (failure._tag === "TooLarge") {
              // Not retried: the same request would bring the same answer.
              return Retry.fail(
                new TransportError({
                  connector,
                  status: failure.status,
                  reason: `${what}: response body larger than ${maxResponseBytes} bytes (limit set by ${maxResponseBytesEnv})`
                })
              )
            }
            const error = failure.error
            if (error._tag === "RequestError" && error.reason !== "Transport") {
              return Retry.fail(new ConfigError({ connector, field: error.reason === "Encode" ? "body" : "url", reason: scrub(error.message) }))
            }
            return transport(`${what}: ${transportCause(error)}`)
          }
          const { headers, status, text } = result.right
          if (status >= 200 && status < 300) {
            const parsed = parseBody(text, headers["content-type"])
            if (Either.isLeft(parsed)) return transport(`${what}: response body is not valid JSON (${parsed.left})`, status)
            return Retry.done({ status, headers, body: parsed.right, url: result.right.url.href })
          }
          const body = VendorMessage.parseJson(text)
          const vendorMessage = VendorMessage.extract(body, text)
          if (status === 401 && !refreshed && (yield* authenticator.invalidate(auth.right))) {
            refreshed = true
            yield* bump({ retries: 1 })
            return yield* attempt
          }
          if (status === 401 || status === 403) {
            return Retry.fail(new AuthError({ connector, status, reason: scrub(`${what}: ${vendorMessage}`) }))
          }
          if (status === 404) return Retry.fail(new NotFound({ connector, what: scrub(`${what}: ${vendorMessage}`) }))
          if (Retry.isRetryableStatus(status)) {
            const now = yield* Clock.currentTimeMillis
            const requested = RetryAfter.fromHeaders(headers, status, now)
            yield* Effect.logDebug(scrub(`${connector}: ${what}: HTTP ${status}, will retry`))
            if (status === 429) {
              return Retry.retry(
                requested,
                (budget) =>
                  new RateLimited({
                    connector,
                    reason: gaveUp(`${what}: HTTP 429: ${vendorMessage}`)(budget),
                    ...(Option.isSome(requested) ? { retryAfterMs: requested.value } : {})
                  })
              )
            }
            const outcome = transport(`${what}: ${vendorMessage}`, status)
            return outcome._tag === "Retry" ? Retry.retry(requested, outcome.exhausted) : outcome
          }
          const field = VendorMessage.fieldOf(body)
          return Retry.fail(
            new RequestRejected({ connector, status, reason: scrub(`${what}: ${vendorMessage}`), ...(field === undefined ? {} : { field: scrub(field) }) })
          )
        })

        return yield* Retry.run(policy, attempt, {
          onRetry: (waitMs) => bump({ retries: 1, waited_ms: waitMs })
        })
      })

    return { connector, baseUrl: baseUrl.href, request, stats: Ref.get(stats), scrub } satisfies VendorHttp
  })

/** Parses a 2xx body: JSON when it says or looks so, `null` when empty, text otherwise. */
const parseBody = (text: string, contentType: string | undefined): Either.Either<unknown, string> => {
  if (text.trim() === "") return Either.right(null)
  const jsonish = (contentType ?? "").toLowerCase().includes("json") || /^\s*[[{]/.test(text)
  if (!jsonish) return Either.right(text)
  return Either.try({ try: () => JSON.parse(text) as unknown, catch: (e) => (e as Error).message })
}

/** A short cause for a platform error (the `fetch` failure is in `cause`). */
const transportCause = (error: HttpClientError.HttpClientError): string => {
  const cause = error.cause as { readonly message?: unknown; readonly cause?: { readonly code?: unknown; readonly message?: unknown } } | undefined
  const inner = cause?.cause
  const detail = [cause?.message, inner?.code ?? inner?.message].filter((part) => typeof part === "string" && part !== "")
  return detail.length > 0 ? `${error.reason}: ${detail.join(": ")}` : error.reason
}
