/**
 * HrFlow.ai's configuration: the API key and user email sent on every call (`X-API-KEY`,
 * `X-USER-EMAIL`), the board holding jobs and the source holding profiles. `fromAuth` reads the JSON
 * auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`) into it.
 */
import * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import type * as RateLimit from "../../http/RateLimit.js"

/** The connector's registry name. */
export const name = "hrflow"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.hrflow.ai/v1"

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_HRFLOW_API_KEY",
  user_email: "HRTECH_ETL_HRFLOW_USER_EMAIL",
  board_key: "HRTECH_ETL_HRFLOW_BOARD_KEY",
  source_key: "HRTECH_ETL_HRFLOW_SOURCE_KEY",
  webhook_secret: "HRTECH_ETL_HRFLOW_WEBHOOK_SECRET",
  base_url: "HRTECH_ETL_HRFLOW_BASE_URL",
  extra_headers: "HRTECH_ETL_HRFLOW_EXTRA_HEADERS"
} as const

/** An HrFlow.ai configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** The account email sent as `X-USER-EMAIL`. */
  readonly user_email: string
  /** The board jobs are read from and written to. */
  readonly board_key?: string
  /** The source profiles are read from and written to. */
  readonly source_key?: string
  /** The secret HrFlow signs webhook deliveries with. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** A proactive request limit; HrFlow documents none, so by default only 429s slow the client down. */
  readonly rate_limit?: RateLimit.Config
}

const NonEmpty = Schema.String.pipe(Schema.minLength(1))

/** The auth payload as JSON: values may come from environment variables, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  api_key: Schema.optional(ConnectorConfig.Secret),
  user_email: Schema.optional(Schema.String),
  board_key: Schema.optional(NonEmpty),
  source_key: Schema.optional(NonEmpty),
  webhook_secret: Schema.optional(ConnectorConfig.Secret),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ api_key, user_email, board_key?, source_key?, ... }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key", "user_email"],
  env,
  secrets: ["api_key", "webhook_secret"]
})

/** The container key of a resource (`board_key` for jobs, `source_key` for profiles), or a ConfigError. */
export const containerKey = (config: Config, resource: "job" | "profile"): Either.Either<string, ConfigError> => {
  const value = resource === "job" ? config.board_key : config.source_key
  if (value !== undefined) return Either.right(value)
  const field = resource === "job" ? "board_key" : "source_key"
  return Either.left(
    new ConfigError({
      connector: name,
      field,
      reason: `missing: HrFlow.ai keeps ${resource}s in a ${resource === "job" ? "board" : "source"}; pass ${field} in the auth payload or set ${env[field]}`
    })
  )
}
