/**
 * How the CLI reports failures: one line naming the flag and the problem, and an exit code
 * (2 bad input, 1 failed run). Never a stack trace.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ErrorClass from "../core/ErrorClass.js"

/** Exit code of a successful run. */
export const OK = 0
/** Exit code of a run that failed or finished with failed records. */
export const RUN_FAILED = 1
/** Exit code of bad input. */
export const BAD_INPUT = 2

/** The exit code of each kind of failure (`ErrorClass`): what the caller must fix is bad input. */
export const exitCodeOfCategory: Readonly<Record<ErrorClass.Category, number>> = {
  input: BAD_INPUT,
  not_found: BAD_INPUT,
  unsupported: BAD_INPUT,
  conflict: BAD_INPUT,
  unauthorized: RUN_FAILED,
  upstream: RUN_FAILED,
  unavailable: RUN_FAILED,
  internal: RUN_FAILED
}

const flagOfKey: Record<string, string> = {
  resource: "--resource",
  origin: "--origin",
  target: "--target",
  origin_auth: "--origin-auth",
  target_auth: "--target-auth",
  where: "--where",
  having: "--having",
  mapping: "--mapping",
  formatter_id: "--formatter-id",
  batch_size: "--batch-size",
  dry_run: "--dry-run",
  mode: "--mode",
  resources: "--input",
  events: "--input",
  pipeline_id: "--pipeline-id",
  "cursor.mode": "--cursor-mode",
  "cursor.start": "--cursor-start",
  "cursor.sort_by": "--cursor-sort-by",
  cursor: "--cursor-start"
}

/** Names the CLI flag behind a wire field path (`where[0].op` → `--where: [0].op`). */
export const describeField = (field: string | undefined): string | undefined => {
  if (field === undefined) return undefined
  for (const key of Object.keys(flagOfKey).sort((a, b) => b.length - a.length)) {
    if (field === key) return flagOfKey[key]
    if (field.startsWith(`${key}[`) || field.startsWith(`${key}.`)) {
      return `${flagOfKey[key]}: ${field.slice(key.length).replace(/^\./, "")}`
    }
  }
  return field
}

/** A usage error raised by the CLI itself (e.g. a missing flag, an unreadable --input file). */
export class CliUsage extends Error {
  readonly _tag = "CliUsage"
  readonly category = "input" as const
  constructor(
    readonly flag: string,
    readonly reason: string
  ) {
    super(`${flag}: ${reason}`)
  }
}

/** One line describing an error, and the exit code it maps to. */
export const report = (error: unknown): { readonly line: string; readonly code: number } => {
  if (ValidationError.isValidationError(error)) {
    if (ValidationError.isHelpRequested(error)) return { line: "", code: OK }
    const doc = (error as { readonly error?: HelpDoc.HelpDoc }).error
    const text = doc ? HelpDoc.toAnsiText(doc).trim() : (error as { readonly _tag: string })._tag
    return {
      line: text
        .split("\n")
        .filter((l: string) => l.trim() !== "")
        .join(" "),
      code: BAD_INPUT
    }
  }
  const tagged = error as { _tag?: string; field?: string; reason?: string; message?: string; connector?: string }
  const tag = tagged?._tag ?? ""
  const code = exitCodeOfCategory[ErrorClass.categoryOf(error)]
  if (tag === "CliUsage") return { line: (error as CliUsage).message, code }
  const flag = describeField(tagged.field)
  const message = tagged.message ?? tagged.reason ?? String(error)
  // InvalidInput's message starts with the wire field; say the flag instead.
  const text = tag === "InvalidInput" && flag ? `${flag}: ${tagged.reason ?? message}` : message
  return { line: text.replace(/\s*\n\s*/g, " "), code }
}
