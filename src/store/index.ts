/**
 * Durable pipeline state (cursor checkpoints, formatter registry, failed records) on SQLite or
 * PostgreSQL, implementing core's `StateStore` service.
 */
export * as StateStore from "./StateStore.js"
export { defaultUri, fromUri, layerFromUri, make, makeFromUri, type Options, toUri } from "./StateStore.js"
