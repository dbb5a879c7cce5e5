/**
 * Versioned migrations of the SQL connector's tables, run by `@effect/sql`'s Migrator (its own
 * `<prefix>migrations` table records what ran). Migrations are append-only: a schema change is a new
 * numbered entry, never an edit of a released one.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { ConfigError, TransportError } from "../../core/ConnectorError.js"
import { resources } from "../../core/Resource.js"
import { causeMessage, identifierPattern } from "./Client.js"
import * as Tables from "./Tables.js"

type Dialect = "sqlite" | "pg"

const quote = (identifier: string): string => `"${identifier}"`

// Byte-order collation on PostgreSQL so text compares and sorts like SQLite's BINARY (code points).
const textType = (dialect: Dialect) => (dialect === "pg" ? `TEXT COLLATE "C"` : "TEXT")
const numberType = (dialect: Dialect) => (dialect === "pg" ? "DOUBLE PRECISION" : "REAL")

/** DDL of migration 1 for one dialect. */
const createTables = (dialect: Dialect, prefix: string): ReadonlyArray<string> => {
  const names = Tables.tableNames(prefix)
  return resources.flatMap((resource) => {
    const table = names[resource]
    const defs = Tables.columns[resource].flatMap((c) => {
      const own = `${quote(c.name)} ${textType(dialect)}${c.name === "id" ? " PRIMARY KEY" : ""}`
      return Tables.hasNumeric(c) ? [own, `${quote(Tables.numericColumn(c))} ${numberType(dialect)}`] : [own]
    })
    // Keyset reads walk (cursor column, id); NULL cursor values come first ascending on both engines.
    const nullsFirst = dialect === "pg" ? " ASC NULLS FIRST" : ""
    const keyset = (column: string) =>
      `CREATE INDEX ${quote(`${table}_${column}_id`)} ON ${quote(table)} (${quote(column)}${nullsFirst}, ${quote("id")})`
    return [
      `CREATE TABLE ${quote(table)} (${[...defs, `${quote("data")} TEXT NOT NULL`].join(", ")})`,
      keyset("created_at"),
      keyset("updated_at")
    ]
  })
}

/** Validates a table prefix (it becomes part of identifiers, so only `[a-z0-9_]`). */
export const checkPrefix = (prefix: string, connector: string): Effect.Effect<string, ConfigError> =>
  identifierPattern.test(prefix)
    ? Effect.succeed(prefix)
    : Effect.fail(
        new ConfigError({ connector, field: "table_prefix", reason: "must match [a-z_][a-z0-9_]* (at most 41 characters)" })
      )

/** Creates or upgrades the connector's tables. */
export const run = (
  prefix: string,
  connector: string
): Effect.Effect<void, TransportError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const dialect: Dialect = sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })
    const statements = (list: ReadonlyArray<string>) => Effect.forEach(list, (s) => sql.unsafe(s), { discard: true })
    yield* Migrator.make({})({
      loader: Migrator.fromRecord({ "1_create_tables": statements(createTables(dialect, prefix)) }),
      table: Tables.tableNames(prefix).migrations
    })
  }).pipe(
    Effect.mapError((e) => new TransportError({ connector, reason: `migration failed: ${causeMessage(e.cause) ?? e.message}` })),
    Effect.catchAllDefect((d) =>
      Effect.fail(new TransportError({ connector, reason: `migration failed: ${causeMessage((d as { cause?: unknown })?.cause ?? d)}` }))
    )
  )
