/**
 * The state store every entry point (CLI, HTTP server, worker) runs on: a SQLite file by default,
 * PostgreSQL by URL. The connector registry is not here: each entry point provides it (the CLI and
 * the server the built-ins, a program its own), so nothing below the edges imports a connector.
 */
import type * as Layer from "effect/Layer"
import type * as State from "../core/State.js"
import * as Store from "../store/index.js"

/** The default state store: `$HRTECH_ETL_STATE`, else a SQLite file under `.hrtech-etl/` in the working directory. */
export const defaultStateUri = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.HRTECH_ETL_STATE ?? "sqlite:.hrtech-etl/state.db"

/** The state store opened from a URI (`sqlite:path.db` or `postgres://...`). */
export const layer = (stateUri: string = defaultStateUri()): Layer.Layer<State.StateStore, State.StateError> => Store.layerFromUri(stateUri)
