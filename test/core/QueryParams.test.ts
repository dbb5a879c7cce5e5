import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck, Schema } from "effect"
import type { BoolJoin, Condition } from "../../src/core/Condition.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Metadata from "../../src/core/Metadata.js"
import { Prefilter } from "../../src/core/Prefilter.js"
import * as Package from "../../src/index.js"
import {
  buildConnectorParams,
  buildCursorQueryParams,
  buildEqQueryParams,
  buildInQueryParams,
  buildSearchQueryParams,
  formatBound,
  pushdownFor
} from "../../src/core/QueryParams.js"

const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected Right, got ${String(either.left)}`)
  return either.right
}
const left = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected Left, got ${JSON.stringify(either.right)}`)
  return either.left
}
const c = (field: string, op: Condition["op"], value?: unknown): Condition => (value === undefined ? { field, op } : { field, op, value })

// The worked example of REFERENCE.md.
const Searchable = Schema.Struct({
  name: Metadata.field(Schema.String, {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  text: Metadata.field(Schema.String, {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "or" }
  }),
  skills: Metadata.field(Schema.Array(Schema.String), {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "keywords", field_join: "and", value_join: "or" }
  }),
  tags: Metadata.field(Schema.Array(Schema.String), {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "keywords", field_join: "and", value_join: "and" }
  }),
  summary: Metadata.field(Schema.String, {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "keywords", field_join: "or", value_join: "and" }
  }),
  location: Metadata.field(Schema.String, {
    prefilter: { operators: ["contains"] },
    search_binding: { search_field: "location_text" }
  })
})

const Job = Schema.Struct({
  id: Metadata.field(Schema.String, { cursor: { cursor: "id" }, prefilter: { operators: ["eq", "in"] } }),
  status: Metadata.field(Schema.Literal("open", "closed", "draft"), {
    prefilter: { operators: ["eq", "ne", "in", "not_in"], params: { ne: "status_not" } }
  }),
  board_key: Metadata.field(Schema.String, {
    prefilter: { operators: ["eq", "in"] },
    in_binding: { query_field: "board_keys", formatter: "csv" }
  }),
  team: Metadata.field(Schema.String, {
    prefilter: { operators: ["in", "not_in"] },
    in_binding: { formatter: "array_string" }
  }),
  title: Metadata.field(Schema.String, { prefilter: { operators: ["eq", "contains", "starts_with"] } }),
  salary: Schema.optional(
    Metadata.field(Schema.Number, {
      prefilter: { operators: ["gt", "gte", "lt", "lte"], params: { gt: "min_salary", gte: "min_salary" } }
    })
  ),
  remote: Schema.optional(Metadata.field(Schema.Boolean, { prefilter: { operators: ["exists"] } })),
  updated_at: Metadata.field(Metadata.DateTimeString, {
    cursor: {
      cursor: "updated_at",
      cursor_start_min: "updated_after",
      cursor_end_max: "updated_before",
      cursor_order_up: "oldest",
      cursor_order_down: "newest",
      cursor_sort_field: "updated"
    },
    prefilter: { operators: ["gte", "lte"], params: { gte: "updated_after", lte: "updated_before" } }
  }),
  created_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "created_at" } }),
  notes: Schema.String
}).annotations({ identifier: "TestJob" })

const Epoch = Schema.Struct({
  id: Metadata.field(Schema.Number, { cursor: { cursor: "id", cursor_start_min: "id_min", cursor_end_max: "id_max" } }),
  updated_at: Metadata.field(Metadata.EpochMillis, {
    cursor: { cursor: "updated_at", cursor_start_min: "updated_at_start", cursor_end_max: "updated_at_end" }
  }),
  created_at: Metadata.field(Metadata.DateTimeString, {
    cursor: { cursor: "created_at", cursor_start_min: "since", cursor_end_max: "until", cursor_format: "epoch_s" }
  })
})

const cursor = (mode: Cursor.CursorMode, start: string | null, sortBy: Cursor.SortBy = "asc"): Cursor.Cursor => Cursor.make(mode, { start, sortBy })

describe("buildSearchQueryParams", () => {
  it("reproduces the REFERENCE worked example exactly", () => {
    const where = [c("name", "contains", "data"), c("text", "contains", "science"), c("skills", "contains", ["python", "sql"])]
    expect(right(buildSearchQueryParams(Searchable, where))).toEqual({ keywords: "(data OR science) AND (python OR sql)" })
  })

  it("keeps declared and joins as AND (never silently or)", () => {
    expect(right(buildSearchQueryParams(Searchable, [c("tags", "contains", ["remote", "senior"])]))).toEqual({
      keywords: "remote AND senior"
    })
    expect(right(buildSearchQueryParams(Searchable, [c("skills", "contains", ["python", "sql"]), c("tags", "contains", ["remote", "senior"])]))).toEqual({
      keywords: "(python OR sql) AND (remote AND senior)"
    })
  })

  it("puts a multi-valued member of an OR-group in its own parentheses", () => {
    expect(right(buildSearchQueryParams(Searchable, [c("summary", "contains", ["data", "ml"]), c("name", "contains", "science")]))).toEqual({
      keywords: "(data AND ml) OR science"
    })
    expect(
      right(buildSearchQueryParams(Searchable, [c("summary", "contains", ["data", "ml"]), c("tags", "contains", "remote"), c("name", "contains", ["a", "b"])]))
    ).toEqual({ keywords: "((data AND ml) OR (a OR b)) AND (remote)" })
  })

  it("groups by search field, quotes phrases, and merges several contains on one field", () => {
    expect(
      right(buildSearchQueryParams(Searchable, [c("location", "contains", "New York"), c("name", "contains", "data"), c("name", "contains", "ml")]))
    ).toEqual({ location_text: `"New York"`, keywords: "data OR ml" })
  })
})

describe("buildEqQueryParams", () => {
  it("writes eq as the field (or its declared param) and other operators as field__op", () => {
    const where = [
      c("status", "eq", "open"),
      c("title", "starts_with", "Senior"),
      c("title", "contains", "data"),
      c("salary", "lt", 90000),
      c("remote", "exists", true)
    ]
    expect(right(buildEqQueryParams(Job, where))).toEqual({
      status: "open",
      title__starts_with: "Senior",
      title__contains: "data",
      salary__lt: 90000,
      remote__exists: true
    })
    expect(right(buildEqQueryParams(Job, [c("status", "ne", "draft")]))).toEqual({ status_not: "draft" })
  })

  it("keeps the tightest of several bounds sent to one parameter", () => {
    expect(right(buildEqQueryParams(Job, [c("salary", "gte", 50000), c("salary", "gt", 60000)]))).toEqual({ min_salary: 60000 })
    expect(right(buildEqQueryParams(Job, [c("salary", "gt", 70000), c("salary", "gte", 60000)]))).toEqual({ min_salary: 70000 })
    expect(right(buildEqQueryParams(Job, [c("salary", "lt", 10), c("salary", "lt", 5)]))).toEqual({ salary__lt: 5 })
  })

  it("rejects two different eq on one field; equal ones collapse", () => {
    const error = left(buildEqQueryParams(Job, [c("status", "eq", "open"), c("status", "eq", "closed")]))
    expect(error).toMatchObject({ _tag: "ConflictingConditions", field: "status" })
    expect(error.message).toBe(`status: eq "open" and eq "closed" cannot both hold`)
    expect(right(buildEqQueryParams(Job, [c("status", "eq", "open"), c("status", "eq", "open")]))).toEqual({ status: "open" })
  })
})

describe("buildInQueryParams", () => {
  it("writes each formatter", () => {
    expect(right(buildInQueryParams(Job, [c("id", "in", ["a", "b"])]))).toEqual({ id__in: ["a", "b"] })
    expect(right(buildInQueryParams(Job, [c("board_key", "in", ["k1", "k2"])]))).toEqual({ board_keys: "k1,k2" })
    expect(right(buildInQueryParams(Job, [c("team", "in", ["x", "y"])]))).toEqual({ team__in: `["x","y"]` })
    expect(right(buildEqQueryParams(Job, [c("team", "not_in", ["x"]), c("team", "not_in", ["y", "x"])]))).toEqual({
      team__not_in: `["x","y"]`
    })
  })

  it("never lets an IN overwrite an EQ on the same field", () => {
    const kept = [c("status", "eq", "open"), c("status", "in", ["open", "closed"])]
    expect(right(buildInQueryParams(Job, kept))).toEqual({})
    const all = right(buildConnectorParams(Job, kept, undefined))
    expect(all.params).toEqual({ status: "open" })
    expect(all.pushed).toEqual(kept)
    expect(all.unpushed).toEqual([])

    const error = left(buildConnectorParams(Job, [c("status", "in", ["closed", "draft"]), c("status", "eq", "open")], undefined))
    expect(error).toMatchObject({ _tag: "ConflictingConditions", field: "status", code: "conflicting_conditions" })
    expect(error.message).toBe(`status: eq "open" is not among in ["closed","draft"]`)
  })

  it("intersects several IN on one field, and rejects an empty intersection", () => {
    expect(right(buildInQueryParams(Job, [c("board_key", "in", ["a", "b", "c"]), c("board_key", "in", ["c", "b", "z"])]))).toEqual({
      board_keys: "b,c"
    })
    expect(left(buildInQueryParams(Job, [c("id", "in", ["a"]), c("id", "in", ["b"])]))._tag).toBe("ConflictingConditions")
  })
})

describe("buildCursorQueryParams", () => {
  it("ascending: start is the lower bound, until the upper; with sort names", () => {
    const params = right(
      buildCursorQueryParams(Job, cursor("updated_at", "2024-01-01T00:00:00+02:00"), {
        until: "2024-02-01T00:00:00.123456Z",
        sortParamName: "order",
        sortFieldParamName: "sort_by"
      })
    )
    expect(params).toEqual({
      updated_after: "2023-12-31T22:00:00Z",
      updated_before: "2024-02-01T00:00:00.123456Z",
      order: "oldest",
      sort_by: "updated"
    })
  })

  it("descending: start is the upper bound, until the lower", () => {
    const params = right(
      buildCursorQueryParams(Job, cursor("updated_at", "2024-02-01T00:00:00Z", "desc"), {
        until: "2024-01-01T00:00:00Z",
        sortParamName: "order"
      })
    )
    expect(params).toEqual({ updated_before: "2024-02-01T00:00:00Z", updated_after: "2024-01-01T00:00:00Z", order: "newest" })
  })

  it("defaults the order values to asc/desc and skips an undeclared sort field", () => {
    expect(right(buildCursorQueryParams(Epoch, cursor("id", null, "desc"), { sortParamName: "sort", sortFieldParamName: "by" }))).toEqual({
      sort: "desc"
    })
    expect(right(buildCursorQueryParams(Epoch, cursor("id", "41")))).toEqual({ id_min: "41" })
  })

  it("writes bounds per cursor_format", () => {
    expect(right(buildCursorQueryParams(Epoch, cursor("updated_at", "2024-01-01T00:00:00.000Z"), { until: "1704153600000" }))).toEqual({
      updated_at_start: 1704067200000,
      updated_at_end: 1704153600000
    })
    // Rounded outward so no record at the edge is lost.
    expect(right(buildCursorQueryParams(Epoch, cursor("created_at", "2024-01-01T00:00:00.500Z"), { until: "2024-01-01T00:00:10.200Z" }))).toEqual({
      since: 1704067200,
      until: 1704067211
    })
    expect(left(buildCursorQueryParams(Job, cursor("updated_at", "last tuesday")))).toMatchObject({
      _tag: "InvalidInput",
      field: "cursor.start"
    })
  })

  it("falls back to <field>_min / <field>_max when the cursor field declares no query names, as the original does", () => {
    expect(right(buildCursorQueryParams(Job, cursor("created_at", "2024-01-01T00:00:00Z")))).toEqual({ created_at_min: "2024-01-01T00:00:00Z" })
    expect(right(buildCursorQueryParams(Job, cursor("created_at", "2024-01-01T00:00:00Z", "desc")))).toEqual({ created_at_max: "2024-01-01T00:00:00Z" })
    expect(right(buildCursorQueryParams(Job, cursor("created_at", null), { until: "2024-01-02T00:00:00Z" }))).toEqual({
      created_at_max: "2024-01-02T00:00:00Z"
    })
    expect(right(buildCursorQueryParams(Job, cursor("created_at", null)))).toEqual({})
    // A declared name wins over the fallback, side by side.
    const Half = Schema.Struct({
      at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "updated_at", cursor_start_min: "since" } })
    })
    expect(right(buildCursorQueryParams(Half, cursor("updated_at", "2024-01-01T00:00:00Z"), { until: "2024-02-01T00:00:00Z" }))).toEqual({
      since: "2024-01-01T00:00:00Z",
      at_max: "2024-02-01T00:00:00Z"
    })
  })

  it("cursor_range date_range falls back to date_range_min / date_range_max", () => {
    const Dated = Schema.Struct({
      created_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "created_at", cursor_range: "date_range" } })
    })
    expect(right(buildCursorQueryParams(Dated, cursor("created_at", "2024-01-01T00:00:00Z"), { until: "2024-02-01T00:00:00Z" }))).toEqual({
      date_range_min: "2024-01-01T00:00:00Z",
      date_range_max: "2024-02-01T00:00:00Z"
    })
  })

  it("fails clearly when the origin takes no bound (cursor_range none, or an unsortable field without names)", () => {
    const Unbounded = Schema.Struct({
      created_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "created_at", cursor_range: "none" } }),
      updated_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "updated_at", sortable: false } })
    })
    const error = left(buildCursorQueryParams(Unbounded, cursor("created_at", "2024-01-01T00:00:00Z")))
    expect(error).toMatchObject({ _tag: "CursorUnsupported", field: "created_at", code: "cursor_unsupported" })
    expect(error.message).toBe(
      "created_at: an ascending cursor with cursor.start needs the lower bound of created_at in the query, but the field declares no cursor_start_min and takes no lower bound (cursor_range none)"
    )
    const desc = left(buildCursorQueryParams(Unbounded, cursor("updated_at", "2024-01-01T00:00:00Z", "desc")))
    expect(desc.message).toContain("declares no cursor_end_max and takes no upper bound (cursor_range none, as sortable is false)")
    expect(right(buildCursorQueryParams(Unbounded, cursor("updated_at", null)))).toEqual({})
    const noField = left(buildCursorQueryParams(Searchable, cursor("updated_at", null)))
    expect(noField.message).toBe("updated_at: schema has no field with cursor role updated_at (supported: none)")
  })

  it("asks no order of an origin that cannot sort by the field", () => {
    const Unsorted = Schema.Struct({
      seq: Metadata.field(Schema.Number, { cursor: { cursor: "id", cursor_start_min: "from", sortable: false } })
    })
    expect(right(buildCursorQueryParams(Unsorted, cursor("id", "7"), { sortParamName: "order" }))).toEqual({ from: "7" })
  })

  it("uses an input cursor's end as the far bound, the tighter of end and until", () => {
    const withEnd: Cursor.Cursor = { ...cursor("updated_at", "2024-01-01T00:00:00Z"), end: "2024-01-15T00:00:00Z" }
    expect(right(buildCursorQueryParams(Job, withEnd, { until: "2024-02-01T00:00:00Z" }))).toEqual({
      updated_after: "2024-01-01T00:00:00Z",
      updated_before: "2024-01-15T00:00:00Z"
    })
  })
})

describe("buildConnectorParams", () => {
  it("combines WHERE and cursor, and reports every condition it did not push", () => {
    const where = [
      c("status", "eq", "open"),
      c("board_key", "in", ["k1", "k2"]),
      c("notes", "contains", "x"), // no prefilter metadata
      c("title", "gt", "m"), // operator not allowed
      c("payload.status", "eq", "x"), // a path, not a field
      c("title", "contains", ["a", "b"]), // several values, no search binding
      c("updated_at", "gte", "2024-01-10T00:00:00Z") // tighter than the cursor start, same parameter
    ]
    const result = right(
      buildConnectorParams(Job, where, cursor("updated_at", "2024-01-01T00:00:00Z"), { sortParamName: "order", until: "2024-03-01T00:00:00Z" })
    )
    expect(result.params).toEqual({
      status: "open",
      board_keys: "k1,k2",
      updated_after: "2024-01-10T00:00:00Z",
      updated_before: "2024-03-01T00:00:00Z",
      order: "oldest"
    })
    expect(result.pushed).toEqual([where[0], where[1], where[6]])
    expect(result.unpushed).toEqual([where[2], where[3], where[4], where[5]])
    expect(result.pushed.length + result.unpushed.length).toBe(where.length)
  })

  it("keeps the cursor bound when it is the tighter one", () => {
    const result = right(
      buildConnectorParams(Job, [c("updated_at", "lte", "2024-05-01T00:00:00Z")], cursor("updated_at", "2024-01-01T00:00:00Z"), {
        until: "2024-03-01T00:00:00Z"
      })
    )
    expect(result.params).toEqual({ updated_after: "2024-01-01T00:00:00Z", updated_before: "2024-03-01T00:00:00Z" })
    expect(result.pushed).toHaveLength(1)
  })

  it("leaves a second single-valued condition on one parameter unpushed", () => {
    const where = [c("status", "ne", "draft"), c("status", "ne", "closed")]
    const result = right(buildConnectorParams(Job, where, null))
    expect(result.params).toEqual({ status_not: "draft" })
    expect(result.unpushed).toEqual([where[1]])
  })

  it("leaves a CSV value containing a comma unpushed rather than splitting it", () => {
    const where = [c("board_key", "in", ["a,b", "c"])]
    const result = right(buildConnectorParams(Job, where, null))
    expect(result.params).toEqual({})
    expect(result.unpushed).toEqual(where)
  })

  it("accepts builder output, and fails on a bad value of a pushable condition", () => {
    const where = right(Prefilter.all([Prefilter(Job, "updated_at").gte(new Date("2024-01-01T00:00:00Z"))]))
    expect(right(buildConnectorParams(Job, where, undefined)).params).toEqual({ updated_after: "2024-01-01T00:00:00.000Z" })
    expect(left(buildConnectorParams(Job, [c("salary", "gt", "lots")], undefined))).toMatchObject({
      _tag: "InvalidInput",
      field: "where[0].value"
    })
  })

  it("pushdownFor splits conditions the same way, keeping conflicts in memory", () => {
    const pushdown = pushdownFor(Job)
    const where = [c("status", "eq", "open"), c("notes", "eq", "x")]
    expect(pushdown(where)).toEqual({ pushed: [where[0]], inMemory: [where[1]] })
    const contradictory = [c("status", "eq", "open"), c("status", "eq", "closed")]
    expect(pushdown(contradictory)).toEqual({ pushed: [], inMemory: contradictory })
  })
})

describe("package entry", () => {
  it("exports the builders by name and as namespaces", () => {
    expect(Package.Prefilter).toBe(Prefilter)
    expect(typeof Package.Prefilter.validateWhere).toBe("function")
    expect(Package.buildConnectorParams).toBe(buildConnectorParams)
    expect(Package.QueryParams.pushdownFor).toBe(pushdownFor)
    expect(right(Package.buildSearchQueryParams(Searchable, [c("name", "contains", "data")]))).toEqual({ keywords: "data" })
  })
})

// ---------------------------------------------------------------------------------------------------
// Properties

type Expr = { readonly kind: "term"; readonly text: string } | { readonly kind: "and" | "or"; readonly items: ReadonlyArray<Expr> }

/** Parses a keyword query; never mixes AND and OR at one level (that would be ambiguous). */
const parseQuery = (input: string): Expr => {
  const tokens: Array<string | { term: string }> = []
  let i = 0
  while (i < input.length) {
    const ch = input[i]!
    if (ch === " ") i++
    else if (ch === "(" || ch === ")") {
      tokens.push(ch)
      i++
    } else if (ch === '"') {
      let text = ""
      i++
      while (input[i] !== '"') {
        if (i >= input.length) throw new Error("unterminated quote")
        if (input[i] === "\\") i++
        text += input[i]
        i++
      }
      i++
      tokens.push({ term: text })
    } else {
      let word = ""
      while (i < input.length && !' ()"'.includes(input[i]!)) word += input[i++]
      tokens.push(word === "AND" || word === "OR" ? word : { term: word })
    }
  }
  let pos = 0
  const primary = (): Expr => {
    const token = tokens[pos++]
    if (token === "(") {
      const inner = expression()
      if (tokens[pos++] !== ")") throw new Error("expected )")
      return inner
    }
    if (typeof token === "object") return { kind: "term", text: token.term }
    throw new Error(`unexpected ${String(token)}`)
  }
  const expression = (): Expr => {
    const items = [primary()]
    let op: string | undefined
    while (tokens[pos] === "AND" || tokens[pos] === "OR") {
      const next = tokens[pos++] as string
      if (op !== undefined && op !== next) throw new Error("AND and OR mixed without parentheses")
      op = next
      items.push(primary())
    }
    return op === undefined ? items[0]! : { kind: op === "AND" ? "and" : "or", items }
  }
  const result = expression()
  if (pos !== tokens.length) throw new Error("trailing tokens")
  return result
}

const evaluate = (expr: Expr, truth: (term: string) => boolean): boolean =>
  expr.kind === "term" ? truth(expr.text) : expr.kind === "and" ? expr.items.every((e) => evaluate(e, truth)) : expr.items.some((e) => evaluate(e, truth))

const termsOf = (expr: Expr): ReadonlyArray<string> => (expr.kind === "term" ? [expr.text] : expr.items.flatMap(termsOf))

const join = FastCheck.constantFrom<BoolJoin>("and", "or")
const term = FastCheck.string({
  unit: FastCheck.constantFrom("a", "b", "x", " ", "(", ")", '"', "\\", "AND", "OR", "é"),
  minLength: 1,
  maxLength: 4
})
const searchFields = FastCheck.uniqueArray(
  FastCheck.record({
    name: FastCheck.constantFrom("f0", "f1", "f2", "f3", "f4"),
    fieldJoin: join,
    valueJoin: join,
    terms: FastCheck.uniqueArray(term, { minLength: 1, maxLength: 3 })
  }),
  { minLength: 1, maxLength: 5, selector: (f) => f.name }
)

describe("properties", () => {
  it.prop("search output parses back to the terms with the declared joins", [searchFields, FastCheck.func(FastCheck.boolean())], ([fields, truthOf]) => {
    const schema = Schema.Struct(
      Object.fromEntries(
        fields.map((f) => [
          f.name,
          Metadata.field(Schema.String, {
            prefilter: { operators: ["contains"] },
            search_binding: { search_field: "q", field_join: f.fieldJoin, value_join: f.valueJoin }
          })
        ])
      )
    )
    const params = right(
      buildSearchQueryParams(
        schema,
        fields.map((f) => c(f.name, "contains", f.terms))
      )
    )
    const parsed = parseQuery(params["q"] as string)
    expect([...termsOf(parsed)].sort()).toEqual(fields.flatMap((f) => f.terms).sort())
    const truth = (t: string) => truthOf(t)
    const fieldValue = (f: (typeof fields)[number]) => (f.valueJoin === "and" ? f.terms.every(truth) : f.terms.some(truth))
    const orFields = fields.filter((f) => f.fieldJoin === "or")
    const expected = (orFields.length === 0 || orFields.some(fieldValue)) && fields.filter((f) => f.fieldJoin === "and").every(fieldValue)
    expect(evaluate(parsed, truth)).toBe(expected)
  })

  const instant = FastCheck.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) =>
    d.toISOString()
  )

  it.prop("asc and desc map start and the far bound to mirrored parameters", [instant, instant], ([a, b]) => {
    const asc = right(buildCursorQueryParams(Job, cursor("updated_at", a, "asc"), { until: b }))
    const desc = right(buildCursorQueryParams(Job, cursor("updated_at", b, "desc"), { until: a }))
    expect(asc).toEqual(desc)
    expect(asc).toEqual({ updated_after: a, updated_before: b })
  })

  it.prop(
    "in formatters round-trip",
    [
      FastCheck.uniqueArray(
        FastCheck.string({ minLength: 1 }).filter((s) => !s.includes(",")),
        { minLength: 1, maxLength: 6 }
      )
    ],
    ([values]) => {
      const schemaWith = (formatter: Metadata.InFormatter) =>
        Schema.Struct({ k: Metadata.field(Schema.String, { prefilter: { operators: ["in"] }, in_binding: { query_field: "ks", formatter } }) })
      const where = [c("k", "in", values)]
      expect(right(buildInQueryParams(schemaWith("array"), where))["ks"]).toEqual(values)
      expect((right(buildInQueryParams(schemaWith("csv"), where))["ks"] as string).split(",")).toEqual(values)
      expect(JSON.parse(right(buildInQueryParams(schemaWith("array_string"), where))["ks"] as string)).toEqual(values)
    }
  )

  it.prop(
    "several lower bounds on one parameter keep the largest",
    [FastCheck.array(FastCheck.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 })],
    ([bounds]) => {
      const where = bounds.map((b, i) => c("salary", i % 2 === 0 ? "gt" : "gte", b))
      const result = right(buildConnectorParams(Job, where, undefined))
      expect(result.params).toEqual({ min_salary: Math.max(...bounds) })
      expect(result.unpushed).toEqual([])
    }
  )

  it.prop(
    "formatBound never moves a bound inward",
    [instant, FastCheck.constantFrom("epoch_ms", "epoch_s", "iso") as FastCheck.Arbitrary<Metadata.CursorFormat>],
    ([at, format]) => {
      const ms = Date.parse(at)
      const lower = right(formatBound(at, format, "lower", "x"))
      const upper = right(formatBound(at, format, "upper", "x"))
      const toMs = (v: string | number) => (format === "epoch_s" ? Number(v) * 1000 : format === "epoch_ms" ? Number(v) : Date.parse(String(v)))
      expect(toMs(lower)).toBeLessThanOrEqual(ms)
      expect(toMs(upper)).toBeGreaterThanOrEqual(ms)
    }
  )
})
