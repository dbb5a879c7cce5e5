/**
 * Database URIs and the `SqlClient` they open: `sqlite:path.db` (embedded, relative to the working
 * directory; `sqlite::memory:` for a private in-memory database) or `postgres://…` /
 * `postgresql://…`. Everything above this module (the SQL connector, the state store, scale) talks
 * to `SqlClient` only, so SQLite and PostgreSQL share one code path.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import Pg from "pg"
import { SqlError } from "@effect/sql/SqlError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { createHash } from "node:crypto"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { ConfigError } from "../core/ConnectorError.js"
import * as Uri from "../core/Uri.js"

/** Where a database lives. */
export type Location = { readonly dialect: "sqlite"; readonly filename: string } | { readonly dialect: "pg"; readonly url: Redacted.Redacted<string> }

/** Whether a string is a database URI this module can open. */
export const isDatabaseUri = (uri: string): boolean => uri.startsWith("sqlite:") || Uri.isPostgres(uri)

/**
 * Parses a database URI with the project's one parser per scheme (`core/Uri`): no query on `sqlite:`,
 * only the documented options on `postgres://`. The PostgreSQL URL (it may hold a password) is kept
 * Redacted, and an error never shows it.
 */
export const parseUri = (uri: string, connector = "sql"): Effect.Effect<Location, ConfigError> => {
  const parsed: Either.Either<Uri.Sqlite | Uri.Postgres, Uri.InvalidUri> = uri.startsWith("sqlite:")
    ? Uri.parseSqlite(uri)
    : Uri.isPostgres(uri)
      ? Uri.parsePostgres(uri)
      : Either.left(new Uri.InvalidUri({ part: "uri", reason: "expected sqlite:PATH, sqlite::memory:, postgres://… or postgresql://…" }))
  return Either.match(parsed, {
    onLeft: (e) => Effect.fail(new ConfigError({ connector, field: e.part === "uri" ? "uri" : `uri.${e.part}`, reason: e.reason })),
    onRight: (location): Effect.Effect<Location> =>
      Effect.succeed(location._tag === "Sqlite" ? { dialect: "sqlite", filename: location.path } : { dialect: "pg", url: location.url })
  })
}

/** Opens a client for a parsed location; the scope closes it. */
export const open = (location: Location, connector = "sql"): Effect.Effect<SqlClient.SqlClient, ConfigError, Scope.Scope> => {
  if (location.dialect === "sqlite") {
    return Effect.gen(function* () {
      if (location.filename !== ":memory:") {
        yield* Effect.try({
          try: () => mkdirSync(dirname(location.filename), { recursive: true }),
          catch: (e) => new ConfigError({ connector, field: "uri", reason: `cannot create the database directory: ${(e as Error).message}` })
        })
      }
      // better-sqlite3 opens lazily inside `make`; a bad path surfaces as a defect, made typed here.
      return yield* SqliteClient.make({ filename: location.filename, disableWAL: location.filename === ":memory:" }).pipe(
        Effect.catchAllDefect((e) =>
          Effect.fail(new ConfigError({ connector, field: "uri", reason: `cannot open SQLite database: ${(e as Error)?.message ?? String(e)}` }))
        )
      )
    }).pipe(Effect.provide(Reactivity.layer))
  }
  return PgClient.fromPool({ acquire: pgPool(location.url) }).pipe(
    Effect.mapError(
      (e) =>
        new ConfigError({
          connector,
          field: "uri",
          // The driver's message names host and port at most, never the password.
          reason: `cannot connect to PostgreSQL: ${causeMessage(e.cause) ?? e.message}`
        })
    ),
    Effect.provide(Reactivity.layer)
  )
}

/**
 * Leading comment of a statement to send as a named prepared statement on PostgreSQL. The driver sends
 * every other statement unnamed, so PostgreSQL parses and plans it anew each time — costly for the
 * connector's multi-row upserts with thousands of parameters, whose text repeats batch after batch.
 */
export const preparedMark = "/* prepared */ "

const statementNames = new Map<string, string>()

const statementName = (text: string): string => {
  let name = statementNames.get(text)
  if (name === undefined) {
    // Named after the text's hash: the same text is prepared once per connection, and two texts never share a name.
    name = `hrtech_${createHash("sha256").update(text).digest("hex").slice(0, 40)}`
    if (statementNames.size >= 256) statementNames.clear()
    statementNames.set(text, name)
  }
  return name
}

/** A pg client that sends marked statements as named prepared statements (see `preparedMark`). */
class PreparingClient extends Pg.Client {
  // Arguments are passed through untouched (pg's query has a dozen overloads); only a marked text
  // becomes a { name, text } config.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === "string" && config.startsWith(preparedMark)) {
      const named: Pg.QueryConfig = { name: statementName(config), text: config }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return super.query(named as any, values, callback)
    }
    return super.query(config, values, callback)
  }
}

/** The connection pool of a PostgreSQL URL, checked with one query; the scope ends it. */
const pgPool = (url: Redacted.Redacted<string>): Effect.Effect<Pg.Pool, SqlError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const pool = new Pg.Pool({
          connectionString: Redacted.value(url),
          connectionTimeoutMillis: Duration.toMillis("10 seconds"),
          application_name: "hrtech-etl",
          Client: PreparingClient
        })
        // Idle clients that lose their connection emit errors on the pool; queries report their own.
        pool.on("error", () => {})
        try {
          await pool.query("SELECT 1")
        } catch (e) {
          await pool.end().catch(() => {})
          throw e
        }
        return pool
      },
      catch: (cause) => new SqlError({ cause, message: "PgClient: Failed to connect" })
    }),
    (pool) => Effect.promise(() => pool.end()).pipe(Effect.interruptible, Effect.timeoutOption(1000))
  )

/** Parses a URI and opens its client. */
export const fromUri = (uri: string, connector = "sql"): Effect.Effect<SqlClient.SqlClient, ConfigError, Scope.Scope> =>
  Effect.flatMap(parseUri(uri, connector), (location) => open(location, connector))

/** The `SqlClient` of a URI as a layer; the client closes with the layer. */
export const layerFromUri = (uri: string, connector = "sql"): Layer.Layer<SqlClient.SqlClient, ConfigError> =>
  Layer.scoped(SqlClient.SqlClient, fromUri(uri, connector))

/** A short message from a driver error: the innermost cause's message (no stack, no connection string). */
export const causeMessage = (cause: unknown): string | undefined => {
  let current = cause
  // SqlError and MigrationError wrap the driver's error; its message is the useful one.
  for (let depth = 0; depth < 5; depth++) {
    const inner = current !== null && typeof current === "object" ? (current as { cause?: unknown }).cause : undefined
    if (inner === undefined || inner === null) break
    current = inner
  }
  if (current instanceof AggregateError && current.errors.length > 0) return causeMessage(current.errors[0])
  if (current instanceof Error) return current.message || (current as { code?: string }).code
  return current === undefined ? undefined : String(current)
}

/** A safe SQL identifier fragment (table prefixes are checked against this before any use). */
export const identifierPattern = /^[a-z_][a-z0-9_]{0,40}$/
