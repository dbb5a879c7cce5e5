/**
 * hrtech-etl/connectors/greenhouse: Greenhouse Harvest v3 jobs and candidates.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { GreenhouseCandidate, GreenhouseJob } from "./Schemas.js"
