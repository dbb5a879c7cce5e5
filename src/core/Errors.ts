/**
 * Typed errors shared by every layer. Each carries a stable `code` (used by the CLI's exit codes and
 * the HTTP API's `{error:{code,message,field?}}` body) and, where one applies, the offending `field`.
 */
import * as Schema from "effect/Schema"
import * as ErrorClass from "./ErrorClass.js"

/** Input that does not decode: malformed JSON, wrong type, unknown key, bad date. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("hrtech-etl/InvalidInput")("InvalidInput", {
  field: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  readonly code = "invalid_input"
  readonly category = "input" as const
  override get message(): string {
    return this.field ? `${this.field}: ${this.reason}` : this.reason
  }
}

/**
 * A field name that the schema does not have. In a run request `field` is where the name was given
 * (`where[0].field`) and `fieldName` the name itself.
 */
export class UnknownField extends Schema.TaggedError<UnknownField>("hrtech-etl/UnknownField")("UnknownField", {
  field: Schema.String,
  fieldName: Schema.optional(Schema.String),
  schema: Schema.String,
  valid: Schema.Array(Schema.String)
}) {
  readonly code = "unknown_field"
  readonly category = "input" as const
  override get message(): string {
    const what = this.fieldName === undefined ? "unknown field" : `unknown field ${JSON.stringify(this.fieldName)}`
    return `${this.field}: ${what} of ${this.schema}; valid fields: ${this.valid.join(", ")}`
  }
}

/**
 * An operator that the field's metadata does not allow for a prefilter. In a run request `field` is
 * where the operator was given (`where[0].op`) and `fieldName` the field it was given for.
 */
export class IneligibleOperator extends Schema.TaggedError<IneligibleOperator>("hrtech-etl/IneligibleOperator")("IneligibleOperator", {
  field: Schema.String,
  fieldName: Schema.optional(Schema.String),
  op: Schema.String,
  allowed: Schema.Array(Schema.String)
}) {
  readonly code = "ineligible_operator"
  readonly category = "input" as const
  override get message(): string {
    const on = this.fieldName === undefined ? "" : ` on ${JSON.stringify(this.fieldName)}`
    return this.allowed.length === 0
      ? `${this.field}: ${this.fieldName === undefined ? "field" : JSON.stringify(this.fieldName)} is not prefilterable (operator ${this.op} requested)`
      : `${this.field}: operator ${this.op} is not allowed${on}; allowed: ${this.allowed.join(", ")}`
  }
}

/** Conditions that cannot be expressed together (e.g. `eq "a"` and `in ["b"]` on one field). */
export class ConflictingConditions extends ErrorClass.fieldError<ConflictingConditions>()("ConflictingConditions", "conflicting_conditions") {}

/** A cursor that the schema cannot serve (no field with that role, or no query names declared). */
export class CursorUnsupported extends ErrorClass.fieldError<CursorUnsupported>()("CursorUnsupported", "cursor_unsupported") {}

/** A mapping spec that does not fit the origin or target schema. */
export class MappingError extends ErrorClass.fieldError<MappingError>()("MappingError", "mapping_error") {}

/**
 * Field metadata that cannot be right (an unknown key, operator, IN formatter or cursor role, two
 * fields claiming one cursor role, ...), found when the schema is defined or registered.
 */
export class InvalidMetadata extends Schema.TaggedError<InvalidMetadata>("hrtech-etl/InvalidMetadata")("InvalidMetadata", {
  schema: Schema.String,
  field: Schema.String,
  reason: Schema.String
}) {
  readonly code = "invalid_metadata"
  readonly category = "internal" as const
  override get message(): string {
    return `${this.schema}${this.field === "" ? "" : `.${this.field}`}: invalid field metadata: ${this.reason}`
  }
}

/** Errors raised while validating user input to the core. */
export type CoreError = InvalidInput | UnknownField | IneligibleOperator | ConflictingConditions | CursorUnsupported | MappingError
