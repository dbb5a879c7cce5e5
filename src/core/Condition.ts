/**
 * Filter conditions: the WHERE (prefilter) and HAVING (postfilter) vocabulary.
 */
import * as Schema from "effect/Schema"

/** Comparison operators understood by prefilters and postfilters. */
export const Operator = Schema.Literal("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "starts_with", "exists").annotations({
  identifier: "Operator"
})
/** @see Operator */
export type Operator = typeof Operator.Type

/** Every operator, in declaration order. */
export const operators: ReadonlyArray<Operator> = Operator.literals

/** How terms are joined in a keyword search query. */
export const BoolJoin = Schema.Literal("and", "or").annotations({ identifier: "BoolJoin" })
/** @see BoolJoin */
export type BoolJoin = typeof BoolJoin.Type

/** A single filter: `field` may be a dotted path (`payload.status`, `skills.name`) for postfilters. */
export const Condition = Schema.Struct({
  field: Schema.String.pipe(Schema.minLength(1, { message: () => "field must be a non-empty string" })),
  op: Operator,
  value: Schema.optional(Schema.Unknown)
}).annotations({ identifier: "Condition" })
/** @see Condition */
export interface Condition {
  readonly field: string
  readonly op: Operator
  readonly value?: unknown
}

/** A JSON list of conditions, as taken by `--where`, `--having` and the HTTP API. */
export const Conditions = Schema.Array(Condition)

/** Builds a condition. */
export const make = (field: string, op: Operator, value?: unknown): Condition => (value === undefined ? { field, op } : { field, op, value })

/** Renders a condition for messages, e.g. `title contains "engineer"`. */
export const show = (condition: Condition): string =>
  `${condition.field} ${condition.op}${condition.value === undefined ? "" : ` ${JSON.stringify(condition.value)}`}`
