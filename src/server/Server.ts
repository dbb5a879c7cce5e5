/**
 * The HTTP server of `hrtech-etl serve`: the API, its OpenAPI document and docs UI, and the
 * playground, on Node's HTTP server. `HRTECH_ETL_MODE` (`api` | `playground` | `both`) decides which
 * routes exist. Safety: it binds 127.0.0.1 unless told otherwise; any other address requires
 * `HRTECH_ETL_API_TOKEN`, after which every route checks `Authorization: Bearer <token>`; request
 * bodies are size-limited; `file:`/`sqlite:` URIs stay inside `HRTECH_ETL_DATA_DIR`. Vendor webhooks
 * (`--webhooks` / `HRTECH_ETL_WEBHOOKS_FILE`) arrive on `POST /api/webhooks/{connector}`, authenticated
 * by their signature instead of the token.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import * as HttpApiSwagger from "@effect/platform/HttpApiSwagger"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { mkdirSync } from "node:fs"
import { createServer, type IncomingMessage } from "node:http"
import { resolve } from "node:path"
import * as Environment from "../app/Environment.js"
import * as ScaleEnvironment from "../scale/Environment.js"
import * as Scrub from "../http/Scrub.js"
import * as Outbound from "../core/Outbound.js"
import type * as Registry from "../core/Registry.js"
import type * as State from "../core/State.js"
import { Api } from "./Api.js"
import * as BackgroundRuns from "./BackgroundRuns.js"
import * as Errors from "./Errors.js"
import * as Handlers from "./Handlers.js"
import * as Playground from "./Playground.js"
import * as Safety from "./Safety.js"
import * as Syncs from "./Syncs.js"
import * as Webhooks from "./Webhooks.js"

/** Which routes exist: the JSON API with its docs, the playground, or both. */
export type Mode = "api" | "playground" | "both"

/** Every mode. */
export const modes: ReadonlyArray<Mode> = ["api", "playground", "both"]

/** Options of the server; unset ones come from the environment, then the defaults. */
export interface Options {
  /** Default `$HRTECH_ETL_MODE`, else `both`. */
  readonly mode?: Mode | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** Default 8000; 0 picks a free port. */
  readonly port?: number | undefined
  /** Directory for `file:` / `sqlite:` URIs in requests. Default `$HRTECH_ETL_DATA_DIR`, else `./data`. */
  readonly dataDir?: string | undefined
  /** Bearer token; required off loopback. Default `$HRTECH_ETL_API_TOKEN`. */
  readonly apiToken?: string | Redacted.Redacted<string> | undefined
  /** Largest accepted request body in bytes (default 10 MiB). */
  readonly maxBodyBytes?: number | undefined
  /** Finished background runs kept in memory (default 500). */
  readonly maxRuns?: number | undefined
  /** State store URI used by `serve` (default `$HRTECH_ETL_STATE`, else `sqlite:.hrtech-etl/state.db`). */
  readonly stateUri?: string | undefined
  /**
   * Webhook intake: a JSON/YAML file path, or the configuration itself (connector name →
   * `{ secret, target, ... }`). Default `$HRTECH_ETL_WEBHOOKS_FILE`; none configured without it.
   */
  readonly webhooks?: string | Webhooks.ConfigInput | undefined
  /** Workers, queue capacity and shutdown grace of the webhook intake. */
  readonly webhookIntake?: Webhooks.IntakeOptions | undefined
  /** Environment to read defaults from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
}

/** Options with every default applied and checked. */
export interface Resolved {
  readonly mode: Mode
  readonly host: string
  readonly port: number
  readonly dataDir: string
  readonly apiToken: Option.Option<Redacted.Redacted<string>>
  readonly maxBodyBytes: number
  readonly maxRuns: number
  /** Hosts beyond the connectors' own that requests may send to (`HRTECH_ETL_ALLOWED_HOSTS`). */
  readonly allowedHosts: ReadonlyArray<string>
}

/** Options the server refuses to start with. */
export class ServerConfigError extends Schema.TaggedError<ServerConfigError>("hrtech-etl/ServerConfigError")(
  "ServerConfigError",
  { field: Schema.String, reason: Schema.String }
) {
  readonly code = "server_config"
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/** The shortest accepted API token. */
export const minTokenLength = 16

/** Applies defaults (options, then environment) and checks them. */
export const resolveOptions = (options: Options = {}): Either.Either<Resolved, ServerConfigError> => {
  const env = options.env ?? process.env
  const fail = (field: string, reason: string) => Either.left(new ServerConfigError({ field, reason }))
  const mode = options.mode ?? env.HRTECH_ETL_MODE?.trim().toLowerCase() ?? "both"
  if (!modes.includes(mode as Mode)) {
    return fail(options.mode !== undefined ? "--mode" : "HRTECH_ETL_MODE", `expected api, playground or both, got ${JSON.stringify(mode)}`)
  }
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 8000
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail("--port", "expected an integer between 0 and 65535")
  const rawToken = options.apiToken ?? env.HRTECH_ETL_API_TOKEN
  const token = rawToken === undefined || rawToken === "" ? undefined : Redacted.isRedacted(rawToken) ? rawToken : Redacted.make(rawToken)
  if (token !== undefined && Redacted.value(token).length < minTokenLength) {
    return fail("HRTECH_ETL_API_TOKEN", `must be at least ${minTokenLength} characters`)
  }
  if (!Safety.isLoopback(host) && token === undefined) {
    return fail("--host", `binding ${host} exposes the server beyond this machine: set HRTECH_ETL_API_TOKEN (every route then requires "Authorization: Bearer <token>"), or bind 127.0.0.1`)
  }
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024
  if (!(maxBodyBytes > 0)) return fail("maxBodyBytes", "must be positive")
  return Either.right({
    mode: mode as Mode,
    host,
    port,
    dataDir: resolve(options.dataDir ?? env.HRTECH_ETL_DATA_DIR ?? "data"),
    apiToken: Option.fromNullable(token),
    maxBodyBytes,
    maxRuns: options.maxRuns ?? 500,
    allowedHosts: Outbound.parseAllowedHosts(env[Outbound.allowedHostsEnv])
  })
}

const hasApi = (mode: Mode) => mode !== "playground"
const hasPlayground = (mode: Mode) => mode !== "api"

const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/") || path === "/docs" || path === "/openapi.json"

/** Secrets in a request body, for scrubbing decode errors (the body is cached once read). */
const bodySecrets = Effect.gen(function* () {
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

/**
 * Turns failures raised before a handler runs (request decoding, unknown route) into the API's error
 * shape; everything else goes on to the HttpApi error encoder.
 */
const errorShape = HttpApiBuilder.middleware((app) =>
  Effect.catchAllCause(app, (cause) =>
    Effect.gen(function* () {
      const failure = Cause.failureOption(cause)
      if (Option.isNone(failure)) return yield* Effect.failCause(cause)
      const e = failure.value as { readonly _tag?: string }
      if (e instanceof HttpApiDecodeError) {
        const error = Errors.fromParseIssues(e.issues, { secrets: yield* bodySecrets })
        return Errors.response(400, error.error)
      }
      if (e._tag === "RouteNotFound") {
        const request = yield* HttpServerRequest.HttpServerRequest
        return Errors.response(404, { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` })
      }
      return yield* Effect.failCause(cause)
    })
  )
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

const unauthorized = () =>
  Errors.response(
    401,
    { code: "unauthorized", message: "missing or wrong bearer token (Authorization: Bearer <HRTECH_ETL_API_TOKEN>)" },
    { "www-authenticate": 'Bearer realm="hrtech-etl"' }
  )

/**
 * The outermost middleware: token check, route visibility by mode (the playground reaches the API
 * under `/playground/api` so that playground-only mode exposes no `/api`), the body-size limit, and a
 * last-resort 500 that never carries details. Deliveries to the `webhooks` connectors skip the Host
 * and token checks (vendors send neither; the signature authenticates them) and the JSON check (the
 * signature is checked on the body exactly as sent).
 */
export const guard = (resolved: Resolved, webhooks: ReadonlySet<string> = new Set()) => (app: HttpApp.Default): HttpApp.Default =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://localhost")
    const path = url.pathname
    const webhook = request.method === "POST" && webhooks.has(Webhooks.connectorOfPath(path) ?? "")
    if (!webhook && Option.isNone(resolved.apiToken) && !Safety.isLoopbackHostHeader(request.headers["host"])) {
      // Without a token the server trusts loopback callers only; a page on another site that rebinds
      // its name to 127.0.0.1 (DNS rebinding) still sends its own name as Host.
      return Errors.response(403, {
        code: "host_not_allowed",
        message: "Host header must be localhost, 127.0.0.1 or [::1] (set HRTECH_ETL_API_TOKEN to serve other names)"
      })
    }
    if (!webhook && Option.isSome(resolved.apiToken)) {
      const token = resolved.apiToken.value
      const queryToken = url.searchParams.get("token")
      if (request.method === "GET" && queryToken !== null && (path === "/playground" || path === "/docs")) {
        // Browsers cannot send a bearer header when opening a page: trade the token once for a cookie.
        if (!Safety.tokenMatches(token, queryToken)) return unauthorized()
        return HttpServerResponse.empty({ status: 303 }).pipe(
          HttpServerResponse.setHeader("location", path),
          HttpServerResponse.setHeader("cache-control", "no-store"),
          HttpServerResponse.setHeader(
            "set-cookie",
            `${Safety.tokenCookie}=${encodeURIComponent(queryToken)}; Path=/; HttpOnly; SameSite=Strict`
          )
        )
      }
      if (!Safety.tokenMatches(token, Safety.presentedToken(request.headers))) return unauthorized()
    }
    let routed = request
    if (hasPlayground(resolved.mode) && (path.startsWith("/playground/api/") || path === "/playground/api")) {
      routed = request.modify({ url: request.url.replace("/playground/api", "/api") })
    } else if (!hasApi(resolved.mode) && isApiPath(path)) {
      return Errors.response(404, { code: "not_found", message: `no route ${request.method} ${path} (mode ${resolved.mode})` })
    }
    const tooLarge = () =>
      Errors.response(413, { code: "payload_too_large", message: `request body too large (limit ${resolved.maxBodyBytes} bytes)` })
    const length = Number(request.headers["content-length"] ?? "0")
    if (Number.isFinite(length) && length > resolved.maxBodyBytes) return tooLarge()
    if (HttpMethod.hasBody(request.method)) {
      // Read the body here so that an oversized or malformed body gets the API's error shape.
      let text: string
      if (request.headers["content-length"] !== undefined) {
        // Declared and within the limit: the request caches what it read for the handlers.
        const read = yield* Effect.either(HttpIncomingMessage.withMaxBodySize(routed.text, Option.some(resolved.maxBodyBytes)))
        if (Either.isLeft(read)) return Errors.response(400, { code: "invalid_input", message: "body: could not be read", field: "body" })
        text = read.right
      } else {
        // Streamed (chunked): count while reading; past the limit, answer 413 and let Node discard the rest.
        const read = yield* readLimited(NodeHttpServerRequest.toIncomingMessage(request), resolved.maxBodyBytes)
        if (Option.isNone(read)) return tooLarge()
        text = read.value
        routed = withBody(routed, text)
      }
      const contentType = (request.headers["content-type"] ?? "application/json").toLowerCase()
      if (!webhook && contentType.includes("json") && text.trim() !== "") {
        try {
          JSON.parse(text)
        } catch {
          return Errors.response(400, { code: "invalid_input", message: "body: malformed JSON", field: "body" })
        }
      }
    }
    return yield* app.pipe(Effect.provideService(HttpServerRequest.HttpServerRequest, routed))
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

const rootRoute = (mode: Mode) =>
  HttpApiBuilder.Router.use((router) =>
    router.get("/", Effect.succeed(HttpServerResponse.redirect(hasPlayground(mode) ? "/playground" : "/docs", { status: 302 })))
  )

/** The routes and handlers for a mode, needing the registry and the state store. */
export const appLayer = (resolved: Resolved): Layer.Layer<never, never, Registry.Registry | State.StateStore> => {
  const api = HttpApiBuilder.api(Api).pipe(
    Layer.provide([Handlers.layer, Syncs.layer]),
    Layer.provide(BackgroundRuns.layer({ maxRuns: resolved.maxRuns })),
    Layer.provide(Layer.succeed(Handlers.Settings, { dataDir: resolved.dataDir })),
    // Requests are not the operator: their addresses are held to the allow-list and the data directory.
    Layer.provide(Layer.succeed(Outbound.Policy, { trust: "request", allowedHosts: resolved.allowedHosts, dataDir: resolved.dataDir }))
  )
  const docs = hasApi(resolved.mode)
    ? Layer.mergeAll(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }), HttpApiSwagger.layer({ path: "/docs" }))
    : Layer.empty
  const playground = hasPlayground(resolved.mode)
    ? Playground.layer(
        Playground.config({ apiBase: resolved.mode === "playground" ? "/playground/api" : "/api", docs: hasApi(resolved.mode) })
      )
    : Layer.empty
  return Layer.mergeAll(docs, playground, rootRoute(resolved.mode), errorShape).pipe(Layer.provideMerge(api)) as Layer.Layer<
    never,
    never,
    Registry.Registry | State.StateStore
  >
}

/**
 * The server as a layer: binds `host:port` and serves until the layer's scope closes. Its output,
 * the `HttpServer`, tells the bound address (useful with port 0). Fails with ServerConfigError on
 * bad options (e.g. a non-loopback host without a token).
 */
export const makeServer = (
  options: Options = {}
): Layer.Layer<HttpServer.HttpServer, ServerConfigError | ServeError, Registry.Registry | State.StateStore> =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const resolved = yield* resolveOptions(options)
      yield* Effect.try({
        try: () => mkdirSync(resolved.dataDir, { recursive: true }),
        catch: (e) => new ServerConfigError({ field: "HRTECH_ETL_DATA_DIR", reason: `cannot create ${resolved.dataDir}: ${(e as Error).message}` })
      })
      const env = options.env ?? process.env
      const hooks = yield* Webhooks.load(options.webhooks ?? env[Webhooks.fileEnv], env).pipe(
        Effect.mapError((e) => new ServerConfigError({ field: options.webhooks !== undefined ? "--webhooks" : Webhooks.fileEnv, reason: e.message }))
      )
      if (hooks.length > 0 && !hasApi(resolved.mode)) {
        return yield* new ServerConfigError({ field: "--webhooks", reason: `webhooks are API routes: use mode api or both, not ${resolved.mode}` })
      }
      const webhooks = hooks.length > 0
        ? Webhooks.layer(hooks, options.webhookIntake ?? {}).pipe(
            Layer.mapError((e) => new ServerConfigError({ field: options.webhooks !== undefined ? "--webhooks" : Webhooks.fileEnv, reason: e.message }))
          )
        : Layer.empty
      const server = createServer()
      // On shutdown, close open connections (keep-alive sockets, event streams) instead of waiting
      // for clients to drop them; runs end with the scope anyway.
      const closeConnections = Layer.scopedDiscard(
        Effect.zipRight(HttpServer.HttpServer, Effect.addFinalizer(() => Effect.sync(() => server.closeAllConnections())))
      )
      const webhookNames = new Set(hooks.map((hook) => hook.connector))
      return Layer.mergeAll(
        HttpApiBuilder.serve(guard(resolved, webhookNames)).pipe(Layer.provide(Layer.merge(appLayer(resolved), webhooks))),
        closeConnections
      ).pipe(
        Layer.provideMerge(NodeHttpServer.layer(() => server, { host: resolved.host, port: resolved.port }))
      )
    })
  ) as Layer.Layer<
    HttpServer.HttpServer,
    ServerConfigError | ServeError,
    Registry.Registry | State.StateStore
  >

/**
 * Starts the server with the built-in connectors and the state store (`stateUri`), prints where it
 * listens to stderr, and runs until interrupted.
 */
export const serve = (options: Options = {}) =>
  Effect.gen(function* () {
    const resolved = yield* resolveOptions(options)
    const env = options.env ?? process.env
    const state = options.stateUri ?? Environment.defaultStateUri(env)
    // Only for the banner; makeServer loads and checks the configuration itself.
    const webhooks = yield* Effect.orElseSucceed(Webhooks.load(options.webhooks ?? env[Webhooks.fileEnv], env), () => [])
    return yield* Layer.launch(
      makeServer(options).pipe(
        Layer.tap((context) =>
          Effect.sync(() => {
            const address = Context.get(context, HttpServer.HttpServer).address
            const port = address._tag === "TcpAddress" ? address.port : resolved.port
            const base = `http://${resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host}:${port}`
            const lines = [`hrtech-etl serving (mode ${resolved.mode}) on ${base}`]
            if (hasApi(resolved.mode)) lines.push(`  API docs:   ${base}/docs   (OpenAPI: ${base}/openapi.json)`)
            if (hasPlayground(resolved.mode)) lines.push(`  playground: ${base}/playground`)
            lines.push(`  data dir:   ${resolved.dataDir}`)
            if (webhooks.length > 0) {
              lines.push(`  webhooks:   POST ${base}${Webhooks.pathPrefix}{${webhooks.map((hook) => hook.connector).join(",")}}`)
            }
            if (Option.isSome(resolved.apiToken)) lines.push("  bearer token required on every route (webhooks: their signature instead)")
            process.stderr.write(`${lines.join("\n")}\n`)
          })
        ),
        Layer.provide(Environment.layer(state)),
        Layer.provide(Layer.succeed(ScaleEnvironment.StateUri, state))
      )
    )
  })
