/**
 * hrtech-etl/connectors/teamtailor: Teamtailor's JSON:API (`Token token=` auth, `X-Api-Version`).
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as JsonApi from "./JsonApi.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export { factory, make } from "./Connector.js"
export { TeamtailorCandidate, TeamtailorJob } from "./Schemas.js"
