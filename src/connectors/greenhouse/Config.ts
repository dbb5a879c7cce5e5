/**
 * Greenhouse Harvest's configuration: the API token (Basic auth, blank password), the user writes are
 * made on behalf of (`On-Behalf-Of`), and the job new candidates apply to when a record names none.
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`).
 */
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import { pathToField } from "../../core/Decode.js"
import type * as RateLimit from "../../http/RateLimit.js"
import type * as Retry from "../../http/Retry.js"

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
export interface Config {
  readonly base_url?: string
  readonly api_key: Redacted.Redacted<string>
  /** The Greenhouse user id writes are made on behalf of (required to write). */
  readonly on_behalf_of?: string
  /** The job a new candidate applies to when the record names no application. */
  readonly job_id?: number
  /** The secret Greenhouse signs webhook deliveries with. */
  readonly webhook_secret?: Redacted.Redacted<string>
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides (attempts, waits). */
  readonly retry?: Retry.Options
  /** The proactive request limit (default 50 per 10 s). */
  readonly rate_limit?: RateLimit.Config
}

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })
const Id = Schema.Union(Schema.Int, Schema.NumberFromString.pipe(Schema.int())).pipe(Schema.positive())

/** The auth payload as JSON: values may come from environment variables, so numbers may be text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  api_key: Schema.optional(Schema.Redacted(Schema.String)),
  on_behalf_of: Schema.optional(Schema.Union(Schema.String.pipe(Schema.pattern(/^\d+$/)), Schema.Int.pipe(Schema.positive()))),
  job_id: Schema.optional(Id),
  webhook_secret: Schema.optional(Schema.Redacted(Schema.String)),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers)))
})

const secretFields: ReadonlyArray<string> = ["api_key", "webhook_secret"]

/** Reads an auth payload (`{ api_key, on_behalf_of?, job_id?, ... }`); a bad key names itself. */
export const fromAuth = (auth: Readonly<Record<string, unknown>>): Either.Either<Config, ConfigError> => {
  const decoded = Schema.decodeUnknownEither(AuthPayload, { errors: "first", onExcessProperty: "ignore" })(auth)
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    const field = issue ? pathToField(issue.path) : undefined
    // The message of a failed Redacted decode could echo the value; only the field is named.
    return Either.left(
      new ConfigError({
        connector: name,
        ...(field ? { field } : {}),
        reason:
          field !== undefined && secretFields.includes(field)
            ? "must be a string"
            : field === "on_behalf_of" || field === "job_id"
              ? "must be a Greenhouse id (a positive integer)"
              : (issue?.message ?? "invalid auth payload")
      })
    )
  }
  const p = decoded.right
  if (p.api_key === undefined || Redacted.value(p.api_key).trim() === "") {
    return Either.left(new ConfigError({ connector: name, field: "api_key", reason: `missing: pass api_key in the auth payload or set ${env.api_key}` }))
  }
  return Either.right({
    api_key: p.api_key,
    ...(p.base_url !== undefined ? { base_url: p.base_url } : {}),
    ...(p.on_behalf_of !== undefined ? { on_behalf_of: String(p.on_behalf_of) } : {}),
    ...(p.job_id !== undefined ? { job_id: p.job_id } : {}),
    ...(p.webhook_secret !== undefined ? { webhook_secret: p.webhook_secret } : {}),
    ...(p.extra_headers !== undefined ? { extra_headers: p.extra_headers } : {})
  })
}

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
