/**
 * One classification of failures: every typed error of the project declares a `category`, and each
 * entry point turns the category into its own answer (the CLI's exit code, the HTTP status, a
 * webhook reply) from one table, instead of each keeping its own list of tag names.
 */
import type * as Cause from "effect/Cause"
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

const fieldReason = { field: Schema.String, reason: Schema.String }

type FieldErrorFields<Tag extends string> = { readonly _tag: Schema.tag<Tag> } & typeof fieldReason

/** What `fieldError` adds to an instance. */
export interface FieldErrorMembers<Code extends string, C extends Category> extends Classified {
  readonly code: Code
  readonly category: C
}

/** The class `fieldError` builds: a `Schema.TaggedErrorClass` whose instances have its `code` and `category`. */
export interface FieldErrorClass<Self, Tag extends string, Code extends string, C extends Category> extends Schema.Class<
  Self,
  FieldErrorFields<Tag>,
  Schema.Struct.Encoded<FieldErrorFields<Tag>>,
  never,
  Schema.Struct.Constructor<typeof fieldReason>,
  object,
  Cause.YieldableError & FieldErrorMembers<Code, C>
> {
  readonly _tag: Tag
}

// `Schema.TaggedError` checks its `Self` where it is called; in `fieldError` that is the caller's class, given later.
const taggedError = Schema.TaggedError as unknown as <Self, Tag extends string>(
  identifier: string
) => (tag: Tag, fields: typeof fieldReason) => Schema.TaggedErrorClass<Self, Tag, FieldErrorFields<Tag>>

/**
 * The base class of an error that names the field at fault and why (`field: reason`), with its
 * `code` and `category` (`input` unless given): `class E extends fieldError<E>()("E", "e_code") {}`.
 */
export const fieldError =
  <Self>() =>
  <const Tag extends string, const Code extends string, const C extends Category = "input">(
    tag: Tag,
    code: Code,
    category?: C
  ): FieldErrorClass<Self, Tag, Code, C> =>
    // The class's own type names Effect internals that declaration files cannot; its interface says the same.
    class extends taggedError<Self, Tag>(`hrtech-etl/${tag}`)(tag, fieldReason) {
      readonly code: Code = code
      readonly category: C = category ?? ("input" as C)
      override get message(): string {
        return `${this.field}: ${this.reason}`
      }
    } as unknown as FieldErrorClass<Self, Tag, Code, C>
