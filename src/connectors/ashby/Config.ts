/**
 * Ashby's configuration: the API key (Basic auth, key as username, blank password), the base URL
 * (default `https://api.ashbyhq.com`, `base_url` in tests), extra headers, the webhook secret
 * (`Ashby-Signature`) and an optional rate limit. `fromAuth` reads the JSON auth payload of the
 * CLI / HTTP API.
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
export const name = "ashby"

/** The human name. */
export const label = "Ashby"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.ashbyhq.com"

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_ASHBY_API_KEY",
  base_url: "HRTECH_ETL_ASHBY_BASE_URL",
  extra_headers: "HRTECH_ETL_ASHBY_EXTRA_HEADERS",
  webhook_secret: "HRTECH_ETL_ASHBY_WEBHOOK_SECRET"
} as const

/** An Ashby configuration. */
export interface Config {
  readonly api_key: Redacted.Redacted<string>
  readonly base_url?: string
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** The webhook's secret token, the key of `Ashby-Signature`. */
  readonly webhook_secret?: Redacted.Redacted<string>
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
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers))),
  webhook_secret: Schema.optional(Schema.Redacted(Schema.String))
})

const secretFields: ReadonlyArray<string> = ["api_key", "webhook_secret"]

/** Reads an auth payload (`{ api_key, base_url?, extra_headers?, webhook_secret? }`). */
export const fromAuth = (auth: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> => {
  const decoded = Schema.decodeUnknownEither(AuthPayload, { errors: "first", onExcessProperty: "ignore" })(auth)
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    const field = issue ? pathToField(issue.path) : undefined
    // A failed Redacted decode could echo the value: only the field is named.
    const reason = field !== undefined && secretFields.includes(field) ? "must be a string" : (issue?.message ?? "invalid auth payload")
    return Either.left(new ConfigError({ connector: name, ...(field ? { field } : {}), reason }))
  }
  const payload = decoded.right
  if (payload.api_key === undefined || Redacted.value(payload.api_key).trim() === "") {
    return Either.left(new ConfigError({ connector: name, field: "api_key", reason: `missing: pass api_key in the auth payload or set ${env.api_key}` }))
  }
  return Either.right({
    api_key: payload.api_key,
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {}),
    ...(payload.webhook_secret !== undefined ? { webhook_secret: payload.webhook_secret } : {})
  })
}
