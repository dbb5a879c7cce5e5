/**
 * Greenhouse Harvest's configuration: the API token (Basic auth, blank password), the user writes are
 * made on behalf of (`On-Behalf-Of`), and the job new candidates apply to when a record names none.
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`).
 */
import * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "greenhouse"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://harvest.greenhouse.io/v1"

/** Harvest's documented limit is per 10 seconds, announced in `X-RateLimit-Limit` [K: usually 50]. */
export const defaultRateLimit: RateLimit.Config = { limit: 50, interval: "10 seconds" }

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_GREENHOUSE_API_KEY",
  on_behalf_of: "HRTECH_ETL_GREENHOUSE_ON_BEHALF_OF",
  job_id: "HRTECH_ETL_GREENHOUSE_JOB_ID",
  webhook_secret: "HRTECH_ETL_GREENHOUSE_WEBHOOK_SECRET",
  base_url: "HRTECH_ETL_GREENHOUSE_BASE_URL",
  extra_headers: "HRTECH_ETL_GREENHOUSE_EXTRA_HEADERS"
} as const

/** A Greenhouse Harvest configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The Greenhouse user id writes are made on behalf of (required to write). */
  readonly on_behalf_of?: string
  /** The job a new candidate applies to when the record names no application. */
  readonly job_id?: number
  /** The secret Greenhouse signs webhook deliveries with. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** The proactive request limit (default 50 per 10 s). */
  readonly rate_limit?: RateLimit.Config
}

const Id = Schema.Union(Schema.Int, Schema.NumberFromString.pipe(Schema.int())).pipe(Schema.positive())

/** The auth payload as JSON: values may come from environment variables, so numbers may be text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  api_key: Schema.optional(ConnectorConfig.Secret),
  on_behalf_of: Schema.optional(Schema.Union(Schema.String.pipe(Schema.pattern(/^\d+$/)), Schema.Int.pipe(Schema.positive()))),
  job_id: Schema.optional(Id),
  webhook_secret: Schema.optional(ConnectorConfig.Secret),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

const notAnId = "must be a Greenhouse id (a positive integer)"

const decodeAuth = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key", "webhook_secret"],
  reasons: { on_behalf_of: notAnId, job_id: notAnId }
})

/** Reads an auth payload (`{ api_key, on_behalf_of?, job_id?, ... }`); a bad key names itself. */
export const fromAuth = (auth: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> =>
  Either.map(decodeAuth(auth), (payload): Config => {
    const { on_behalf_of, ...rest } = payload
    // A user id given as a number is kept as text, the form of the `On-Behalf-Of` header.
    return on_behalf_of === undefined ? rest : { ...payload, on_behalf_of: String(on_behalf_of) }
  })

/** The `On-Behalf-Of` user, or the ConfigError a write without one gets. */
export const onBehalfOf = (config: Config): Either.Either<string, ConfigError> =>
  config.on_behalf_of !== undefined
    ? Either.right(config.on_behalf_of)
    : Either.left(
        new ConfigError({
          connector: name,
          field: "on_behalf_of",
          reason: `missing: Greenhouse writes need the id of the user they are made on behalf of; pass on_behalf_of in the auth payload or set ${env.on_behalf_of}`
        })
      )
