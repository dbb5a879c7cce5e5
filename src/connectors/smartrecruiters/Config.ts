/**
 * SmartRecruiters' configuration: the API key (sent as `X-SmartToken`), and the usual `base_url` /
 * `extra_headers`. `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`,
 * `origin_auth`) into it.
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
export const name = "smartrecruiters"

/** SmartRecruiters' API. */
export const defaultBaseUrl = "https://api.smartrecruiters.com"

/** The header carrying the API key. */
export const tokenHeader = "X-SmartToken"

/**
 * A conservative proactive limit: SmartRecruiters answers 429 with `X-RateLimit-*` headers, and its
 * exact quota is not in our notes; retries honour its headers either way.
 */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "1 second" }

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_SMARTRECRUITERS_API_KEY",
  base_url: "HRTECH_ETL_SMARTRECRUITERS_BASE_URL",
  extra_headers: "HRTECH_ETL_SMARTRECRUITERS_EXTRA_HEADERS"
} as const

/** A SmartRecruiters configuration. */
export interface Config {
  readonly api_key: Redacted.Redacted<string>
  readonly base_url?: string
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** Whether job reads fetch each job's details (`GET /jobs/{id}`, with its job ad); default true. */
  readonly jobDetails?: boolean
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides (attempts, waits). */
  readonly retry?: Retry.Options
  /** Overrides the proactive rate limit (default 10 requests per second). */
  readonly rateLimit?: RateLimit.Config
}

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

/** The auth payload as JSON; values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(Schema.Redacted(Schema.String)),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers)))
})

/** Reads an auth payload (`{ api_key, base_url?, extra_headers? }`); a bad key names itself. */
export const fromAuth = (auth: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> => {
  const decoded = Schema.decodeUnknownEither(AuthPayload, { errors: "first", onExcessProperty: "ignore" })(auth)
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    const field = issue ? pathToField(issue.path) : undefined
    // A failed Redacted decode could echo the value: only the field is named.
    return Either.left(
      new ConfigError({
        connector: name,
        ...(field ? { field } : {}),
        reason: field === "api_key" ? "must be a string" : (issue?.message ?? "invalid auth payload")
      })
    )
  }
  const payload = decoded.right
  if (payload.api_key === undefined || Redacted.value(payload.api_key).trim() === "") {
    return Either.left(
      new ConfigError({ connector: name, field: "api_key", reason: `missing: pass api_key in the auth payload or set ${env.api_key}` })
    )
  }
  return Either.right({
    api_key: payload.api_key,
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {})
  })
}
