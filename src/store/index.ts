/**
 * Durable pipeline state (cursor checkpoints, formatter registry, failed records) on SQLite or
 * PostgreSQL: the SQL implementation of core's `State.StateStore` interface.
 */
export * as SqlStateStore from "./SqlStateStore.js"
export { defaultUri, fromUri, layer, layerFromUri, make, makeFromUri, openClient, type Options, toUri } from "./SqlStateStore.js"
