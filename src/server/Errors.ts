/**
 * The HTTP API's error responses: one body shape, `{ error: { code, message, field? } }`, under the
 * status that fits the cause (400 bad input, 401 token, 404 unknown name, 413 body too large,
 * 422 unsupported operation, 502/503 upstream or state failures). Domain errors from the core, the
 * connectors and the app layer are mapped here; messages are scrubbed of the caller's secrets and
 * never carry a stack trace.
 */
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as ConnectorError from "../core/ConnectorError.js"
import { alternativesAt, pathToField, show } from "../core/Decode.js"
import * as ErrorClass from "../core/ErrorClass.js"
import * as Scrub from "../core/Scrub.js"
import * as Uri from "../core/Uri.js"

/** The body of every error response. */
export const ErrorBody = Schema.Struct({
  code: Schema.String,
  message: Schema.String,
  field: Schema.optional(Schema.String),
  /** For a run that stopped part-way: the checkpoint reached. */
  cursor: Schema.optional(Schema.Unknown),
  /** For a run that stopped part-way: the counters so far. */
  stats: Schema.optional(Schema.Unknown)
}).annotations({ identifier: "ErrorBody" })
/** @see ErrorBody */
export type ErrorBody = typeof ErrorBody.Type

/**
 * Builds the wire schema of an error class: encoded as `{ error }` (no tag on the wire), checked by
 * class on the way out so each error gets its own status.
 */
const wire = <A extends { readonly error: ErrorBody }, I>(
  cls: Schema.Schema<A, I, never> & (new (props: { readonly error: ErrorBody }) => A),
  status: number,
  identifier: string,
  description: string
) =>
  Schema.transform(Schema.Struct({ error: ErrorBody }), Schema.typeSchema(cls), {
    strict: true,
    decode: (body) => new cls({ error: body.error }),
    encode: (error) => ({ error: error.error })
  }).annotations(HttpApiSchema.annotations({ status, description, identifier }))

/** 400: the request does not decode or does not fit the connectors' schemas. */
export class BadRequest extends Schema.TaggedError<BadRequest>("hrtech-etl/server/BadRequest")("BadRequest", { error: ErrorBody }) {}
/** 401: the bearer token is missing or wrong. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("hrtech-etl/server/Unauthorized")("Unauthorized", { error: ErrorBody }) {}
/** 404: unknown connector, formatter, run or route. */
export class NotFound extends Schema.TaggedError<NotFound>("hrtech-etl/server/NotFound")("NotFound", { error: ErrorBody }) {}
/** 413: the request body is larger than the server accepts. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>("hrtech-etl/server/PayloadTooLarge")("PayloadTooLarge", { error: ErrorBody }) {}
/** 422: valid input that the connector cannot act on (e.g. writing to a read-only system). */
export class Unprocessable extends Schema.TaggedError<Unprocessable>("hrtech-etl/server/Unprocessable")("Unprocessable", { error: ErrorBody }) {}
/** 502: the origin or target system failed (auth rejected, transport, invalid data). */
export class BadGateway extends Schema.TaggedError<BadGateway>("hrtech-etl/server/BadGateway")("BadGateway", { error: ErrorBody }) {}
/** 503: rate limited upstream, or the state store is unavailable. */
export class Unavailable extends Schema.TaggedError<Unavailable>("hrtech-etl/server/Unavailable")("Unavailable", { error: ErrorBody }) {}
/** 500: an unexpected failure (details are never sent). */
export class InternalError extends Schema.TaggedError<InternalError>("hrtech-etl/server/InternalError")("InternalError", { error: ErrorBody }) {}

/** The wire schemas of the error classes (for endpoint declarations), each with its status. */
export const Wire = {
  BadRequest: wire(BadRequest, 400, "BadRequest", "Invalid input; `field` names the offending key (e.g. `where[0].op`)"),
  Unauthorized: wire(Unauthorized, 401, "Unauthorized", "Missing or wrong bearer token"),
  NotFound: wire(NotFound, 404, "NotFound", "Unknown connector, formatter, run or route"),
  PayloadTooLarge: wire(PayloadTooLarge, 413, "PayloadTooLarge", "Request body too large"),
  Unprocessable: wire(Unprocessable, 422, "Unprocessable", "The connector does not support the operation"),
  BadGateway: wire(BadGateway, 502, "BadGateway", "An origin or target system failed"),
  Unavailable: wire(Unavailable, 503, "Unavailable", "Rate limited upstream, or the state store is unavailable"),
  InternalError: wire(InternalError, 500, "InternalError", "Unexpected server failure (details are never sent)")
}

/** Every error response class, for endpoint declarations. */
export type ApiError = BadRequest | Unauthorized | NotFound | PayloadTooLarge | Unprocessable | BadGateway | Unavailable | InternalError

const byStatus = {
  400: BadRequest,
  401: Unauthorized,
  404: NotFound,
  413: PayloadTooLarge,
  422: Unprocessable,
  502: BadGateway,
  503: Unavailable,
  500: InternalError
} as const

/** The HTTP statuses an error response can have. */
export type Status = keyof typeof byStatus

/** Builds an error response value of a status. */
export const make = (status: Status, body: ErrorBody): ApiError => new byStatus[status]({ error: body })

/** The status of an error response value. */
export const statusOf = (error: ApiError): Status => {
  for (const [status, cls] of Object.entries(byStatus)) if (error instanceof cls) return Number(status) as Status
  return 500
}

/** An error response outside the HttpApi (router, guard): same body shape. */
export const response = (status: number, body: ErrorBody, headers?: Record<string, string>) =>
  HttpServerResponse.unsafeJson({ error: body }, { status, ...(headers ? { headers } : {}) })

/** What the mapping needs to know about the request that failed. */
export interface Context {
  /** The origin and target as the caller named them. */
  readonly origin?: string
  readonly target?: string
  /** Secrets to remove from every message (auth values of the request). */
  readonly secrets?: ReadonlyArray<string>
  /** Internal forms of names to show as the caller gave them (rewritten data-dir URIs). */
  readonly replacements?: ReadonlyArray<readonly [internal: string, shown: string]>
}

/** Removes secrets and internal paths from a text. */
export const clean = (text: string, context: Context = {}): string => {
  let out = text
  for (const [internal, shown] of context.replacements ?? []) if (internal !== "") out = out.split(internal).join(shown)
  return Scrub.message(out, context.secrets ?? [])
}

/** Removes secrets and internal paths from every string in a JSON value. */
export const cleanDeep = <A>(value: A, context: Context = {}): A => {
  if ((context.secrets ?? []).length === 0 && (context.replacements ?? []).length === 0) return value
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return clean(v, context)
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) out[k] = walk(x)
      return out
    }
    return v
  }
  return walk(value) as A
}

/** The string values of an auth payload (nested ones included): everything a response must not echo. */
export const secretsOf = (...payloads: ReadonlyArray<unknown>): ReadonlyArray<string> => {
  const out = new Set<string>()
  const walk = (v: unknown, depth: number) => {
    if (depth > 4) return
    if (typeof v === "string") {
      // Very short values (flags, versions) would scrub ordinary words from every message.
      if (v.length >= 4) out.add(v)
    } else if (typeof v === "number" && String(v).length >= 6) out.add(String(v))
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1)
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) walk(x, depth + 1)
  }
  for (const p of payloads) walk(p, 0)
  return [...out]
}

/** The HTTP status of each kind of failure (`ErrorClass`). */
export const statusOfCategory: Readonly<Record<ErrorClass.Category, Status>> = {
  input: 400,
  not_found: 404,
  unsupported: 422,
  // A clash with what exists (a sync's name) is answered as bad input, as the API documents it.
  conflict: 400,
  unauthorized: 401,
  upstream: 502,
  unavailable: 503,
  internal: 500
}

/** What an error of the core, a connector or the app layer may carry besides its category. */
interface Tagged {
  readonly code?: string
  readonly message?: string
  readonly field?: string
  readonly connector?: string
  readonly errorCode?: string
  readonly cursor?: unknown
  readonly stats?: unknown
}

/** Which side of the run a connector error comes from, as a request key. */
const sideOf = (connector: string | undefined, context: Context): "origin" | "target" | undefined => {
  if (connector === undefined) return undefined
  const named = (value: string | undefined) =>
    // A database connector is named by its URI without the password.
    value !== undefined && (value === connector || clean(connector, context) === value || Uri.display(value) === connector)
  if (named(context.origin)) return "origin"
  if (named(context.target)) return "target"
  return undefined
}

/** The request key an error is about: its own field, or the side (and its auth) a connector error came from. */
const fieldOf = (error: Tagged, category: ErrorClass.Category, context: Context): string | undefined => {
  const side = sideOf(error.connector, context)
  if (error instanceof ConnectorError.ConfigError) {
    return side === undefined ? error.field : error.field === "uri" || error.field === undefined ? side : `${side}_auth.${error.field}`
  }
  if (category === "upstream") return error instanceof ConnectorError.AuthError && side ? `${side}_auth` : side
  return error.field
}

/** Maps a failure of the core, a connector or the app layer to an error response, by its category. */
export const fromDomain = (error: unknown, context: Context = {}): ApiError => {
  const category = ErrorClass.categoryOf(error)
  if (category === "internal") return make(500, { code: "internal_error", message: "internal error" })
  const e = error as Tagged
  const message = clean(typeof e.message === "string" ? e.message : String(error), context)
  const field = fieldOf(e, category, context)
  const code = e.errorCode ?? e.code ?? category
  return make(statusOfCategory[category], {
    code,
    message,
    ...(field !== undefined ? { field } : {}),
    // A run that stopped part-way: the checkpoint reached and the counters so far.
    ...(e.cursor !== undefined ? { cursor: cleanDeep(e.cursor, context) } : {}),
    ...(e.stats !== undefined ? { stats: cleanDeep(e.stats, context) } : {})
  })
}

/** A 400 naming the first offending field of flattened decode issues; `reason` overrides their message. */
export const fromParseIssues = (
  issues: ReadonlyArray<{ readonly _tag: string; readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>,
  context: Context = {},
  reason?: string
): BadRequest => {
  const first = issues[0]
  if (!first) return new BadRequest({ error: { code: "invalid_input", message: "invalid request" } })
  const field = pathToField(first.path)
  // Never echo what was sent under an auth key: the message of a wrong value repeats the value.
  const sensitive = field !== undefined && /(^|\.)(origin|target)_auth/.test(field)
  const said = first._tag === "Unexpected" ? "unknown field" : sensitive ? "expected a JSON object of auth keys" : (reason ?? first.message)
  const message = clean(field ? `${field}: ${said}` : said, context)
  return new BadRequest({ error: field ? { code: "invalid_input", message, field } : { code: "invalid_input", message } })
}

/** Turns a request-decoding failure (path, query or body) into a 400 naming the first offending field. */
export const fromParseError = (error: ParseResult.ParseError, context: Context = {}): BadRequest => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  // A value that matches none of a field's literals: `expected one of "eq", "gt"; got "zz"`.
  const union = issues[0]?._tag === "Type" ? alternativesAt(error, issues[0].path) : undefined
  const literals = union !== undefined && union.expected.length > 1 && union.expected.every(isLiteral)
  return fromParseIssues(issues, context, literals ? `expected one of ${union.expected.join(", ")}; got ${show(union.actual)}` : undefined)
}

/** Whether Effect shows a type as a literal (`"eq"`, `42`, `true`, `null`). */
const isLiteral = (shown: string): boolean => shown.startsWith('"') || shown === "true" || shown === "false" || shown === "null" || !Number.isNaN(Number(shown))
