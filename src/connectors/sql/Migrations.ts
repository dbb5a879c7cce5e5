/**
 * Versioned migrations of the SQL connector's tables (run by `sql/Migrations`; its own
 * `<prefix>migrations` table records what ran). Append-only: a schema change is a new numbered entry.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { ConfigError, TransportError } from "../../core/ConnectorError.js"
import { resources } from "../../core/Resource.js"
import { identifierPattern } from "../../sql/Client.js"
import { type Dialect, dialectOf, numberType, quote, textType } from "../../sql/Dialect.js"
import { apply, statements } from "../../sql/Migrations.js"
import * as Tables from "./Tables.js"

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
    const keyset = (column: string) => `CREATE INDEX ${quote(`${table}_${column}_id`)} ON ${quote(table)} (${quote(column)}${nullsFirst}, ${quote("id")})`
    return [`CREATE TABLE ${quote(table)} (${[...defs, `${quote("data")} TEXT NOT NULL`].join(", ")})`, keyset("created_at"), keyset("updated_at")]
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
      return (
        `UPDATE ${quote(table)} SET "data" = json_set(json_remove("data", '$.${fromPath}'), '$.${toPath}', json_extract("data", '$.${fromPath}')) ` +
        `WHERE json_type("data", '$.${fromPath}') IS NOT NULL AND json_type("data", '$.${toPath}') IS NULL`
      )
    }
    const [fromPg, toPg] = [`{${from.join(",")}}`, `{${to.join(",")}}`]
    return (
      `UPDATE ${quote(table)} SET "data" = jsonb_set("data"::jsonb #- '${fromPg}', '${toPg}', "data"::jsonb #> '${fromPg}')::text ` +
      `WHERE ("data"::jsonb #> '${fromPg}') IS NOT NULL AND ("data"::jsonb #> '${toPg}') IS NULL`
    )
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
    : Effect.fail(new ConfigError({ connector, field: "table_prefix", reason: "must match [a-z_][a-z0-9_]* (at most 41 characters)" }))

/** The connector's migrations for a dialect and table prefix, by `"<number>_<name>"`. */
export const migrations = (dialect: Dialect, prefix: string): Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> => ({
  "1_create_tables": statements(createTables(dialect, prefix)),
  "2_original_names": statements(originalNames(dialect, prefix))
})

/** Creates or upgrades the connector's tables. */
export const run = (prefix: string, connector: string): Effect.Effect<void, TransportError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    apply(Tables.tableNames(prefix).migrations, migrations(dialectOf(sql), prefix), (reason) => new TransportError({ connector, reason }))
  )
