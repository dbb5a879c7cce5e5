/**
 * hrtech-etl/connectors/warehouse_b: the original project's second example warehouse (a CRM) with
 * bearer-token auth.
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import { label, make } from "./Connector.js"
import * as Schemas from "./Schemas.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { label, layer, make, WarehouseB } from "./Connector.js"
export { WarehouseBJob, WarehouseBProfile } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "crm",
  description: "Example CRM: bearer token, offset-token paging, bulk upserts, deletes",
  authKeys: [
    { name: "token", env: Config.env.token, secret: true, required: true, description: "Bearer token" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
