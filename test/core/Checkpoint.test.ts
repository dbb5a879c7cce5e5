import { describe, expect, it } from "@effect/vitest"
import * as Checkpoint from "../../src/core/Checkpoint.js"
import * as Cursor from "../../src/core/Cursor.js"

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString()

/** Admits and accepts records in order, as a pull whose every write succeeds. */
const acceptAll = (tracker: Checkpoint.Tracker, records: ReadonlyArray<readonly [value: string, id: string]>) =>
  records.map(([value, id]) => {
    const admission = tracker.admit(value, id)
    if (admission === "new") tracker.accept(value, id)
    return admission
  })

describe("Position", () => {
  it("ascending: moves forward only, collecting the ids taken at the furthest value", () => {
    const position = new Checkpoint.Position("asc", null, [])
    position.advance(at(1), "a")
    position.advance(at(3), "b")
    position.advance(at(2), "c")
    position.advance(at(3), "d")
    expect(position.value).toBe(at(3))
    expect([...position.ids]).toEqual(["b", "d"])
    expect(position.seen(at(3), "b")).toBe(true)
    expect(position.seen(at(2), "b")).toBe(false)
    expect(position.seen(at(3), "c")).toBe(false)
  })

  it("descending: moves backward only", () => {
    const position = new Checkpoint.Position("desc", null, [])
    position.advance(at(5), "a")
    position.advance(at(7), "b")
    position.advance(at(4), "c")
    expect(position.value).toBe(at(4))
    expect([...position.ids]).toEqual(["c"])
  })

  it("starts at the cursor start with its boundary ids, and ignores records without a value", () => {
    const position = new Checkpoint.Position("asc", at(1), ["a"])
    position.advance(undefined, "x")
    expect(position.toCursor(Cursor.make("updated_at", { start: at(1) }))).toEqual({
      mode: "updated_at",
      start: at(1),
      end: at(1),
      sort_by: "asc",
      boundary_ids: ["a"]
    })
  })

  it("boundary ids are copied out: a later move does not change a cursor already reported", () => {
    const position = new Checkpoint.Position("asc", null, [])
    position.advance(at(1), "a")
    const reported = position.toCursor(Cursor.make("created_at"))
    position.advance(at(2), "b")
    expect(reported.boundary_ids).toEqual(["a"])
  })
})

describe("Tracker", () => {
  for (const mode of ["id", "created_at", "updated_at"] as const) {
    const value = (i: number) => (mode === "id" ? String(i) : at(i))
    for (const sortBy of ["asc", "desc"] as const) {
      it(`${mode} ${sortBy}: checkpoints the furthest accepted value and the ids taken there`, () => {
        const order = sortBy === "asc" ? [8, 9, 10, 10] : [10, 9, 8, 8]
        const tracker = Checkpoint.make(Cursor.make(mode, { sortBy }), { sortable: true })
        const admissions = acceptAll(
          tracker,
          order.map((n, i) => [value(n), `r${i}`] as const)
        )
        expect(admissions).toEqual(["new", "new", "new", "new"])
        // Numeric ids compare as numbers: 10 lies after 9 although "10" < "9" as text.
        expect(tracker.current()).toMatchObject({ mode, end: value(order[3]!), boundary_ids: ["r2", "r3"], sort_by: sortBy })
      })

      it(`${mode} ${sortBy}: records before an inclusive start are out of range`, () => {
        const start = value(5)
        const tracker = Checkpoint.make(Cursor.make(mode, { start, sortBy }), { sortable: true })
        const before = sortBy === "asc" ? value(4) : value(6)
        const after = sortBy === "asc" ? value(6) : value(4)
        expect(tracker.admit(before, "old")).toBe("out_of_range")
        expect(tracker.admit(start, "same")).toBe("new")
        expect(tracker.admit(after, "next")).toBe("new")
      })
    }
  }

  it("ties at the boundary: a resumed run skips the ids taken at the end value and takes new ones there", () => {
    const first = Checkpoint.make(Cursor.make("updated_at"), { sortable: true })
    acceptAll(first, [
      [at(1), "a"],
      [at(2), "b"],
      [at(2), "c"]
    ])
    const saved = first.final(undefined)
    expect(saved).toMatchObject({ end: at(2), boundary_ids: ["b", "c"] })

    const second = Checkpoint.make(Cursor.resumeFrom(saved), { sortable: true })
    expect(second.admit(at(2), "b")).toBe("seen")
    expect(second.admit(at(2), "c")).toBe("seen")
    expect(second.admit(at(2), "d")).toBe("new")
    second.accept(at(2), "d")
    // The ids already taken stay on the boundary with the new one: a third run skips all three.
    expect(second.current()).toMatchObject({ start: at(2), end: at(2) })
    expect([...(second.current().boundary_ids ?? [])].sort()).toEqual(["b", "c", "d"])
  })

  it("a boundary id seen again at a later value is a new change, not a duplicate", () => {
    const tracker = Checkpoint.make({ ...Cursor.make("updated_at", { start: at(2) }), boundary_ids: ["b"] }, { sortable: true })
    expect(tracker.admit(at(3), "b")).toBe("new")
  })

  it("the same instant written with another offset is a tie", () => {
    const tracker = Checkpoint.make({ ...Cursor.make("updated_at", { start: "2024-01-01T00:00:00Z" }), boundary_ids: ["a"] }, { sortable: true })
    expect(tracker.admit("2024-01-01T01:00:00+01:00", "a")).toBe("seen")
  })

  it("a record repeated within the run (at a page edge) is seen once", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at"), { sortable: true })
    expect(
      acceptAll(tracker, [
        [at(1), "a"],
        [at(2), "b"],
        [at(2), "b"]
      ])
    ).toEqual(["new", "new", "seen"])
  })

  it("ordered origin, partial batch failure: the checkpoint holds before the first refused record", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at"), { sortable: true })
    for (const [value, id] of [
      [at(1), "a"],
      [at(2), "b"],
      [at(3), "c"],
      [at(4), "d"]
    ] as const)
      tracker.admit(value, id)
    tracker.accept(at(1), "a")
    tracker.accept(at(2), "b")
    tracker.reject(at(3))
    tracker.accept(at(4), "d")
    expect(tracker.current()).toMatchObject({ end: at(2), boundary_ids: ["b"] })
    // The vendor token would skip the refused record: it is dropped.
    const final = tracker.final("token-2")
    expect(final).toMatchObject({ end: at(2) })
    expect(final.token).toBeUndefined()
    // The refused record is read again by the next run.
    expect(Checkpoint.make(Cursor.resumeFrom(final), { sortable: true }).admit(at(3), "c")).toBe("new")
  })

  it("unordered origin, partial batch failure: the run resumes at the earliest refused value, its ids cleared", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at"), { sortable: false })
    for (const [value, id] of [
      [at(5), "e"],
      [at(1), "a"],
      [at(3), "c"],
      [at(2), "b"]
    ] as const)
      tracker.admit(value, id)
    tracker.accept(at(5), "e")
    tracker.reject(at(3))
    tracker.accept(at(1), "a")
    tracker.reject(at(2))
    expect(tracker.current()).toMatchObject({ end: at(5) })
    const final = tracker.final("token")
    expect(final).toMatchObject({ end: at(2) })
    expect(final.boundary_ids).toBeUndefined()
    expect(final.token).toBeUndefined()
  })

  it("unordered origin: a refused value beyond the accepted ones does not move the checkpoint back", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at", { sortBy: "asc" }), { sortable: false })
    tracker.admit(at(1), "a")
    tracker.accept(at(1), "a")
    tracker.reject(at(4))
    expect(tracker.final(undefined)).toMatchObject({ end: at(1), boundary_ids: ["a"] })
  })

  it("keeps the vendor token when every record was accepted; keeps a given one on every cursor", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at"), { sortable: true })
    acceptAll(tracker, [[at(1), "a"]])
    expect(tracker.final("next-token")).toMatchObject({ end: at(1), token: "next-token" })
    const withToken = Checkpoint.make({ ...Cursor.make("updated_at", { start: at(5) }), token: "t0" }, { sortable: true })
    // With a sync token the origin returns changes only: nothing is "before" the start.
    expect(withToken.admit(at(1), "a")).toBe("new")
    expect(withToken.current().token).toBe("t0")
  })

  it("an origin that cannot bound by the cursor: records newer than `until` are left for the next run", () => {
    const unordered = Checkpoint.make(Cursor.make("updated_at"), { sortable: false, until: at(10) })
    expect(unordered.admit(at(11), "late")).toBe("out_of_range")
    expect(unordered.admit(at(10), "edge")).toBe("new")
    // An ordered origin bounds the read itself.
    expect(Checkpoint.make(Cursor.make("updated_at"), { sortable: true, until: at(10) }).admit(at(11), "late")).toBe("new")
  })

  it("records without a cursor value are always admitted and never move the checkpoint", () => {
    const tracker = Checkpoint.make(Cursor.make("updated_at", { start: at(3) }), { sortable: true })
    expect(tracker.admit(undefined, "x")).toBe("new")
    tracker.accept(undefined, "x")
    expect(tracker.current()).toMatchObject({ start: at(3), end: at(3) })
  })
})

describe("upperBound", () => {
  const now = Date.UTC(2024, 0, 1, 12)
  it("ascending timestamp cursors stop `lag` before now", () => {
    expect(Checkpoint.upperBound(Cursor.make("updated_at"), "1 minute", now)).toBe("2024-01-01T11:59:00.000Z")
    expect(Checkpoint.upperBound(Cursor.make("created_at"), undefined, now)).toBe("2024-01-01T12:00:00.000Z")
  })
  it("id cursors and descending reads have none", () => {
    expect(Checkpoint.upperBound(Cursor.make("id"), "1 minute", now)).toBeUndefined()
    expect(Checkpoint.upperBound(Cursor.make("updated_at", { sortBy: "desc" }), "1 minute", now)).toBeUndefined()
  })
})
