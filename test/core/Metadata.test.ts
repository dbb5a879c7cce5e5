import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck, Schema } from "effect"
import * as Builtin from "../../src/connectors/builtin.js"
import * as Connector from "../../src/core/Connector.js"
import * as Errors from "../../src/core/Errors.js"
import * as Metadata from "../../src/core/Metadata.js"
import * as QueryParams from "../../src/core/QueryParams.js"
import * as Registry from "../../src/core/Registry.js"
import * as Unified from "../../src/core/Unified.js"

const updatedCursor: Metadata.CursorMeta = {
  cursor: "updated_at",
  cursor_start_min: "updated_after",
  cursor_end_max: "updated_before",
  cursor_order_up: "asc",
  cursor_order_down: "desc"
}

const Native = Schema.Struct({
  // plain
  id: Metadata.field(Schema.String, { identifier: true, cursor: { cursor: "id" }, prefilter: { operators: ["eq", "in"] } }),
  // optional
  title: Schema.optional(
    Metadata.field(Schema.String, {
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "or", value_join: "and" }
    })
  ),
  // nullable
  updated_at: Schema.NullOr(Metadata.field(Metadata.DateTimeString, { cursor: updatedCursor, prefilter: { operators: ["gte", "lte"] } })),
  // optional and nullable, annotated on the property signature itself
  board_key: Schema.optional(Schema.NullOr(Schema.String)).annotations({
    [Metadata.PrefilterId]: { operators: ["in"] },
    [Metadata.InBindingId]: { query_field: "board_keys", formatter: "csv" }
  }),
  // transformed (wire: string, decoded: number) and refined
  salary: Metadata.field(Schema.NumberFromString, { prefilter: { operators: ["gt", "lt"] } }),
  headcount: Metadata.field(Schema.Number, { prefilter: { operators: ["eq"] } }).pipe(Schema.int()),
  created_ms: Metadata.field(Metadata.EpochMillis, { cursor: { cursor: "created_at", cursor_format: "epoch_ms" } }),
  status: Schema.optional(Metadata.field(Schema.Literal("open", "closed"), { prefilter: { operators: ["eq"] } })),
  skills: Schema.Array(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String }))),
  payload: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}).annotations({ identifier: "Native" })

describe("Metadata readers", () => {
  it("read metadata on plain, optional, nullable, transformed and refined fields", () => {
    expect(Metadata.getFieldMeta(Native, "id")).toEqual({ identifier: true, cursor: { cursor: "id" }, prefilter: { operators: ["eq", "in"] } })
    expect(Metadata.getFieldMeta(Native, "title")).toEqual({
      prefilter: { operators: ["contains"] },
      search_binding: { search_field: "keywords", field_join: "or", value_join: "and" }
    })
    expect(Metadata.getFieldMeta(Native, "updated_at")).toEqual({ cursor: updatedCursor, prefilter: { operators: ["gte", "lte"] } })
    expect(Metadata.getFieldMeta(Native, "salary")).toEqual({ prefilter: { operators: ["gt", "lt"] } })
    expect(Metadata.getFieldMeta(Native, "headcount")).toEqual({ prefilter: { operators: ["eq"] } })
    expect(Metadata.getFieldMeta(Native, "status")).toEqual({ prefilter: { operators: ["eq"] } })
    expect(Metadata.getFieldMeta(Native, "skills")).toEqual({})
  })

  it("finds cursor, identifier and field schemas", () => {
    expect(Metadata.cursorField(Native, "updated_at")).toEqual({ name: "updated_at", meta: updatedCursor })
    expect(Metadata.cursorField(Native, "created_at")?.name).toBe("created_ms")
    expect(Metadata.cursorModes(Native)).toEqual(["id", "updated_at", "created_at"])
    expect(Metadata.identifierField(Native)).toBe("id")
    expect(Metadata.fieldNames(Native)).toContain("payload")
    // The value schema has no null/undefined wrapper.
    const value = Metadata.fieldSchema(Native, "updated_at")
    expect(Schema.is(value)("2024-01-01T00:00:00Z")).toBe(true)
    expect(Schema.is(value)(null)).toBe(false)
    expect(Schema.decodeUnknownSync(Metadata.fieldSchema(Native, "salary"))("12.5")).toBe(12.5)
  })

  it("fails with UnknownField naming the valid fields", () => {
    expect(() => Metadata.getFieldMeta(Native, "nope")).toThrow(/nope: unknown field of Native; valid fields: id, title, updated_at/)
    expect(() => Metadata.fieldSchema(Native, "nope")).toThrow(/unknown field/)
    expect(Metadata.hasField(Native, "nope")).toBe(false)
  })

  it("reads through refined and transformed structs", () => {
    const Refined = Native.pipe(Schema.filter(() => true))
    expect(Metadata.getFieldMeta(Refined, "id").identifier).toBe(true)
    expect(Metadata.fieldNames(Refined)).toEqual(Metadata.fieldNames(Native))
    // A default makes the struct a Transformation; the wire side is read.
    const WithDefault = Schema.Struct({
      a: Metadata.field(Schema.String, { prefilter: { operators: ["eq"] } }),
      extra: Schema.optionalWith(Schema.Number, { default: () => 0 })
    })
    expect(WithDefault.ast._tag).toBe("Transformation")
    expect(Metadata.getFieldMeta(WithDefault, "a")).toEqual({ prefilter: { operators: ["eq"] } })
    expect(Metadata.exportModelFields(WithDefault).map((f) => [f.name, f.type, f.required])).toEqual([
      ["a", "string", true],
      ["extra", "number", false]
    ])
  })

  it("parses the instants vendors send", () => {
    expect(Metadata.parseInstant("2024-01-01T00:00:00Z")).toBe(Date.UTC(2024, 0, 1))
    expect(Metadata.parseInstant("2024-01-01T02:00:00+0200")).toBe(Date.UTC(2024, 0, 1))
    expect(Metadata.parseInstant("2024-01-01 00:00:00Z")).toBe(Date.UTC(2024, 0, 1))
    expect(Metadata.parseInstant("2024-01-01")).toBe(Date.UTC(2024, 0, 1))
    expect(Metadata.parseInstant("January 1st")).toBeUndefined()
    expect(Metadata.parseInstant("2024-13-45T00:00:00Z")).toBeUndefined()
    expect(Metadata.parseInstant("2024-02-30T00:00:00Z")).toBeUndefined()
    expect(Metadata.parseInstant("2024-02-29T23:59:59.999-0130")).toBe(Date.UTC(2024, 2, 1, 1, 29, 59, 999))
    expect(Metadata.parseInstant("2023-02-29T00:00:00Z")).toBeUndefined()
    expect(Metadata.parseInstant("2024-01-01T24:00:00Z")).toBeUndefined()
    expect(Metadata.parseInstant("2024-01-01T00:00:00.Z")).toBeUndefined()
    expect(Metadata.parseInstant("2024-01-01T00:00:00+2:00")).toBeUndefined()
  })

  it.prop(
    "parses every offset and fraction form exactly as Date.parse does",
    [
      FastCheck.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }),
      FastCheck.integer({ min: -14 * 60, max: 14 * 60 }),
      FastCheck.constantFrom("", ".1", ".12", ".123", ".123456", ".000000001"),
      FastCheck.constantFrom("Z", "colon", "compact")
    ],
    ([ms, offsetMinutes, fraction, zoneForm]) => {
      const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19)
      const sign = offsetMinutes < 0 ? "-" : "+"
      const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0")
      const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, "0")
      const zone = zoneForm === "Z" ? "Z" : zoneForm === "colon" ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`
      const text = `${local}${fraction}${zone}`
      expect(Metadata.parseInstant(text)).toBe(Date.parse(zoneForm === "compact" ? `${local}${fraction}${sign}${hh}:${mm}` : text))
    }
  )
})

describe("exportModelFields", () => {
  const byName = (fields: ReadonlyArray<Metadata.FieldInfo>) => Object.fromEntries(fields.map((f) => [f.name, f]))

  it("gives real type names and requiredness", () => {
    const fields = byName(Metadata.exportModelFields(Native))
    const summary = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, [f.type, f.required]]))
    expect(summary).toEqual({
      id: ["string", true],
      title: ["string", false],
      updated_at: ["datetime", false],
      board_key: ["string", false],
      salary: ["number", true],
      headcount: ["number", true],
      created_ms: ["epoch_ms", true],
      status: ["enum", false],
      skills: ["array<string>", true],
      tags: ["array<object>", false],
      payload: ["record", true]
    })
    expect(fields["status"]!.enum).toEqual(["open", "closed"])
    expect(fields["updated_at"]!.cursor).toEqual(updatedCursor)
    expect(fields["title"]!.search_binding).toEqual({ search_field: "keywords", field_join: "or", value_join: "and" })
    expect(Object.values(fields).map((f) => f.type)).not.toContain("Optional")
  })

  it("onlyPrefilterable keeps the fields with prefilter operators", () => {
    expect(Metadata.exportModelFields(Native, { onlyPrefilterable: true }).map((f) => f.name)).toEqual([
      "id",
      "title",
      "updated_at",
      "board_key",
      "salary",
      "headcount",
      "status"
    ])
  })

  it("carries every kind of metadata", () => {
    const boardKey = Metadata.exportModelFields(Native).find((f) => f.name === "board_key")
    expect(boardKey).toMatchObject({ prefilter: { operators: ["in"] }, in_binding: { query_field: "board_keys", formatter: "csv" } })
    const id = Metadata.exportModelFields(Native).find((f) => f.name === "id")
    expect(id).toMatchObject({ identifier: true, cursor: { cursor: "id" } })
  })

  it("lists dotted paths into nested objects", () => {
    expect(Metadata.fieldPaths(Native)).toContainEqual({ path: "tags.name", type: "string" })
  })
})

// Regressions: annotations on transformed structs, and optional(NullOr(X)) unwrapping.
describe("Metadata regressions", () => {
  it("reads property-signature annotations when the struct is a Transformation", () => {
    const WithDefault = Schema.Struct({
      key: Schema.optional(Schema.String).annotations({ [Metadata.PrefilterId]: { operators: ["in"] } }),
      extra: Schema.optionalWith(Schema.Number, { default: () => 0 })
    })
    expect(Metadata.getFieldMeta(WithDefault, "key")).toEqual({ prefilter: { operators: ["in"] } })
  })

  it("unwraps optional(NullOr(X)) fully: fieldSchema rejects null", () => {
    const S = Schema.Struct({ stage: Schema.optional(Schema.NullOr(Schema.Literal("a", "b"))) })
    expect(Schema.is(Metadata.fieldSchema(S, "stage"))(null)).toBe(false)
  })

  it("exportModelFields lists enum values of optional(NullOr(enum))", () => {
    const S = Schema.Struct({ stage: Schema.optional(Schema.NullOr(Schema.Literal("a", "b"))) })
    expect(Metadata.exportModelFields(S)[0]!.enum).toEqual(["a", "b"])
  })

  it("fieldPaths reaches into optional(NullOr(array of objects))", () => {
    const S = Schema.Struct({ tags: Schema.optional(Schema.NullOr(Schema.Array(Schema.Struct({ name: Schema.String })))) })
    expect(Metadata.fieldPaths(S)).toContainEqual({ path: "tags.name", type: "string" })
  })
})

describe("Metadata validated when the schema is defined", () => {
  const thrown = (f: () => unknown): unknown => {
    try {
      f()
    } catch (e) {
      return e
    }
    throw new Error("expected a throw")
  }

  it("Metadata.field rejects an unknown IN formatter, operator, join, cursor role or key, naming it", () => {
    const cases: ReadonlyArray<[unknown, string, RegExp]> = [
      [
        { prefilter: { operators: ["in"] }, in_binding: { formatter: "strng_array" } },
        "in_binding.formatter",
        /Expected "array" \| "csv" \| "array_string" \| "string_array", actual "strng_array"/
      ],
      [{ prefilter: { operators: ["eq", "like"] } }, "prefilter.operators[1]", /actual "like"/],
      [{ prefilter: { operators: ["contains"] }, search_binding: { search_field: "q", field_join: "xor" } }, "search_binding.field_join", /actual "xor"/],
      [{ cursor: { cursor: "modified_at" } }, "cursor.cursor", /actual "modified_at"/],
      [{ cursor: { cursor: "updated_at", cursor_start_mn: "since" } }, "cursor.cursor_start_mn", /unknown metadata key/],
      [{ cursor: { cursor: "updated_at", cursor_range: "dates" } }, "cursor.cursor_range", /actual "dates"/],
      [{ prefilter: { operators: ["eq"], params: { gt: "min" } } }, "prefilter.params.gt", /gt has a query name but is not among operators \[eq\]/],
      [{ prefilter: { operators: ["eq"] }, in_binding: { query_field: "ids" } }, "in_binding", /needs prefilter.operators to include in/],
      [{ search_binding: { search_field: "keywords" } }, "search_binding", /needs prefilter.operators to include contains/],
      [{ filter: { eligible: true } }, "filter", /unknown metadata key/]
    ]
    for (const [meta, field, reason] of cases) {
      const error = thrown(() => Metadata.field(Schema.String, meta as Metadata.FieldMetaInput))
      expect(error).toBeInstanceOf(Errors.InvalidMetadata)
      expect(error).toMatchObject({ _tag: "InvalidMetadata", code: "invalid_metadata", field })
      expect((error as Errors.InvalidMetadata).reason).toMatch(reason)
    }
  })

  it("takes the original's string_array (stored as array_string) and uid (stored as id), and pushes the IN", () => {
    const S = Schema.Struct({
      id: Metadata.field(Schema.String, { identifier: true, cursor: { cursor: "uid" } }),
      board_key: Metadata.field(Schema.String, {
        prefilter: { operators: ["in"] },
        in_binding: { query_field: "board_keys", formatter: "string_array" }
      })
    })
    expect(Metadata.getFieldMeta(S, "board_key").in_binding).toEqual({ query_field: "board_keys", formatter: "array_string" })
    expect(Metadata.cursorField(S, "id")?.name).toBe("id")
    const built = Either.getOrThrow(QueryParams.buildConnectorParams(S, [{ field: "board_key", op: "in", value: ["b1", "b2"] }], null))
    expect(built).toEqual({ params: { board_keys: '["b1","b2"]' }, pushed: [{ field: "board_key", op: "in", value: ["b1", "b2"] }], unpushed: [] })
  })

  it("an IN binding set without Metadata.field: the alias is read, an unknown formatter is never reported as pushed", () => {
    const S = Schema.Struct({
      a: Schema.String.annotations({ [Metadata.PrefilterId]: { operators: ["in"] }, [Metadata.InBindingId]: { formatter: "string_array" } }),
      b: Schema.String.annotations({ [Metadata.PrefilterId]: { operators: ["in"] }, [Metadata.InBindingId]: { formatter: "xml" } })
    }).annotations({ identifier: "Raw" })
    const where = [
      { field: "a", op: "in" as const, value: ["x"] },
      { field: "b", op: "in" as const, value: ["y"] }
    ]
    const built = Either.getOrThrow(QueryParams.buildConnectorParams(S, where, null))
    expect(built.params).toEqual({ a__in: '["x"]' })
    expect(built.unpushed).toEqual([where[1]])
    // ...and registering it is refused, naming the schema, the field and the key.
    const invalid = Either.flip(Metadata.validate(S)).pipe(Either.getOrThrow)
    expect(invalid.message).toBe('Raw.b.in_binding.formatter: invalid field metadata: Expected "array" | "csv" | "array_string" | "string_array", actual "xml"')
  })

  it("validate refuses two fields with one cursor role or two identifiers", () => {
    const TwoCursors = Schema.Struct({
      a: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "updated_at" } }),
      b: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "updated_at" } })
    }).annotations({ identifier: "Two" })
    expect(Either.flip(Metadata.validate(TwoCursors)).pipe(Either.getOrThrow)).toMatchObject({
      field: "b.cursor",
      reason: "cursor role updated_at is already held by a"
    })
    const TwoIds = Schema.Struct({
      a: Metadata.field(Schema.String, { identifier: true }),
      b: Metadata.field(Schema.String, { identifier: true })
    })
    expect(Either.flip(Metadata.validate(TwoIds)).pipe(Either.getOrThrow)).toMatchObject({ field: "b.identifier" })
    expect(Either.isRight(Metadata.validate(Native))).toBe(true)
  })

  it("registering a connector with invalid metadata fails at once; every shipped schema is valid", () => {
    const Bad = Schema.Struct({ id: Schema.String.annotations({ [Metadata.CursorId]: { cursor: "id", sortable: "no" } }) }).annotations({
      identifier: "BadJob"
    })
    const factory = { ...Builtin.factories[0]!, name: "bad", schemas: { job: Bad, profile: Bad } }
    expect(() => Registry.make([factory])).toThrow('BadJob.id.cursor.sortable: invalid field metadata: Expected boolean, actual "no"')
    expect(() => Connector.fromAsyncIterable({ name: "bad", schemas: { job: Bad, profile: Bad } })).toThrow(Errors.InvalidMetadata)
    for (const { name, schemas } of [...Builtin.factories, ...Builtin.resolvers.map((r) => ({ name: r.scheme, schemas: r.schemas }))]) {
      for (const schema of [schemas.job, schemas.profile]) {
        expect(Metadata.validate(schema), name).toEqual(Either.right(schema))
      }
    }
    expect(Either.isRight(Metadata.validate(Unified.UnifiedJob)) && Either.isRight(Metadata.validate(Unified.UnifiedProfile))).toBe(true)
  })
})
