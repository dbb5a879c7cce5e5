/**
 * Lever's configuration: the API key (HTTP Basic username, blank password), the Lever user that
 * writes act as (`perform_as`), and the usual `base_url` / `extra_headers`. `fromAuth` reads the JSON
 * auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`) into it.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "lever"

/** Lever's API (v1). */
export const defaultBaseUrl = "https://api.lever.co/v1"

/** Lever answers 429 above about 10 requests per second. */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "1 second" }

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_LEVER_API_KEY",
  perform_as: "HRTECH_ETL_LEVER_PERFORM_AS",
  base_url: "HRTECH_ETL_LEVER_BASE_URL",
  extra_headers: "HRTECH_ETL_LEVER_EXTRA_HEADERS"
} as const

/** A Lever configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The Lever user id writes are made on behalf of (`?perform_as=`); required to write. */
  readonly perform_as?: string
  /** Overrides the proactive rate limit (default 10 requests per second). */
  readonly rateLimit?: RateLimit.Config
}

/** The auth payload as JSON; values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(ConnectorConfig.Secret),
  perform_as: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ api_key, perform_as?, base_url?, extra_headers? }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key"]
})
