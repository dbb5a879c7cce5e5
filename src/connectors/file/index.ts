/**
 * `hrtech-etl/connectors/file`: jobs and profiles in JSON Lines (`file:path.jsonl`, `.jsonl.gz`) or
 * CSV (`file:path.csv`) files, streamed in constant memory and written atomically.
 */
export * as Csv from "./Csv.js"
export * as Schemas from "./Schemas.js"
export {
  type FileConnector,
  FileConnectorService,
  type InvalidLine,
  isFileUri,
  layer,
  type Location,
  make,
  makeFromUri,
  type Options,
  parseUri,
  resolver,
  type WriteMode
} from "./Connector.js"
export { FileJob, FileProfile } from "./Schemas.js"
