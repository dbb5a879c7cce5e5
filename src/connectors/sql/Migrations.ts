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

/** The SQL dialects the project supports. */
export type Dialect = "sqlite" | "pg"

/** Quotes a fixed identifier (never user input) for DDL. */
export const quote = (identifier: string): string => `"${identifier}"`

// Byte-order collation on PostgreSQL so text compares and sorts like SQLite's BINARY (code points).
/** The column type of text compared by code point on both engines. */
export const textType = (dialect: Dialect) => (dialect === "pg" ? `TEXT COLLATE "C"` : "TEXT")
const numberType = (dialect: Dialect) => (dialect === "pg" ? "DOUBLE PRECISION" : "REAL")

/** DDL of migration 1 for one dialect. */
const createTables = (dialect: Dialect, prefix: string): ReadonlyArray<string> => {
  const names = Tables.tableNames(prefix)
  return resources.flatMap((resource) => {
    const table = names[resource]
    const defs = Tables.columnsV1[resource].flatMap((c) => {
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

/**
 * DDL of migration 2: the unified job's `title` column becomes `name`, and stored documents written
 * before the unified model took the original project's names get them (job `title` → `name`,
 * `description` → `text`; profile `info.date_of_birth` → `info.date_birth`), so they read as valid
 * records. Fields nested in lists (language levels, attachment names) are left as they were.
 */
const originalNames = (dialect: Dialect, prefix: string): ReadonlyArray<string> => {
  const names = Tables.tableNames(prefix)
  const rename = (table: string, from: ReadonlyArray<string>, to: ReadonlyArray<string>) => {
    const [fromPath, toPath] = [from.join("."), to.join(".")]
    if (dialect === "sqlite") {
      return `UPDATE ${quote(table)} SET "data" = json_set(json_remove("data", '$.${fromPath}'), '$.${toPath}', json_extract("data", '$.${fromPath}')) ` +
        `WHERE json_type("data", '$.${fromPath}') IS NOT NULL AND json_type("data", '$.${toPath}') IS NULL`
    }
    const [fromPg, toPg] = [`{${from.join(",")}}`, `{${to.join(",")}}`]
    return `UPDATE ${quote(table)} SET "data" = jsonb_set("data"::jsonb #- '${fromPg}', '${toPg}', "data"::jsonb #> '${fromPg}')::text ` +
      `WHERE ("data"::jsonb #> '${fromPg}') IS NOT NULL AND ("data"::jsonb #> '${toPg}') IS NULL`
  }
  return [
    `ALTER TABLE ${quote(names.job)} RENAME COLUMN ${quote("title")} TO ${quote("name")}`,
    `ALTER TABLE ${quote(names.job)} RENAME COLUMN ${quote("title__num")} TO ${quote("name__num")}`,
    rename(names.job, ["title"], ["name"]),
    rename(names.job, ["description"], ["text"]),
    rename(names.profile, ["info", "date_of_birth"], ["info", "date_birth"])
  ]
}

/** Validates a table prefix (it becomes part of identifiers, so only `[a-z0-9_]`). */
export const checkPrefix = (prefix: string, connector: string): Effect.Effect<string, ConfigError> =>
  identifierPattern.test(prefix)
    ? Effect.succeed(prefix)
    : Effect.fail(
        new ConfigError({ connector, field: "table_prefix", reason: "must match [a-z_][a-z0-9_]* (at most 41 characters)" })
      )

/**
 * Runs numbered migrations (`"1_name"` keys, each one Effect of DDL) recorded in `table`, on the
 * `SqlClient` in context; failures become a typed error built by `onError` from the driver's message.
 */
export const apply = <E>(
  table: string,
  migrations: Record<string, Effect.Effect<unknown, unknown, SqlClient.SqlClient>>,
  onError: (reason: string) => E
): Effect.Effect<void, E, SqlClient.SqlClient> =>
  Migrator.make({})({ loader: Migrator.fromRecord(migrations as Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>), table }).pipe(
    Effect.asVoid,
    Effect.mapError((e) => onError(`migration failed: ${causeMessage(e.cause) ?? e.message}`)),
    // The Migrator turns a failing migration into a defect carrying the driver error.
    Effect.catchAllDefect((d) => Effect.fail(onError(`migration failed: ${causeMessage(d) ?? String(d)}`)))
  )

/** Runs DDL statements one by one. */
export const statements = (list: ReadonlyArray<string>): Effect.Effect<void, unknown, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.forEach(list, (s) => sql.unsafe(s), { discard: true }))

/** The dialect of the client in context. */
export const dialectOf = (sql: SqlClient.SqlClient): Dialect => sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })

/** The connector's migrations for a dialect and table prefix, by `"<number>_<name>"`. */
export const migrations = (dialect: Dialect, prefix: string): Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> => ({
  "1_create_tables": statements(createTables(dialect, prefix)),
  "2_original_names": statements(originalNames(dialect, prefix))
})

/** Creates or upgrades the connector's tables. */
export const run = (
  prefix: string,
  connector: string
): Effect.Effect<void, TransportError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    apply(Tables.tableNames(prefix).migrations, migrations(dialectOf(sql), prefix), (reason) => new TransportError({ connector, reason }))
  )
