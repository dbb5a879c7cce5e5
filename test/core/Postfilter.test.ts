import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc } from "effect"
import * as Condition from "../../src/core/Condition.js"
import { InvalidInput } from "../../src/core/Errors.js"
import * as Postfilter from "../../src/core/Postfilter.js"
import { applyPostfilters } from "../../src/index.js"

// Native records in JSON wire form, plus a JS Date field (`opened`) and epoch-ms numbers (`updated_ms`).
const records = [
  {
    id: "a",
    title: "Senior Data Engineer",
    salary: 120000,
    salary_text: "120000",
    created_at: "2024-01-15T10:00:00Z",
    updated_at: "2024-02-10T00:00:00+0000",
    updated_ms: 1707523200000,
    opened: new Date("2024-01-01T00:00:00Z"),
    remote: true,
    tags: ["python", "sql"],
    scores: [1, 5],
    skills: [
      { name: "Python", level: 5 },
      { name: "SQL", level: 3 }
    ],
    payload: { status: "open", location: { city: "Paris" } }
  },
  {
    id: "b",
    title: "Data Scientist",
    salary: 95000,
    salary_text: "95000",
    created_at: "2024-03-01T09:30:00+01:00",
    updated_at: "2024-03-05T12:00:00.000Z",
    updated_ms: 1709640000000,
    opened: new Date("2024-03-01T00:00:00Z"),
    remote: false,
    tags: ["python", "ml"],
    scores: [10],
    skills: [
      { name: "Python", level: 4 },
      { name: "TensorFlow", level: 2 }
    ],
    payload: { status: "closed", location: { city: "Lyon" } }
  },
  {
    id: "c",
    title: "Office Manager",
    salary: null,
    created_at: "2023-12-31T23:00:00-02:00",
    opened: null,
    tags: [],
    skills: [],
    payload: { status: "draft" }
  },
  {
    id: "d",
    title: "senior backend engineer",
    salary: 150000,
    salary_text: "150000",
    created_at: "2024-02-01T00:00:00Z",
    updated_at: "2024-01-20T09:00:00+01:00",
    updated_ms: 1705737600000,
    opened: new Date("2024-02-01T00:00:00Z"),
    remote: "true",
    tags: ["go"],
    scores: ["7"],
    skills: [{ name: "Go", level: 1 }, { name: null }],
    payload: { status: "open", location: { city: "Berlin" } }
  }
]

const ids = (conditions: ReadonlyArray<Condition.Condition>, options?: Postfilter.Options): string =>
  applyPostfilters(records, conditions, options)
    .map((r) => r.id)
    .join("")

type Case = readonly [field: string, op: Condition.Operator, value: unknown, expected: string]

const check = (cases: ReadonlyArray<Case>, options?: Postfilter.Options) =>
  it.each(cases)("%s %s %j → %j", (field, op, value, expected) => {
    expect(ids([Condition.make(field, op, value)], options)).toBe(expected)
  })

describe("Postfilter", () => {
  describe("strings", () => {
    check([
      ["title", "eq", "Data Scientist", "b"],
      ["title", "ne", "Data Scientist", "acd"],
      ["title", "gt", "Office", "acd"],
      ["title", "gte", "Office Manager", "acd"],
      ["title", "lt", "Office Manager", "b"],
      ["title", "lte", "Data Scientist", "b"],
      ["title", "in", ["Data Scientist", "Office Manager"], "bc"],
      ["title", "not_in", ["Data Scientist", "Office Manager"], "ad"],
      ["title", "contains", "Engineer", "a"],
      ["title", "contains", ["Senior", "Engineer"], "a"],
      ["title", "contains", ["Senior", "Scientist"], ""],
      ["title", "starts_with", "Senior", "a"],
      ["title", "exists", true, "abcd"]
    ])
  })

  describe("case sensitivity", () => {
    check([
      ["title", "contains", "engineer", "d"],
      ["title", "starts_with", "senior", "d"],
      ["tags", "contains", "PYTHON", ""]
    ])
    check(
      [
        ["title", "contains", "engineer", "ad"],
        ["title", "contains", "ENGINEER", "ad"],
        ["title", "starts_with", "SENIOR", "ad"],
        ["tags", "contains", "PYTHON", "ab"],
        ["skills.name", "contains", "python", "ab"]
      ],
      { caseInsensitive: true }
    )
  })

  describe("numbers", () => {
    check([
      ["salary", "eq", 95000, "b"],
      ["salary", "eq", "95000", "b"],
      ["salary", "ne", 95000, "acd"],
      ["salary", "gt", 100000, "ad"],
      ["salary", "gt", "100000", "ad"],
      ["salary", "gte", 120000, "ad"],
      ["salary", "lt", 120000, "b"],
      ["salary", "lte", 120000, "ab"],
      ["salary", "in", [95000, 150000], "bd"],
      ["salary", "in", ["95000", "150000"], "bd"],
      ["salary", "not_in", [95000], "acd"],
      ["salary", "contains", 95000, "b"],
      ["salary", "starts_with", "12", "a"],
      ["salary", "exists", true, "abd"],
      ["salary", "exists", false, "c"],
      // Numeric strings compare as numbers, not as text ("95000" > "100000" as text).
      ["salary_text", "gt", 100000, "ad"],
      ["salary_text", "lt", "100000", "b"],
      ["salary_text", "eq", 95000.0, "b"],
      ["salary_text", "in", [120000], "a"],
      // A number against non-numeric text falls back to text order ("120000" < "abc").
      ["salary", "lt", "abc", "abd"]
    ])
  })

  describe("dates compare as instants", () => {
    check([
      // `updated_at` holds ISO strings with `+0000`, `.000Z` and `+01:00` offsets.
      ["updated_at", "gt", "2024-02-01T00:00:00Z", "ab"],
      ["updated_at", "gte", "2024-02-10T00:00:00.000Z", "ab"],
      ["updated_at", "lt", "2024-02-10T00:00:00Z", "d"],
      ["updated_at", "lte", "2024-02-01T00:00:00Z", "d"],
      ["updated_at", "eq", "2024-02-10T00:00:00Z", "a"],
      ["updated_at", "eq", "2024-02-10T01:00:00+01:00", "a"],
      ["updated_at", "eq", "2024-01-20T08:00:00Z", "d"],
      ["updated_at", "ne", "2024-02-10T00:00:00Z", "bcd"],
      ["updated_at", "in", ["2024-01-20T08:00:00Z", "2024-03-05T13:00:00+01:00"], "bd"],
      ["updated_at", "not_in", ["2024-01-20T08:00:00Z"], "abc"],
      ["updated_at", "starts_with", "2024-03", "b"],
      ["updated_at", "exists", true, "abd"],
      // Text order and instant order disagree here: c is 2024-01-01T01:00Z written as 2023-12-31T23:00-02:00.
      ["created_at", "eq", "2024-01-01T01:00:00Z", "c"],
      ["created_at", "gt", "2024-01-01T00:30:00Z", "abcd"],
      ["created_at", "eq", "2024-03-01T08:30:00Z", "b"],
      // Epoch-ms fields against date strings.
      ["updated_ms", "gt", "2024-02-01T00:00:00Z", "ab"],
      ["updated_ms", "eq", "2024-02-10T00:00:00+0000", "a"],
      ["updated_ms", "lte", "2024-02-01T00:00:00Z", "d"],
      // JS Date fields against date strings.
      ["opened", "gte", "2024-02-01T00:00:00Z", "bd"],
      ["opened", "eq", "2024-02-01T00:00:00+0000", "d"],
      ["opened", "lt", "2024-02-01T00:00:00Z", "a"],
      ["opened", "in", ["2024-01-01T00:00:00Z", "2024-03-01T01:00:00+01:00"], "ab"],
      ["opened", "exists", false, "c"],
      // Date strings against an epoch-ms condition value.
      ["updated_at", "gt", 1706745600000, "ab"]
    ])

    it("accepts a JS Date as the condition value", () => {
      expect(ids([Condition.make("updated_at", "gt", new Date("2024-02-01T00:00:00Z"))])).toBe("ab")
      expect(ids([Condition.make("opened", "eq", new Date("2024-03-01T00:00:00Z"))])).toBe("b")
      expect(ids([Condition.make("updated_ms", "lt", new Date("2024-02-01T00:00:00Z"))])).toBe("d")
    })
  })

  describe("booleans", () => {
    check([
      ["remote", "eq", true, "ad"],
      ["remote", "ne", true, "bc"],
      ["remote", "in", [false], "b"],
      ["remote", "in", "false", "b"],
      ["remote", "exists", true, "abd"]
    ])
  })

  describe("array fields: any element", () => {
    check([
      ["tags", "eq", "python", "ab"],
      ["tags", "ne", "python", "cd"],
      ["tags", "gt", "r", "a"],
      ["tags", "lt", "h", "d"],
      ["tags", "in", ["ml", "go"], "bd"],
      ["tags", "not_in", ["python"], "cd"],
      // On arrays, contains is membership, not substring.
      ["tags", "contains", "python", "ab"],
      ["tags", "contains", "pyth", ""],
      ["tags", "contains", ["python", "sql"], "a"],
      ["tags", "starts_with", "g", "d"],
      // An empty array is present.
      ["tags", "exists", true, "abcd"],
      ["scores", "gt", 6, "bd"],
      ["scores", "gte", 5, "abd"],
      ["scores", "lt", 2, "a"],
      ["scores", "lte", 1, "a"],
      ["scores", "eq", 7, "d"],
      ["scores", "ne", 5, "bcd"],
      ["scores", "in", [10, 7], "bd"],
      ["scores", "not_in", [1, 10], "cd"],
      ["scores", "contains", 5, "a"],
      ["scores", "contains", [1, 5], "a"]
    ])
  })

  describe("nested paths", () => {
    check([
      ["payload.status", "eq", "open", "ad"],
      ["payload.status", "ne", "open", "bc"],
      ["payload.status", "gt", "d", "acd"],
      ["payload.status", "gte", "open", "ad"],
      ["payload.status", "lt", "d", "b"],
      ["payload.status", "lte", "draft", "bc"],
      ["payload.status", "in", ["closed", "draft"], "bc"],
      ["payload.status", "not_in", ["closed", "draft"], "ad"],
      ["payload.status", "contains", "pe", "ad"],
      ["payload.status", "starts_with", "cl", "b"],
      ["payload.status", "exists", true, "abcd"],
      ["payload.location.city", "eq", "Paris", "a"],
      ["payload.location.city", "ne", "Paris", "bcd"],
      ["payload.location.city", "not_in", ["Paris", "Lyon"], "cd"],
      ["payload.location.city", "exists", true, "abd"],
      ["payload.location.city", "exists", false, "c"]
    ])
  })

  describe("paths through arrays of objects", () => {
    check([
      ["skills.name", "eq", "Python", "ab"],
      ["skills.name", "ne", "Python", "cd"],
      ["skills.name", "gt", "R", "ab"],
      ["skills.name", "lt", "H", "d"],
      ["skills.name", "in", ["Go", "SQL"], "ad"],
      ["skills.name", "not_in", ["Python"], "cd"],
      // Each element's string is searched; every needle must be found in some element.
      ["skills.name", "contains", "Tensor", "b"],
      ["skills.name", "contains", ["Python", "SQL"], "a"],
      ["skills.name", "starts_with", "S", "a"],
      ["skills.name", "exists", true, "abd"],
      ["skills.name", "exists", false, "c"],
      ["skills.level", "gt", 4, "a"],
      ["skills.level", "gte", 4, "ab"],
      ["skills.level", "lte", 2, "bd"],
      ["skills.level", "eq", "3", "a"],
      // A numeric segment indexes the array.
      ["skills.0.name", "eq", "Go", "d"],
      ["skills.1.name", "eq", "Python", ""],
      ["skills.1.name", "exists", false, "cd"]
    ])
  })

  describe("in / not_in value forms", () => {
    check([
      ["payload.status", "in", "closed,draft", "bc"],
      ["payload.status", "in", " closed , draft ,", "bc"],
      ["payload.status", "in", "open", "ad"],
      ["payload.status", "in", '["closed","draft"]', "bc"],
      ["payload.status", "not_in", "closed, draft", "ad"],
      ["salary", "in", "95000,150000", "bd"],
      ["updated_at", "in", "2024-01-20T08:00:00Z,2024-03-05T12:00:00+0000", "bd"],
      ["payload.status", "in", [], ""],
      ["payload.status", "not_in", [], "abcd"],
      ["payload.status", "in", "", ""]
    ])
  })

  describe("missing fields", () => {
    check([
      ["missing", "eq", "x", ""],
      ["missing", "ne", "x", "abcd"],
      ["missing", "gt", 1, ""],
      ["missing", "gte", "2024-01-01T00:00:00Z", ""],
      ["missing", "lt", 1, ""],
      ["missing", "lte", 1, ""],
      ["missing", "in", ["x"], ""],
      ["missing", "not_in", ["x"], "abcd"],
      ["missing", "contains", "x", ""],
      ["missing", "starts_with", "x", ""],
      ["missing", "exists", true, ""],
      ["missing", "exists", false, "abcd"],
      ["payload.missing.deeper", "eq", "x", ""],
      ["title.length", "gt", 0, ""],
      // Prototype members are not fields.
      ["constructor", "exists", true, ""],
      ["salary", "eq", null, "c"],
      ["salary", "ne", null, "abd"]
    ])

    it("treats null and non-object records as having no fields", () => {
      const odd: ReadonlyArray<unknown> = [null, undefined, 42, "text", { payload: null }, { payload: "open" }]
      expect(applyPostfilters(odd, [Condition.make("payload.status", "eq", "open")])).toEqual([])
      expect(applyPostfilters(odd, [Condition.make("payload.status", "ne", "open")])).toEqual(odd)
    })
  })

  describe("several conditions", () => {
    it("ANDs them", () => {
      expect(ids([Condition.make("payload.status", "eq", "open"), Condition.make("salary", "gt", 130000)])).toBe("d")
      expect(ids([Condition.make("tags", "contains", "python"), Condition.make("updated_at", "gt", "2024-03-01T00:00:00Z")])).toBe("b")
    })

    it("keeps every record without conditions, in order", () => {
      expect(ids([])).toBe("abcd")
    })

    it("partition splits kept and removed records in order", () => {
      const [kept, removed] = Postfilter.partition(records, [Condition.make("payload.status", "eq", "open")])
      expect(kept.map((r) => r.id)).toEqual(["a", "d"])
      expect(removed.map((r) => r.id)).toEqual(["b", "c"])
    })

    it("accepts any iterable of records", () => {
      const kept = applyPostfilters(new Set(records), [Condition.make("salary", "lt", 100000)])
      expect(kept.map((r) => r.id)).toEqual(["b"])
    })
  })

  describe("invalid conditions", () => {
    const invalid: ReadonlyArray<readonly [field: string, op: string, value: unknown, message: RegExp]> = [
      ["salary", "gt", { amount: 1 }, /^salary: gt needs a string, number or date value, got an object$/],
      ["salary", "gte", true, /^salary: gte needs .* got boolean$/],
      ["salary", "lt", [1, 2], /^salary: lt needs .* got an array$/],
      ["salary", "lte", undefined, /^salary: lte needs .* got no value$/],
      ["salary", "gt", Number.NaN, /^salary: gt needs .* got NaN$/],
      ["opened", "gt", new Date("not a date"), /^opened: gt needs .* got an invalid date$/],
      ["title", "eq", { a: 1 }, /^title: eq needs a string, number, boolean or date value, got an object$/],
      ["title", "ne", ["a"], /^title: ne needs .* got an array$/],
      ["payload.status", "eq", undefined, /^payload\.status: eq needs .* got no value$/],
      ["payload.status", "in", 5, /^payload\.status: in needs an array \(or comma-separated text\) of values, got 5$/],
      ["payload.status", "in", { a: 1 }, /^payload\.status: in needs an array/],
      ["payload.status", "not_in", null, /^payload\.status: not_in needs an array .* got null$/],
      ["payload.status", "in", ["a", { b: 1 }], /^payload\.status: in values must be .* got an object$/],
      ["payload.status", "in", ["a", null], /^payload\.status: in values must be .* got null$/],
      ["tags", "contains", [], /^tags: contains needs at least one value$/],
      ["tags", "contains", { a: 1 }, /^tags: contains needs .* got an object$/],
      ["tags", "contains", ["a", ["b"]], /^tags: contains needs .* got an array$/],
      ["title", "starts_with", true, /^title: starts_with needs a string value, got boolean$/],
      ["title", "exists", "yes", /^title: exists takes true or false, got string$/],
      ["title", "like", "x", /^title: unknown operator "like"; expected one of eq, ne, /]
    ]

    it.each(invalid)("%s %s %j is rejected naming the field", (field, op, value, message) => {
      const condition = { field, op, value } as Condition.Condition
      const validated = Postfilter.validate([condition])
      expect(Either.isLeft(validated)).toBe(true)
      if (Either.isLeft(validated)) {
        expect(validated.left).toBeInstanceOf(InvalidInput)
        expect(validated.left.field).toBe(field)
        expect(validated.left.code).toBe("invalid_input")
        expect(validated.left.message).toMatch(message)
      }
      expect(() => applyPostfilters(records, [condition])).toThrow(message)
    })

    it.effect("compile fails with the first invalid condition's field", () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(Postfilter.compile([Condition.make("title", "eq", "x"), Condition.make("payload.status", "in", 3)]))
        expect(error._tag).toBe("InvalidInput")
        expect(error.field).toBe("payload.status")
      })
    )

    it.effect("compile succeeds with a reusable predicate", () =>
      Effect.gen(function* () {
        const predicate = yield* Postfilter.compile([Condition.make("payload.status", "in", "open")])
        expect(records.filter(predicate).map((r) => r.id)).toEqual(["a", "d"])
        expect(records.filter(predicate).map((r) => r.id)).toEqual(["a", "d"])
      })
    )

    it("names the position when the field itself is malformed", () => {
      for (const [field, expected] of [
        ["", "having[1].field"],
        ["payload..status", "having[1].field"],
        [".status", "having[1].field"],
        [7, "having[1].field"]
      ] as const) {
        const result = Postfilter.validate([Condition.make("title", "eq", "x"), { field, op: "eq", value: "x" } as unknown as Condition.Condition])
        expect(Either.isLeft(result) && result.left.field).toBe(expected)
      }
      const notObject = Postfilter.validate([null as unknown as Condition.Condition])
      expect(Either.isLeft(notObject) && notObject.left.field).toBe("having[0]")
    })

    it("validate returns the conditions when they are all valid", () => {
      const conditions = [Condition.make("title", "contains", ["a", "b"]), Condition.make("salary", "exists")]
      expect(Postfilter.validate(conditions)).toEqual(Either.right(conditions))
    })
  })

  describe("properties", () => {
    // Values that collide often across types: numbers, numeric text, dates in several offset forms, booleans.
    const pool = [
      0,
      1,
      5,
      -1,
      1.5,
      "0",
      "1",
      "5",
      "1.5",
      "01",
      "a",
      "b",
      "A",
      "",
      "true",
      "false",
      true,
      false,
      1706745600000,
      "1706745600000",
      "2024-02-01T00:00:00Z",
      "2024-02-01T01:00:00+0100",
      "2024-02-01T00:00:00.000+00:00",
      "2024-02-01",
      "2024-03-01T00:00:00Z",
      new Date("2024-02-01T00:00:00Z"),
      new Date("2024-03-01T00:00:00Z")
    ] as const
    const scalar = fc.oneof(
      fc.constantFrom(...pool),
      fc.string({ maxLength: 6 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean()
    )
    const fieldValue = fc.oneof(
      scalar,
      fc.constant(null),
      fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 4 }),
      fc.array(fc.record({ v: scalar }), { maxLength: 3 })
    )
    const passes = (record: unknown, field: string, op: Condition.Operator, value: unknown): boolean =>
      applyPostfilters([record], [Condition.make(field, op, value)]).length === 1
    // Arrays of `{ v }` records are reached through the path `x.v`.
    const pathOf = (value: unknown): string =>
      Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null && !(v instanceof Date)) ? "x.v" : "x"

    it.prop("ne is the complement of eq", [fieldValue, scalar], ([x, c]) => {
      const field = pathOf(x)
      expect(passes({ x }, field, "ne", c)).toBe(!passes({ x }, field, "eq", c))
    })

    it.prop("in [c] agrees with eq c, and not_in [c] with ne c", [fieldValue, scalar], ([x, c]) => {
      const field = pathOf(x)
      expect(passes({ x }, field, "in", [c])).toBe(passes({ x }, field, "eq", c))
      expect(passes({ x }, field, "not_in", [c])).toBe(passes({ x }, field, "ne", c))
    })

    it.prop("in a list is eq on some member", [fieldValue, fc.array(scalar, { maxLength: 5 })], ([x, list]) => {
      const field = pathOf(x)
      expect(passes({ x }, field, "in", list)).toBe(list.some((c) => passes({ x }, field, "eq", c)))
    })

    it.prop(
      "in with comma-separated text agrees with in with an array",
      [fc.constantFrom("a", "b", "c", "5", "05"), fc.array(fc.stringMatching(/^[a-c0-9]{1,2}$/), { maxLength: 4 })],
      ([x, list]) => {
        expect(passes({ x }, "x", "in", list.join(", "))).toBe(passes({ x }, "x", "in", list))
      }
    )

    const number = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
    // A number and how it is written: as a number or as text.
    const writtenNumber = number.chain((n) => fc.constantFrom<number | string>(n, String(n)).map((x) => [n, x] as const))

    it.prop("numbers and numeric text compare numerically; gt is the complement of lte", [writtenNumber, writtenNumber], ([[v, x], [c, value]]) => {
      const record = { x }
      expect(passes(record, "x", "gt", value)).toBe(v > c)
      expect(passes(record, "x", "lte", value)).toBe(!(v > c))
      expect(passes(record, "x", "lt", value)).toBe(v < c)
      expect(passes(record, "x", "gte", value)).toBe(!(v < c))
      expect(passes(record, "x", "eq", value)).toBe(v === c)
    })

    // An instant rendered the ways vendors write it: ISO with Z, with `+hh:mm` / `+hhmm` offsets, a Date, epoch ms.
    const render = (ms: number, form: number, offsetMinutes: number, dropMillis = false): string | number | Date => {
      const wallClock = (minutes: number) => {
        const iso = new Date(ms + minutes * 60_000).toISOString().slice(0, -1)
        return dropMillis && iso.endsWith(".000") ? iso.slice(0, -4) : iso
      }
      const local = wallClock(offsetMinutes)
      const sign = offsetMinutes < 0 ? "-" : "+"
      const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0")
      const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, "0")
      switch (form) {
        case 0:
          return `${wallClock(0)}Z`
        case 1:
          return `${local}${sign}${hh}:${mm}`
        case 2:
          return `${local}${sign}${hh}${mm}`
        case 3:
          return new Date(ms)
        default:
          return ms
      }
    }
    const someInstant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
    const instant = fc.oneof(
      someInstant,
      someInstant.map((ms) => ms - (ms % 1000))
    )
    const rendering = fc.tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.oneof(
        fc.constant(0),
        fc.integer({ min: -48, max: 56 }).map((q) => q * 15)
      ),
      fc.boolean()
    )

    it.prop(
      "dates compare as instants whatever their form; gt is the complement of lte",
      [instant, fc.oneof(instant, fc.constant(undefined)), rendering, rendering],
      ([a, maybeB, [formA, offsetA, dropA], [formB, offsetB, dropB]]) => {
        const b = maybeB ?? a
        const record = { x: render(a, formA, offsetA, dropA) }
        // The condition side is an ISO string or a Date (what a user writes or a program passes).
        const value = render(b, formB % 4, offsetB, dropB)
        expect(passes(record, "x", "gt", value)).toBe(a > b)
        expect(passes(record, "x", "lte", value)).toBe(!(a > b))
        expect(passes(record, "x", "eq", value)).toBe(a === b)
        expect(passes(record, "x", "in", [value])).toBe(a === b)
      }
    )

    it.prop("applyPostfilters keeps what the compiled predicate accepts", [fc.array(fieldValue, { maxLength: 8 }), scalar], ([xs, c]) => {
      const rows = xs.map((x) => ({ x }))
      const conditions = [Condition.make("x", "gte", typeof c === "boolean" ? 0 : c)]
      const predicate = Either.getOrThrow(Postfilter.compile(conditions))
      expect(applyPostfilters(rows, conditions)).toEqual(rows.filter(predicate))
      const [kept, removed] = Postfilter.partition(rows, conditions)
      expect(kept).toEqual(rows.filter(predicate))
      expect(removed).toEqual(rows.filter((row) => !predicate(row)))
    })
  })
})
