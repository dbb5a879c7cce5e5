/**
 * `hrtech-etl/connectors/sql`: jobs and profiles in SQLite (`sqlite:path.db`) or PostgreSQL
 * (`postgres://…`) through one `@effect/sql` code path.
 */
export * as Client from "../../sql/Client.js"
export * as Migrations from "./Migrations.js"
export * as Query from "./Query.js"
export * as Schemas from "./Schemas.js"
export * as Tables from "./Tables.js"
export { defaultTablePrefix, layer, make, makeFromUri, nameOfUri, type Options, resolver, SqlConnector } from "./Connector.js"
export { SqlJob, SqlProfile } from "./Schemas.js"
