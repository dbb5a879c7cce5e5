/**
 * Teamtailor's configuration: the API key (`Authorization: Token token=<key>`), the API version sent
 * as `X-Api-Version` (default `20240404`), the base URL (default `https://api.teamtailor.com/v1`,
 * overridden by `base_url` in tests), extra headers and an optional rate limit. `fromAuth` reads the
 * JSON auth payload of the CLI / HTTP API.
 */
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import { pathToField } from "../../core/Decode.js"
import type * as RateLimit from "../../http/RateLimit.js"
import type * as Retry from "../../http/Retry.js"

/** The connector's registry name. */
export const name = "teamtailor"

/** The human name. */
export const label = "Teamtailor"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.teamtailor.com/v1"

/** The API version used when none is configured. */
export const defaultApiVersion = "20240404"

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_TEAMTAILOR_API_KEY",
  api_version: "HRTECH_ETL_TEAMTAILOR_API_VERSION",
  base_url: "HRTECH_ETL_TEAMTAILOR_BASE_URL",
  extra_headers: "HRTECH_ETL_TEAMTAILOR_EXTRA_HEADERS"
} as const

/** A Teamtailor configuration. */
export interface Config {
  readonly api_key: Redacted.Redacted<string>
  /** `X-Api-Version` (default `20240404`). */
  readonly api_version?: string
  readonly base_url?: string
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides. */
  readonly retry?: Retry.Options
  /** A proactive limit (none by default: the facts this connector follows document none). */
  readonly rate_limit?: RateLimit.Config
}

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

/** The auth payload as JSON: values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(Schema.Redacted(Schema.String)),
  api_version: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d{8}$/, { message: () => "must be a date like 20240404" }))),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers)))
})

/** Reads an auth payload (`{ api_key, api_version?, base_url?, extra_headers? }`). */
export const fromAuth = (auth: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> => {
  const decoded = Schema.decodeUnknownEither(AuthPayload, { errors: "first", onExcessProperty: "ignore" })(auth)
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    const field = issue ? pathToField(issue.path) : undefined
    // A failed Redacted decode could echo the value: only the field is named.
    const reason = field === "api_key" ? "must be a string" : (issue?.message ?? "invalid auth payload")
    return Either.left(new ConfigError({ connector: name, ...(field ? { field } : {}), reason }))
  }
  const payload = decoded.right
  if (payload.api_key === undefined || Redacted.value(payload.api_key).trim() === "") {
    return Either.left(new ConfigError({ connector: name, field: "api_key", reason: `missing: pass api_key in the auth payload or set ${env.api_key}` }))
  }
  return Either.right({
    api_key: payload.api_key,
    ...(payload.api_version !== undefined ? { api_version: payload.api_version } : {}),
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {})
  })
}
