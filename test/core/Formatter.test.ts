import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Formatter from "../../src/core/Formatter.js"
import * as Path from "../../src/core/Path.js"

describe("mapping formatter", () => {
  const format = Formatter.buildMappingFormatter([
    { from: "id", to: "id" },
    { from: "location.city", to: "city" },
    { from: "title", to: "meta.title", transform: "uppercase" },
    { from: "skills.name", to: "tags" },
    { from: "remote", to: "remote", default: false },
    { to: "source", default: "hrtech-etl" },
    { from: "missing", to: "never" }
  ]).format

  it("reads and writes top-level and dotted paths, flattens arrays, applies transforms and defaults", () => {
    const record = { id: "j1", title: "Data Engineer", location: { city: "Paris" }, skills: [{ name: "sql" }, { name: "go" }] }
    expect(format(record)).toEqual({
      id: "j1",
      city: "Paris",
      meta: { title: "DATA ENGINEER" },
      tags: ["sql", "go"],
      remote: false,
      source: "hrtech-etl"
    })
  })

  it("keeps only mapped fields and never reads inherited properties", () => {
    const inherited = Object.create({ id: "from-prototype" }) as Record<string, unknown>
    inherited.title = "t"
    expect(format(inherited)).toEqual({ meta: { title: "T" }, remote: false, source: "hrtech-etl" })
  })

  it.prop(
    "a compiled reader reads exactly what Path.get reads",
    [
      FastCheck.constantFrom("id", "title", "skills", "skills.name", "location.city", "constructor", "__proto__", "a.b.c"),
      FastCheck.anything()
    ],
    ([path, record]) => {
      expect(Path.reader(path)(record)).toEqual(Path.get(record, Path.split(path)))
    }
  )

  it.prop(
    "a mapping of plain field copies (the fast loop) formats exactly as the general rule-by-rule path",
    [
      FastCheck.array(
        FastCheck.record({
          from: FastCheck.constantFrom("id", "title", "skills", "status", "toString", "x"),
          to: FastCheck.constantFrom("id", "name", "tags", "status", "x")
        }),
        { maxLength: 6 }
      ),
      FastCheck.oneof(FastCheck.object(), FastCheck.dictionary(FastCheck.constantFrom("id", "title", "skills", "status", "x"), FastCheck.anything()))
    ],
    ([rules, record]) => {
      const fast = Formatter.buildMappingFormatter(rules).format
      // A rule with a dotted path that reads nothing (from an object) takes the general path and writes nothing.
      const general = Formatter.buildMappingFormatter([...rules, { from: "\u0000none.none", to: "\u0000none" }]).format
      expect(fast(record as never)).toEqual(general(record as never))
    }
  )

  it("a compiled writer writes exactly what Path.set writes, and nothing through a prototype", () => {
    for (const path of ["id", "meta.title", "a.b.c", "__proto__", "constructor.x"]) {
      const viaWriter: Record<string, unknown> = {}
      const viaSet: Record<string, unknown> = {}
      Path.writer(path)(viaWriter, 1)
      Path.set(viaSet, Path.split(path), 1)
      expect(viaWriter).toEqual(viaSet)
      expect(({} as Record<string, unknown>).x).toBeUndefined()
    }
  })
})
