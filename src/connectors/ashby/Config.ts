/**
 * Ashby's configuration: the API key (Basic auth, key as username, blank password), the base URL
 * (default `https://api.ashbyhq.com`, `base_url` in tests), extra headers, the webhook secret
 * (`Ashby-Signature`) and an optional rate limit. `fromAuth` reads the JSON auth payload of the
 * CLI / HTTP API.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

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
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The webhook's secret token, the key of `Ashby-Signature`. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** A proactive limit (none by default: the facts this connector follows document none). */
  readonly rate_limit?: RateLimit.Config
}

/** The auth payload as JSON: values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(ConnectorConfig.Secret),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders),
  webhook_secret: Schema.optional(ConnectorConfig.Secret)
})

/** Reads an auth payload (`{ api_key, base_url?, extra_headers?, webhook_secret? }`). */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key", "webhook_secret"]
})
