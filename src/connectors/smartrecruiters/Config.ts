/**
 * SmartRecruiters' configuration: the API key (sent as `X-SmartToken`), and the usual `base_url` /
 * `extra_headers`. `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`,
 * `origin_auth`) into it.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "smartrecruiters"

/** The human name. */
export const label = "SmartRecruiters"

/** SmartRecruiters' API. */
export const defaultBaseUrl = "https://api.smartrecruiters.com"

/** The header carrying the API key. */
export const tokenHeader = "X-SmartToken"

/**
 * A conservative proactive limit: SmartRecruiters answers 429 with `X-RateLimit-*` headers, and its
 * exact quota is not in our notes; retries honour its headers either way.
 */
export const defaultRateLimit: RateLimit.Config = { limit: 10, interval: "1 second" }

/** The auth payload's keys (each also read from `HRTECH_ETL_SMARTRECRUITERS_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret(`API key sent as ${tokenHeader}`, { required: true }),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

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

/** Reads an auth payload (`{ api_key, base_url?, extra_headers? }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
