/**
 * Warehouse A's configuration: where the API is and how to authenticate (an API key in a header,
 * `X-API-Key` by default, plus optional extra headers such as a tenant id). `fromAuth` reads the
 * JSON auth payload of the CLI / HTTP API (`--origin-auth`, `origin_auth`) into it.
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"

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
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** Header carrying the key (default `X-API-Key`). */
  readonly header_name?: string
}

/** The auth payload as JSON: every value may come from an environment variable, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  api_key: Schema.optional(ConnectorConfig.Secret),
  header_name: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ api_key, base_url?, header_name?, extra_headers? }`); a missing key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["api_key"],
  env,
  secrets: ["api_key"]
})
