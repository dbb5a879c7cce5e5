#!/usr/bin/env node
/**
 * Executable entry of `hrtech-etl`.
 */
import { run } from "./Main.js"

run(process.argv).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`hrtech-etl: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
)
