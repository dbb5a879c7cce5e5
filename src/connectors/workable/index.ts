/**
 * hrtech-etl/connectors/workable: Workable SPI v3 (Bearer token, account subdomain).
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { WorkableCandidate, WorkableJob } from "./Schemas.js"
