/**
 * hrtech-etl/connectors/lever: Lever (ATS) postings and opportunities over its v1 API.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { LeverOpportunity, LeverPosting } from "./Schemas.js"
