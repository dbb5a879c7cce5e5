/**
 * Greenhouse Harvest v3's configuration: OAuth 2.0 client credentials (`client_id`, `client_secret`)
 * and the Greenhouse user the token acts as (`user_id`, sent as the token request's `sub`; writes are
 * attributed to that user), the token and API URLs, the job new candidates apply to when a record
 * names none, and the webhook secret. `fromAuth` reads the JSON auth payload of the CLI / HTTP API
 * (`--origin-auth`, `origin_auth`).
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "greenhouse"

/** The human name. */
export const label = "Greenhouse"

/** The URL used when none is configured (Harvest v3; v1 and v2 were removed on 2026-08-31). */
export const defaultBaseUrl = "https://harvest.greenhouse.io/v3"

/** The OAuth 2.0 token endpoint used when none is configured. */
export const defaultTokenUrl = "https://auth.greenhouse.io/token"

/**
 * Harvest's limit is per rolling 10-second window, announced in `X-RateLimit-Limit` [U: the value per
 * account; 50 was v1's]. The limiter stays under it; a 429 with `Retry-After` is honoured anyway.
 */
export const defaultRateLimit: RateLimit.Config = { limit: 50, interval: "10 seconds" }

const Id = Schema.Union(Schema.Int, Schema.NumberFromString.pipe(Schema.int())).pipe(Schema.positive())

/** A Greenhouse user id: digits, given as text or as a number (env values are text). */
const UserId = Schema.Union(
  Schema.String.pipe(Schema.pattern(/^\d+$/)),
  Schema.Int.pipe(Schema.positive(), Schema.transform(Schema.String, { strict: true, decode: String, encode: Number }))
)

const notAnId = "must be a Greenhouse id (a positive integer)"

/** The auth payload's keys (each also read from `HRTECH_ETL_GREENHOUSE_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  client_id: ConnectorConfig.text("Harvest v3 OAuth client ID (Dev Center → API Credentials)", { required: true }),
  client_secret: ConnectorConfig.secret("Harvest v3 OAuth client secret", { required: true }),
  user_id: ConnectorConfig.key(UserId, "Greenhouse user id the token acts as (the token request's sub); writes are attributed to this user", {
    required: true,
    reason: notAnId
  }),
  token_url: ConnectorConfig.text(`OAuth token endpoint (default ${defaultTokenUrl})`, { default: defaultTokenUrl }),
  job_id: ConnectorConfig.key(Id, "Job new candidates apply to when a record names none", { reason: notAnId }),
  webhook_secret: ConnectorConfig.secret("Secret key verifying the Signature header of webhooks"),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Greenhouse Harvest v3 configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly client_id: string
  readonly client_secret: Redacted.Redacted<string>
  /** The Greenhouse user id the token acts as (`sub`). */
  readonly user_id: string
  /** The token endpoint (default `https://auth.greenhouse.io/token`). */
  readonly token_url?: string
  /** The job a new candidate applies to when the record names no application. */
  readonly job_id?: number
  /** The secret Greenhouse signs webhook deliveries with. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** The proactive request limit (default 50 per 10 s). */
  readonly rate_limit?: RateLimit.Config
}

/** Reads an auth payload (`{ client_id, client_secret, user_id, ... }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
