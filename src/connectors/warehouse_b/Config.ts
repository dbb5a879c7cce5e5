/**
 * Warehouse B's configuration: where the API is and its bearer token (plus optional extra headers).
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--target-auth`, `target_auth`).
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"

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
export interface Config extends ConnectorConfig.Common {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: Redacted.Redacted<string>
}

/** The auth payload as JSON: every value may come from an environment variable, so headers may be JSON text. */
const AuthPayload = Schema.Struct({
  base_url: Schema.optional(Schema.String),
  token: Schema.optional(ConnectorConfig.Secret),
  extra_headers: Schema.optional(ConnectorConfig.ExtraHeaders)
})

/** Reads an auth payload (`{ token, base_url?, extra_headers? }`); a missing token names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = ConnectorConfig.decoder(AuthPayload, {
  connector: name,
  required: ["token"],
  env,
  secrets: ["token"]
})
