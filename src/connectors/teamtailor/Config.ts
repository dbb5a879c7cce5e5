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

/** The auth payload's keys (each also read from `HRTECH_ETL_TEAMTAILOR_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret("API key (Authorization: Token token=<key>)", { required: true }),
  api_version: ConnectorConfig.key(
    Schema.String.pipe(Schema.pattern(/^\d{8}$/, { message: () => "must be a date like 20240404" })),
    `X-Api-Version (default ${defaultApiVersion})`
  ),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Teamtailor configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** `X-Api-Version` (default `20240404`). */
  readonly api_version?: string
  /** A proactive limit (none by default: the facts this connector follows document none). */
  readonly rate_limit?: RateLimit.Config
}

/** Reads an auth payload (`{ api_key, api_version?, base_url?, extra_headers? }`). */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
