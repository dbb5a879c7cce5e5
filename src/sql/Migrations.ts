/**
 * Versioned migrations run by `@effect/sql`'s Migrator: each store or connector keeps its own
 * numbered list (`"1_name"` keys) and its own `<prefix>migrations` table recording what ran.
 * Migrations are append-only: a schema change is a new numbered entry, never an edit of a released one.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { causeMessage } from "./Client.js"

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
