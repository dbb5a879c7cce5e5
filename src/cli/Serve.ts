/**
 * `hrtech-etl serve`: the HTTP API (`/api`, docs at `/docs`, `/openapi.json`) and the playground
 * (`/playground`), served until SIGINT/SIGTERM.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Server from "../server/Server.js"
import { CliUsage } from "./Errors.js"
import { stopSignal } from "./StopSignal.js"

const stateUriOf = (state: string): string => (/^(sqlite:|postgres(ql)?:\/\/)/.test(state) ? state : `sqlite:${state}`)

/** The serve command. */
export const serveCommand = Command.make(
  "serve",
  {
    mode: Options.choice("mode", ["api", "playground", "both"]).pipe(
      Options.optional,
      Options.withDescription("which routes exist (default $HRTECH_ETL_MODE or both)")
    ),
    host: Options.text("host").pipe(
      Options.withDefault("127.0.0.1"),
      Options.withDescription("address to bind; any non-loopback address requires $HRTECH_ETL_API_TOKEN")
    ),
    port: Options.integer("port").pipe(Options.withDefault(8000), Options.withDescription("port to bind")),
    dataDir: Options.text("data-dir").pipe(
      Options.optional,
      Options.withDescription("directory that file:/sqlite: URIs in requests are confined to (default $HRTECH_ETL_DATA_DIR or ./data)")
    ),
    state: Options.text("state").pipe(
      Options.optional,
      Options.withDescription("state store (SQLite path or postgres:// URL) for cursors and formatters (default $HRTECH_ETL_STATE or .hrtech-etl/state.db)")
    ),
    webhooks: Options.file("webhooks").pipe(
      Options.optional,
      Options.withDescription(
        "JSON/YAML file of webhook intakes (connector → { secret, target, ... }) served on POST /api/webhooks/{connector} (default $HRTECH_ETL_WEBHOOKS_FILE)"
      )
    )
  },
  (flags) =>
    // The server (and its HTTP stack) loads only when this command runs.
    Effect.promise((): Promise<typeof Server> => import("../server/Server.js")).pipe(
      Effect.flatMap((Server) =>
        Server.serve({
          mode: Option.getOrUndefined(flags.mode),
          host: flags.host,
          port: flags.port,
          dataDir: Option.getOrUndefined(flags.dataDir),
          stateUri: Option.getOrUndefined(Option.map(flags.state, stateUriOf)),
          webhooks: Option.getOrUndefined(flags.webhooks)
        })
      ),
      Effect.raceFirst(stopSignal),
      Effect.mapError((e) => {
        if (e._tag === "ServerConfigError") return new CliUsage(e.field, e.reason)
        if (e._tag === "ServeError") {
          const reason = e.cause instanceof Error ? e.cause.message : String(e.cause)
          return new Error(`cannot listen on ${flags.host}:${flags.port}: ${reason}`)
        }
        return e
      })
    )
).pipe(
  Command.withDescription(
    "Serve the HTTP API (/api), its docs (/docs, /openapi.json) and the playground (/playground).\n" + "Example: hrtech-etl serve --mode both --port 8000"
  )
)
