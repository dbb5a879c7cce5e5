import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Formatter from "../../src/core/Formatter.js"
import * as Path from "../../src/core/Path.js"

describe("mapping formatter", () => {
  const format = Formatter.buildMappingFormatter(
    [
      { from: "id", to: "id" },
      { from: "location.city", to: "city" },
      { from: "title", to: "meta.title", transform: "uppercase" },
      { from: "skills.name", to: "tags" },
      { from: "remote", to: "remote", default: false },
      { to: "source", default: "hrtech-etl" },
      { from: "missing", to: "never" }
    ],
    { missing: "omit" }
  ).format

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

  it("is callable on a record, writing null for a missing source as the original does (or omitting it)", () => {
    const mapping = [
      { from: "job_id", to: "id" },
      { from: "title", to: "name" },
      { from: "location.city", to: "location.text" }
    ]
    const formatter = Formatter.buildMappingFormatter(mapping)
    expect(formatter({ job_id: "j1", title: "Data Engineer" })).toEqual({ id: "j1", name: "Data Engineer", location: { text: null } })
    expect(formatter({ job_id: "j1", title: null })).toEqual({ id: "j1", name: null, location: { text: null } })
    expect(formatter.format).toBe(formatter)
    expect(formatter.mapping).toBe(mapping)
    expect(Formatter.buildMappingFormatter(mapping, { missing: "omit" })({ job_id: "j1" })).toEqual({ id: "j1" })
  })

  it("refuses a malformed spec with a typed error naming the rule", () => {
    expect(() => Formatter.buildMappingFormatter([{ from: "a", to: "" }])).toThrow(expect.objectContaining({ _tag: "InvalidInput", field: "mapping[0].to" }))
    expect(() => Formatter.buildMappingFormatter([{ from: "a" }] as never)).toThrow(expect.objectContaining({ field: "mapping[0].to" }))
  })

  it.prop(
    "a compiled reader reads exactly what Path.get reads",
    [FastCheck.constantFrom("id", "title", "skills", "skills.name", "location.city", "constructor", "__proto__", "a.b.c"), FastCheck.anything()],
    ([path, record]) => {
      expect(Path.reader(path)(record)).toEqual(Path.get(record, Path.split(path)))
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
