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

/** The human name. */
export const label = "Lever"

/** Lever's API (v1). */
export const defaultBaseUrl = "https://api.lever.co/v1"

/** Lever answers 429 above about 10 requests per second. */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "1 second" }

/** The auth payload's keys (each also read from `HRTECH_ETL_LEVER_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret("Lever API key (HTTP Basic username, blank password)", { required: true }),
  perform_as: ConnectorConfig.key(Schema.String.pipe(Schema.minLength(1)), "Lever user id that writes are made on behalf of (required to write)"),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Lever configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The Lever user id writes are made on behalf of (`?perform_as=`); required to write. */
  readonly perform_as?: string
  /** Overrides the proactive rate limit (default 10 requests per second). */
  readonly rateLimit?: RateLimit.Config
}

/** Reads an auth payload (`{ api_key, perform_as?, base_url?, extra_headers? }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
