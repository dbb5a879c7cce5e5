/**
 * The services every entry point (CLI, HTTP server, worker) runs on: the registry of built-in
 * connectors and the state store (SQLite file by default, PostgreSQL by URL).
 */
import * as Layer from "effect/Layer"
import * as Builtin from "../connectors/builtin.js"
import type * as Registry from "../core/Registry.js"
import type * as State from "../core/State.js"
import * as Store from "../store/index.js"

/** The default state store: `$HRTECH_ETL_STATE`, else a SQLite file under `.hrtech-etl/` in the working directory. */
export const defaultStateUri = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.HRTECH_ETL_STATE ?? "sqlite:.hrtech-etl/state.db"

/** Registry and state store, the state store opened from a URI (`sqlite:path.db` or `postgres://...`). */
export const layer = (stateUri: string = defaultStateUri()): Layer.Layer<Registry.Registry | State.StateStore, State.StateError> =>
  Layer.merge(Builtin.layer, Store.layerFromUri(stateUri))

/** The registry alone (commands that need no state). */
export const registryLayer: Layer.Layer<Registry.Registry> = Builtin.layer
