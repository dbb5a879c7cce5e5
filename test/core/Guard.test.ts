import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, FastCheck } from "effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Guard from "../../src/core/Guard.js"
import * as Unified from "../../src/core/Unified.js"
import { factories, resolvers } from "../../src/connectors/builtin.js"

const accepted = (schema: Schema.Schema.AnyNoContext) => {
  const decode = Schema.decodeUnknownEither(schema, Guard.parseOptions)
  return (input: unknown) => Either.isRight(decode(input))
}

/** Asserts the guard agrees with Effect's decoder on every input. */
const agrees = (schema: Schema.Schema.AnyNoContext, inputs: ReadonlyArray<unknown>) => {
  const guard = Guard.compile(schema)
  const decodes = accepted(schema)
  for (const input of inputs) expect([input, guard(input)]).toEqual([input, decodes(input)])
}

type Path = ReadonlyArray<string | number>

const pathsOf = (value: unknown, at: Path = []): Array<Path> => {
  const out: Array<Path> = [at]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])))
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]))
  }
  return out
}

type Change =
  { readonly kind: "set"; readonly value: unknown } | { readonly kind: "delete" } | { readonly kind: "add"; readonly key: string; readonly value: unknown }

/** A copy of `value` with one change at one of its paths (the root included). */
const mutate = (value: unknown, pick: number, change: Change): unknown => {
  const root = { v: structuredClone(value) as unknown }
  const paths = pathsOf(root.v)
  const path: Path = ["v", ...paths[pick % paths.length]!]
  let parent: any = root
  for (const key of path.slice(0, -1)) parent = parent[key]
  const last = path[path.length - 1]!
  if (change.kind === "set") parent[last] = change.value
  else if (change.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
  } else if (parent[last] !== null && typeof parent[last] === "object" && !Array.isArray(parent[last])) {
    parent[last][change.key] = change.value
  }
  return root.v
}

const change: FastCheck.Arbitrary<Change> = FastCheck.oneof(
  FastCheck.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: "set" as const, value })),
  FastCheck.constantFrom<Change>(
    { kind: "delete" },
    { kind: "set", value: undefined },
    { kind: "set", value: null },
    { kind: "set", value: "" },
    { kind: "set", value: "2024-02-30T00:00:00Z" },
    { kind: "set", value: "open" },
    { kind: "set", value: Number.NaN },
    { kind: "set", value: [] },
    { kind: "set", value: {} }
  ),
  FastCheck.tuple(FastCheck.string({ maxLength: 8 }), FastCheck.jsonValue({ maxDepth: 1 })).map(([key, value]) => ({ kind: "add" as const, key, value }))
)

/** Every native schema that ships: unified, each named connector's and each storage resolver's. */
const shipped: Array<[string, Schema.Schema.AnyNoContext]> = [
  ["unified job", Unified.UnifiedJob],
  ["unified profile", Unified.UnifiedProfile],
  ...[...factories, ...resolvers].flatMap((source) => {
    const label = "name" in source ? source.name : source.scheme
    return [
      [`${label} job`, source.schemas.job],
      [`${label} profile`, source.schemas.profile]
    ] as Array<[string, Schema.Schema.AnyNoContext]>
  })
]

describe("Guard", () => {
  describe.each(shipped)("%s schema", (_, schema) => {
    const guard = Guard.compile(schema)
    const decodes = accepted(schema)
    const valid = Arbitrary.make(schema)

    it("accepts the records the schema describes (compiled, not only sound)", () => {
      FastCheck.assert(
        FastCheck.property(valid, (record) => guard(record) && decodes(record)),
        { numRuns: 150 }
      )
    })

    it("agrees with Effect's decoder on records with one change anywhere", () => {
      FastCheck.assert(
        FastCheck.property(valid, FastCheck.nat(), change, (record, pick, c) => {
          const input = mutate(record, pick, c)
          return guard(input) === decodes(input)
        }),
        { numRuns: 400 }
      )
    })
  })

  it("agrees on each kind of schema node, compiled or left to Effect", () => {
    const date = Schema.String.pipe(Schema.filter((s) => !Number.isNaN(Date.parse(s))))
    agrees(Schema.Struct({ a: Schema.Unknown, b: Schema.optional(Schema.Number) }), [{}, { a: 1 }, { b: "x" }, { b: undefined }, [], null, "x"])
    agrees(Schema.Struct({ a: Schema.optionalWith(Schema.String, { exact: true }) }), [{}, { a: undefined }, { a: "x" }])
    agrees(Schema.Struct({ a: Schema.String }), [{}, { a: undefined }, Object.create({ a: "inherited" }), { a: "x", extra: 1 }])
    agrees(Schema.Struct({ toString: Schema.Unknown }), [{}, { toString: 1 }])
    agrees(Schema.NullOr(Schema.Literal("a", "b", 1)), [null, "a", "b", 1, "1", undefined, 2])
    agrees(Schema.Array(Schema.Struct({ n: Schema.Number })), [[], [{ n: 1 }], [{ n: "1" }], [{}], {}, "ab", [null]])
    agrees(Schema.Tuple(Schema.String, Schema.optionalElement(Schema.Number)), [[], ["a"], ["a", 1], ["a", "b"], ["a", 1, 2]])
    agrees(Schema.Tuple([Schema.String], Schema.Number), [["a"], ["a", 1, 2], ["a", "b"], []])
    agrees(Schema.Tuple([Schema.String], Schema.Number, Schema.Boolean), [["a", true], ["a", 1, true], ["a"], ["a", 1]])
    agrees(Schema.Record({ key: Schema.String, value: Schema.Number }), [{}, { a: 1 }, { a: "1" }, []])
    agrees(Schema.Struct({ a: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.String })), [{ a: "x" }, { a: "x", b: 1 }, { a: "x", b: "y" }])
    agrees(Schema.Record({ key: Schema.String.pipe(Schema.startsWith("x_")), value: Schema.Number }), [{ x_a: 1 }, { x_a: "1" }, { y: "1" }])
    agrees(date, ["2024-01-01", "nope", 1])
    agrees(Schema.UndefinedOr(date), [undefined, "2024-01-01", "x"])
    agrees(Schema.NumberFromString, ["1", "x", 1])
    agrees(Schema.Struct({ n: Schema.NumberFromString }), [{ n: "1" }, { n: 1 }, {}])
    agrees(Schema.Struct({ a: Schema.String }).pipe(Schema.filter((r) => Object.keys(r).length === 1)), [{ a: "x" }, { a: "x", b: 1 }])
    agrees(Schema.Union(Schema.Struct({ kind: Schema.Literal("a"), n: Schema.Number }), Schema.Struct({ kind: Schema.Literal("b") })), [
      { kind: "a", n: 1 },
      { kind: "a" },
      { kind: "b" },
      { kind: "c" },
      {}
    ])
    agrees(Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "error" } }), [{ a: "x" }, { a: "x", b: 1 }])
    agrees(Schema.Enums({ A: "a", B: 2 } as const), ["a", 2, "A", "2"])
    agrees(Schema.TemplateLiteral("id-", Schema.Number), ["id-1", "id-x", 1])
    agrees(Schema.DateFromSelf, [new Date(0), "1970-01-01"])
    interface Tree {
      readonly children: ReadonlyArray<Tree>
    }
    const Tree: Schema.Schema<Tree> = Schema.Struct({ children: Schema.Array(Schema.suspend(() => Tree)) })
    agrees(Tree, [{ children: [] }, { children: [{ children: [] }] }, { children: [{}] }])
    agrees(
      Schema.Struct({
        b: Schema.Boolean,
        s: Schema.Symbol,
        big: Schema.BigIntFromSelf,
        o: Schema.Object,
        v: Schema.Void,
        never: Schema.optional(Schema.Never)
      }),
      [
        { b: true, s: Symbol.for("x"), big: 1n, o: {}, v: 1 },
        { b: 1, s: Symbol.for("x"), big: 1n, o: {}, v: 1 },
        { b: true, s: "x", big: 1n, o: {}, v: 1 },
        { b: true, s: Symbol.for("x"), big: 1, o: {}, v: 1 },
        { b: true, s: Symbol.for("x"), big: 1n, o: "x", v: 1 },
        { b: true, s: Symbol.for("x"), big: 1n, o: () => 1, v: 1, never: 1 }
      ]
    )
  })

  it("compiles once per schema node", () => {
    expect(Guard.compile(Unified.UnifiedJob)).toBe(Guard.compile(Unified.UnifiedJob))
  })
})
