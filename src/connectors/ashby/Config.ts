/**
 * Ashby's configuration: the API key (Basic auth, key as username, blank password), the base URL
 * (default `https://api.ashbyhq.com`, `base_url` in tests), extra headers, the webhook secret
 * (`Ashby-Signature`) and an optional rate limit. `fromAuth` reads the JSON auth payload of the
 * CLI / HTTP API.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "ashby"

/** The human name. */
export const label = "Ashby"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.ashbyhq.com"

/** The auth payload's keys (each also read from `HRTECH_ETL_ASHBY_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret("API key (Basic auth username, blank password)", { required: true }),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl }),
  webhook_secret: ConnectorConfig.secret("Secret token of Ashby-Signature on webhook deliveries")
})

/** Environment variables of each auth key. */
export const env = auth.env

/** An Ashby configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The webhook's secret token, the key of `Ashby-Signature`. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** A proactive limit (none by default: the facts this connector follows document none). */
  readonly rate_limit?: RateLimit.Config
}

/** Reads an auth payload (`{ api_key, base_url?, extra_headers?, webhook_secret? }`). */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
