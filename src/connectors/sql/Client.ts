/**
 * Database URIs and the `SqlClient` they open: `sqlite:path.db` (embedded, relative to the working
 * directory; `sqlite::memory:` for a private in-memory database) or `postgres://…` /
 * `postgresql://…`. Everything above this module talks to `SqlClient` only, so SQLite and
 * PostgreSQL share one code path.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { mkdirSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { ConfigError } from "../../core/ConnectorError.js"

/** Where a database lives. */
export type Location =
  | { readonly dialect: "sqlite"; readonly filename: string }
  | { readonly dialect: "pg"; readonly url: Redacted.Redacted<string> }

/** Whether a string is a database URI this module can open. */
export const isDatabaseUri = (uri: string): boolean =>
  uri.startsWith("sqlite:") || uri.startsWith("postgres://") || uri.startsWith("postgresql://")

/** Parses a database URI; the PostgreSQL URL (it may hold a password) is kept Redacted. */
export const parseUri = (uri: string, connector = "sql"): Effect.Effect<Location, ConfigError> => {
  if (uri.startsWith("sqlite:")) {
    // `sqlite:///abs/path.db` and `sqlite://rel.db` are accepted as well as `sqlite:rel.db`.
    const rest = uri.slice("sqlite:".length).replace(/^\/\/(?=\/)|^\/\//, "")
    if (rest === "") {
      return Effect.fail(new ConfigError({ connector, field: "uri", reason: "sqlite: URI needs a file path, e.g. sqlite:data.db" }))
    }
    return Effect.succeed({ dialect: "sqlite", filename: rest === ":memory:" ? ":memory:" : resolve(rest) })
  }
  if (uri.startsWith("postgres://") || uri.startsWith("postgresql://")) {
    try {
      new URL(uri)
    } catch {
      return Effect.fail(new ConfigError({ connector, field: "uri", reason: "malformed PostgreSQL URL" }))
    }
    return Effect.succeed({ dialect: "pg", url: Redacted.make(uri) })
  }
  return Effect.fail(
    new ConfigError({
      connector,
      field: "uri",
      reason: "expected sqlite:PATH, sqlite::memory:, postgres://… or postgresql://…"
    })
  )
}

/** Opens a client for a parsed location; the scope closes it. */
export const open = (
  location: Location,
  connector = "sql"
): Effect.Effect<SqlClient.SqlClient, ConfigError, Scope.Scope> => {
  if (location.dialect === "sqlite") {
    return Effect.gen(function* () {
      if (location.filename !== ":memory:") {
        yield* Effect.try({
          try: () => mkdirSync(dirname(location.filename), { recursive: true }),
          catch: (e) =>
            new ConfigError({ connector, field: "uri", reason: `cannot create the database directory: ${(e as Error).message}` })
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
  return PgClient.make({ url: location.url, connectTimeout: "10 seconds" }).pipe(
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

/** Parses a URI and opens its client. */
export const fromUri = (uri: string, connector = "sql"): Effect.Effect<SqlClient.SqlClient, ConfigError, Scope.Scope> =>
  Effect.flatMap(parseUri(uri, connector), (location) => open(location, connector))

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
