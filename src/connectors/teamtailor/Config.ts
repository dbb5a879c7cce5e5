/**
 * Teamtailor's configuration: the API key (`Authorization: Token token=<key>`), the API version sent
 * as `X-Api-Version` (default `20240404`), the base URL (default `https://api.teamtailor.com/v1`,
 * overridden by `base_url` in tests), extra headers and an optional rate limit. `fromAuth` reads the
 * JSON auth payload of the CLI / HTTP API.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

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
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** `X-Api-Version` (default `20240404`). */
  readonly api_version?: string
  /** A proactive limit (none by default: the facts this connector follows document none). */
  readonly rate_limit?: RateLimit.Config
}

/** The auth payload as JSON: values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(ConnectorConfig.Secret),
  api_version: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d{8}$/, { message: () => "must be a date like 20240404" }))),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ api_key, api_version?, base_url?, extra_headers? }`). */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key"]
})
