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

/** The human name. */
export const label = "Warehouse A"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.warehouse-a.example"

/** The API key header used when none is configured. */
export const defaultHeaderName = "X-API-Key"

/** The auth payload's keys (each also read from `HRTECH_ETL_WAREHOUSE_A_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  api_key: ConnectorConfig.secret("API key sent in the header_name header", { required: true }),
  header_name: ConnectorConfig.key(Schema.String.pipe(Schema.minLength(1)), `Header carrying the key (default ${defaultHeaderName})`),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Warehouse A configuration. */
export interface Config extends ConnectorConfig.Common {
  readonly api_key: Redacted.Redacted<string>
  /** Header carrying the key (default `X-API-Key`). */
  readonly header_name?: string
}

/** Reads an auth payload (`{ api_key, base_url?, header_name?, extra_headers? }`); a missing key names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
