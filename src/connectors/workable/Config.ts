/**
 * Workable's configuration: the account token (Bearer), the account subdomain that names the API host
 * (`https://{subdomain}.workable.com/spi/v3`, or `base_url` for tests and proxies), extra headers, the
 * webhook signing secret, and the documented rate limit (10 requests per 10 seconds per token).
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`).
 */
import * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "workable"

/** The human name. */
export const label = "Workable"

/** The API base URL of an account. */
export const baseUrlFor = (subdomain: string): string => `https://${subdomain}.workable.com/spi/v3`

/** Workable's documented limit for an account token. */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "10 seconds" }

// A subdomain becomes part of a host name: anything else would send the token elsewhere.
const Subdomain = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, { message: () => "must be a Workable account subdomain such as acme" })
)

/** The auth payload's keys (each also read from `HRTECH_ETL_WORKABLE_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  token: ConnectorConfig.secret("Account access token (Bearer)", { required: true }),
  subdomain: ConnectorConfig.key(Subdomain, "Account subdomain (acme for acme.workable.com); required unless base_url is set"),
  ...ConnectorConfig.commonKeys({ description: "Overrides https://{subdomain}.workable.com/spi/v3" }),
  webhook_secret: ConnectorConfig.secret("Key of X-Workable-Signature on webhook deliveries")
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Workable configuration. */
export interface Config extends ConnectorConfig.Common {
  /** The account access token (sent as `Authorization: Bearer`). */
  readonly token: Redacted.Redacted<string>
  /** The account subdomain (`acme` for `acme.workable.com`); required unless `base_url` is given. */
  readonly subdomain?: string
  /** The key Workable signs webhook deliveries with (`X-Workable-Signature`). */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** Overrides the documented rate limit (an account with another quota, or tests). */
  readonly rate_limit?: RateLimit.Config
}

/** Reads an auth payload (`{ token, subdomain | base_url, extra_headers?, webhook_secret? }`). */
export const fromAuth = (input: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> =>
  Either.flatMap(auth.fromAuth(input), (config: Config) => Either.map(baseUrl(config), () => config))

/** The API base URL of a configuration: `base_url`, else the subdomain's URL. */
export const baseUrl = (config: Config): Either.Either<string, ConfigError> => {
  if (config.base_url !== undefined) return Either.right(config.base_url)
  if (config.subdomain !== undefined && Schema.is(Subdomain)(config.subdomain)) return Either.right(baseUrlFor(config.subdomain))
  return Either.left(
    new ConfigError({
      connector: name,
      field: "subdomain",
      reason:
        config.subdomain === undefined
          ? `missing: pass subdomain (or base_url) in the auth payload or set ${env.subdomain}`
          : "must be a Workable account subdomain such as acme"
    })
  )
}
