/**
 * Services of the sync commands and routes: the state store and the sync store, both on one client of
 * the state database. The connector registry comes from the entry point (the CLI and the server
 * provide the built-ins).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as AppEnvironment from "../app/Environment.js"
import type * as State from "../core/State.js"
import * as SqlStateStore from "../store/SqlStateStore.js"
import * as SqlSyncStore from "./SqlSyncStore.js"
import type * as SyncStore from "./SyncStore.js"

/** The state database URI the sync routes use; default `$HRTECH_ETL_STATE` or the local SQLite file. */
export class StateUri extends Context.Reference<StateUri>()("hrtech-etl/scale/StateUri", {
  defaultValue: () => AppEnvironment.defaultStateUri()
}) {}

/** State store and sync store on one client of the database a URI names. */
export const layer = (stateUri: string = AppEnvironment.defaultStateUri()): Layer.Layer<State.StateStore | SyncStore.SyncStore, State.StateError> =>
  Layer.merge(SqlStateStore.layer(), SqlSyncStore.layer()).pipe(Layer.provide(Layer.scoped(SqlClient.SqlClient, SqlStateStore.openClient(stateUri))))

/** The sync store, opened on first use (a failed open is tried again on the next use). */
export class LazySyncStore extends Context.Tag("hrtech-etl/scale/LazySyncStore")<
  LazySyncStore,
  Effect.Effect<SyncStore.SyncStoreService, State.StateError>
>() {}

/** The lazily opened sync store of `StateUri`, closed with the layer. */
export const lazyLayer: Layer.Layer<LazySyncStore> = Layer.scoped(
  LazySyncStore,
  Effect.gen(function* () {
    const uri = yield* StateUri
    const scope = yield* Effect.scope
    const lock = yield* Effect.makeSemaphore(1)
    let opened = Option.none<SyncStore.SyncStoreService>()
    return lock.withPermits(1)(
      Effect.suspend(() =>
        Option.match(opened, {
          onSome: Effect.succeed,
          onNone: () =>
            SqlStateStore.openClient(uri).pipe(
              Effect.flatMap((client) => Effect.provideService(SqlSyncStore.make(), SqlClient.SqlClient, client)),
              Scope.extend(scope),
              Effect.tap((store) => Effect.sync(() => void (opened = Option.some(store))))
            )
        })
      )
    )
  })
)
