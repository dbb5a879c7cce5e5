/**
 * The HTTP server of `hrtech-etl serve`: the API, its OpenAPI document and docs UI, and the
 * playground, on Node's HTTP server. `HRTECH_ETL_MODE` (`api` | `playground` | `both`) decides which
 * routes exist. Safety: it binds 127.0.0.1 unless told otherwise; any other address requires
 * `HRTECH_ETL_API_TOKEN`, after which every route checks `Authorization: Bearer <token>`. Every
 * request passes one gate (`Gate.ts`: canonical paths, Host, token, cross-site, body media type, size
 * and depth, concurrent runs); `file:`/`sqlite:` URIs stay inside `HRTECH_ETL_DATA_DIR`. Vendor webhooks
 * (`--webhooks` / `HRTECH_ETL_WEBHOOKS_FILE`) arrive on `POST /api/webhooks/{connector}`, authenticated
 * by their signature instead of the token.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import * as HttpApiSwagger from "@effect/platform/HttpApiSwagger"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { mkdirSync } from "node:fs"
import { createServer } from "node:http"
import { resolve } from "node:path"
import * as Environment from "../app/Environment.js"
import * as Builtin from "../connectors/builtin.js"
import * as ScaleEnvironment from "../scale/Environment.js"
import * as Outbound from "../core/Outbound.js"
import type * as Registry from "../core/Registry.js"
import type * as State from "../core/State.js"
import * as Api from "./Api.js"
import * as BackgroundRuns from "./BackgroundRuns.js"
import * as DecodeFailure from "./DecodeFailure.js"
import * as Errors from "./Errors.js"
import * as Gate from "./Gate.js"
import * as Playground from "./Playground.js"
import * as Safety from "./Safety.js"
import { Settings } from "./Settings.js"
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
  /** Finished background runs kept in memory. Default `$HRTECH_ETL_RUNS_KEPT`, else 200. */
  readonly maxRuns?: number | undefined
  /** Record errors kept per finished background run (the rest counted). Default `$HRTECH_ETL_RUN_ERRORS_KEPT`, else 20. */
  readonly maxRunErrors?: number | undefined
  /** Runs (synchronous or background) in progress at once; more are answered 503. Default `$HRTECH_ETL_MAX_CONCURRENT_RUNS`, else 4. */
  readonly maxConcurrentRuns?: number | undefined
  /** Deepest nesting of a JSON body. Default `$HRTECH_ETL_MAX_JSON_DEPTH`, else 64. */
  readonly maxJsonDepth?: number | undefined
  /** Origins allowed to send state-changing requests besides the server's own. Default `$HRTECH_ETL_ALLOWED_ORIGINS` (comma-separated). */
  readonly allowedOrigins?: ReadonlyArray<string> | undefined
  /** Host names served without a token besides the loopback ones. Default `$HRTECH_ETL_HOST_NAMES` (comma-separated). */
  readonly hostNames?: ReadonlyArray<string> | undefined
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
  readonly maxRunErrors: number
  readonly maxConcurrentRuns: number
  readonly maxJsonDepth: number
  /** Lowercase origins, without a trailing slash. */
  readonly allowedOrigins: ReadonlyArray<string>
  /** Lowercase Host names, without port. */
  readonly hostNames: ReadonlyArray<string>
  /** Hosts beyond the connectors' own that requests may send to (`HRTECH_ETL_ALLOWED_HOSTS`). */
  readonly allowedHosts: ReadonlyArray<string>
}

/** Options the server refuses to start with. */
export class ServerConfigError extends Schema.TaggedError<ServerConfigError>("hrtech-etl/ServerConfigError")("ServerConfigError", {
  field: Schema.String,
  reason: Schema.String
}) {
  readonly code = "server_config"
  readonly category = "input" as const
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
    return fail(
      "--host",
      `binding ${host} exposes the server beyond this machine: set HRTECH_ETL_API_TOKEN (every route then requires "Authorization: Bearer <token>"), or bind 127.0.0.1`
    )
  }
  const limit = (given: number | undefined, option: string, envName: string, fallback: number, min: number): Either.Either<number, ServerConfigError> => {
    const raw = env[envName]
    const value = given ?? (raw === undefined || raw.trim() === "" ? fallback : Number(raw))
    return Number.isSafeInteger(value) && value >= min
      ? Either.right(value)
      : Either.left(
          new ServerConfigError({
            field: given !== undefined ? option : envName,
            reason: `expected an integer of at least ${min}, got ${JSON.stringify(given ?? raw)}`
          })
        )
  }
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024
  if (!(maxBodyBytes > 0)) return fail("maxBodyBytes", "must be positive")
  const maxRuns = limit(options.maxRuns, "maxRuns", "HRTECH_ETL_RUNS_KEPT", 200, 1)
  if (Either.isLeft(maxRuns)) return Either.left(maxRuns.left)
  const maxRunErrors = limit(options.maxRunErrors, "maxRunErrors", "HRTECH_ETL_RUN_ERRORS_KEPT", 20, 0)
  if (Either.isLeft(maxRunErrors)) return Either.left(maxRunErrors.left)
  const maxConcurrentRuns = limit(options.maxConcurrentRuns, "maxConcurrentRuns", "HRTECH_ETL_MAX_CONCURRENT_RUNS", 4, 1)
  if (Either.isLeft(maxConcurrentRuns)) return Either.left(maxConcurrentRuns.left)
  const maxJsonDepth = limit(options.maxJsonDepth, "maxJsonDepth", "HRTECH_ETL_MAX_JSON_DEPTH", 64, 2)
  if (Either.isLeft(maxJsonDepth)) return Either.left(maxJsonDepth.left)
  const list = (given: ReadonlyArray<string> | undefined, envName: string) =>
    (given ?? (env[envName] ?? "").split(",")).map((x) => x.trim().toLowerCase().replace(/\/+$/, "")).filter((x) => x !== "")
  const allowedOrigins = list(options.allowedOrigins, "HRTECH_ETL_ALLOWED_ORIGINS")
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/?#]+$/.test(origin))
      return fail("HRTECH_ETL_ALLOWED_ORIGINS", `expected origins like https://etl.example.com, got ${JSON.stringify(origin)}`)
  }
  return Either.right({
    mode: mode as Mode,
    host,
    port,
    dataDir: resolve(options.dataDir ?? env.HRTECH_ETL_DATA_DIR ?? "data"),
    apiToken: Option.fromNullable(token),
    maxBodyBytes,
    maxRuns: maxRuns.right,
    maxRunErrors: maxRunErrors.right,
    maxConcurrentRuns: maxConcurrentRuns.right,
    maxJsonDepth: maxJsonDepth.right,
    allowedOrigins,
    hostNames: list(options.hostNames, "HRTECH_ETL_HOST_NAMES").map((name) => name.replace(/:\d+$/, "")),
    allowedHosts: Outbound.parseAllowedHosts(env[Outbound.allowedHostsEnv])
  })
}

const hasApi = (mode: Mode) => mode !== "playground"
const hasPlayground = (mode: Mode) => mode !== "api"

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
        const error = yield* DecodeFailure.badRequest(e, yield* Gate.bodySecrets)
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

const rootRoute = (mode: Mode) =>
  HttpApiBuilder.Router.use((router) =>
    router.get("/", Effect.succeed(HttpServerResponse.redirect(hasPlayground(mode) ? "/playground" : "/docs", { status: 302 })))
  )

/** The routes and handlers for a mode, needing the registry and the state store. */
export const appLayer = (resolved: Resolved): Layer.Layer<never, never, Registry.Registry | State.StateStore> => {
  const api = Api.layer.pipe(
    Layer.provide(BackgroundRuns.layer({ maxRuns: resolved.maxRuns, maxErrors: resolved.maxRunErrors })),
    Layer.provide(Layer.succeed(Settings, { dataDir: resolved.dataDir })),
    // Requests are not the operator: their addresses are held to the allow-list and the data directory.
    Layer.provide(Layer.succeed(Outbound.Policy, { trust: "request", allowedHosts: resolved.allowedHosts, dataDir: resolved.dataDir }))
  )
  const docs = hasApi(resolved.mode)
    ? Layer.mergeAll(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }), HttpApiSwagger.layer({ path: "/docs" }))
    : Layer.empty
  const playground = hasPlayground(resolved.mode)
    ? Playground.layer(Playground.config({ apiBase: resolved.mode === "playground" ? "/playground/api" : "/api", docs: hasApi(resolved.mode) }))
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
export const makeServer = (options: Options = {}): Layer.Layer<HttpServer.HttpServer, ServerConfigError | ServeError, Registry.Registry | State.StateStore> =>
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
      const webhooks =
        hooks.length > 0
          ? Webhooks.layer(hooks, options.webhookIntake ?? {}).pipe(
              Layer.mapError((e) => new ServerConfigError({ field: options.webhooks !== undefined ? "--webhooks" : Webhooks.fileEnv, reason: e.message }))
            )
          : Layer.empty
      const server = createServer()
      // On shutdown, close open connections (keep-alive sockets, event streams) instead of waiting
      // for clients to drop them; runs end with the scope anyway.
      const closeConnections = Layer.scopedDiscard(
        Effect.zipRight(
          HttpServer.HttpServer,
          Effect.addFinalizer(() => Effect.sync(() => server.closeAllConnections()))
        )
      )
      const webhookNames = new Set(hooks.map((hook) => hook.connector))
      return Layer.mergeAll(
        HttpApiBuilder.serve(
          Gate.middleware({
            hasApi: hasApi(resolved.mode),
            hasPlayground: hasPlayground(resolved.mode),
            modeName: resolved.mode,
            apiToken: resolved.apiToken,
            allowedHosts: resolved.hostNames,
            allowedOrigins: resolved.allowedOrigins,
            maxBodyBytes: resolved.maxBodyBytes,
            maxJsonDepth: resolved.maxJsonDepth,
            webhooks: webhookNames,
            runSlots: BackgroundRuns.makeSlots(resolved.maxConcurrentRuns)
          })
        ).pipe(Layer.provide(Layer.merge(appLayer(resolved), webhooks))),
        closeConnections
      ).pipe(Layer.provideMerge(NodeHttpServer.layer(() => server, { host: resolved.host, port: resolved.port })))
    })
  ) as Layer.Layer<HttpServer.HttpServer, ServerConfigError | ServeError, Registry.Registry | State.StateStore>

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
        Layer.provide(Layer.merge(Builtin.layer, Environment.layer(state))),
        Layer.provide(Layer.succeed(ScaleEnvironment.StateUri, state))
      )
    )
  })
