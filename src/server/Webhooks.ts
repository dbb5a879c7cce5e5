/**
 * Webhook intake: `POST /api/webhooks/{connector}` receives a vendor's delivery, verifies its
 * signature with the configured secret through the connector's `parseEvent` (on the raw body text, as
 * sent), keeps the delivery in the state store's inbox together with its event id (one transaction, so
 * a retried delivery is not pushed twice) before it answers 202, and pushes the event (events mode)
 * into the configured target in the background, on a fixed number of workers fed by a bounded queue
 * (503 with Retry-After when it is full). A delivery leaves the inbox only once processed: one
 * accepted before a crash or a shutdown is processed when the server starts again. Failed pushes go
 * to the failed-records store under the pipeline id `webhook:<connector>`.
 *
 * The route is a plain router route beside the HttpApi, so the body reaches the signature check
 * byte for byte (never decoded and re-serialised). It is authenticated by the vendor's signature, not
 * by the server's bearer token (vendors cannot send one): the server's guard lets POSTs to configured
 * connectors through.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import * as YAML from "yaml"
import type { PushRequest } from "../app/Requests.js"
import * as Runs from "../app/Runs.js"
import type * as Connector from "../core/Connector.js"
import { pathToField } from "../core/Decode.js"
import * as Formatter from "../core/Formatter.js"
import * as Registry from "../core/Registry.js"
import { Resource } from "../core/Resource.js"
import * as Scrub from "../core/Scrub.js"
import * as State from "../core/State.js"
import * as Unified from "../core/Unified.js"
import * as SignedWebhook from "../http/SignedWebhook.js"
import * as Errors from "./Errors.js"

/** The environment variable naming the webhook configuration file. */
export const fileEnv = "HRTECH_ETL_WEBHOOKS_FILE"

/** The route prefix; a connector's deliveries go to `<prefix><connector>`. */
export const pathPrefix = "/api/webhooks/"

/** A value read from an environment variable: `{ "env": "NAME" }`. */
export const EnvReference = Schema.Struct({ env: Schema.String.pipe(Schema.minLength(1)) }).annotations({ identifier: "EnvReference" })

/** A configuration value given inline or as an environment variable reference. */
const SecretInput = Schema.Union(Schema.String.pipe(Schema.minLength(1)), EnvReference)

/** An auth payload whose values may be environment variable references. */
const AuthInput = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** One connector's webhook configuration, as written in the file (snake_case keys). */
export const EntryInput = Schema.Struct({
  /** The webhook's signing secret (e.g. HrFlow's webhook key, Greenhouse's secret key, Lever's signature token). */
  secret: SecretInput,
  /** Where the events' records are pushed: a registered connector name or a storage URI. */
  target: Schema.String.pipe(Schema.minLength(1)),
  target_auth: Schema.optional(AuthInput),
  /** Auth of the connector itself, used to fetch the records the events name. */
  origin_auth: Schema.optional(AuthInput),
  /** The resources whose events are pushed (default both); other deliveries are acknowledged and ignored. */
  resources: Schema.optional(Schema.NonEmptyArray(Resource)),
  mapping: Schema.optional(State.Mapping),
  formatter_id: Schema.optional(Schema.String)
}).annotations({ identifier: "WebhookEntry" })
/** @see EntryInput */
export type EntryInput = typeof EntryInput.Encoded

/** The whole configuration: connector name → its webhook entry. */
export const ConfigInput = Schema.Record({ key: Schema.String, value: EntryInput }).annotations({ identifier: "WebhookConfig" })
/** @see ConfigInput */
export type ConfigInput = typeof ConfigInput.Encoded

/** One connector's webhook configuration with its references resolved. */
export interface Hook {
  readonly connector: string
  readonly secret: Redacted.Redacted<string>
  readonly target: string
  readonly targetAuth: Readonly<Record<string, unknown>>
  readonly originAuth: Readonly<Record<string, unknown>>
  readonly resources: ReadonlyArray<Resource>
  readonly mapping?: State.Mapping
  readonly formatterId?: string
}

/** A webhook configuration the server refuses to start with; `field` names the key (`hrflow.secret`). */
export class WebhookConfigError extends Schema.TaggedError<WebhookConfigError>("hrtech-etl/WebhookConfigError")("WebhookConfigError", {
  field: Schema.String,
  reason: Schema.String
}) {
  readonly code = "webhook_config"
  readonly category = "input" as const
  override get message(): string {
    return `webhooks: ${this.field}: ${this.reason}`
  }
}

type Env = Readonly<Record<string, string | undefined>>

const isEnvReference = (value: unknown): value is { readonly env: string } =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  typeof (value as { env?: unknown }).env === "string"

/** The value of an env reference, or the value itself. */
const dereference = (value: unknown, field: string, env: Env): Either.Either<unknown, WebhookConfigError> => {
  if (!isEnvReference(value)) return Either.right(value)
  const found = env[value.env]
  return found === undefined || found === ""
    ? Either.left(new WebhookConfigError({ field, reason: `environment variable ${value.env} is not set` }))
    : Either.right(found)
}

const dereferenceAuth = (auth: Readonly<Record<string, unknown>> | undefined, field: string, env: Env) =>
  Either.gen(function* () {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(auth ?? {})) out[key] = yield* dereference(value, `${field}.${key}`, env)
    return out
  })

/** Decode issues under a secret or an auth payload are reported without the offending value. */
const isSensitive = (path: ReadonlyArray<PropertyKey>) => path.length >= 2 && (path[1] === "secret" || String(path[1]).endsWith("_auth"))

/**
 * Decodes a configuration (an object of connector name → entry; unknown keys rejected) and resolves
 * its `{ "env": "NAME" }` references from `env`. Errors name the key, never a secret's value.
 */
export const parseConfig = (input: unknown, env: Env = process.env): Either.Either<ReadonlyArray<Hook>, WebhookConfigError> =>
  Either.gen(function* () {
    const decoded = Schema.decodeUnknownEither(ConfigInput, { errors: "first", onExcessProperty: "error" })(input)
    if (Either.isLeft(decoded)) {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
      const path = issue?.path ?? []
      const reason =
        issue === undefined
          ? "invalid configuration"
          : issue._tag === "Unexpected"
            ? "unknown key"
            : isSensitive(path)
              ? path[1] === "secret"
                ? 'expected a non-empty string or { "env": "NAME" }'
                : "expected an object of auth values"
              : issue.message
      return yield* Either.left(new WebhookConfigError({ field: pathToField(path) ?? "(root)", reason }))
    }
    const hooks: Array<Hook> = []
    for (const [connector, entry] of Object.entries(decoded.right)) {
      if (entry.mapping !== undefined && entry.formatter_id !== undefined) {
        return yield* Either.left(new WebhookConfigError({ field: `${connector}.formatter_id`, reason: "give either formatter_id or mapping, not both" }))
      }
      const secret = yield* dereference(entry.secret, `${connector}.secret`, env)
      hooks.push({
        connector,
        secret: Redacted.make(String(secret)),
        target: entry.target,
        targetAuth: yield* dereferenceAuth(entry.target_auth, `${connector}.target_auth`, env),
        originAuth: yield* dereferenceAuth(entry.origin_auth, `${connector}.origin_auth`, env),
        resources: entry.resources ?? ["job", "profile"],
        ...(entry.mapping !== undefined ? { mapping: entry.mapping } : {}),
        ...(entry.formatter_id !== undefined ? { formatterId: entry.formatter_id } : {})
      })
    }
    return hooks
  })

/** Reads a configuration file: JSON, or YAML for `.yaml` / `.yml` names. */
export const loadFile = (path: string, env: Env = process.env): Effect.Effect<ReadonlyArray<Hook>, WebhookConfigError> =>
  Effect.gen(function* () {
    const fail = (reason: string) => new WebhookConfigError({ field: path, reason })
    const text = yield* Effect.tryPromise({ try: () => readFile(path, "utf8"), catch: (e) => fail(`cannot read: ${(e as Error).message}`) })
    const yaml = /\.ya?ml$/i.test(path)
    const parsed = yield* Effect.try({
      try: () => (yaml ? YAML.parse(text) : JSON.parse(text)) as unknown,
      // Parser messages quote the text around the error, which may be a secret: say where, not what.
      catch: () => fail(`malformed ${yaml ? "YAML" : "JSON"}`)
    })
    return yield* parseConfig(parsed, env)
  })

/** The configuration from a file path or an object; nothing configured when `source` is undefined. */
export const load = (source: string | ConfigInput | undefined, env: Env = process.env): Effect.Effect<ReadonlyArray<Hook>, WebhookConfigError> =>
  source === undefined ? Effect.succeed([]) : typeof source === "string" ? loadFile(source, env) : parseConfig(source, env)

/** The connector named by a webhook path (`/api/webhooks/<name>`), if it is one. */
export const connectorOfPath = (path: string): string | undefined => {
  if (!path.startsWith(pathPrefix)) return undefined
  const rest = path.slice(pathPrefix.length)
  if (rest === "" || rest.includes("/")) return undefined
  try {
    return decodeURIComponent(rest)
  } catch {
    return undefined
  }
}

/** Tuning of the intake. */
export interface IntakeOptions {
  /** Deliveries processed at the same time (default 4). Events of one record always go to the same worker, in order. */
  readonly workers?: number
  /** Deliveries accepted but not yet processed, beyond which the intake answers 503 (default 1000). */
  readonly capacity?: number
  /** The Retry-After of a 503 (default 5 seconds). */
  readonly retryAfterSeconds?: number
  /** On shutdown, how long to let accepted deliveries finish (default 10 seconds); the rest stay in the inbox for the next start. */
  readonly drainTimeout?: Duration.DurationInput
  /**
   * How long remembered event ids and failed records are kept (default `HRTECH_ETL_RETENTION_DAYS`
   * days, else 30); pruned at start and hourly. A vendor retrying a delivery after this is no longer
   * recognised as a duplicate, so keep it above the longest retry window of the vendors configured.
   */
  readonly retention?: Duration.DurationInput
  /**
   * How far a vendor-signed timestamp (Lever's `triggeredAt`) may be from this server's clock, either
   * way (default `HRTECH_ETL_WEBHOOK_TOLERANCE_SECONDS` seconds, else 5 minutes).
   */
  readonly signedTimeTolerance?: Duration.DurationInput
}

/** The environment variable of the default retention, in days. */
export const retentionEnv = "HRTECH_ETL_RETENTION_DAYS"

const defaultTolerance = (): Duration.Duration => {
  const seconds = Number(process.env[SignedWebhook.toleranceEnv])
  return Number.isFinite(seconds) && seconds > 0 ? Duration.seconds(seconds) : SignedWebhook.defaultTolerance
}

const defaultRetention = (): Duration.Duration => {
  const days = Number(process.env[retentionEnv])
  return Duration.days(Number.isFinite(days) && days > 0 ? days : 30)
}

/** Headers never kept with a stored delivery. */
const credentialHeaders: ReadonlySet<string> = new Set(["authorization", "cookie", "proxy-authorization"])

/** The headers of a delivery as stored in the inbox: lower-case names, no credentials. */
export const storableHeaders = (headers: Connector.WebhookDelivery["headers"]): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase()
    if (value !== undefined && !credentialHeaders.has(key)) out[key] = value
  }
  return out
}

/** The answer to a delivery. */
export interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** Counters of the intake since the server started. */
export interface Counters {
  readonly accepted: number
  readonly duplicates: number
  readonly ignored: number
  readonly rejected: number
  readonly busy: number
  readonly processed: number
  readonly failed: number
  /** Accepted deliveries not processed yet. */
  readonly pending: number
}

/** The intake service. */
export interface Intake {
  /** The configured connectors. */
  readonly connectors: ReadonlyArray<string>
  /** Whether a connector has a webhook configured. */
  readonly isConfigured: (connector: string) => boolean
  /** Verifies, deduplicates and queues one delivery; never fails (errors are replies). */
  readonly receive: (connector: string, delivery: Connector.WebhookDelivery) => Effect.Effect<Reply>
  readonly counters: Effect.Effect<Counters>
}

/** The pipeline id failures of a connector's webhook pushes are recorded under. */
export const pipelineIdOf = (connector: string): string => `webhook:${connector}`

/**
 * The id a delivery is deduplicated on: the vendor's event id, else a digest of the raw body. Parsers
 * take the event id only from what the signature covers, so a replay with another id is still a
 * duplicate and a forged id cannot pass for a real delivery's.
 */
export const eventIdOf = (event: Unified.UnifiedEvent, body: string): string =>
  event.event_id !== undefined && event.event_id !== "" ? event.event_id : `sha256:${createHash("sha256").update(body, "utf8").digest("hex")}`

const decodeStoredEvent = Schema.decodeUnknownEither(Unified.UnifiedEvent)

/** An accepted delivery waiting for a worker. */
interface Job {
  readonly hook: Hook
  readonly event: Unified.UnifiedEvent
  readonly eventId: string
}

interface Prepared {
  readonly hook: Hook
  readonly parseEvent: NonNullable<Connector.Connector["parseEvent"]>
  /** Values to scrub from anything a caller or a log sees. */
  readonly secrets: ReadonlyArray<string>
}

const problem = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: { code, message } },
  ...(headers ? { headers } : {})
})

/** A stable small number from a string, to send each record's events to one worker. */
const shardOf = (key: string, shards: number): number => {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0
  return Math.abs(h) % shards
}

/** Checks each hook against the registry (connector with a webhook parser, target, mapping, formatter) and builds its connector. */
const prepare = (hooks: ReadonlyArray<Hook>) =>
  Effect.gen(function* () {
    const registry = yield* Registry.Registry
    const store = yield* State.StateStore
    const prepared = new Map<string, Prepared>()
    for (const hook of hooks) {
      const fail = (key: string, reason: string) => new WebhookConfigError({ field: key === "" ? hook.connector : `${hook.connector}.${key}`, reason })
      const secrets = [...Errors.secretsOf(hook.originAuth, hook.targetAuth), Redacted.value(hook.secret)]
      const clean = (text: string) => Scrub.message(text, secrets)
      yield* registry.get(hook.connector).pipe(Effect.mapError((e) => fail("", clean(e.message))))
      const connector = yield* registry.resolve(hook.connector, hook.originAuth).pipe(Effect.mapError((e) => fail("origin_auth", clean(e.message))))
      if (connector.parseEvent === undefined) {
        return yield* fail("", `${connector.label} deliveries cannot be parsed: the connector has no webhook support`)
      }
      const originSchemas = connector.schemas
      const targetSchemas = yield* registry.schemas(hook.target).pipe(Effect.mapError((e) => fail("target", clean(e.message))))
      if (hook.mapping !== undefined) {
        for (const resource of hook.resources) {
          yield* Either.mapLeft(Formatter.validateMapping(hook.mapping, originSchemas[resource], targetSchemas[resource]), (e) =>
            fail("mapping", clean(`${resource}: ${e.message}`))
          )
        }
      }
      if (hook.formatterId !== undefined) {
        const saved = yield* store.getFormatter(hook.formatterId).pipe(Effect.mapError((e) => fail("formatter_id", e.message)))
        if (Option.isNone(saved)) return yield* fail("formatter_id", `no saved formatter "${hook.formatterId}"`)
      }
      prepared.set(hook.connector, { hook, parseEvent: connector.parseEvent, secrets })
    }
    return prepared
  })

/**
 * Builds the intake for the hooks: checks them (failing with WebhookConfigError), then starts the
 * workers for the scope. Closing the scope lets accepted deliveries finish (up to `drainTimeout`)
 * and records the unfinished ones as failed.
 */
export const make = (
  hooks: ReadonlyArray<Hook>,
  options: IntakeOptions = {}
): Effect.Effect<Intake, WebhookConfigError, Registry.Registry | State.StateStore | Scope.Scope> =>
  Effect.gen(function* () {
    const prepared = yield* prepare(hooks)
    const store = yield* State.StateStore
    const context = yield* Effect.context<Registry.Registry | State.StateStore>()
    const workers = Math.max(1, Math.floor(options.workers ?? 4))
    const capacity = Math.max(1, Math.floor(options.capacity ?? 1000))
    const retryAfter = String(Math.max(1, Math.ceil(options.retryAfterSeconds ?? 5)))
    const queues = yield* Effect.forEach(Array.from({ length: workers }), () => Queue.unbounded<Job>())
    // Accepted and not yet finished; admission reserves a place here first, so the queues stay bounded.
    const outstanding = new Set<Job>()
    let reserved = 0
    const counters = yield* Ref.make<Omit<Counters, "pending">>({
      accepted: 0,
      duplicates: 0,
      ignored: 0,
      rejected: 0,
      busy: 0,
      processed: 0,
      failed: 0
    })
    const count = (key: keyof Omit<Counters, "pending">) => Ref.update(counters, (c) => ({ ...c, [key]: c[key] + 1 }))

    const recordFailure = (job: Job, stage: "fetch" | "event", message: string) =>
      store
        .recordFailures([{ pipeline_id: pipelineIdOf(job.hook.connector), record_id: job.event.resource_id, stage, message, payload: job.event }])
        .pipe(Effect.catchAll((e) => Effect.logError(`webhook ${job.hook.connector}: cannot record a failed delivery: ${e.message}`)))

    const process = (job: Job) =>
      Effect.gen(function* () {
        const { hook, event } = job
        const secrets = prepared.get(hook.connector)!.secrets
        const request: PushRequest = {
          mode: "events",
          resource: event.resource,
          events: [event],
          origin: hook.connector,
          target: hook.target,
          origin_auth: hook.originAuth,
          target_auth: hook.targetAuth,
          ...(hook.mapping !== undefined ? { mapping: hook.mapping } : {}),
          ...(hook.formatterId !== undefined ? { formatter_id: hook.formatterId } : {})
        }
        // Record-level failures of the push land under this webhook's pipeline id.
        const relabelled: State.StateStoreService = {
          ...store,
          recordFailures: (failures) => store.recordFailures(failures.map((f) => ({ ...f, pipeline_id: pipelineIdOf(hook.connector) })))
        }
        const result = yield* Runs.push(request).pipe(Effect.scoped, Effect.provideService(State.StateStore, relabelled), Effect.either)
        if (Either.isLeft(result)) {
          const error = result.left
          const fromOrigin = "connector" in error && error.connector === hook.connector
          const message = Scrub.message(error.message, secrets)
          yield* count("failed")
          yield* Effect.logWarning(`webhook ${hook.connector}: event ${job.eventId} (${event.resource} ${event.resource_id}) failed: ${message}`)
          return yield* recordFailure(job, fromOrigin ? "fetch" : "event", message)
        }
        yield* count(result.right.errors.length > 0 ? "failed" : "processed")
        yield* Effect.logDebug(
          `webhook ${hook.connector}: event ${job.eventId} pushed ${result.right.total_resources_pushed}, archived ${result.right.total_archived}, errors ${result.right.errors.length}`
        )
      }).pipe(
        Effect.catchAllCause((cause) =>
          Effect.zipRight(count("failed"), recordFailure(job, "event", "internal error while processing the delivery (see the server log)")).pipe(
            Effect.zipRight(Effect.logError(`webhook ${job.hook.connector}: event ${job.eventId} crashed`, cause))
          )
        ),
        Effect.provide(context)
      )

    // Processed (pushed, or its failure recorded): out of the inbox. A store error leaves it there, to be
    // processed again at the next start rather than lost.
    const complete = (job: Job) =>
      store
        .completeDelivery(job.hook.connector, job.eventId)
        .pipe(Effect.catchAll((e) => Effect.logError(`webhook ${job.hook.connector}: event ${job.eventId} stays in the inbox: ${e.message}`)))

    const release = (job: Job) =>
      Effect.sync(() => {
        outstanding.delete(job)
        reserved--
      })

    const workerFibers = yield* Effect.forEach(queues, (queue) =>
      Queue.take(queue).pipe(
        // Interrupted at shutdown: the delivery stays outstanding and is recorded as failed below.
        Effect.flatMap((job) =>
          process(job).pipe(Effect.onExit((exit) => (Exit.isInterrupted(exit) ? Effect.void : Effect.zipRight(complete(job), release(job)))))
        ),
        Effect.forever,
        Effect.forkScoped
      )
    )
    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        // Finalizers run uninterruptibly: the wait must be interruptible for the timeout to end it.
        yield* Effect.sleep("20 millis").pipe(
          Effect.repeat({ until: () => outstanding.size === 0 }),
          Effect.interruptible,
          Effect.timeoutOption(options.drainTimeout ?? Duration.seconds(10))
        )
        yield* Fiber.interruptAll(workerFibers)
        if (outstanding.size > 0) {
          yield* Effect.logWarning(`webhooks: ${outstanding.size} accepted deliveries stay in the inbox and are processed at the next start`)
        }
      })
    )

    const enqueue = (job: Job) =>
      Effect.suspend(() => {
        outstanding.add(job)
        return Queue.offer(queues[shardOf(`${job.hook.connector}/${job.event.resource}/${job.event.resource_id}`, workers)]!, job)
      })

    // Deliveries accepted before the last stop (or crash) and never processed: queued first, in the
    // order received. They count against the capacity like any accepted delivery.
    for (const { hook } of prepared.values()) {
      const pending = yield* store
        .pendingDeliveries(hook.connector, Number.MAX_SAFE_INTEGER)
        .pipe(
          Effect.catchAll((e) =>
            Effect.as(Effect.logError(`webhook ${hook.connector}: cannot read the inbox: ${e.message}`), [] as ReadonlyArray<State.PendingDelivery>)
          )
        )
      for (const stored of pending) {
        const event = decodeStoredEvent(stored.event)
        if (Either.isLeft(event)) {
          // Unreadable (written by an incompatible version): kept as a failure with its raw body, not dropped.
          const recorded = yield* Effect.either(
            store.recordFailures([
              {
                pipeline_id: pipelineIdOf(hook.connector),
                stage: "event",
                message: `stored delivery ${stored.event_id} cannot be read: ${event.left.message}`,
                payload: { body: stored.body, headers: stored.headers }
              }
            ])
          )
          if (Either.isRight(recorded)) yield* store.completeDelivery(hook.connector, stored.event_id).pipe(Effect.ignore)
          continue
        }
        reserved++
        yield* enqueue({ hook, event: event.right, eventId: stored.event_id })
      }
      if (pending.length > 0) yield* Effect.logInfo(`webhook ${hook.connector}: ${pending.length} deliveries from the inbox queued again`)
    }

    const retention = Duration.toMillis(options.retention === undefined ? defaultRetention() : Duration.decode(options.retention))
    const tolerance = options.signedTimeTolerance === undefined ? defaultTolerance() : Duration.decode(options.signedTimeTolerance)
    yield* Clock.currentTimeMillis.pipe(
      Effect.flatMap((now) => store.prune(new Date(now - retention).toISOString())),
      Effect.tap(({ events, failures }) =>
        events + failures > 0 ? Effect.logInfo(`webhooks: pruned ${events} remembered event ids and ${failures} failed records`) : Effect.void
      ),
      Effect.catchAll((e) => Effect.logWarning(`webhooks: pruning failed: ${e.message}`)),
      Effect.repeat(Schedule.spaced("1 hour")),
      Effect.forkScoped
    )

    const receive = (name: string, delivery: Connector.WebhookDelivery): Effect.Effect<Reply> =>
      Effect.gen(function* () {
        const entry = prepared.get(name)
        if (entry === undefined) return problem(404, "not_found", `no webhook is configured for connector "${name}"`)
        const { hook, parseEvent, secrets } = entry
        let event: Unified.UnifiedEvent | undefined
        for (const resource of hook.resources) {
          const parsed = yield* Effect.either(
            parseEvent(resource, delivery, Redacted.value(hook.secret)).pipe(Effect.provideService(SignedWebhook.Tolerance, tolerance))
          )
          if (Either.isLeft(parsed)) {
            yield* count("rejected")
            const message = Scrub.message(parsed.left.message, secrets)
            // Signed but unreadable is the sender's bug (400); a missing or wrong signature, or a stale signed time, is 401.
            const status = Errors.statusOfCategory[parsed.left.category]
            const code = parsed.left.kind === "payload" ? "invalid_delivery" : parsed.left.kind === "stale" ? "stale_delivery" : "invalid_signature"
            return problem(status, code, message)
          }
          if (Option.isSome(parsed.right)) {
            event = parsed.right.value
            break
          }
        }
        if (event === undefined) {
          yield* count("ignored")
          return { status: 200, body: { status: "ignored", reason: `not a ${hook.resources.join(" or ")} change` } }
        }
        const eventId = eventIdOf(event, delivery.body)
        const busy = () =>
          Effect.as(count("busy"), problem(503, "busy", `too many deliveries waiting (${capacity}); retry later`, { "retry-after": retryAfter }))
        if (reserved >= capacity) return yield* busy()
        const job: Job = { hook, event, eventId }
        // From the reservation to the queue in one piece: an accepted delivery is always queued (and
        // already in the inbox, should the process die before a worker takes it).
        return yield* Effect.uninterruptible(
          Effect.gen(function* () {
            reserved++
            const first = yield* Effect.either(
              store.acceptDelivery(hook.connector, eventId, { event, body: delivery.body, headers: storableHeaders(delivery.headers) })
            )
            if (Either.isLeft(first)) {
              reserved--
              yield* Effect.logError(`webhook ${name}: state store unavailable: ${first.left.message}`)
              return problem(503, "state_unavailable", "the state store is unavailable; retry later", { "retry-after": retryAfter })
            }
            if (!first.right) {
              reserved--
              yield* count("duplicates")
              return { status: 200, body: { status: "duplicate", event_id: eventId } } satisfies Reply
            }
            yield* enqueue(job)
            yield* count("accepted")
            return { status: 202, body: { status: "accepted", event_id: eventId } } satisfies Reply
          })
        )
      })

    const names = [...prepared.keys()]
    return {
      connectors: names,
      isConfigured: (name) => prepared.has(name),
      receive,
      counters: Effect.map(Ref.get(counters), (c) => ({ ...c, pending: outstanding.size }))
    } satisfies Intake
  })

const toResponse = (reply: Reply) => HttpServerResponse.unsafeJson(reply.body, { status: reply.status, ...(reply.headers ? { headers: reply.headers } : {}) })

/** The routes: `POST /api/webhooks/:connector` (deliveries) and `GET /api/webhooks` (configured connectors, counters). */
export const routes = (intake: Intake) =>
  HttpApiBuilder.Router.use((router) =>
    Effect.all([
      router.post(
        "/api/webhooks/:connector",
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const { connector } = yield* HttpRouter.params
          // The guard already read (and size-limited) the body; this is its text exactly as sent.
          const body = yield* Effect.orElseSucceed(request.text, () => "")
          const headers: Record<string, string> = { ...request.headers }
          return toResponse(yield* intake.receive(connector ?? "", { body, headers }))
        })
      ),
      router.get(
        "/api/webhooks",
        Effect.map(intake.counters, (counters) => HttpServerResponse.unsafeJson({ connectors: intake.connectors, ...counters }))
      )
    ])
  )

/** The intake and its routes for the server's lifetime; fails with WebhookConfigError on a bad configuration. */
export const layer = (hooks: ReadonlyArray<Hook>, options: IntakeOptions = {}): Layer.Layer<never, WebhookConfigError, Registry.Registry | State.StateStore> =>
  Layer.unwrapScoped(Effect.map(make(hooks, options), routes))

/** OpenAPI path items of the routes (they live beside the HttpApi, so they are added to its document by hand). */
export const openApiPaths = {
  [`${pathPrefix}{connector}`]: {
    post: {
      tags: ["webhooks"],
      operationId: "webhooks.receive",
      summary: "Receive a vendor's webhook delivery (configured with --webhooks / HRTECH_ETL_WEBHOOKS_FILE)",
      description:
        "The raw body is verified with the connector's signature scheme and the configured secret, deduplicated on the vendor's " +
        "event id (else a digest of the body), and pushed in the background (events mode) into the configured target. " +
        "Authenticated by the signature, not by the bearer token.",
      parameters: [{ name: "connector", in: "path", required: true, schema: { type: "string" } }],
      requestBody: { required: true, content: { "application/json": { schema: {} } } },
      responses: {
        "200": { description: '`{ status: "duplicate", event_id }` (already received) or `{ status: "ignored", reason }` (not a record change)' },
        "202": {
          description: '`{ status: "accepted", event_id }`: kept in the state store\'s inbox and queued for the push (processed after a restart if need be)'
        },
        "400": { description: "Signed but malformed delivery", content: { "application/json": { schema: { $ref: "#/components/schemas/BadRequest" } } } },
        "401": { description: "Missing or wrong signature", content: { "application/json": { schema: { $ref: "#/components/schemas/Unauthorized" } } } },
        "404": {
          description: "No webhook configured for this connector",
          content: { "application/json": { schema: { $ref: "#/components/schemas/NotFound" } } }
        },
        "503": {
          description: "Queue full or state store unavailable; retry after `Retry-After` seconds",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Unavailable" } } }
        }
      }
    }
  },
  "/api/webhooks": {
    get: {
      tags: ["webhooks"],
      operationId: "webhooks.status",
      summary: "Configured webhook connectors and intake counters (accepted, duplicates, ignored, rejected, busy, processed, failed, pending)",
      responses: { "200": { description: "`{ connectors, accepted, duplicates, ignored, rejected, busy, processed, failed, pending }`" } }
    }
  }
} as const
