/**
 * Whether the CLI writes ANSI colours: `NO_COLOR` (set and not empty) turns them off, `FORCE_COLOR`
 * turns them on (`0` or `false` off) and wins over `NO_COLOR` as in Node itself; otherwise only a
 * terminal gets them, so `hrtech-etl --help > file` is plain text. No Effect import: the fast path
 * (`FastPath`) uses it too.
 */

/** The environment variables read here. */
export type Env = Readonly<Record<string, string | undefined>>

/** Whether text written to `stream` may carry ANSI colours. */
export const enabled = (stream: { readonly isTTY?: boolean | undefined }, env: Env = process.env): boolean => {
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false"
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false
  return stream.isTTY === true && env.TERM !== "dumb"
}

// @effect/printer-ansi writes only SGR sequences (ESC [ ... m).
const sgr = /\u001b\[[0-9;]*m/g

/** The text without its ANSI colour sequences. */
export const strip = (text: string): string => text.replace(sgr, "")

/** The text as it should reach `stream`: unchanged when colours are enabled there, else plain. */
export const forStream = (stream: { readonly isTTY?: boolean | undefined }, text: string, env: Env = process.env): string =>
  enabled(stream, env) ? text : strip(text)
