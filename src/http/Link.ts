/**
 * The `Link` response header (RFC 8288, formerly RFC 5988), as Greenhouse uses for pagination:
 * `<https://…?page=2>; rel="next", <https://…?page=9>; rel="last"`.
 */
import * as Option from "effect/Option"

/** One link: its target and parameters; `rel` split into its lower-cased relation types. */
export interface Link {
  readonly url: string
  readonly rel: ReadonlyArray<string>
  readonly params: Readonly<Record<string, string>>
}

const isSpace = (c: string | undefined) => c === " " || c === "\t"

/**
 * Parses a Link header. Targets may contain commas and semicolons (they sit inside `<>`); parameter
 * values may be tokens or quoted strings with escapes. Malformed entries are skipped, not fatal.
 */
export const parse = (header: string): ReadonlyArray<Link> => {
  const links: Array<Link> = []
  let i = 0
  const n = header.length
  const skipSpace = () => {
    while (i < n && isSpace(header[i])) i++
  }
  // Skips to just past the next top-level comma (outside quotes), after a malformed entry.
  const skipEntry = () => {
    let quoted = false
    while (i < n) {
      const c = header[i]
      if (quoted) {
        if (c === "\\") i++
        else if (c === '"') quoted = false
      } else if (c === '"') quoted = true
      else if (c === ",") {
        i++
        return
      }
      i++
    }
  }
  while (i < n) {
    while (i < n && (isSpace(header[i]) || header[i] === ",")) i++
    if (i >= n) break
    if (header[i] !== "<") {
      skipEntry()
      continue
    }
    const close = header.indexOf(">", i + 1)
    if (close < 0) break
    const url = header.slice(i + 1, close).trim()
    i = close + 1
    const params: Record<string, string> = {}
    let malformed = false
    for (;;) {
      skipSpace()
      if (i >= n || header[i] === ",") break
      if (header[i] !== ";") {
        malformed = true
        break
      }
      i++
      skipSpace()
      const nameStart = i
      while (i < n && /[^\s=;,"]/.test(header[i]!)) i++
      const name = header.slice(nameStart, i).toLowerCase()
      skipSpace()
      let value = ""
      if (header[i] === "=") {
        i++
        skipSpace()
        if (header[i] === '"') {
          i++
          while (i < n && header[i] !== '"') {
            if (header[i] === "\\" && i + 1 < n) i++
            value += header[i]
            i++
          }
          i++
        } else {
          const valueStart = i
          while (i < n && /[^\s;,]/.test(header[i]!)) i++
          value = header.slice(valueStart, i)
        }
      }
      // The first occurrence of a parameter wins (RFC 8288 §3.3 for rel).
      if (name !== "" && !(name in params)) params[name] = value
    }
    if (malformed) {
      skipEntry()
      continue
    }
    const rel = (params.rel ?? "")
      .toLowerCase()
      .split(/\s+/)
      .filter((r) => r !== "")
    links.push({ url, rel, params })
  }
  return links
}

/** The target of the first link with relation `rel`, resolved against `base` when relative. */
export const find = (header: string | undefined, rel: string, base?: string): Option.Option<string> => {
  if (header === undefined) return Option.none()
  const wanted = rel.toLowerCase()
  const link = parse(header).find((l) => l.rel.includes(wanted))
  if (!link) return Option.none()
  try {
    return Option.some(base === undefined ? new URL(link.url).href : new URL(link.url, base).href)
  } catch {
    return Option.none()
  }
}

/** Formats links as a header value (the inverse of `parse`, used by fake servers). */
export const format = (links: ReadonlyArray<{ readonly url: string; readonly rel: string }>): string =>
  links.map((link) => `<${link.url}>; rel="${link.rel.replace(/["\\]/g, "\\$&")}"`).join(", ")
