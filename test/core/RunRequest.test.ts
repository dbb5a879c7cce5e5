import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as RunRequest from "../../src/core/RunRequest.js"
import * as Unified from "../../src/core/Unified.js"

const schemas = { origin: Unified.UnifiedJob, target: Unified.UnifiedJob }
const failure = (request: RunRequest.Checkable) => Option.getOrUndefined(Either.getLeft(RunRequest.validate(schemas, request)))

describe("RunRequest.validate", () => {
  it("accepts a valid request and returns its parts decoded", () => {
    const checked = RunRequest.validate(schemas, {
      cursor: { mode: "uid", start: "42" },
      where: [{ field: "status", op: "eq", value: "open" }],
      having: [{ field: "location.city", op: "eq", value: "Paris" }],
      mapping: [{ from: "name", to: "name" }]
    })
    expect(Either.getOrThrow(checked)).toEqual({
      cursor: { mode: "id", start: "42", sort_by: "asc" },
      where: [{ field: "status", op: "eq", value: "open" }],
      having: [{ field: "location.city", op: "eq", value: "Paris" }]
    })
    expect(Either.getOrThrow(RunRequest.validate(schemas, {}))).toEqual({ cursor: undefined, where: [], having: [] })
  })

  it("names the place of each mistake, with the typed error of its kind", () => {
    const where = [{ field: "status", op: "eq", value: "open" }]
    expect(failure({ where: [...where, { field: "colour", op: "eq", value: "red" }] })).toMatchObject({
      _tag: "UnknownField",
      code: "unknown_field",
      field: "where[1].field",
      fieldName: "colour",
      message: expect.stringMatching(/^where\[1\]\.field: unknown field "colour" of .*; valid fields: .*status/)
    })
    expect(failure({ where: [{ field: "status", op: "gt", value: "open" }] })).toMatchObject({
      _tag: "IneligibleOperator",
      field: "where[0].op",
      fieldName: "status",
      op: "gt",
      message: expect.stringMatching(/^where\[0\]\.op: operator gt is not allowed on "status"; allowed: eq/)
    })
    expect(failure({ where: [...where, { field: "status", op: "in", value: "open" }] })).toMatchObject({ _tag: "InvalidInput", field: "where[1].value" })
    expect(failure({ where: [{ field: "status", op: "near", value: "x" }] })).toMatchObject({ _tag: "InvalidInput", field: "where[0].op" })
    expect(failure({ having: [where[0], { field: "colour.name", op: "eq", value: "x" }] })).toMatchObject({
      _tag: "UnknownField",
      field: "having[1].field",
      fieldName: "colour.name"
    })
    expect(failure({ having: [{ field: "name", op: "like", value: "x" }] })).toMatchObject({ _tag: "InvalidInput", field: "having[0].op" })
    expect(
      failure({
        mapping: [
          { from: "name", to: "name" },
          { from: "name", to: "nope" }
        ]
      })
    ).toMatchObject({ _tag: "MappingError", field: "mapping[1].to" })
    expect(failure({ mapping: [{ from: "nope", to: "name" }] })).toMatchObject({ _tag: "MappingError", field: "mapping[0].from" })
    expect(failure({ cursor: { mode: "updated_at", start: "yesterday" } })).toMatchObject({ _tag: "InvalidInput", field: "cursor.start" })
  })

  it("a timestamp cursor may start at epoch milliseconds; an id cursor at any text", () => {
    expect(Either.isRight(RunRequest.validate(schemas, { cursor: { mode: "updated_at", start: "1700000000000" } }))).toBe(true)
    expect(Either.isRight(RunRequest.validate(schemas, { cursor: { mode: "id", start: "abc" } }))).toBe(true)
  })
})
