/**
 * Warehouse B's configuration: where the API is and its bearer token (plus optional extra headers).
 * `fromAuth` reads the JSON auth payload of the CLI / HTTP API (`--target-auth`, `target_auth`).
 */
import type * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"

/** The connector's registry name. */
export const name = "warehouse_b"

/** The human name. */
export const label = "Warehouse B"

/** The URL used when none is configured. */
export const defaultBaseUrl = "https://api.warehouse-b.example"

/** The auth payload's keys (each also read from `HRTECH_ETL_WAREHOUSE_B_<KEY>`). */
export const auth = ConnectorConfig.auth(name, {
  token: ConnectorConfig.secret("Bearer token", { required: true }),
  ...ConnectorConfig.commonKeys({ default: defaultBaseUrl })
})

/** Environment variables of each auth key. */
export const env = auth.env

/** A Warehouse B configuration. */
export interface Config extends ConnectorConfig.Common {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: Redacted.Redacted<string>
}

/** Reads an auth payload (`{ token, base_url?, extra_headers? }`); a missing token names itself. */
export const fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Config, ConfigError> = auth.fromAuth
