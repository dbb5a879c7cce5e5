/**
 * Workable's configuration: the account token (Bearer), the account subdomain that names the API host
 * (`https://{subdomain}.workable.com/spi/v3`, or `base_url` for tests and proxies), extra headers, the
 * webhook signing secret, and the documented rate limit (10 requests per 10 seconds per token).
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`).
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
export const name = "workable"

/** The human name. */
export const label = "Workable"

/** The API base URL of an account. */
export const baseUrlFor = (subdomain: string): string => `https://${subdomain}.workable.com/spi/v3`

/** Workable's documented limit for an account token. */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "10 seconds" }

/** Environment variables of each auth key. */
export const env = {
  token: "HRTECH_ETL_WORKABLE_TOKEN",
  subdomain: "HRTECH_ETL_WORKABLE_SUBDOMAIN",
  base_url: "HRTECH_ETL_WORKABLE_BASE_URL",
  extra_headers: "HRTECH_ETL_WORKABLE_EXTRA_HEADERS",
  webhook_secret: "HRTECH_ETL_WORKABLE_WEBHOOK_SECRET"
} as const

/** A Workable configuration. */
export interface Config {
  /** The account access token (sent as `Authorization: Bearer`). */
  readonly token: Redacted.Redacted<string>
  /** The account subdomain (`acme` for `acme.workable.com`); required unless `base_url` is given. */
  readonly subdomain?: string
  /** Overrides the subdomain URL (tests, proxies). */
  readonly base_url?: string
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** The key Workable signs webhook deliveries with (`X-Workable-Signature`). */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides. */
  readonly retry?: Retry.Options
  /** Overrides the documented rate limit (an account with another quota, or tests). */
  readonly rate_limit?: RateLimit.Config
}

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

// A subdomain becomes part of a host name: anything else would send the token elsewhere.
const Subdomain = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, { message: () => "must be a Workable account subdomain such as acme" })
)

/** The auth payload as JSON: values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  token: Schema.optional(Schema.Redacted(Schema.String)),
  subdomain: Schema.optional(Subdomain),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers))),
  webhook_secret: Schema.optional(Schema.Redacted(Schema.String))
})

const secretFields: ReadonlyArray<string> = ["token", "webhook_secret"]

/** Reads an auth payload (`{ token, subdomain | base_url, extra_headers?, webhook_secret? }`). */
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
  if (payload.token === undefined || Redacted.value(payload.token).trim() === "") {
    return Either.left(new ConfigError({ connector: name, field: "token", reason: `missing: pass token in the auth payload or set ${env.token}` }))
  }
  const config: Config = {
    token: payload.token,
    ...(payload.subdomain !== undefined ? { subdomain: payload.subdomain } : {}),
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {}),
    ...(payload.webhook_secret !== undefined ? { webhook_secret: payload.webhook_secret } : {})
  }
  return Either.map(baseUrl(config), () => config)
}

/** The API base URL of a configuration: `base_url`, else the subdomain's URL. */
export const baseUrl = (config: Config): Either.Either<string, ConfigError> => {
  if (config.base_url !== undefined) return Either.right(config.base_url)
  if (config.subdomain !== undefined && Schema.is(Subdomain)(config.subdomain)) return Either.right(baseUrlFor(config.subdomain))
  return Either.left(
    new ConfigError({
      connector: name,
      field: "subdomain",
      reason: config.subdomain === undefined
        ? `missing: pass subdomain (or base_url) in the auth payload or set ${env.subdomain}`
        : "must be a Workable account subdomain such as acme"
    })
  )
}
