/**
 * One classification of failures: every typed error of the project declares a `category`, and each
 * entry point turns the category into its own answer (the CLI's exit code, the HTTP status, a
 * webhook reply) from one table, instead of each keeping its own list of tag names.
 */
import * as Schema from "effect/Schema"

/**
 * What kind of failure an error is:
 * - `input`: the request is wrong (a field, a flag, a mapping, a configuration value); fix and retry.
 * - `not_found`: something the request names does not exist here (an unknown connector, formatter,
 *   sync, local file).
 * - `unsupported`: valid, but the connector cannot do it (e.g. writing to a read-only system).
 * - `conflict`: clashes with what exists (a sync of that name).
 * - `unauthorized`: the caller's own credentials or signature are missing or wrong.
 * - `upstream`: an origin or target system failed or refused (its auth, transport, data, a missing
 *   record on its side).
 * - `unavailable`: try again later (rate limited, the state store unavailable).
 * - `internal`: a bug or an unexpected failure; details are not shown.
 */
export const Category = Schema.Literal("input", "not_found", "unsupported", "conflict", "unauthorized", "upstream", "unavailable", "internal").annotations({
  identifier: "ErrorCategory"
})
/** @see Category */
export type Category = typeof Category.Type

/** An error that says which kind of failure it is. */
export interface Classified {
  readonly category: Category
}

const isCategory = Schema.is(Category)

/** The category of any failure; one that declares none is `internal`. */
export const categoryOf = (error: unknown): Category => {
  const category = typeof error === "object" && error !== null ? (error as { readonly category?: unknown }).category : undefined
  return isCategory(category) ? category : "internal"
}

/** Whether a failure is the caller's to fix (its input, a name it gave, an operation it asked for). */
export const isCallerError = (category: Category): boolean =>
  category === "input" || category === "not_found" || category === "unsupported" || category === "conflict"
