/**
 * The one check of a run's request against the connectors' schemas: cursor, WHERE against the
 * origin's prefilter metadata, HAVING against the origin's fields, and the mapping against both
 * schemas. The library's pipeline, the CLI and HTTP runs (`app/Runs`) and scheduled syncs all use it,
 * so a mistake is reported alike everywhere, as a typed error whose `field` names the place
 * (`cursor.start`, `where[0].field`, `where[0].op`, `where[1].value`, `having[0].field`, `mapping[2].to`).
 */
import * as Either from "effect/Either"
import * as Condition from "./Condition.js"
import type * as Connector from "./Connector.js"
import * as Cursor from "./Cursor.js"
import * as Decode from "./Decode.js"
import { IneligibleOperator, InvalidInput, type MappingError, UnknownField } from "./Errors.js"
import * as Formatter from "./Formatter.js"
import * as Metadata from "./Metadata.js"
import * as Prefilter from "./Prefilter.js"
import type * as State from "./State.js"

/** The parts of a run request checked against the schemas; absent parts are not checked. */
export interface Checkable {
  readonly cursor?: Cursor.CursorEncoded | Cursor.Cursor | undefined
  readonly where?: unknown
  readonly having?: unknown
  readonly mapping?: State.Mapping | undefined
}

/** A request's parts once checked: the cursor decoded, WHERE values in wire form. */
export interface Checked {
  readonly cursor: Cursor.Cursor | undefined
  readonly where: ReadonlyArray<Condition.Condition>
  readonly having: ReadonlyArray<Condition.Condition>
}

/** Why a run request does not fit the schemas. */
export type RequestError = InvalidInput | UnknownField | IneligibleOperator | MappingError

/** The native schemas of a run's resource on both sides. */
export interface Schemas {
  readonly origin: Connector.NativeSchema
  readonly target: Connector.NativeSchema
}

/** Decodes a cursor; a timestamp-mode start must be a real date-time (or epoch milliseconds, e.g. Lever's). */
export const validateCursor = (input: Cursor.CursorEncoded | Cursor.Cursor): Either.Either<Cursor.Cursor, InvalidInput> =>
  Either.flatMap(Decode.decodeUnknownEither(Cursor.Cursor, "cursor")(input), (cursor) =>
    cursor.mode !== "id" && cursor.start != null && Metadata.parseInstant(cursor.start) === undefined && !/^\d{10,16}$/.test(cursor.start)
      ? Either.left(
          new InvalidInput({
            field: "cursor.start",
            reason: `expected an ISO-8601 date-time (or epoch milliseconds) for cursor mode ${cursor.mode}, got ${JSON.stringify(cursor.start)}`
          })
        )
      : Either.right(cursor)
  )

/**
 * WHERE checked against the origin's prefilter metadata: the field must exist (`where[i].field`), allow
 * the operator (`where[i].op`) and the value must fit the field (`where[i].value`).
 */
export const validateWhere = (
  schema: Connector.NativeSchema,
  where: unknown
): Either.Either<ReadonlyArray<Condition.Condition>, InvalidInput | UnknownField | IneligibleOperator> =>
  Either.flatMap(Decode.decodeUnknownEither(Condition.Conditions, "where")(where), (list) =>
    Either.all(
      list.map((c, i) =>
        Either.mapLeft(Prefilter.checkCondition(schema, c.field, c.op, c.value, `where[${i}].value`), (e) => {
          switch (e._tag) {
            case "UnknownField":
              return new UnknownField({ field: `where[${i}].field`, fieldName: c.field, schema: e.schema, valid: e.valid })
            case "IneligibleOperator":
              return new IneligibleOperator({ field: `where[${i}].op`, fieldName: c.field, op: e.op, allowed: e.allowed })
            default:
              return e
          }
        })
      )
    )
  )

/** HAVING: any operator and value, and a dotted path may reach into nested data, but its first segment must be a field of the origin. */
export const validateHaving = (
  schema: Connector.NativeSchema,
  having: unknown
): Either.Either<ReadonlyArray<Condition.Condition>, InvalidInput | UnknownField> =>
  Either.flatMap(Decode.decodeUnknownEither(Condition.Conditions, "having")(having), (list) => {
    const i = list.findIndex((c) => !Metadata.hasField(schema, c.field.split(".")[0]!))
    return i < 0
      ? Either.right(list)
      : Either.left(
          new UnknownField({
            field: `having[${i}].field`,
            fieldName: list[i]!.field,
            schema: Metadata.schemaName(schema),
            valid: [...Metadata.fieldNames(schema)]
          })
        )
  })

/** Checks a run request's parts against the origin's and target's schemas, in request order. */
export const validate = (schemas: Schemas, request: Checkable): Either.Either<Checked, RequestError> =>
  Either.gen(function* () {
    const cursor = request.cursor === undefined ? undefined : yield* validateCursor(request.cursor)
    const where = request.where === undefined ? [] : yield* validateWhere(schemas.origin, request.where)
    const having = request.having === undefined ? [] : yield* validateHaving(schemas.origin, request.having)
    if (request.mapping !== undefined) yield* Formatter.validateMapping(request.mapping, schemas.origin, schemas.target)
    return { cursor, where, having }
  })
