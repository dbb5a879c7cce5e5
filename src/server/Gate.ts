/**
 * The one request gate of `hrtech-etl serve`. It reads the request target once into a canonical form
 * (refusing with 400 what has no single reading: dot segments, `;` parameters, backslashes, empty
 * segments, bad percent-encoding, absolute form), hands the router exactly that form, and applies
 * every rule to it: the Host check (no token), the bearer token, the cross-site check on
 * state-changing routes, route visibility by mode, the media type and size of bodies, JSON depth, and
 * the cap on concurrent runs. Webhook deliveries skip the Host, token and cross-site checks: vendors
 * send none of them and the signature authenticates the delivery.
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { IncomingMessage } from "node:http"
import * as Scrub from "../core/Scrub.js"
import * as BackgroundRuns from "./BackgroundRuns.js"
import * as Errors from "./Errors.js"
import * as Safety from "./Safety.js"

/** A request target in its canonical form: the form the router is given and every rule reads. */
export interface Target {
  /** Decoded path segments; the first one, and the second under `/api` and `/playground`, lowercased. */
  readonly segments: ReadonlyArray<string>
  /** The path re-encoded from the segments (`/api/schema/file%3Ax.jsonl/job`). */
  readonly path: string
  /** The query string as sent, with its `?`, or "". */
  readonly search: string
}

// Everything the routes name at these positions is lowercase, and the router matches static parts
// without regard to case: lowercasing them here makes every rule see what the router will match.
const staticSecond = new Set(["api", "playground"])

/**
 * Reads a request target into its canonical form, or says why it has none. Encoded slashes stay
 * data inside their segment (a connector URI in `/api/schema/{connector}/...`), never a separator.
 */
export const canonicalTarget = (raw: string): Either.Either<Target, string> => {
  if (!raw.startsWith("/")) return Either.left("the request target must be a path starting with /")
  if (raw.includes("#")) return Either.left("a fragment (#) is not part of a request")
  const q = raw.indexOf("?")
  const pathPart = q === -1 ? raw : raw.slice(0, q)
  const search = q === -1 ? "" : raw.slice(q)
  if (!/^[\x21-\x7e]*$/.test(raw)) return Either.left("characters outside printable ASCII must be percent-encoded")
  if (pathPart.includes(";")) return Either.left("path parameters (;) are not accepted")
  if (pathPart.includes("\\")) return Either.left("backslashes are not accepted")
  // One trailing slash is the router's own leniency (`/api/connectors/`); other empty segments are not.
  const parts = pathPart === "/" ? [] : pathPart.slice(1).split("/")
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop()
  const segments: Array<string> = []
  for (const part of parts) {
    if (part === "") return Either.left("empty path segments (//) are not accepted")
    if (/%(?![0-9a-fA-F]{2})/.test(part)) return Either.left("malformed percent-encoding")
    let decoded: string
    try {
      decoded = decodeURIComponent(part)
    } catch {
      return Either.left("percent-encoding that is not UTF-8")
    }
    if (decoded === "." || decoded === "..") return Either.left("dot segments (. and ..) are not accepted")
    if (/[\x00-\x1f\x7f\\]/.test(decoded)) return Either.left("control characters and backslashes are not accepted, encoded or not")
    segments.push(decoded)
  }
  if (segments.length > 0) segments[0] = segments[0]!.toLowerCase()
  if (segments.length > 1 && staticSecond.has(segments[0]!)) segments[1] = segments[1]!.toLowerCase()
  const path = `/${segments.map(encodeURIComponent).join("/")}`
  return Either.right({ segments, path, search })
}

/** Whether the request is a delivery to a configured webhook (`POST /api/webhooks/{connector}`). */
export const isWebhookDelivery = (method: string, target: Target, webhooks: ReadonlySet<string>): boolean =>
  method === "POST" && target.segments.length === 3 && target.segments[0] === "api" && target.segments[1] === "webhooks" && webhooks.has(target.segments[2]!)

/** Whether the target belongs to the JSON API or its documentation (hidden in playground mode). */
export const isApiTarget = (target: Target): boolean => target.segments[0] === "api" || target.segments[0] === "docs" || target.segments[0] === "openapi.json"

/** Whether the target is the playground's route to the API (`/playground/api/...`). */
export const isPlaygroundApiTarget = (target: Target): boolean => target.segments[0] === "playground" && target.segments[1] === "api"

/** Whether the request starts a run in this server (synchronously or in the background). */
export const startsRun = (method: string, target: Target): boolean =>
  method === "POST" &&
  target.segments[0] === "api" &&
  ((target.segments[1] === "run" && target.segments.length === 3) ||
    (target.segments[1] === "runs" && target.segments.length === 2) ||
    // A retry of failed records is a push run.
    (target.segments[1] === "failures" && target.segments[2] === "retry" && target.segments.length === 3))

/**
 * Whether a Host header may be served without a token: a loopback name, or one of `allowed`
 * (`HRTECH_ETL_ALLOWED_HOSTS`: names without port, matched whole and case-insensitively).
 */
export const isAllowedHost = (host: string | undefined, allowed: ReadonlyArray<string>): boolean => {
  if (Safety.isLoopbackHostHeader(host)) return true
  if (host === undefined || allowed.length === 0) return false
  const name = host.trim().toLowerCase().replace(/:\d+$/, "")
  return allowed.includes(name)
}

/** Methods that change nothing: a page on another site may cause them, they do no harm. */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"])

/** Whether a method may change state. */
export const isStateChanging = (method: string): boolean => !safeMethods.has(method)

/** The header the playground sends on its calls (`X-HrTech-ETL: playground`). */
export const pageHeader = "x-hrtech-etl"

/**
 * Whether a request comes from a page of another site: its `Origin` is neither this server (as the
 * Host header names it) nor an allowed origin, or, without `Origin`, `Sec-Fetch-Site` says it is
 * cross-site. A request with neither header comes from a program, not a page. A request carrying
 * `pageHeader` is never cross-site: a browser sends a custom header to another origin only after a
 * CORS preflight, which this server never grants (so the playground works behind a proxy that
 * rewrites Host).
 */
export const isCrossSite = (headers: Readonly<Record<string, string | undefined>>, allowedOrigins: ReadonlyArray<string>): boolean => {
  if (headers[pageHeader] !== undefined) return false
  const origin = headers["origin"]
  if (origin !== undefined) {
    const normalized = origin.trim().toLowerCase().replace(/\/+$/, "")
    if (allowedOrigins.includes(normalized)) return false
    let url: URL
    try {
      url = new URL(normalized)
    } catch {
      return true
    }
    const host = (headers["host"] ?? "").trim().toLowerCase()
    return !((url.protocol === "http:" || url.protocol === "https:") && url.host === host && url.pathname === "/")
  }
  const site = headers["sec-fetch-site"]?.trim().toLowerCase()
  return site === "cross-site" || site === "same-site"
}

/** Whether a Content-Type names JSON (`application/json`, `application/*+json`), parameters aside. */
export const isJsonMediaType = (contentType: string | undefined): boolean => {
  if (contentType === undefined) return false
  const type = contentType.split(";")[0]!.trim().toLowerCase()
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"))
}

/** Whether JSON text nests arrays and objects deeper than `max` (counted without parsing). */
export const jsonDepthExceeds = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > max) return true
    } else if (c === 93 || c === 125) depth--
  }
  return false
}

/** What the gate enforces. */
export interface Settings {
  readonly hasApi: boolean
  readonly hasPlayground: boolean
  readonly modeName: string
  readonly apiToken: Option.Option<Redacted.Redacted<string>>
  /** Host names served without a token, beyond the loopback names (lowercase, no port). */
  readonly allowedHosts: ReadonlyArray<string>
  /** Origins (`https://etl.example.com`, lowercase) allowed to send state-changing requests, beyond the server's own. */
  readonly allowedOrigins: ReadonlyArray<string>
  readonly maxBodyBytes: number
  readonly maxJsonDepth: number
  /** Connectors whose webhook deliveries are configured. */
  readonly webhooks: ReadonlySet<string>
  /** Permits for runs; none free answers 503 with Retry-After. */
  readonly runSlots: BackgroundRuns.RunSlots
}

/** Seconds a client is asked to wait when every run slot is taken. */
export const busyRetryAfterSeconds = 5

const unauthorized = () =>
  Errors.response(
    401,
    { code: "unauthorized", message: "missing or wrong bearer token (Authorization: Bearer <HRTECH_ETL_API_TOKEN>)" },
    { "www-authenticate": 'Bearer realm="hrtech-etl"' }
  )

/** Reads a Node request body up to `max` bytes; None when it is larger (the rest is discarded). */
const readLimited = (incoming: IncomingMessage, max: number) =>
  Effect.async<Option.Option<string>>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let done = false
    const finish = (result: Option.Option<string>) => {
      if (done) return
      done = true
      incoming.off("data", onData)
      incoming.off("end", onEnd)
      incoming.off("error", onError)
      // Keep the connection usable for the answer: drain (and drop) whatever is still coming.
      if (Option.isNone(result)) incoming.resume()
      resume(Effect.succeed(result))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) finish(Option.none())
      else chunks.push(chunk)
    }
    const onEnd = () => finish(Option.some(Buffer.concat(chunks).toString("utf8")))
    const onError = () => finish(Option.none())
    incoming.on("data", onData)
    incoming.once("end", onEnd)
    incoming.once("error", onError)
  })

/**
 * The same request with its body already read (its Node stream is consumed): body getters answer the
 * text; everything else, including the Node response the server writes to, is the original's.
 */
const withBody = (request: HttpServerRequest.HttpServerRequest, body: string): HttpServerRequest.HttpServerRequest =>
  new Proxy(request, {
    get(target, property) {
      if (property === "text") return Effect.succeed(body)
      if (property === "json") return Effect.sync(() => (body === "" ? null : (JSON.parse(body) as unknown)))
      if (property === "arrayBuffer") return Effect.sync(() => new TextEncoder().encode(body).buffer)
      if (property === "urlParamsBody") return Effect.sync(() => UrlParams.fromInput(new URLSearchParams(body)))
      const value = Reflect.get(target, property, target)
      return typeof value === "function" ? value.bind(target) : value
    }
  })

/** Secrets in a request body, for scrubbing logs (the body is cached once read). */
export const bodySecrets = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const text = yield* Effect.orElseSucceed(request.text, () => "")
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return []
  }
  const found: Array<unknown> = []
  const walk = (v: unknown, depth: number) => {
    if (depth > 3 || v === null || typeof v !== "object") return
    for (const [k, x] of Object.entries(v)) {
      if (k.endsWith("_auth")) found.push(x)
      else walk(x, depth + 1)
    }
  }
  walk(body, 0)
  return Errors.secretsOf(...found)
})

// Answers given before the body is read close the connection, so an unread body cannot hold it.
const closing = { connection: "close" }

/** The gate as the outermost middleware of the server, with a last-resort 500 that never carries details. */
export const middleware =
  (settings: Settings) =>
  (app: HttpApp.Default): HttpApp.Default =>
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const canonical = canonicalTarget(request.url)
      if (Either.isLeft(canonical)) {
        return Errors.response(400, { code: "invalid_path", message: `path: ${canonical.left}`, field: "path" }, closing)
      }
      const target = canonical.right
      const method = request.method
      const headers = request.headers
      const webhook = isWebhookDelivery(method, target, settings.webhooks)
      if (!webhook && Option.isNone(settings.apiToken) && !isAllowedHost(headers["host"], settings.allowedHosts)) {
        // Without a token the server trusts loopback callers only; a page on another site that rebinds
        // its name to 127.0.0.1 (DNS rebinding) still sends its own name as Host.
        return Errors.response(
          403,
          {
            code: "host_not_allowed",
            message: "Host header must be localhost, 127.0.0.1 or [::1] (set HRTECH_ETL_API_TOKEN or HRTECH_ETL_ALLOWED_HOSTS to serve other names)"
          },
          closing
        )
      }
      let bearer = false
      if (!webhook && Option.isSome(settings.apiToken)) {
        const token = settings.apiToken.value
        const queryToken = new URLSearchParams(target.search).get("token")
        const page = target.path === "/playground" || target.path === "/docs"
        if (method === "GET" && queryToken !== null && page) {
          // Browsers cannot send a bearer header when opening a page: trade the token once for a cookie.
          if (!Safety.tokenMatches(token, queryToken)) return unauthorized()
          return HttpServerResponse.empty({ status: 303 }).pipe(
            HttpServerResponse.setHeader("location", target.path),
            HttpServerResponse.setHeader("cache-control", "no-store"),
            HttpServerResponse.setHeader("set-cookie", `${Safety.tokenCookie}=${encodeURIComponent(queryToken)}; Path=/; HttpOnly; SameSite=Strict`)
          )
        }
        if (!Safety.tokenMatches(token, Safety.presentedToken(headers))) return unauthorized()
        bearer = headers["authorization"] !== undefined
      }
      // A bearer header cannot come from another site's page (it would need a CORS preflight, never
      // granted); without one (no token, or the playground's cookie, which same-site pages on other
      // ports also send), a state-changing request must come from this server's own pages or a program.
      if (!webhook && !bearer && isStateChanging(method) && isCrossSite(headers, settings.allowedOrigins)) {
        return Errors.response(
          403,
          {
            code: "cross_site_request",
            message: "origin: state-changing requests from other sites are refused (set HRTECH_ETL_ALLOWED_ORIGINS to allow one)",
            field: "origin"
          },
          closing
        )
      }
      let url = `${target.path}${target.search}`
      if (settings.hasPlayground && isPlaygroundApiTarget(target)) {
        url = `/api${target.path.slice("/playground/api".length)}${target.search}`
      } else if (!settings.hasApi && isApiTarget(target)) {
        return Errors.response(404, { code: "not_found", message: `no route ${method} ${target.path} (mode ${settings.modeName})` })
      }
      let routed = url === request.url ? request : request.modify({ url })
      const hasBody = HttpMethod.hasBody(method) && (Number(headers["content-length"] ?? "0") > 0 || headers["transfer-encoding"] !== undefined)
      const json = isJsonMediaType(headers["content-type"])
      if (hasBody && !webhook && !json) {
        // JSON routes only: a form or multipart body is what a cross-site page can send without asking.
        return Errors.response(
          415,
          {
            code: "unsupported_media_type",
            message: `content-type: expected application/json, got ${JSON.stringify(headers["content-type"] ?? "none")}`,
            field: "content-type"
          },
          closing
        )
      }
      const tooLarge = () =>
        Errors.response(413, { code: "payload_too_large", message: `request body too large (limit ${settings.maxBodyBytes} bytes)` }, closing)
      const length = Number(headers["content-length"] ?? "0")
      if (Number.isFinite(length) && length > settings.maxBodyBytes) return tooLarge()
      if (hasBody) {
        // Read the body here so that an oversized or malformed body gets the API's error shape.
        let text: string
        if (headers["content-length"] !== undefined) {
          // Declared and within the limit: the request caches what it read for the handlers.
          const read = yield* Effect.either(HttpIncomingMessage.withMaxBodySize(routed.text, Option.some(settings.maxBodyBytes)))
          if (Either.isLeft(read)) return Errors.response(400, { code: "invalid_input", message: "body: could not be read", field: "body" })
          text = read.right
        } else {
          // Streamed (chunked): count while reading; past the limit, answer 413 and let Node discard the rest.
          const read = yield* readLimited(NodeHttpServerRequest.toIncomingMessage(request), settings.maxBodyBytes)
          if (Option.isNone(read)) return tooLarge()
          text = read.value
          routed = withBody(routed, text)
        }
        if (json && jsonDepthExceeds(text, settings.maxJsonDepth)) {
          return Errors.response(400, {
            code: "invalid_input",
            message: `body: nested deeper than ${settings.maxJsonDepth} levels (HRTECH_ETL_MAX_JSON_DEPTH)`,
            field: "body"
          })
        }
        // Webhook bodies are left as sent: their signature is checked on the exact bytes.
        if (!webhook && json && text.trim() !== "") {
          try {
            JSON.parse(text)
          } catch {
            return Errors.response(400, { code: "invalid_input", message: "body: malformed JSON", field: "body" })
          }
        }
      }
      const served = app.pipe(Effect.provideService(HttpServerRequest.HttpServerRequest, routed))
      if (!startsRun(method, target)) return yield* served
      const slot = settings.runSlots.tryTake()
      if (slot === undefined) {
        return Errors.response(
          503,
          {
            code: "busy",
            message: `${settings.runSlots.max} runs are already in progress on this server (HRTECH_ETL_MAX_CONCURRENT_RUNS); retry later`
          },
          { "retry-after": String(busyRetryAfterSeconds) }
        )
      }
      // A background run adopts the slot for its fiber's lifetime; otherwise it is freed with the answer.
      const held = BackgroundRuns.holdSlot(slot)
      return yield* served.pipe(Effect.provideService(BackgroundRuns.HeldSlot, held), Effect.ensuring(Effect.sync(() => held.releaseUnlessAdopted())))
    }).pipe(
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause)
          : Effect.gen(function* () {
              // Operators see what broke (scrubbed of the request's auth values); callers never do.
              const request = yield* HttpServerRequest.HttpServerRequest
              const secrets = yield* bodySecrets
              yield* Effect.logError(`internal error on ${request.method} ${request.url.split("?")[0]}`, Scrub.scrub(Cause.pretty(cause), secrets))
              return Errors.response(500, { code: "internal_error", message: "internal error" })
            })
      )
    )
