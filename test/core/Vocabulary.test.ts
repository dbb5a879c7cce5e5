import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck, Schema } from "effect"
import * as Condition from "../../src/core/Condition.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Decode from "../../src/core/Decode.js"
import * as Event from "../../src/core/Event.js"
import * as Push from "../../src/core/Push.js"
import * as Resource from "../../src/core/Resource.js"

const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected Right, got ${String(either.left)}`)
  return either.right
}
const left = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected Left, got ${JSON.stringify(either.right)}`)
  return either.left
}

const pushResult = {
  total_events: 2,
  total_resources_fetched: 2,
  total_resources_pushed: 1,
  total_archived: 0,
  skipped_missing: 1,
  skipped_having: 0,
  skipped_duplicate_events: 0,
  skipped: [{ id: "j2", reason: "not found at the origin" }],
  errors: [{ id: "j3", stage: "write", message: "409 Conflict" }],
  dry_run: false,
  duration_ms: 12
}

describe("Cursor", () => {
  const decode = Decode.decodeUnknownEither(Cursor.Cursor, "cursor")

  it("accepts uid as an alias of id and defaults sort_by to asc", () => {
    expect(right(decode({ mode: "uid", start: "42" }))).toEqual({ mode: "id", start: "42", sort_by: "asc" })
    expect(right(decode({ mode: "updated_at", start: null, sort_by: "desc" }))).toEqual({
      mode: "updated_at",
      start: null,
      sort_by: "desc"
    })
    expect(right(decode({ mode: "created_at" }))).toEqual({ mode: "created_at", sort_by: "asc" })
    // Encoding writes the canonical mode.
    expect(Schema.encodeSync(Cursor.Cursor)(right(decode({ mode: "uid" })))).toEqual({ mode: "id", sort_by: "asc" })
  })

  it("names the field in decoding errors", () => {
    expect(left(decode({ mode: "position" }))).toMatchObject({ _tag: "InvalidInput", field: "cursor.mode" })
    expect(left(decode({ mode: "id", sort_by: "up" })).field).toBe("cursor.sort_by")
    expect(left(decode({ mode: "id", start: 42 })).field).toBe("cursor.start")
    const extra = left(decode({ mode: "id", strat: "1" }))
    expect(extra).toMatchObject({ field: "cursor.strat", reason: "unknown field" })
    expect(extra.message).toBe("cursor.strat: unknown field")
    expect(left(decode("updated_at")).field).toBe("cursor")
  })

  it("resumes from the end, keeping boundary ids and direction", () => {
    const done: Cursor.Cursor = { mode: "updated_at", start: "a", end: "b", sort_by: "desc", boundary_ids: ["1"] }
    expect(Cursor.resumeFrom(done)).toEqual({ mode: "updated_at", start: "b", sort_by: "desc", boundary_ids: ["1"] })
  })

  it.prop(
    "compareValues orders instants across offsets and numbers numerically",
    [FastCheck.integer({ min: 0, max: 4_000_000_000 }), FastCheck.integer({ min: 0, max: 4_000_000_000 })],
    ([a, b]) => {
      const sign = Math.sign(a - b)
      expect(Cursor.compareValues(String(a), String(b))).toBe(sign)
      const isoA = new Date(a * 1000).toISOString()
      const shiftedB = new Date(b * 1000 + 2 * 3600_000).toISOString().replace("Z", "+02:00")
      expect(Cursor.compareValues(isoA, shiftedB)).toBe(sign)
    }
  )

  it.prop(
    "compareValues orders UTC timestamps of any precision as instants",
    [FastCheck.integer({ min: 0, max: 4_000_000_000_000 }), FastCheck.integer({ min: 0, max: 4_000_000_000_000 })],
    ([a, b]) => {
      const isoA = new Date(a).toISOString()
      const isoB = new Date(b).toISOString()
      expect(Cursor.compareValues(isoA, isoB)).toBe(Math.sign(a - b))
      // Seconds only against milliseconds, and microseconds against milliseconds: compared as instants.
      const secondsA = isoA.replace(/\.\d{3}Z$/, "Z")
      expect(Cursor.compareValues(secondsA, isoB)).toBe(Math.sign(Math.floor(a / 1000) * 1000 - b))
      expect(Cursor.compareValues(isoA.replace("Z", "999Z"), isoB)).toBe(a === b ? 0 : Math.sign(a - b))
    }
  )
})

describe("Condition and Operator", () => {
  const decode = Decode.decodeUnknownEither(Condition.Conditions, "where")

  it("decodes conditions with dotted paths and every operator", () => {
    const list = Condition.operators.map((op, i) => ({ field: i % 2 === 0 ? "status" : "payload.status", op, value: "x" }))
    expect(right(decode(list))).toEqual(list)
    expect(right(decode([{ field: "remote", op: "exists" }]))).toEqual([{ field: "remote", op: "exists" }])
    expect(Condition.operators).toEqual(["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "starts_with", "exists"])
  })

  it("names the field in decoding errors", () => {
    expect(
      left(
        decode([
          { field: "a", op: "eq" },
          { field: "b", op: "like", value: 1 }
        ])
      )
    ).toMatchObject({
      _tag: "InvalidInput",
      field: "where[1].op"
    })
    const emptyField = left(decode([{ field: "", op: "eq" }]))
    expect(emptyField.message).toBe("where[0].field: field must be a non-empty string")
    expect(left(decode([{ op: "eq" }])).field).toBe("where[0].field")
    expect(left(decode([{ field: "a", op: "eq", values: [1] }])).field).toBe("where[0].values")
    expect(left(decode({ field: "a", op: "eq" })).field).toBe("where")
    expect(left(Decode.decodeUnknownEither(Condition.Operator, "op")("LIKE")).field).toBe("op")
  })

  it("shows a condition for messages", () => {
    expect(Condition.show(Condition.make("title", "contains", "engineer"))).toBe(`title contains "engineer"`)
    expect(Condition.show(Condition.make("remote", "exists"))).toBe("remote exists")
  })
})

describe("PushResult and the other literals", () => {
  it("decodes a PushResult and names a bad counter or error stage", () => {
    const decode = Decode.decodeUnknownEither(Push.PushResult)
    expect(right(decode(pushResult))).toEqual(pushResult)
    const { total_events: _omitted, ...missing } = pushResult
    expect(left(decode(missing)).field).toBe("total_events")
    expect(left(decode({ ...pushResult, skipped_having: "0" })).field).toBe("skipped_having")
    const badStage = left(decode({ ...pushResult, errors: [{ stage: "upload", message: "x" }] }))
    expect(badStage.field).toBe("errors[0].stage")
  })

  it("decodes the wire literals and rejects others naming the field", () => {
    const Wire = Schema.Struct({
      resource: Resource.Resource,
      warehouse_type: Resource.WarehouseType,
      mode: Push.PushMode,
      type: Event.EventType,
      join: Condition.BoolJoin
    })
    const decode = Decode.decodeUnknownEither(Wire, "body")
    const ok = { resource: "profile", warehouse_type: "ats", mode: "events", type: "archived", join: "and" }
    expect(right(decode(ok))).toEqual(ok)
    expect(left(decode({ ...ok, resource: "candidate" })).field).toBe("body.resource")
    expect(left(decode({ ...ok, warehouse_type: "erp" })).field).toBe("body.warehouse_type")
    expect(left(decode({ ...ok, mode: "records" })).field).toBe("body.mode")
    expect(left(decode({ ...ok, type: "moved" })).field).toBe("body.type")
    expect(left(decode({ ...ok, join: "xor" })).field).toBe("body.join")
    expect(Event.isRemoval("deleted") && Event.isRemoval("archived") && !Event.isRemoval("upserted")).toBe(true)
  })

  it("parseJson names the flag when the text is malformed", () => {
    expect(left(Decode.parseJson("{nope", "--where"))).toMatchObject({ field: "--where" })
    expect(right(Decode.parseJson(`[{"field":"a","op":"eq"}]`, "--where"))).toEqual([{ field: "a", op: "eq" }])
  })
})
