import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import * as Metadata from "../../src/core/Metadata.js"
import { Prefilter, validateHaving, validateWhere } from "../../src/core/Prefilter.js"

const Job = Schema.Struct({
  id: Metadata.field(Schema.String, { identifier: true, prefilter: { operators: ["eq", "in"] } }),
  title: Metadata.field(Schema.String, { prefilter: { operators: ["eq", "contains", "starts_with"] } }),
  salary: Schema.optional(Metadata.field(Schema.Number, { prefilter: { operators: ["eq", "gt", "gte", "lt", "lte"] } })),
  status: Metadata.field(Schema.Literal("open", "closed", "draft"), {
    prefilter: { operators: ["eq", "ne", "in", "not_in"] }
  }),
  updated_at: Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor: "updated_at" },
    prefilter: { operators: ["gt", "gte", "lt", "lte", "in"] }
  }),
  created_ms: Metadata.field(Metadata.EpochMillis, { prefilter: { operators: ["gte", "lte"] } }),
  tags: Metadata.field(Schema.Array(Schema.String), { prefilter: { operators: ["contains", "in"] } }),
  remote: Schema.optional(Schema.NullOr(Metadata.field(Schema.Boolean, { prefilter: { operators: ["eq", "exists"] } }))),
  notes: Schema.String,
  stage: Schema.optional(Schema.NullOr(Metadata.field(Schema.Literal("new", "hired"), { prefilter: { operators: ["eq", "in"] } })))
}).annotations({ identifier: "TestJob" })

const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected Right, got ${String(either.left)}`)
  return either.right
}
const left = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected Left, got ${JSON.stringify(either.right)}`)
  return either.left
}

describe("Prefilter builder", () => {
  it("builds conditions holding the wire value", () => {
    expect(right(Prefilter(Job, "status").eq("open"))).toEqual({ field: "status", op: "eq", value: "open" })
    expect(right(Prefilter(Job, "salary").gte(50000))).toEqual({ field: "salary", op: "gte", value: 50000 })
    expect(right(Prefilter(Job, "status").in(["open", "draft"]))).toEqual({ field: "status", op: "in", value: ["open", "draft"] })
    expect(right(Prefilter(Job, "title").starts_with("Senior"))).toEqual({ field: "title", op: "starts_with", value: "Senior" })
    expect(right(Prefilter(Job, "remote").exists())).toEqual({ field: "remote", op: "exists", value: true })
    expect(right(Prefilter(Job, "remote").exists(false))).toEqual({ field: "remote", op: "exists", value: false })
    expect(right(Prefilter(Job, "remote").eq(true))).toEqual({ field: "remote", op: "eq", value: true })
  })

  it("converts a JS Date to the field's wire form", () => {
    const at = new Date("2024-03-01T10:00:00Z")
    expect(right(Prefilter(Job, "updated_at").gte(at)).value).toBe("2024-03-01T10:00:00.000Z")
    expect(right(Prefilter(Job, "updated_at").in([at, "2024-03-02T00:00:00+02:00"])).value).toEqual(["2024-03-01T10:00:00.000Z", "2024-03-02T00:00:00+02:00"])
    // An epoch-ms field takes the Date as milliseconds.
    expect(right(Prefilter(Job, "created_ms").gte(at)).value).toBe(at.getTime())
    expect(left(Prefilter(Job, "updated_at").gte(new Date("not a date"))).message).toMatch(/invalid Date/)
  })

  it("contains on an array field takes an element or a list of elements; on text, text", () => {
    expect(right(Prefilter(Job, "tags").contains("remote")).value).toBe("remote")
    expect(right(Prefilter(Job, "tags").contains(["remote", "senior"])).value).toEqual(["remote", "senior"])
    expect(right(Prefilter(Job, "title").contains(["data", "ml"])).value).toEqual(["data", "ml"])
    const bad = left(Prefilter(Job, "tags").contains(["ok", 3 as unknown as string]))
    expect(bad._tag).toBe("InvalidInput")
    expect(bad.field).toBe("tags[1]")
  })

  it.effect("is yieldable in Effect.gen", () =>
    Effect.gen(function* () {
      const open = yield* Prefilter(Job, "status").eq("open")
      const rich = yield* Prefilter(Job, "salary").gt(100)
      expect([open, rich].map((c) => c.field)).toEqual(["status", "salary"])
      const error = yield* Effect.flip(
        Effect.gen(function* () {
          return yield* Prefilter(Job, "status").gt("open")
        })
      )
      expect(error._tag).toBe("IneligibleOperator")
    })
  )

  it("rejects an unknown field at compile time (and at run time when types are bypassed)", () => {
    // @ts-expect-error "salery" is not a field of TestJob
    expect(() => Prefilter(Job, "salery")).toThrow(/salery: unknown field of TestJob; valid fields: id, title, salary/)
  })

  it("rejects a value of the wrong type at compile time", () => {
    // @ts-expect-error "bogus" is not a status
    const result = Prefilter(Job, "status").eq("bogus")
    const error = left(result)
    expect(error._tag).toBe("InvalidInput")
    expect(error.message).toBe(`status: eq value: expected one of "open", "closed", "draft", got "bogus"`)
  })

  it("fails with IneligibleOperator for an operator the metadata does not allow", () => {
    const error = left(Prefilter(Job, "status").gt("open"))
    expect(error._tag).toBe("IneligibleOperator")
    expect(error).toMatchObject({ field: "status", op: "gt", allowed: ["eq", "ne", "in", "not_in"], code: "ineligible_operator" })
    expect(error.message).toBe("status: operator gt is not allowed; allowed: eq, ne, in, not_in")
    const notPrefilterable = left(Prefilter(Job, "notes").eq("x"))
    expect(notPrefilterable.message).toBe("notes: field is not prefilterable (operator eq requested)")
  })

  it("fails with InvalidInput naming the field for bad values", () => {
    const badDate = left(Prefilter(Job, "updated_at").gte("yesterday"))
    expect(badDate).toMatchObject({ _tag: "InvalidInput", field: "updated_at", code: "invalid_input" })
    expect(badDate.message).toContain(`expected an ISO-8601 date-time, got "yesterday"`)

    const wrongType = left(Prefilter(Job, "salary").gt("a lot" as unknown as number))
    expect(wrongType).toMatchObject({ _tag: "InvalidInput", field: "salary" })
    expect(wrongType.message).toBe(`salary: gt value: Expected number, actual "a lot"`)

    const notArray = left(Prefilter(Job, "status").in("open" as unknown as ReadonlyArray<"open">))
    expect(notArray.message).toBe(`status: in value: expected a non-empty array of values, got "open"`)
    expect(left(Prefilter(Job, "status").in([])).field).toBe("status")

    const badElement = left(Prefilter(Job, "status").not_in(["open", "gone" as "open"]))
    expect(badElement.field).toBe("status[1]")

    const badBool = left(Prefilter(Job, "remote").exists("yes" as unknown as boolean))
    expect(badBool.message).toMatch(/expected true or false/)
  })

  it("checks values of optional nullable fields against the inner type", () => {
    expect(right(Prefilter(Job, "stage").eq("hired")).value).toBe("hired")
    expect(left(Prefilter(Job, "stage").eq(null as unknown as "new")).message).toBe(`stage: eq value: expected one of "new", "hired", got null`)
    expect(left(Prefilter(Job, "stage").in(["new", "fired" as "new"])).field).toBe("stage[1]")
  })

  it("all collects builder results or fails with the first error", () => {
    const ok = right(Prefilter.all([Prefilter(Job, "status").eq("open"), Prefilter(Job, "salary").lt(10)]))
    expect(ok).toHaveLength(2)
    const error = left(Prefilter.all([Prefilter(Job, "status").eq("open"), Prefilter(Job, "status").gt("open")]))
    expect(error._tag).toBe("IneligibleOperator")
  })
})

describe("validateWhere", () => {
  it("accepts JSON conditions and normalises them like the builder", () => {
    const where = right(
      validateWhere(Job, [
        { field: "status", op: "in", value: ["open"] },
        { field: "remote", op: "exists" },
        { field: "updated_at", op: "gte", value: "2024-01-01T00:00:00Z" }
      ])
    )
    expect(where).toEqual([
      { field: "status", op: "in", value: ["open"] },
      { field: "remote", op: "exists", value: true },
      { field: "updated_at", op: "gte", value: "2024-01-01T00:00:00Z" }
    ])
  })

  it("names the offending place in its errors", () => {
    const badValue = left(
      validateWhere(Job, [
        { field: "status", op: "eq", value: "open" },
        { field: "salary", op: "gte", value: "many" }
      ])
    )
    expect(badValue).toMatchObject({ _tag: "InvalidInput", field: "where[1].value" })
    expect(badValue.message).toBe(`where[1].value: salary gte value: Expected number, actual "many"`)

    const badElement = left(validateWhere(Job, [{ field: "updated_at", op: "in", value: ["2024-01-01", "soon"] }]))
    expect(badElement.field).toBe("where[0].value[1]")

    const badOp = left(validateWhere(Job, [{ field: "status", op: "like", value: "o%" }]))
    expect(badOp).toMatchObject({ _tag: "InvalidInput", field: "where[0].op" })

    const notAList = left(validateWhere(Job, { field: "status" }))
    expect(notAList._tag).toBe("InvalidInput")

    const unknown = left(validateWhere(Job, [{ field: "salery", op: "gt", value: 1 }]))
    expect(unknown).toMatchObject({ _tag: "UnknownField", field: "salery", schema: "TestJob" })
    expect(unknown.message).toContain("valid fields: id, title, salary, status")

    const ineligible = left(validateWhere(Job, [{ field: "title", op: "gt", value: "a" }]))
    expect(ineligible).toMatchObject({ _tag: "IneligibleOperator", field: "title", op: "gt" })
  })
})

describe("validateHaving", () => {
  it("checks only the first segment of each path; any operator goes", () => {
    const having = [
      { field: "notes", op: "contains", value: "x" },
      { field: "tags.0", op: "eq", value: "a" },
      { field: "status", op: "gt", value: 3 }
    ]
    expect(right(validateHaving(Job, having))).toEqual(having)
    const unknown = left(validateHaving(Job, [{ field: "payload.status", op: "eq", value: "x" }]))
    expect(unknown).toMatchObject({ _tag: "UnknownField", field: "payload.status" })
    expect(unknown.message).toContain("valid fields: id, title, salary, status, updated_at, created_ms, tags, remote, notes, stage")
    expect(left(validateHaving(Job, [{ field: "", op: "eq" }])).field).toBe("having[0].field")
  })
})
