#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
/**
 * Executable entry of `hrtech-etl`. The V8 flags keep a long sync's memory flat and small: a pull's
 * live data is a few batches, and these make the collector reclaim dead pages sooner instead of
 * letting the heap grow several times past it (bench/RESULTS.md, B2). Neither is a hard cap.
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
