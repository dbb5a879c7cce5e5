/**
 * hrtech-etl/connectors/warehouse_a: the original project's example ATS with API-key auth.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { WarehouseAJob, WarehouseAProfile } from "./Schemas.js"
