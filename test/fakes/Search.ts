/**
 * What the example warehouses' fake servers share: a keyword-query evaluator (terms bare or "quoted",
 * `AND`, `OR`, parentheses; AND binds tighter than OR; adjacent terms are ANDed) matching terms
 * case-insensitively as substrings of a record's searchable texts, and the value order they sort by.
 */

/** A parsed keyword query. */
export type Expr =
  | { readonly _tag: "term"; readonly text: string }
  | { readonly _tag: "and"; readonly items: ReadonlyArray<Expr> }
  | { readonly _tag: "or"; readonly items: ReadonlyArray<Expr> }

type Token = { readonly kind: "(" | ")" | "AND" | "OR" } | { readonly kind: "term"; readonly text: string }

const tokenize = (query: string): Array<Token> => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < query.length) {
    const c = query[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c })
      i++
    } else if (c === '"') {
      let text = ""
      i++
      while (i < query.length && query[i] !== '"') {
        if (query[i] === "\\" && i + 1 < query.length) i++
        text += query[i]
        i++
      }
      if (i >= query.length) throw new Error(`unterminated quote in ${JSON.stringify(query)}`)
      i++
      tokens.push({ kind: "term", text })
    } else {
      let text = ""
      while (i < query.length && !/[\s()"]/.test(query[i]!)) text += query[i++]
      tokens.push(text === "AND" || text === "OR" ? { kind: text } : { kind: "term", text })
    }
  }
  return tokens
}

/** Parses a keyword query; throws an Error with a readable message on bad syntax. */
export const parse = (query: string): Expr => {
  const tokens = tokenize(query)
  let at = 0
  const peek = () => tokens[at]
  const primary = (): Expr => {
    const token = tokens[at++]
    if (token === undefined) throw new Error(`unexpected end of ${JSON.stringify(query)}`)
    if (token.kind === "term") return { _tag: "term", text: token.text }
    if (token.kind === "(") {
      const inner = or()
      if (tokens[at++]?.kind !== ")") throw new Error(`missing ) in ${JSON.stringify(query)}`)
      return inner
    }
    throw new Error(`unexpected ${token.kind} in ${JSON.stringify(query)}`)
  }
  const and = (): Expr => {
    const items = [primary()]
    for (;;) {
      const next = peek()
      if (next?.kind === "AND") {
        at++
        items.push(primary())
      } else if (next !== undefined && (next.kind === "term" || next.kind === "(")) {
        items.push(primary())
      } else break
    }
    return items.length === 1 ? items[0]! : { _tag: "and", items }
  }
  const or = (): Expr => {
    const items = [and()]
    while (peek()?.kind === "OR") {
      at++
      items.push(and())
    }
    return items.length === 1 ? items[0]! : { _tag: "or", items }
  }
  const expr = or()
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]!.kind} in ${JSON.stringify(query)}`)
  return expr
}

/** Whether a record's searchable texts satisfy the query. */
export const matches = (expr: Expr, texts: ReadonlyArray<string>): boolean => {
  switch (expr._tag) {
    case "term": {
      const term = expr.text.toLowerCase()
      return texts.some((t) => t.toLowerCase().includes(term))
    }
    case "and":
      return expr.items.every((e) => matches(e, texts))
    case "or":
      return expr.items.some((e) => matches(e, texts))
  }
}

/** The texts of a record's searchable fields (strings, and the strings inside arrays). */
export const textsOf = (record: Readonly<Record<string, unknown>>, fields: ReadonlyArray<string>): ReadonlyArray<string> =>
  fields.flatMap((field) => {
    const value = record[field]
    if (typeof value === "string") return [value]
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string")
    return []
  })

/** The instant an ISO-8601 text names, if it names one. */
export const instant = (value: string): number | undefined =>
  /^\d{4}-\d{2}-\d{2}/.test(value) ? (Number.isNaN(Date.parse(value)) ? undefined : Date.parse(value)) : undefined

/** Orders values as the warehouses do: numbers (and numeric text) numerically, timestamps as instants, text as text; missing first. */
export const compare = (a: unknown, b: unknown): number => {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1
  if (b === undefined || b === null) return 1
  const sa = String(a)
  const sb = String(b)
  if (/^-?\d+(\.\d+)?$/.test(sa) && /^-?\d+(\.\d+)?$/.test(sb)) return Math.sign(Number(sa) - Number(sb))
  const ia = instant(sa)
  const ib = instant(sb)
  if (ia !== undefined && ib !== undefined) return Math.sign(ia - ib)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}
