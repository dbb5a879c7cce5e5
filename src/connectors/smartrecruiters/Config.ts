/**
 * SmartRecruiters' configuration: the API key (sent as `X-SmartToken`), and the usual `base_url` /
 * `extra_headers`. `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`,
 * `origin_auth`) into it.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

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
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** Whether job reads fetch each job's details (`GET /jobs/{id}`, with its job ad); default true. */
  readonly jobDetails?: boolean
  /** Whether candidate reads fetch each candidate's details (`GET /candidates/{id}`: phone, web, education, experience); default true. */
  readonly candidateDetails?: boolean
  /** Overrides the proactive rate limit (default 10 requests per second). */
  readonly rateLimit?: RateLimit.Config
}

/** The auth payload as JSON; values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  api_key: Schema.optional(ConnectorConfig.Secret),
  base_url: Schema.optional(Schema.String),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ api_key, base_url?, extra_headers? }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key"]
})
