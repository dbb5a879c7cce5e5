/**
 * Services of the sync commands and routes: the registry, the state store and the sync store, both
 * stores on one client of the state database.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as AppEnvironment from "../app/Environment.js"
import * as Builtin from "../connectors/builtin.js"
import * as Client from "../connectors/sql/Client.js"
import type * as Registry from "../core/Registry.js"
import * as State from "../core/State.js"
import * as StateStore from "../store/StateStore.js"
import * as Store from "./Store.js"

/** The state database URI the sync routes use; default `$HRTECH_ETL_STATE` or the local SQLite file. */
export class StateUri extends Context.Reference<StateUri>()("hrtech-etl/scale/StateUri", {
  defaultValue: () => AppEnvironment.defaultStateUri()
}) {}

const openClient = (uri: string) =>
  Client.fromUri(uri, "state").pipe(Effect.mapError((e) => new State.StateError({ operation: "open", reason: e.reason })))

/** Registry, state store and sync store on one client of the database a URI names. */
export const layer = (stateUri: string = AppEnvironment.defaultStateUri()): Layer.Layer<Registry.Registry | State.StateStore | Store.SyncStore, State.StateError> =>
  Layer.mergeAll(Layer.effect(State.StateStore, StateStore.make()), Store.layer(), Builtin.layer).pipe(
    Layer.provide(Layer.scoped(SqlClient.SqlClient, openClient(stateUri)))
  )

/** The sync store, opened on first use (a failed open is tried again on the next use). */
export class LazySyncStore extends Context.Tag("hrtech-etl/scale/LazySyncStore")<
  LazySyncStore,
  Effect.Effect<Store.SyncStoreService, State.StateError>
>() {}

/** The lazily opened sync store of `StateUri`, closed with the layer. */
export const lazyLayer: Layer.Layer<LazySyncStore> = Layer.scoped(
  LazySyncStore,
  Effect.gen(function* () {
    const uri = yield* StateUri
    const scope = yield* Effect.scope
    const lock = yield* Effect.makeSemaphore(1)
    let opened = Option.none<Store.SyncStoreService>()
    return lock.withPermits(1)(
      Effect.suspend(() =>
        Option.match(opened, {
          onSome: Effect.succeed,
          onNone: () =>
            openClient(uri).pipe(
              Effect.flatMap((client) => Effect.provideService(Store.make(), SqlClient.SqlClient, client)),
              Scope.extend(scope),
              Effect.tap((store) => Effect.sync(() => void (opened = Option.some(store))))
            )
        })
      )
    )
  })
)
