/**
 * Dotted-path access into JSON-form records (`location.city`, `skills.name` across arrays).
 */

/** Segments that would reach an object's prototype: never read or written through a path. */
export const forbidden: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

/** Whether a dotted path stays on a record's own data (no prototype segments). */
export const isSafe = (path: string): boolean => path.split(".").every((segment) => !forbidden.has(segment))

/** Splits a dotted path once, so hot loops reuse the segments. */
export const split = (path: string): ReadonlyArray<string> => path.split(".")

/**
 * Reads a value at a path. When an array is met before the last segment, the rest of the path is read
 * from each element and the results are flattened into one array.
 */
export const get = (record: unknown, segments: ReadonlyArray<string>, from = 0): unknown => {
  let current: unknown = record
  for (let i = from; i < segments.length; i++) {
    if (current === null || current === undefined) return undefined
    if (Array.isArray(current)) {
      const out: Array<unknown> = []
      for (const element of current) {
        const value = get(element, segments, i)
        if (value === undefined) continue
        if (Array.isArray(value)) out.push(...value)
        else out.push(value)
      }
      return out
    }
    if (typeof current !== "object") return undefined
    const key = segments[i]!
    if (forbidden.has(key) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** Writes a value at a path, creating intermediate objects. */
export const set = (target: Record<string, unknown>, segments: ReadonlyArray<string>, value: unknown): void => {
  if (segments.some((segment) => forbidden.has(segment))) return
  let current = target
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!
    const next = current[key]
    if (next === null || typeof next !== "object" || Array.isArray(next)) {
      const created: Record<string, unknown> = {}
      current[key] = created
      current = created
    } else {
      current = next as Record<string, unknown>
    }
  }
  current[segments[segments.length - 1]!] = value
}

/** A reader of one path, compiled once: a plain property read for a one-segment path (hot in mappings). */
export const reader = (path: string): ((record: unknown) => unknown) => {
  const segments = split(path)
  if (segments.length > 1 || forbidden.has(path)) return (record) => get(record, segments)
  return (record) =>
    record === null || typeof record !== "object"
      ? undefined
      : Array.isArray(record)
        ? get(record, segments)
        : Object.prototype.hasOwnProperty.call(record, path)
          ? (record as Record<string, unknown>)[path]
          : undefined
}

/** A writer of one path, compiled once (see `reader`). */
export const writer = (path: string): ((target: Record<string, unknown>, value: unknown) => void) => {
  const segments = split(path)
  if (segments.length > 1 || forbidden.has(path)) return (target, value) => set(target, segments, value)
  return (target, value) => {
    target[path] = value
  }
}
