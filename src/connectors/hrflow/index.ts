/**
 * hrtech-etl/connectors/hrflow: HrFlow.ai (API v1) jobs in boards and profiles in sources.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { factory, make } from "./Connector.js"
export { HrFlowJob, HrFlowProfile } from "./Schemas.js"
