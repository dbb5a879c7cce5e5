/**
 * hrtech-etl/connectors/smartrecruiters: SmartRecruiters (ATS) jobs and candidates.
 */
export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export { factory, make } from "./Connector.js"
export { SmartRecruitersCandidate, SmartRecruitersJob } from "./Schemas.js"
