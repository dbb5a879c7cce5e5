/**
 * hrtech-etl/connectors/ashby: Ashby's API (POST calls, Basic auth, `syncToken` incremental reads).
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Envelope from "./Envelope.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { type AshbyConnector, factory, make } from "./Connector.js"
export { AshbyCandidate, AshbyJob } from "./Schemas.js"
