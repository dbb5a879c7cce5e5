/**
 * hrtech-etl/connectors/warehouse_a: the original project's example ATS with API-key auth.
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"
import { label, make } from "./Connector.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { label, layer, make, WarehouseA } from "./Connector.js"
export { WarehouseAJob, WarehouseAProfile } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "ats",
  description: "Example ATS: API key in a header, page-numbered lists, batch upserts, archive",
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "API key sent in the header_name header" },
    { name: "header_name", env: Config.env.header_name, description: `Header carrying the key (default ${Config.defaultHeaderName})` },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
