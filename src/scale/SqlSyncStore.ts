/**
 * The SQL implementation of `SyncStore`, in the state database (PostgreSQL for a cluster of workers;
 * SQLite for one local worker). Tables are prefixed `hrtech_sync_` and created by numbered
 * migrations. Auth payloads are stored with the definition (workers need them), encrypted with
 * `HRTECH_ETL_SECRET_KEY` (`core/SecretBox`), as is an origin or target URI holding a password; they
 * only ever leave this module decrypted inside `StoredSync` (`get`, for workers). Listings and the
 * scheduler read `SyncRecord`s: the names of the auth keys, URIs in their shown form. A definition
 * stored in clear by an earlier version still reads, and is encrypted when it is next saved (or by `rekey`).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { AuthPayload } from "../app/Requests.js"
import * as SecretBox from "../core/SecretBox.js"
import * as Uri from "../core/Uri.js"
import * as State from "../core/State.js"
import * as Client from "../sql/Client.js"
import * as Dialect from "../sql/Dialect.js"
import * as Migrations from "../sql/Migrations.js"
import * as Definition from "./Definition.js"
import { SyncExists, SyncSecretUnreadable, SyncStore, type SyncStoreService } from "./SyncStore.js"

/** Options of the store. */
export interface Options {
  /** Table name prefix (default `hrtech_sync_`). */
  readonly tablePrefix?: string
  /** The keys that encrypt and decrypt auth payloads (default: from `HRTECH_ETL_SECRET_KEY`, read when the store is made). */
  readonly keys?: SecretBox.Keys
}

/** The default table prefix. */
export const defaultTablePrefix = "hrtech_sync_"

const tableNames = (prefix: string) => ({
  definitions: `${prefix}definitions`,
  runs: `${prefix}runs`,
  attempts: `${prefix}attempts`,
  limits: `${prefix}limits`,
  migrations: `${prefix}migrations`
})

const q = Dialect.quote

const createTables = (dialect: Dialect.Dialect, prefix: string): ReadonlyArray<string> => {
  const t = tableNames(prefix)
  const key = Dialect.textType(dialect)
  return [
    `CREATE TABLE ${q(t.definitions)} (${q("name")} ${key} PRIMARY KEY, ${q("tenant")} ${key} NOT NULL, ${q("concurrency_class")} ${key} NOT NULL, ` +
      `${q("enabled")} INTEGER NOT NULL, ${q("next_due_at")} ${key}, ${q("run_requested_at")} ${key}, ${q("spec")} TEXT NOT NULL, ` +
      `${q("created_at")} TEXT NOT NULL, ${q("updated_at")} TEXT NOT NULL)`,
    `CREATE INDEX ${q(`${t.definitions}_due`)} ON ${q(t.definitions)} (${q("next_due_at")})`,
    `CREATE INDEX ${q(`${t.definitions}_tenant`)} ON ${q(t.definitions)} (${q("tenant")}, ${q("name")})`,
    `CREATE TABLE ${q(t.runs)} (${q("run_id")} ${key} PRIMARY KEY, ${q("sync")} ${key} NOT NULL, ${q("tenant")} ${key} NOT NULL, ` +
      `${q("trigger")} TEXT NOT NULL, ${q("status")} ${key} NOT NULL, ${q("concurrency_class")} ${key} NOT NULL, ${q("lane")} ${key} NOT NULL, ` +
      `${q("attempts")} INTEGER NOT NULL, ${q("worker")} TEXT, ${q("queued_at")} ${key} NOT NULL, ${q("started_at")} TEXT, ${q("finished_at")} TEXT, ` +
      `${q("heartbeat_at")} TEXT, ${q("counters")} TEXT NOT NULL, ${q("cursor")} TEXT, ${q("error")} TEXT)`,
    `CREATE INDEX ${q(`${t.runs}_sync`)} ON ${q(t.runs)} (${q("sync")}, ${q("queued_at")})`,
    `CREATE INDEX ${q(`${t.runs}_active`)} ON ${q(t.runs)} (${q("status")}, ${q("concurrency_class")})`,
    `CREATE TABLE ${q(t.attempts)} (${q("run_id")} ${key} NOT NULL, ${q("attempt")} INTEGER NOT NULL, ${q("sync")} ${key} NOT NULL, ` +
      `${q("worker")} TEXT NOT NULL, ${q("started_at")} TEXT NOT NULL, ${q("finished_at")} TEXT, ${q("status")} TEXT, PRIMARY KEY (${q("run_id")}, ${q("attempt")}))`,
    `CREATE INDEX ${q(`${t.attempts}_sync`)} ON ${q(t.attempts)} (${q("sync")}, ${q("started_at")})`,
    `CREATE TABLE ${q(t.limits)} (${q("concurrency_class")} ${key} PRIMARY KEY, ${q("max_concurrent")} INTEGER NOT NULL)`
  ]
}

interface DefinitionRow {
  readonly name: string
  readonly concurrency_class: string
  readonly enabled: number | boolean
  readonly next_due_at: string | null
  readonly run_requested_at: string | null
  readonly spec: string
  readonly created_at: string
  readonly updated_at: string
}

interface RunRow {
  readonly run_id: string
  readonly sync: string
  readonly tenant: string
  readonly trigger: string
  readonly status: string
  readonly lane: string
  readonly attempts: number | string
  readonly worker: string | null
  readonly queued_at: string
  readonly started_at: string | null
  readonly finished_at: string | null
  readonly heartbeat_at: string | null
  readonly counters: string
  readonly cursor: string | null
  readonly error: string | null
}

const decodeInput = Schema.decodeUnknownEither(Definition.SyncInput)
const encodeInput = Schema.encodeEither(Definition.SyncInput)
const decodeAuth = Schema.decodeUnknownEither(AuthPayload)

type AuthField = "origin_auth" | "target_auth"
type UriField = "origin" | "target"

// The sync and field a sealed value belongs to: copied to another row or field, it does not open.
const contextOf = (name: string, field: AuthField | UriField) => `hrtech_sync/${name}/${field}`

/**
 * The `spec` column: the definition's JSON with each non-empty auth payload replaced by its sealed
 * JSON text (`enc:v1:...`) and the names of its keys beside it (`origin_auth_keys`), for listings; a
 * URI holding a password is kept in its shown form, the whole URI sealed beside it (`origin_sealed`).
 */
const sealSpec = (input: Definition.SyncInput, keys: SecretBox.Keys): Either.Either<string, SecretBox.SecretKeyMissing | State.StateError> =>
  Either.gen(function* () {
    const { origin_auth, target_auth, ...rest } = input
    const encoded = yield* Either.mapLeft(encodeInput(rest), (e) => new State.StateError({ operation: "put", reason: e.message }))
    const spec: Record<string, unknown> = { ...encoded }
    for (const [field, auth] of [
      ["origin_auth", origin_auth],
      ["target_auth", target_auth]
    ] as const) {
      if (auth === undefined) continue
      const names = Object.keys(auth).sort()
      spec[`${field}_keys`] = names
      if (names.length === 0) {
        spec[field] = {}
        continue
      }
      const key = yield* SecretBox.sealingKey(keys, field)
      spec[field] = SecretBox.seal(key, JSON.stringify(auth), contextOf(input.name, field))
    }
    for (const field of ["origin", "target"] as const) {
      const shown = Uri.display(input[field])
      if (shown === input[field]) continue
      const key = yield* SecretBox.sealingKey(keys, field)
      spec[field] = shown
      spec[`${field}_sealed`] = SecretBox.seal(key, input[field], contextOf(input.name, field))
    }
    return JSON.stringify(spec)
  })

/**
 * A `spec` column read: the definition without auth (URIs as shown), the stored auth values (sealed,
 * or clear from an earlier version), their key names, and the sealed URIs.
 */
interface ParsedSpec {
  readonly input: Omit<Definition.SyncInput, AuthField>
  readonly auth: Readonly<Record<AuthField, unknown>>
  readonly keyNames: Readonly<Record<AuthField, ReadonlyArray<string>>>
  readonly uris: Readonly<Record<UriField, unknown>>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const parseSpec = (name: string, text: string): Either.Either<ParsedSpec, State.StateError> => {
  const invalid = (reason: string) => new State.StateError({ operation: "read", reason: `stored sync ${name} is invalid: ${reason}` })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return Either.left(invalid("its definition is not JSON"))
  }
  if (!isObject(json)) return Either.left(invalid("its definition is not an object"))
  const { origin_auth, target_auth, origin_auth_keys, target_auth_keys, origin_sealed, target_sealed, ...rest } = json
  const namesOf = (auth: unknown, names: unknown): ReadonlyArray<string> =>
    Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : isObject(auth) ? Object.keys(auth).sort() : []
  return Either.map(
    Either.mapLeft(decodeInput(rest), (e) => invalid(e.message)),
    (input) => ({
      input,
      auth: { origin_auth, target_auth },
      keyNames: { origin_auth: namesOf(origin_auth, origin_auth_keys), target_auth: namesOf(target_auth, target_auth_keys) },
      uris: { origin: origin_sealed, target: target_sealed }
    })
  )
}

/** Opens a sealed URI; none stored means the shown one is the whole URI. */
const openUri = (keys: SecretBox.Keys, name: string, field: UriField, stored: unknown): Either.Either<string | undefined, SyncSecretUnreadable> =>
  stored === undefined
    ? Either.right(undefined)
    : Either.mapLeft(
        SecretBox.open(keys, typeof stored === "string" ? stored : "", contextOf(name, field)),
        (e) => new SyncSecretUnreadable({ name, field, reason: e.reason })
      )

/** Opens one stored auth value: sealed, or a clear object written by an earlier version. */
const openAuth = (keys: SecretBox.Keys, name: string, field: AuthField, stored: unknown): Either.Either<AuthPayload | undefined, SyncSecretUnreadable> => {
  if (stored === undefined || stored === null) return Either.right(undefined)
  const unreadable = (reason: string) => new SyncSecretUnreadable({ name, field, reason })
  const text = SecretBox.isSealed(stored)
    ? Either.mapLeft(SecretBox.open(keys, stored, contextOf(name, field)), (e) => unreadable(e.reason))
    : Either.right(undefined)
  if (Either.isLeft(text)) return Either.left(text.left)
  let value: unknown = stored
  if (text.right !== undefined) {
    try {
      value = JSON.parse(text.right)
    } catch {
      return Either.left(unreadable("it decrypts to text that is not JSON"))
    }
  }
  // The decoder's message is not kept: it could quote a value.
  return Either.mapLeft(decodeAuth(value), () => unreadable("it is not an object of auth values"))
}

type AuthPayload = typeof AuthPayload.Type

const active = ["queued", "running"] as const

/** Builds the store on the `SqlClient` in context, creating or upgrading its tables. */
export const make = (options: Options = {}): Effect.Effect<SyncStoreService, State.StateError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = options.tablePrefix ?? defaultTablePrefix
    if (!Client.identifierPattern.test(prefix)) {
      return yield* new State.StateError({ operation: "open", reason: "sync table prefix must match [a-z_][a-z0-9_]*" })
    }
    const t = tableNames(prefix)
    const keys = options.keys ?? SecretBox.fromEnv()
    yield* Migrations.apply(
      t.migrations,
      { "1_create_sync_tables": Migrations.statements(createTables(Dialect.dialectOf(sql), prefix)) },
      (reason) => new State.StateError({ operation: "migrate", reason })
    )
    const fail = (operation: string) => (e: { readonly cause?: unknown; readonly message: string }) =>
      new State.StateError({ operation, reason: Client.causeMessage(e.cause) ?? e.message })
    const defs = sql(t.definitions)
    const runsTable = sql(t.runs)
    const attemptsTable = sql(t.attempts)

    const recordOf = (row: DefinitionRow, spec: ParsedSpec): Definition.SyncRecord => ({
      ...spec.input,
      origin_auth_keys: spec.keyNames.origin_auth,
      target_auth_keys: spec.keyNames.target_auth,
      concurrency_class: row.concurrency_class,
      enabled: row.enabled === true || Number(row.enabled) === 1,
      created_at: row.created_at,
      updated_at: row.updated_at,
      next_due_at: row.next_due_at,
      run_requested_at: row.run_requested_at
    })

    const toRecord = (row: DefinitionRow): Effect.Effect<Definition.SyncRecord, State.StateError> =>
      Effect.map(parseSpec(row.name, row.spec), (spec) => recordOf(row, spec))

    const toStored = (row: DefinitionRow): Effect.Effect<Definition.StoredSync, SyncSecretUnreadable | State.StateError> =>
      Effect.gen(function* () {
        const spec = yield* parseSpec(row.name, row.spec)
        const origin_auth = yield* openAuth(keys, row.name, "origin_auth", spec.auth.origin_auth)
        const target_auth = yield* openAuth(keys, row.name, "target_auth", spec.auth.target_auth)
        const origin = yield* openUri(keys, row.name, "origin", spec.uris.origin)
        const target = yield* openUri(keys, row.name, "target", spec.uris.target)
        return {
          ...recordOf(row, spec),
          ...(origin !== undefined ? { origin } : {}),
          ...(target !== undefined ? { target } : {}),
          ...(origin_auth !== undefined ? { origin_auth } : {}),
          ...(target_auth !== undefined ? { target_auth } : {})
        }
      })

    const toRun = (row: RunRow): Definition.RunRecord => ({
      run_id: row.run_id,
      sync: row.sync,
      tenant: row.tenant,
      trigger: row.trigger as Definition.Trigger,
      status: row.status as Definition.RunStatus,
      lane: row.lane,
      attempts: Number(row.attempts),
      worker: row.worker,
      queued_at: row.queued_at,
      started_at: row.started_at,
      finished_at: row.finished_at,
      heartbeat_at: row.heartbeat_at,
      counters: { ...Definition.emptyCounters, ...(JSON.parse(row.counters) as Partial<Definition.RunCounters>) },
      cursor: row.cursor === null ? null : (JSON.parse(row.cursor) as unknown),
      error: row.error
    })

    const selectDefinition = (name: string) => sql<DefinitionRow>`SELECT * FROM ${defs} WHERE ${sql("name")} = ${name}`.pipe(Effect.mapError(fail("get")))

    const get = (name: string) =>
      Effect.flatMap(selectDefinition(name), (rows) => (rows[0] ? Effect.map(toStored(rows[0]), Option.some) : Effect.succeed(Option.none())))

    const record = (name: string) =>
      Effect.flatMap(selectDefinition(name), (rows) => (rows[0] ? Effect.map(toRecord(rows[0]), Option.some) : Effect.succeed(Option.none())))

    const service: SyncStoreService = {
      put: (sync, { replace, now }) =>
        Effect.gen(function* () {
          const { concurrency_class, next_due_at, enabled, ...input } = sync
          const spec = yield* sealSpec({ ...input, enabled, concurrency_class } as Definition.SyncInput, keys)
          const row = {
            name: sync.name,
            tenant: sync.tenant,
            concurrency_class,
            enabled: enabled ? 1 : 0,
            next_due_at,
            run_requested_at: null,
            spec,
            created_at: now,
            updated_at: now
          }
          if (replace) {
            // Replacing keeps created_at and a pending run-now request.
            yield* sql`INSERT INTO ${defs} ${sql.insert(row)} ON CONFLICT (${sql("name")}) DO UPDATE SET ${sql.csv(
              (["tenant", "concurrency_class", "enabled", "next_due_at", "spec", "updated_at"] as const).map((c) => sql`${sql(c)} = excluded.${sql(c)}`)
            )}`.pipe(Effect.mapError(fail("put")))
          } else {
            const inserted = yield* sql<{
              name: string
            }>`INSERT INTO ${defs} ${sql.insert(row)} ON CONFLICT (${sql("name")}) DO NOTHING RETURNING ${sql("name")}`.pipe(Effect.mapError(fail("put")))
            if (inserted.length === 0) return yield* new SyncExists({ name: sync.name })
          }
          const saved = yield* record(sync.name)
          return yield* Option.match(saved, {
            onNone: () => Effect.fail(new State.StateError({ operation: "put", reason: `sync ${sync.name} vanished after saving` })),
            onSome: Effect.succeed
          })
        }),
      get,
      record,
      list: (filter = {}) =>
        Effect.gen(function* () {
          const where = filter.tenant === undefined ? sql.literal("1=1") : sql`${sql("tenant")} = ${filter.tenant}`
          const rows = yield* sql<DefinitionRow>`SELECT * FROM ${defs} WHERE ${where} ORDER BY ${sql("name")}`.pipe(Effect.mapError(fail("list")))
          return yield* Effect.forEach(rows, toRecord)
        }),
      remove: (name) =>
        sql<{ name: string }>`DELETE FROM ${defs} WHERE ${sql("name")} = ${name} RETURNING ${sql("name")}`.pipe(
          Effect.map((rows) => rows.length > 0),
          Effect.mapError(fail("remove"))
        ),
      requestRun: (name, at) =>
        sql<{
          name: string
        }>`UPDATE ${defs} SET ${sql("run_requested_at")} = coalesce(${sql("run_requested_at")}, ${at}) WHERE ${sql("name")} = ${name} RETURNING ${sql("name")}`.pipe(
          Effect.map((rows) => rows.length > 0),
          Effect.mapError(fail("requestRun"))
        ),
      setLimit: (limit) =>
        sql`INSERT INTO ${sql(t.limits)} ${sql.insert({ ...limit })} ON CONFLICT (${sql("concurrency_class")}) DO UPDATE SET ${sql("max_concurrent")} = excluded.${sql("max_concurrent")}`.pipe(
          Effect.asVoid,
          Effect.mapError(fail("setLimit"))
        ),
      limits: sql<{ concurrency_class: string; max_concurrent: number | string }>`SELECT * FROM ${sql(t.limits)} ORDER BY ${sql("concurrency_class")}`.pipe(
        Effect.map((rows) => rows.map((r) => ({ concurrency_class: r.concurrency_class, max_concurrent: Number(r.max_concurrent) }))),
        Effect.mapError(fail("limits"))
      ),
      limitOf: (concurrencyClass) =>
        sql<{
          max_concurrent: number | string
        }>`SELECT ${sql("max_concurrent")} FROM ${sql(t.limits)} WHERE ${sql("concurrency_class")} = ${concurrencyClass}`.pipe(
          Effect.map((rows) => (rows[0] ? Number(rows[0].max_concurrent) : Definition.defaultMaxConcurrent)),
          Effect.mapError(fail("limitOf"))
        ),
      due: (now, max) =>
        Effect.gen(function* () {
          const rows = yield* sql<DefinitionRow>`SELECT d.* FROM ${defs} d
            WHERE ((d.${sql("enabled")} = 1 AND d.${sql("next_due_at")} <= ${now}) OR d.${sql("run_requested_at")} IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM ${runsTable} r WHERE r.${sql("sync")} = d.${sql("name")} AND r.${sql("status")} IN ${sql.in(active)})
            ORDER BY coalesce(d.${sql("run_requested_at")}, d.${sql("next_due_at")}), d.${sql("name")} LIMIT ${max}`.pipe(Effect.mapError(fail("due")))
          return yield* Effect.forEach(rows, toRecord)
        }),
      queue: (run) =>
        sql
          .withTransaction(
            Effect.gen(function* () {
              const busy = yield* sql<{
                n: number
              }>`SELECT 1 AS n FROM ${runsTable} WHERE ${sql("sync")} = ${run.sync} AND ${sql("status")} IN ${sql.in(active)} LIMIT 1`
              if (busy.length > 0) return false
              const inserted = yield* sql<{ run_id: string }>`INSERT INTO ${runsTable} ${sql.insert({
                run_id: run.run_id,
                sync: run.sync,
                tenant: run.tenant,
                trigger: run.trigger,
                status: "queued",
                concurrency_class: run.concurrency_class,
                lane: run.lane,
                attempts: 0,
                queued_at: run.queued_at,
                counters: JSON.stringify(Definition.emptyCounters)
              })} ON CONFLICT (${sql("run_id")}) DO NOTHING RETURNING ${sql("run_id")}`
              // Advance only what this run consumed: a request or an edit made meanwhile stays.
              if (run.consumes_due_at !== null) {
                yield* sql`UPDATE ${defs} SET ${sql("next_due_at")} = ${run.next_due_at} WHERE ${sql("name")} = ${run.sync} AND ${sql("next_due_at")} = ${run.consumes_due_at}`
              }
              if (run.consumes_request !== null) {
                yield* sql`UPDATE ${defs} SET ${sql("run_requested_at")} = NULL WHERE ${sql("name")} = ${run.sync} AND ${sql("run_requested_at")} = ${run.consumes_request}`
              }
              return inserted.length > 0
            })
          )
          .pipe(Effect.mapError(fail("queue"))),
      laneLoad: (concurrencyClass) =>
        sql<{ lane: string; n: number | string }>`SELECT ${sql("lane")}, count(*) AS n FROM ${runsTable}
          WHERE ${sql("concurrency_class")} = ${concurrencyClass} AND ${sql("status")} IN ${sql.in(active)} GROUP BY ${sql("lane")}`.pipe(
          Effect.map((rows) => new Map(rows.map((r) => [r.lane, Number(r.n)]))),
          Effect.mapError(fail("laneLoad"))
        ),
      activeSince: (before, options = {}) =>
        sql<{ run_id: string; sync: string; lane: string }>`SELECT ${sql("run_id")}, ${sql("sync")}, ${sql("lane")} FROM ${runsTable}
          WHERE ${sql("status")} IN ${sql.in(options.queuedOnly ? ["queued"] : active)} AND ${sql("queued_at")} < ${before}
          ORDER BY ${sql("queued_at")} LIMIT ${options.max ?? 1_000_000}`.pipe(Effect.mapError(fail("activeSince"))),
      startAttempt: (runId, worker, at) =>
        sql
          .withTransaction(
            Effect.gen(function* () {
              yield* sql`UPDATE ${runsTable} SET ${sql("attempts")} = ${sql("attempts")} + 1, ${sql("status")} = 'running', ${sql("worker")} = ${worker},
                ${sql("started_at")} = coalesce(${sql("started_at")}, ${at}), ${sql("heartbeat_at")} = ${at} WHERE ${sql("run_id")} = ${runId}`
              const rows = yield* sql<{
                attempts: number | string
                sync: string
              }>`SELECT ${sql("attempts")}, ${sql("sync")} FROM ${runsTable} WHERE ${sql("run_id")} = ${runId}`
              const row = rows[0]
              if (!row) return Option.none<number>()
              const attempt = Number(row.attempts)
              yield* sql`INSERT INTO ${attemptsTable} ${sql.insert({ run_id: runId, attempt, sync: row.sync, worker, started_at: at })}`
              return Option.some(attempt)
            })
          )
          .pipe(Effect.mapError(fail("startAttempt"))),
      progress: (runId, counters, cursor, at) =>
        sql`UPDATE ${runsTable} SET ${sql("counters")} = ${JSON.stringify(counters)}, ${sql("cursor")} = ${cursor === undefined ? null : JSON.stringify(cursor)},
          ${sql("heartbeat_at")} = ${at} WHERE ${sql("run_id")} = ${runId}`.pipe(Effect.asVoid, Effect.mapError(fail("progress"))),
      interrupted: (runId, attempt, at) =>
        sql`UPDATE ${attemptsTable} SET ${sql("finished_at")} = ${at}, ${sql("status")} = 'interrupted' WHERE ${sql("run_id")} = ${runId} AND ${sql("attempt")} = ${attempt}`.pipe(
          Effect.asVoid,
          Effect.mapError(fail("interrupted"))
        ),
      finish: (runId, attempt, end, at) =>
        sql
          .withTransaction(
            Effect.all([
              sql`UPDATE ${runsTable} SET ${sql("status")} = ${end.status}, ${sql("finished_at")} = ${at}, ${sql("heartbeat_at")} = ${at},
                ${sql("counters")} = ${JSON.stringify(end.counters)}, ${sql("cursor")} = ${end.cursor === undefined || end.cursor === null ? null : JSON.stringify(end.cursor)},
                ${sql("error")} = ${end.error} WHERE ${sql("run_id")} = ${runId}`,
              sql`UPDATE ${attemptsTable} SET ${sql("finished_at")} = ${at}, ${sql("status")} = ${end.status} WHERE ${sql("run_id")} = ${runId} AND ${sql("attempt")} = ${attempt}`
            ])
          )
          .pipe(Effect.asVoid, Effect.mapError(fail("finish"))),
      run: (runId) =>
        sql<RunRow>`SELECT * FROM ${runsTable} WHERE ${sql("run_id")} = ${runId}`.pipe(
          Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toRun)),
          Effect.mapError(fail("run"))
        ),
      runs: (sync, limit) =>
        sql<RunRow>`SELECT * FROM ${runsTable} WHERE ${sql("sync")} = ${sync} ORDER BY ${sql("queued_at")} DESC, ${sql("run_id")} DESC LIMIT ${Math.max(0, Math.floor(limit))}`.pipe(
          Effect.map((rows) => rows.map(toRun)),
          Effect.mapError(fail("runs"))
        ),
      attempts: (sync) =>
        sql<{
          run_id: string
          sync: string
          attempt: number | string
          worker: string
          started_at: string
          finished_at: string | null
          status: string | null
        }>`SELECT * FROM ${attemptsTable}
          WHERE ${sync === undefined ? sql.literal("1=1") : sql`${sql("sync")} = ${sync}`} ORDER BY ${sql("started_at")}, ${sql("run_id")}, ${sql("attempt")}`.pipe(
          Effect.map((rows) => rows.map((r) => ({ ...r, attempt: Number(r.attempt), status: r.status as Definition.AttemptStatus | null }))),
          Effect.mapError(fail("attempts"))
        ),
      totals: (sync) =>
        sql<{
          status: string
          n: number | string
        }>`SELECT ${sql("status")}, count(*) AS n FROM ${runsTable} WHERE ${sql("sync")} = ${sync} GROUP BY ${sql("status")}`.pipe(
          Effect.map((rows) => {
            const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0)
            return { succeeded: of("succeeded"), failed: of("failed") }
          }),
          Effect.mapError(fail("totals"))
        ),
      prune: (keep) =>
        sql`DELETE FROM ${runsTable} WHERE ${sql("status")} NOT IN ${sql.in(active)} AND ${sql("run_id")} IN (
          SELECT ${sql("run_id")} FROM (SELECT ${sql("run_id")}, row_number() OVER (PARTITION BY ${sql("sync")} ORDER BY ${sql("queued_at")} DESC) AS n FROM ${runsTable}) ranked
          WHERE ranked.n > ${keep})`.pipe(
          Effect.zipRight(
            sql`DELETE FROM ${attemptsTable} WHERE NOT EXISTS (SELECT 1 FROM ${runsTable} r WHERE r.${sql("run_id")} = ${attemptsTable}.${sql("run_id")})`
          ),
          Effect.asVoid,
          Effect.mapError(fail("prune"))
        ),
      rekey: Effect.gen(function* () {
        const rows = yield* sql<DefinitionRow>`SELECT * FROM ${defs} ORDER BY ${sql("name")}`.pipe(Effect.mapError(fail("rekey")))
        // Every definition is opened and sealed before anything is written.
        const resealed = yield* Effect.forEach(rows, (row) =>
          Effect.flatMap(toStored(row), (stored) => Effect.map(sealSpec(stored as Definition.SyncInput, keys), (spec) => ({ row, spec })))
        )
        // A definition saved meanwhile (its spec changed) is already sealed with the current key.
        const updated = yield* sql
          .withTransaction(
            Effect.forEach(
              resealed,
              ({ row, spec }) =>
                sql<{
                  name: string
                }>`UPDATE ${defs} SET ${sql("spec")} = ${spec} WHERE ${sql("name")} = ${row.name} AND ${sql("spec")} = ${row.spec} RETURNING ${sql("name")}`
            )
          )
          .pipe(Effect.mapError(fail("rekey")))
        return updated.reduce((n, rows) => n + rows.length, 0)
      })
    }
    return service
  })

/** The store layer on the `SqlClient` in context. */
export const layer = (options: Options = {}): Layer.Layer<SyncStore, State.StateError, SqlClient.SqlClient> => Layer.effect(SyncStore, make(options))
