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

/** The human name. */
export const label = "HrFlow.ai"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.hrflow.ai/v1"

const NonEmpty = Schema.String.pipe(Schema.minLength(1))

/** The auth payload's keys (each also read from `HRTECH_ETL_HRFLOW_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret("API secret key, sent as X-API-KEY", { required: true }),
  user_email: ConnectorConfig.text("Account email, sent as X-USER-EMAIL", { required: true }),
  board_key: ConnectorConfig.key(NonEmpty, "Board holding the jobs (required for jobs)"),
  source_key: ConnectorConfig.key(NonEmpty, "Source holding the profiles (required for profiles)"),
  webhook_secret: ConnectorConfig.secret("Secret verifying HTTP-HRFLOW-SIGNATURE on webhooks"),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

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

/** Reads an auth payload (`{ api_key, user_email, board_key?, source_key?, ... }`); a bad key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth

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
