/**
 * Warehouse A's configuration: where the API is and how to authenticate (an API key in a header,
 * `X-API-Key` by default, plus optional extra headers such as a tenant id). `fromAuth` reads the
 * JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`) into it.
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
export const name = "warehouse_a"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.warehouse-a.example"

/** The API key header used when none is configured. */
export const defaultHeaderName = "X-API-Key"

/** Environment variables of each auth key. */
export const env = {
  api_key: "HRTECH_ETL_WAREHOUSE_A_API_KEY",
  base_url: "HRTECH_ETL_WAREHOUSE_A_BASE_URL",
  header_name: "HRTECH_ETL_WAREHOUSE_A_HEADER_NAME",
  extra_headers: "HRTECH_ETL_WAREHOUSE_A_EXTRA_HEADERS"
} as const

/** A Warehouse A configuration. */
export interface Config {
  readonly base_url?: string
  readonly api_key: Redacted.Redacted<string>
  /** Header carrying the key (default `X-API-Key`). */
  readonly header_name?: string
  /** Headers sent with every request, e.g. `{ "X-Tenant-ID": "tenant-123" }`. */
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
  api_key: Schema.optional(Schema.Redacted(Schema.String)),
  header_name: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  extra_headers: Schema.optional(Schema.Union(Headers, Schema.parseJson(Headers)))
})

/** Reads an auth payload (`{ api_key, base_url?, header_name?, extra_headers? }`); a missing key names itself. */
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
        reason: field === "api_key" ? "must be a string" : (issue?.message ?? "invalid auth payload")
      })
    )
  }
  const payload = decoded.right
  if (payload.api_key === undefined || Redacted.value(payload.api_key).trim() === "") {
    return Either.left(
      new ConfigError({ connector: name, field: "api_key", reason: `missing: pass api_key in the auth payload or set ${env.api_key}` })
    )
  }
  return Either.right({
    api_key: payload.api_key,
    ...(payload.base_url !== undefined ? { base_url: payload.base_url } : {}),
    ...(payload.header_name !== undefined ? { header_name: payload.header_name } : {}),
    ...(payload.extra_headers !== undefined ? { extra_headers: payload.extra_headers } : {})
  })
}
