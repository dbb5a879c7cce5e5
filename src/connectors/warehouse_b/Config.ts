/**
 * Warehouse B's configuration: where the API is and its bearer token (plus optional extra headers).
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--target-auth`, `target_auth`).
 */
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ConfigError } from "../../core/ConnectorError.js"
import { pathToField } from "../../core/Decode.js"
import type * as Retry from "../../http/Retry.js"

/** The connector's registry name. */
export const name = "warehouse_b"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.warehouse-b.example"

/** Environment variables of each auth key. */
export const env = {
  token: "HRTECH_ETL_WAREHOUSE_B_TOKEN",
  base_url: "HRTECH_ETL_WAREHOUSE_B_BASE_URL",
  extra_headers: "HRTECH_ETL_WAREHOUSE_B_EXTRA_HEADERS"
} as const

/** A Warehouse B configuration. */
export interface Config {
  readonly base_url?: string
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: Redacted.Redacted<string>
  /** Headers sent with every request. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides (attempts, waits). */
  readonly retry?: Retry.Options
}

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

/** The auth payload as JSON: every value may come from an environment variable, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  token: Schema.optional(Schema.Redacted(Schema.String)),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers)))
})

/** Reads an auth payload (`{ token, base_url?, extra_headers? }`); a missing token names itself. */
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
        reason: field === "token" ? "must be a string" : (issue?.message ?? "invalid auth payload")
      })
    )
  }
  const payload = decoded.right
  if (payload.token === undefined || Redacted.value(payload.token).trim() === "") {
    return Either.left(new ConfigError({ connector: name, field: "token", reason: `missing: pass token in the auth payload or set ${env.token}` }))
  }
  return Either.right({
    token: payload.token,
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {})
  })
}
