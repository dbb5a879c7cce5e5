/**
 * The databases SQL tests run against: a fresh SQLite file under the OS temp directory, and
 * PostgreSQL from HRTECH_ETL_TEST_PG_URL with a table prefix unique to each test (dropped afterwards).
 * Without the URL, PostgreSQL tests are skipped with a visible reason, unless CI=true: then they fail.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Client from "../../../src/sql/Client.js"

/** A database to test against. */
export interface Engine {
  readonly name: "sqlite" | "postgres"
  /** A fresh database location for one test: its URI and table prefix; the scope cleans it up. */
  readonly fresh: Effect.Effect<{ readonly uri: string; readonly prefix: string }, never, Scope.Scope>
}

const pgUrl = process.env.HRTECH_ETL_TEST_PG_URL
const inCi = process.env.CI === "true"

let counter = 0
const unique = () => `t${process.pid.toString(36)}${Date.now().toString(36)}${(counter++).toString(36)}_`

/** A temporary directory removed when the scope closes. */
export const tempDir: Effect.Effect<string, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "hrtech-etl-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const sqlite: Engine = {
  name: "sqlite",
  fresh: Effect.map(tempDir, (dir) => ({ uri: `sqlite:${join(dir, "test.db")}`, prefix: "hrtech_" }))
}

/** Drops every table whose name starts with the prefix (PostgreSQL). */
const dropPrefixed = (uri: string, prefix: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const sql = yield* Client.fromUri(uri)
      const tables = yield* sql<{
        tablename: string
      }>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, ${prefix})`
      for (const { tablename } of tables) yield* sql`DROP TABLE IF EXISTS ${sql(tablename)} CASCADE`
    })
  ).pipe(Effect.orDie)

const postgres: Engine = {
  name: "postgres",
  fresh: Effect.acquireRelease(
    pgUrl === undefined
      ? Effect.dieMessage("CI=true but HRTECH_ETL_TEST_PG_URL is not set: PostgreSQL tests cannot run")
      : Effect.sync(() => ({ uri: pgUrl, prefix: unique() })),
    ({ uri, prefix }) => dropPrefixed(uri, prefix)
  )
}

/** The engines to run, and why PostgreSQL is skipped when it is. */
export const engines: ReadonlyArray<Engine> = pgUrl !== undefined || inCi ? [sqlite, postgres] : [sqlite]

/** Why PostgreSQL tests do not run here, if they do not. */
export const postgresSkipReason: string | undefined = pgUrl === undefined && !inCi ? "HRTECH_ETL_TEST_PG_URL is not set (and CI is not true)" : undefined

/** Opens a raw client on a test database (to set up triggers or inspect rows, as an outside user would). */
export const rawClient = (uri: string): Effect.Effect<SqlClient.SqlClient, never, Scope.Scope> => Effect.orDie(Client.fromUri(uri))

if (postgresSkipReason) console.warn(`PostgreSQL tests skipped: ${postgresSkipReason}`)
