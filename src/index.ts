/**
 * hrtech-etl: typed, streaming ETL for HR-tech jobs and profiles.
 */
export * as Condition from "./core/Condition.js"
export * as Connector from "./core/Connector.js"
export * as ConnectorError from "./core/ConnectorError.js"
export * as Cursor from "./core/Cursor.js"
export * as Decode from "./core/Decode.js"
export * as Errors from "./core/Errors.js"
export * as Event from "./core/Event.js"
export * as Formatter from "./core/Formatter.js"
export * as Guard from "./core/Guard.js"
export * as Metadata from "./core/Metadata.js"
export * as Path from "./core/Path.js"
export * as Pipeline from "./core/Pipeline.js"
export * as Postfilter from "./core/Postfilter.js"
export * as Pull from "./core/Pull.js"
export * as Push from "./core/Push.js"
export * as QueryParams from "./core/QueryParams.js"
export * as Registry from "./core/Registry.js"
export * as Resource from "./core/Resource.js"
export * as State from "./core/State.js"
export * as Unified from "./core/Unified.js"
export { exportModelFields } from "./core/Metadata.js"
export { buildMappingFormatter } from "./core/Formatter.js"
export { pull, pullStream, push } from "./core/Pipeline.js"
// `runPull` / `runPush` take connector values (Pipeline.runPull) or one snake_case config object.
export { type ConfigPullResult, type ConfigRunOptions, runPull, runPullConfig, runPush, runPushConfig } from "./app/Library.js"
export * as Requests from "./app/Requests.js"
export { applyPostfilters } from "./core/Postfilter.js"
// `Prefilter` is the builder function; it also carries validateWhere, validateHaving, all and checkCondition.
export { Prefilter, type PrefilterBuilder, type PrefilterError } from "./core/Prefilter.js"
export {
  buildConnectorParams,
  buildCursorQueryParams,
  buildEqQueryParams,
  buildInQueryParams,
  buildSearchQueryParams
} from "./core/QueryParams.js"
