/**
 * A generated corpus of bad input: valid inputs mutated slot by slot with garbage values (wrong types,
 * huge and negative numbers, empty and unicode strings, nested garbage, prototype-pollution keys),
 * plus structural damage (not a list, unknown keys, malformed and truncated JSON). Each case is JSON
 * text (possibly malformed) and the names an error about it may cite (a field or its flag).
 */

/** One bad input. */
export interface Case {
  readonly name: string
  /** JSON text as a user would type it; may be malformed. */
  readonly text: string
  /** An error about this case must name one of these (in its `field` or its message). */
  readonly names: ReadonlyArray<string>
}

/** Garbage JSON values, as text. */
export const garbage: ReadonlyArray<readonly [label: string, text: string]> = [
  ["null", "null"],
  ["true", "true"],
  ["zero", "0"],
  ["negative", "-1"],
  ["fraction", "1.5"],
  ["huge number", "1e308"],
  ["overflowing number", "1e400"],
  ["unsafe integer", "9007199254740993"],
  ["empty string", '""'],
  ["blank string", '"   "'],
  ["emoji", '"😀"'],
  ["NUL character", '"\\u0000"'],
  ["full-width letters", '"ｓｔａｔｕｓ"'],
  ["right-to-left override", '"\\u202eneposuta"'],
  ["10,000 characters", JSON.stringify("x".repeat(10_000))],
  ["empty list", "[]"],
  ["nested lists", "[[[]]]"],
  ["empty object", "{}"],
  ["nested garbage", '{"a":{"b":[1,{"c":null,"d":[true,"x"]}]}}'],
  ["500 levels of nesting", `${"[".repeat(500)}${"]".repeat(500)}`],
  ["__proto__ object", '{"__proto__":{"polluted":"yes"}}'],
  ["constructor.prototype object", '{"constructor":{"prototype":{"polluted":"yes"}}}']
]

/** Field names that look like object internals. */
export const internalNames: ReadonlyArray<string> = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]

/** Replaces one slot of a JSON object text (given as a template with `$` where the slot goes). */
const fill = (template: string, value: string) => template.replace("$", value)

/** Every prefix cut of a valid text that leaves it malformed (truncated JSON). */
export const truncations = (text: string, cuts: ReadonlyArray<number>): Array<string> =>
  [...new Set(cuts.map((n) => (n < 0 ? text.slice(0, text.length + n) : text.slice(0, n))))].filter((t) => {
    try {
      JSON.parse(t)
      return false
    } catch {
      return true
    }
  })

/** Malformed JSON spellings of a valid text. */
const malformed = (valid: string): ReadonlyArray<readonly [string, string]> => [
  ["single quotes", valid.replace(/"/g, "'")],
  ["unquoted keys", valid.replace(/"(\w+)":/g, "$1:")],
  ["trailing comma", valid.replace(/}(\]?)$/, ",}$1")],
  ["NaN literal", valid.replace(/("value":)[^,}]+/, "$1NaN")],
  ["undefined literal", valid.replace(/("value":)[^,}]+/, "$1undefined")],
  ["comment", `/* hi */${valid}`],
  ["two documents", `${valid}${valid}`],
  ["empty text", ""],
  ["bare word", "status"]
]

/**
 * WHERE (prefilter) cases for a schema with `status` (a literal, eq/in), `name` (eq/contains) and
 * timestamps (gt..lte only). `label` is how errors name the list (`where`, `--where`).
 */
export const whereCases = (label: string): Array<Case> => {
  const base = '[{"field":$,"op":"eq","value":"open"}]'
  const valid = '[{"field":"status","op":"eq","value":"open"}]'
  const out: Array<Case> = []
  for (const [what, value] of garbage) {
    // A string that is not a field is reported as the unknown field itself.
    const asText = JSON.parse(value) as unknown
    out.push({
      name: `${label} field = ${what}`,
      text: fill(base, value),
      names: typeof asText === "string" && asText.trim() !== "" ? [label, asText] : [label]
    })
    out.push({ name: `${label} op = ${what}`, text: fill('[{"field":"status","op":$,"value":"open"}]', value), names: [label] })
    out.push({ name: `${label} created_at gt ${what}`, text: fill('[{"field":"created_at","op":"gt","value":$}]', value), names: [label, "created_at"] })
  }
  for (const name of ["nope", "ｓｔａｔｕｓ", "status.__proto__", ...internalNames]) {
    out.push({ name: `${label} unknown field ${name}`, text: fill(base, JSON.stringify(name)), names: [label, name] })
  }
  for (const op of ["like", "EQ", "", "regex", ...internalNames]) {
    out.push({
      name: `${label} unknown operator ${JSON.stringify(op)}`,
      text: fill('[{"field":"status","op":$,"value":"open"}]', JSON.stringify(op)),
      names: [label]
    })
  }
  for (const [field, op, value] of [
    ["name", "gt", '"x"'],
    ["name", "in", '["x"]'],
    ["status", "contains", '"op"'],
    ["created_at", "contains", '"2024"'],
    ["created_at", "starts_with", '"2024"']
  ] as const) {
    out.push({ name: `${label} ineligible ${field} ${op}`, text: `[{"field":"${field}","op":"${op}","value":${value}}]`, names: [label, field] })
  }
  for (const [what, value] of [
    ["a status not in the list", '"exploded"'],
    ["a number", "42"],
    ["a list", '["open"]'],
    ["an object", '{"eq":"open"}']
  ] as const) {
    out.push({ name: `${label} status eq ${what}`, text: fill('[{"field":"status","op":"eq","value":$}]', value), names: [label, "status"] })
  }
  for (const [what, value] of [
    ["yesterday", '"yesterday"'],
    ["month 13", '"2024-13-01T00:00:00Z"'],
    ["hour 25", '"2024-01-01T25:00:00Z"'],
    ["a date in words", '"1st of May 2024"'],
    ["epoch seconds as text", '"1714000000"']
  ] as const) {
    out.push({ name: `${label} bad date: ${what}`, text: fill('[{"field":"created_at","op":"gt","value":$}]', value), names: [label, "created_at"] })
  }
  for (const [what, value] of [
    ["a string", '"open"'],
    ["a number", "1"],
    ["an object", '{"0":"open"}'],
    ["a list of bad statuses", '["open","exploded"]']
  ] as const) {
    out.push({ name: `${label} status in ${what}`, text: fill('[{"field":"status","op":"in","value":$}]', value), names: [label, "status"] })
  }
  for (const [what, text] of [
    ["an object", '{"field":"status","op":"eq","value":"open"}'],
    ["a string", '"status = open"'],
    ["a number", "1"],
    ["null", "null"],
    ["a list of numbers", "[1,2]"],
    ["a list of nulls", "[null]"],
    ["a list of lists", '[["status","eq","open"]]'],
    ["no field", '[{"op":"eq","value":"open"}]'],
    ["no op", '[{"field":"status","value":"open"}]'],
    ["an unknown key", '[{"field":"status","op":"eq","value":"open","join":"or"}]'],
    ["a __proto__ key", '[{"field":"status","op":"eq","value":"open","__proto__":{"field":"nope"}}]']
  ] as const) {
    out.push({ name: `${label} is ${what}`, text, names: [label] })
  }
  for (const [what, text] of malformed(valid)) out.push({ name: `${label} malformed: ${what}`, text, names: [label] })
  for (const text of truncations(valid, [1, 2, 12, 25, -2, -1])) {
    out.push({ name: `${label} truncated to ${text.length} characters`, text, names: [label] })
  }
  return out
}

/** HAVING (postfilter) cases: dotted paths allowed, any operator, values checked per operator. */
export const havingCases = (label: string): Array<Case> => {
  const valid = '[{"field":"salary.min","op":"gte","value":50000}]'
  const out: Array<Case> = []
  for (const [what, value] of garbage.filter(([, v]) => !v.startsWith('"'))) {
    out.push({ name: `${label} field = ${what}`, text: `[{"field":${value},"op":"gte","value":1}]`, names: [label] })
    out.push({ name: `${label} op = ${what}`, text: `[{"field":"salary.min","op":${value},"value":1}]`, names: [label] })
  }
  for (const name of ["nope", "nope.min", "__proto__.polluted", "constructor.prototype", "toString"]) {
    out.push({ name: `${label} unknown field ${name}`, text: `[{"field":${JSON.stringify(name)},"op":"eq","value":1}]`, names: [label, name] })
  }
  for (const [op, value] of [
    ["not_in", "5"],
    ["exists", '"yes"'],
    ["gte", "{}"],
    ["lt", "[1,2]"],
    ["starts_with", "{}"],
    ["contains", "{}"]
  ] as const) {
    out.push({ name: `${label} ${op} with a wrong value`, text: `[{"field":"salary.min","op":"${op}","value":${value}}]`, names: [label, "salary.min"] })
  }
  for (const [what, text] of malformed(valid)) out.push({ name: `${label} malformed: ${what}`, text, names: [label] })
  for (const text of truncations(valid, [1, 20, -1])) out.push({ name: `${label} truncated to ${text.length} characters`, text, names: [label] })
  out.push({ name: `${label} is an object`, text: valid.slice(1, -1), names: [label] })
  return out
}

/** Mapping cases (`[{from, to, default?, transform?, separator?}]`) between unified-like job schemas. */
export const mappingCases = (label: string): Array<Case> => {
  const valid = '[{"from":"name","to":"name"},{"from":"id","to":"id"}]'
  const out: Array<Case> = []
  for (const [what, value] of garbage) {
    out.push({ name: `${label} from = ${what}`, text: `[{"from":${value},"to":"name"},{"from":"id","to":"id"}]`, names: [label] })
    out.push({ name: `${label} to = ${what}`, text: `[{"from":"name","to":${value}},{"from":"id","to":"id"}]`, names: [label] })
  }
  for (const transform of ["eval", "require", "exec", "", "UPPERCASE", ...internalNames]) {
    out.push({
      name: `${label} transform ${JSON.stringify(transform)}`,
      text: `[{"from":"name","to":"name","transform":${JSON.stringify(transform)}},{"from":"id","to":"id"}]`,
      names: [label]
    })
  }
  for (const [what, text] of [
    ["an unknown origin field", '[{"from":"nmae","to":"name"},{"from":"id","to":"id"}]'],
    ["an unknown target field", '[{"from":"name","to":"title"},{"from":"id","to":"id"}]'],
    ["a rule with neither from nor default", '[{"to":"name"},{"from":"id","to":"id"}]'],
    ["a rule without to", '[{"from":"name"},{"from":"id","to":"id"}]'],
    ["a numeric separator", '[{"from":"name","to":"name","transform":"split","separator":5},{"from":"id","to":"id"}]'],
    ["an unknown rule key", '[{"from":"name","to":"name","code":"process.exit(1)"},{"from":"id","to":"id"}]'],
    ["a __proto__ target", '[{"from":"name","to":"__proto__"},{"from":"id","to":"id"}]'],
    ["a constructor.prototype target", '[{"from":"name","to":"constructor.prototype.polluted"},{"from":"id","to":"id"}]'],
    ["an object", '{"from":"name","to":"name"}'],
    ["a string", '"name->name"'],
    ["a list of strings", '["name","id"]'],
    ["a list of nulls", "[null]"],
    ["a list with an empty rule", "[{}]"]
  ] as const) {
    out.push({ name: `${label} with ${what}`, text, names: [label] })
  }
  for (const [what, text] of malformed(valid).filter(([w]) => !w.includes("literal"))) out.push({ name: `${label} malformed: ${what}`, text, names: [label] })
  for (const text of truncations(valid, [1, 15, -1])) out.push({ name: `${label} truncated to ${text.length} characters`, text, names: [label] })
  return out
}

/** Cursor start values that are neither a date-time nor epoch milliseconds. */
export const badCursorStarts: ReadonlyArray<string> = [
  "yesterday",
  "2024-13-01T00:00:00Z",
  "2024-01-01T24:61:00Z",
  "😀",
  "-1",
  "0",
  "99999999999999999999",
  "2024/01/01",
  " 2024-01-01T00:00:00Z",
  "__proto__"
]

/** Batch sizes out of range or of the wrong type, as JSON text. */
export const badBatchSizes: ReadonlyArray<string> = ["0", "-1", "1.5", "100001", "1e9", "1e400", '"200"', "null", "[]", "{}", "true"]

/** Events that do not decode (`{ type, resource_id, occurred_at?, resource? }`), as JSON text. */
export const badEvents: ReadonlyArray<readonly [string, string]> = [
  ["an unknown type", '{"type":"exploded","resource_id":"j1"}'],
  ["no type", '{"resource_id":"j1"}'],
  ["no resource_id", '{"type":"created"}'],
  ["a numeric resource_id", '{"type":"created","resource_id":5}'],
  ["another resource", '{"type":"created","resource_id":"j1","resource":"jobs"}'],
  ["a bad occurred_at", '{"type":"created","resource_id":"j1","occurred_at":"yesterday"}'],
  ["a null event", "null"],
  ["a string event", '"created j1"'],
  ["a list event", '["created","j1"]'],
  ["an unknown key", '{"type":"created","resource_id":"j1","extra":{"__proto__":{"x":1}}}']
]

/** Native job records that fail the unified job schema (`id` and `name` required; typed fields). */
export const badRecords: ReadonlyArray<readonly [string, unknown]> = [
  ["no id", { name: "No id" }],
  ["a numeric id", { id: 7, name: "Numeric id" }],
  ["no name", { id: "bad-no-name" }],
  ["a numeric name", { id: "bad-name", name: 42 }],
  ["an unknown status", { id: "bad-status", name: "x", status: "exploded" }],
  ["a bad created_at", { id: "bad-date", name: "x", created_at: "yesterday" }],
  ["salary min as text", { id: "bad-salary", name: "x", salary: { min: "lots" } }],
  ["skills as a string", { id: "bad-skills", name: "x", skills: "python" }],
  ["nested garbage location", { id: "bad-location", name: "x", location: { lat: { deep: [1, 2, { x: null }] } } }],
  ["a null record", null],
  ["a string record", "job"],
  ["a list record", ["id", "name"]],
  ["a __proto__ key", JSON.parse('{"__proto__":{"name":"from proto"},"id":"bad-proto"}')]
]

/** Dates that match the ISO-8601 shape but name no calendar day (Date.parse would roll them over). */
export const impossibleDates: ReadonlyArray<string> = ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T12:00:00Z", "2024-06-31"]
