/**
 * Reading the human message (and offending field) out of a vendor's error body, whatever its shape:
 * `{message}`, `{error}`, `{error:{message}}`, `{errors:[{message|detail|title, field|source}]}`,
 * `{errors:["text"]}`, `{errors:[{<field>: "reason"}]}` (Greenhouse Harvest v3), OAuth2's `{error, error_description}`.
 */

/** Parses JSON text; `undefined` when it is empty or not JSON. */
export const parseJson = (text: string): unknown => {
  if (text.trim() === "") return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const nonEmpty = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined)

/** `{<field>: "reason"}`: one key naming the field, its value the reason. */
const keyedReason = (error: Record<string, unknown>): readonly [string, string] | undefined => {
  const entries = Object.entries(error)
  if (entries.length !== 1) return undefined
  const [key, value] = entries[0]!
  return notFieldKeys.has(key) || nonEmpty(value) === undefined ? undefined : [key, value as string]
}

/** Keys of error items that describe the error itself, never a field. */
const notFieldKeys: ReadonlySet<string> = new Set(["code", "type", "status", "id", "kind"])

const fromError = (error: unknown): string | undefined => {
  if (nonEmpty(error) !== undefined) return error as string
  if (!isRecord(error)) return undefined
  const keyed = keyedReason(error)
  return (
    nonEmpty(error.message) ??
    nonEmpty(error.detail) ??
    nonEmpty(error.title) ??
    nonEmpty(error.error) ??
    (keyed === undefined ? undefined : `${keyed[0]} ${keyed[1]}`)
  )
}

/** The vendor's message in a parsed body, or `undefined`. */
export const messageOf = (body: unknown): string | undefined => {
  if (!isRecord(body)) return undefined
  // `{message: "Validation error", errors: [{message: "can't be blank"}]}` (Greenhouse): keep both.
  const detail = nonEmpty(body.message) && Array.isArray(body.errors) ? fromError(body.errors[0]) : undefined
  const description = nonEmpty(body.error_description) ?? detail
  const base =
    nonEmpty(body.message) ??
    fromError(body.error) ??
    (Array.isArray(body.errors) ? fromError(body.errors[0]) : undefined) ??
    nonEmpty(body.detail) ??
    nonEmpty(body.title)
  if (base !== undefined && description !== undefined && base !== description) return `${base}: ${description}`
  return base ?? description
}

/** The offending field named in a parsed body (`errors[0].field`, JSON:API `source.pointer`), or `undefined`. */
export const fieldOf = (body: unknown): string | undefined => {
  if (!isRecord(body) || !Array.isArray(body.errors)) return undefined
  const first: unknown = body.errors[0]
  if (!isRecord(first)) return undefined
  const source = isRecord(first.source) ? first.source : {}
  const named = nonEmpty(first.field) ?? nonEmpty(source.parameter) ?? nonEmpty(source.pointer)
  if (named !== undefined || nonEmpty(first.message) !== undefined) return named
  return keyedReason(first)?.[0]
}

/** The message to show for an error response: the vendor's message, else the start of the raw body. */
export const extract = (body: unknown, text: string): string => {
  const found = messageOf(body)
  if (found !== undefined) return found
  const trimmed = text.trim()
  return trimmed === "" ? "(empty body)" : trimmed
}
