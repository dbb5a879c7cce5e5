import { describe, expect, it } from "@effect/vitest"
import * as RecordStep from "../../src/core/RecordStep.js"
import * as Memory from "../../src/testing/Memory.js"

const origin = Memory.make()
const target = Memory.make({ name: "target" })
const job = { id: "job-1", name: "Data Engineer", status: "open", created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" }

const step = (format: (record: Record<string, unknown>) => unknown, keep = (_: Record<string, unknown>) => true) =>
  RecordStep.make({ origin, target, resource: "job", keep, format: format as never })

describe("RecordStep", () => {
  it("checks raw records against the origin's schema, naming the record", () => {
    const s = step((r) => r)
    expect(s.check(job)).toBeUndefined()
    expect(s.check({ ...job, status: 42 })).toMatchObject({ _tag: "DecodeError", recordId: "job-1" })
    expect(s.idOf(job)).toBe("job-1")
  })

  it("filters, formats, and checks the output against the target's schema", () => {
    expect(
      step(
        (r) => r,
        () => false
      ).shape(job)
    ).toEqual({ _tag: "Filtered" })
    expect(step((r) => ({ ...r, name: "Renamed" })).shape(job)).toEqual({ _tag: "Formatted", output: { ...job, name: "Renamed" } })
    expect(step((r) => ({ ...r, status: 42 })).shape(job)).toMatchObject({ _tag: "Unformattable", reason: expect.stringMatching(/^target schema: /) })
    expect(
      step(() => {
        throw new Error("boom")
      }).shape(job)
    ).toEqual({ _tag: "Unformattable", reason: "formatter threw: boom" })
  })
})
