/**
 * Answers the CLI's informational commands (`--help`, `--version`, `connectors`, `schema unified job`,
 * `<command> --help`) without loading Effect or @effect/cli: `npm run build` runs each of them once
 * through the full CLI and records the output in `manifest.json` beside this module (see
 * `Manifest`). Only an argv recorded there verbatim is answered; anything else, a missing manifest,
 * or `HRTECH_ETL_CLI_FULL=1` goes to the full CLI. Nothing but colours depends on the environment for
 * these commands, and both variants are recorded.
 */
import { readFileSync } from "node:fs"
import * as Color from "./Color.js"

/** What one command printed and how it exited. */
export interface Answer {
  readonly stdout: string
  readonly stderr: string
  readonly code: number
  /** Stdout with ANSI colours, when it differs from the plain one. */
  readonly stdoutAnsi?: string
}

/** The recorded answers, by `keyOf(args)`. */
export interface Manifest {
  /** Digest of the build the answers were recorded from (`scripts/build-cli.mjs` skips when it is unchanged). */
  readonly inputs: string
  readonly answers: Readonly<Record<string, Answer>>
}

/** The environment variable that sends every command to the full CLI. */
export const fullVariable = "HRTECH_ETL_CLI_FULL"

/** Where the manifest lives: beside this module in `dist/cli/`. */
export const manifestUrl = new URL("manifest.json", import.meta.url)

/** The argument lists the fast path answers, besides `<command> --help` for every command path. */
export const fixedForms: ReadonlyArray<ReadonlyArray<string>> = [
  [],
  ["--help"],
  ["-h"],
  ["--version"],
  ["connectors"],
  ["connectors", "--json"],
  ["schema", "unified", "job"],
  ["schema", "unified", "profile"]
]

/** The manifest key of the arguments after `hrtech-etl`. */
export const keyOf = (args: ReadonlyArray<string>): string => JSON.stringify(args)

/** Reads the manifest; undefined when there is none (a build without it falls back to the full CLI). */
export const load = (url: URL = manifestUrl): Manifest | undefined => {
  try {
    return JSON.parse(readFileSync(url, "utf8")) as Manifest
  } catch {
    return undefined
  }
}

/** The recorded output of these arguments, with colours only when stdout takes them; undefined when not recorded. */
export const answer = (
  args: ReadonlyArray<string>,
  env: Color.Env = process.env,
  manifest: Manifest | undefined = env[fullVariable] === undefined ? load() : undefined
): { readonly stdout: string; readonly stderr: string; readonly code: number } | undefined => {
  const recorded = manifest?.answers[keyOf(args)]
  if (recorded === undefined) return undefined
  const stdout = recorded.stdoutAnsi !== undefined && Color.enabled(process.stdout, env) ? recorded.stdoutAnsi : recorded.stdout
  return { stdout, stderr: Color.forStream(process.stderr, recorded.stderr, env), code: recorded.code }
}
