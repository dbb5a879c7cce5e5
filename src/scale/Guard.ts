/**
 * The per-sync exclusion a run holds while it works: on PostgreSQL a session advisory lock keyed by
 * the sync name (the database releases it when the holder's connection dies, so a killed worker
 * never leaves it behind); in one local process, an in-memory set. Lanes already run one message at
 * a time; this guard is what makes "never two runs of a sync at once" hold even while a lane moves
 * between workers or a class limit changes.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as State from "../core/State.js"
import * as Client from "../sql/Client.js"

/** The guard service. */
export interface SyncGuardService {
  /** Waits until no other holder has the sync, then holds it until the scope closes. */
  readonly hold: (sync: string) => Effect.Effect<void, State.StateError, Scope.Scope>
}

/** The guard tag. */
export class SyncGuard extends Context.Tag("hrtech-etl/SyncGuard")<SyncGuard, SyncGuardService>() {}

/** How often a waiting run tries again. */
const retryEvery = Duration.millis(250)

// First key of the two-key advisory lock space: keeps these locks apart from single-key ones
// (the cluster's shard locks use the single-key space).
const lockSpace = 0x53594e43 /* "SYNC" */ | 0

/**
 * The guard on PostgreSQL advisory locks (the `SqlClient` in context must be PostgreSQL). Each hold
 * keeps one connection of that client for the whole run: give it a pool of its own.
 */
export const layerPg: Layer.Layer<SyncGuard, never, SqlClient.SqlClient> = Layer.effect(
  SyncGuard,
  Effect.map(SqlClient.SqlClient, (sql) => ({
    hold: (sync) =>
      Effect.gen(function* () {
        const fail = (operation: string) => (e: { readonly cause?: unknown; readonly message: string }) =>
          new State.StateError({ operation, reason: Client.causeMessage(e.cause) ?? e.message })
        // One connection for the whole hold: a session lock belongs to the connection that took it.
        const connection = yield* sql.reserve.pipe(Effect.mapError(fail("guard")))
        const tryLock = connection.executeValues("SELECT pg_try_advisory_lock($1, hashtext($2))", [lockSpace, sync]).pipe(
          Effect.map((rows) => rows[0]?.[0] === true),
          Effect.mapError(fail("guard"))
        )
        let held = yield* tryLock
        while (!held) {
          yield* Effect.sleep(retryEvery)
          held = yield* tryLock
        }
        yield* Effect.addFinalizer(() => connection.executeValues("SELECT pg_advisory_unlock($1, hashtext($2))", [lockSpace, sync]).pipe(Effect.ignore))
      })
  }))
)

/** The guard inside one process (SQLite: a single local worker). */
export const layerLocal: Layer.Layer<SyncGuard> = Layer.sync(SyncGuard, () => {
  const held = new Set<string>()
  return {
    hold: (sync) =>
      Effect.acquireRelease(
        Effect.gen(function* () {
          while (held.has(sync)) yield* Effect.sleep(retryEvery)
          held.add(sync)
        }),
        () => Effect.sync(() => held.delete(sync))
      )
  }
})
