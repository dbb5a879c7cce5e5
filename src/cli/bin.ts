#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
/**
 * Executable entry of `hrtech-etl`. The V8 flags keep a long sync's memory flat and small: a pull's
 * live data is a few batches, and these make the collector reclaim dead pages sooner instead of
 * letting the heap grow several times past it (bench/RESULTS.md, B2). Neither is a hard cap.
 *
 * Informational commands are answered from the build's manifest (`FastPath`); the full CLI (`Main`,
 * with Effect and @effect/cli) loads only for the others, and each command loads only what it uses.
 * `HRTECH_ETL_CLI_FULL=1` always runs the full CLI.
 */
import { existsSync } from "node:fs"
import * as FastPath from "./FastPath.js"
import type * as Main from "./Main.js"

// Files this process creates (state database, SQLite targets, file outputs) hold HR data and
// credentials: owner-only (0600 files, 0700 directories) unless HRTECH_ETL_UMASK says otherwise.
// Set before any command runs; nothing is opened while modules load.
const umask = process.env.HRTECH_ETL_UMASK ?? "077"
if (/^0?[0-7]{3}$/.test(umask)) {
  process.umask(Number.parseInt(umask, 8))
  const recorded = FastPath.answer(process.argv.slice(2))
  if (recorded !== undefined) {
    process.stdout.write(recorded.stdout)
    process.stderr.write(recorded.stderr)
    process.exitCode = recorded.code
  } else {
    // The bundled CLI (scripts/build-cli.mjs) starts about twice as fast; the modules tsc wrote otherwise.
    const bundled = new URL("../bundle/Main.js", import.meta.url)
    const main: Promise<typeof Main> = existsSync(bundled) ? import(bundled.href) : import("./Main.js")
    main
      .then((Main) => Main.run(process.argv))
      .then(
        (code) => {
          process.exitCode = code
        },
        (error: unknown) => {
          process.stderr.write(`hrtech-etl: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
          process.exitCode = 1
        }
      )
  }
} else {
  process.stderr.write(`HRTECH_ETL_UMASK: expected an octal mask such as 077 or 022, got ${JSON.stringify(umask)}\n`)
  process.exitCode = 2
}
