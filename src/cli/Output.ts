/**
 * CLI output: readable tables on stdout, or one JSON object with `--json`; progress on stderr.
 */

/** Renders rows as an aligned text table. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const cells = rows.map((row) => row.map((c) => (c === undefined || c === null ? "" : typeof c === "object" ? JSON.stringify(c) : String(c))))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)))
  const line = (values: ReadonlyArray<string>) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd()
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n")
}

/** Renders key/value pairs as a two-column table. */
export const keyValues = (pairs: ReadonlyArray<readonly [string, unknown]>): string =>
  table(
    ["", ""],
    pairs.map(([k, v]) => [k, v])
  )
    .split("\n")
    .slice(2)
    .join("\n")

/** Writes a line to stdout. */
export const out = (text: string): void => {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`)
}

/** Writes a line to stderr. */
export const err = (text: string): void => {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`)
}

/** Whether progress lines should be shown. */
export const showProgress = (forced: boolean): boolean => forced || process.stderr.isTTY === true
