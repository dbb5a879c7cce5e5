/**
 * `hrtech-etl serve`: the HTTP API and playground.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { CliUsage } from "./Errors.js"

/** The serve command (wired to the HTTP server). */
export const serveCommand = Command.make(
  "serve",
  {
    mode: Options.choice("mode", ["api", "playground", "both"]).pipe(Options.optional, Options.withDescription("which routes exist (default $HRTECH_ETL_MODE or both)")),
    host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("address to bind")),
    port: Options.integer("port").pipe(Options.withDefault(8000), Options.withDescription("port to bind"))
  },
  () => Effect.fail(new CliUsage("serve", "the HTTP server is not available in this build yet"))
).pipe(Command.withDescription("Serve the HTTP API (/api), its docs (/docs) and the playground (/playground).\nExample: hrtech-etl serve --mode both --port 8000"))
