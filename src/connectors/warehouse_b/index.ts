/**
 * hrtech-etl/connectors/warehouse_b: the original project's second example warehouse (a CRM) with
 * bearer-token auth.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { WarehouseBJob, WarehouseBProfile } from "./Schemas.js"
