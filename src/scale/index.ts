/**
 * Scheduled syncs for many tenants on @effect/cluster + @effect/workflow: definitions, their store
 * (the `SyncStore` interface and its SQL implementation), the management functions behind
 * `hrtech-etl syncs` and `/api/syncs`, the engine and the worker.
 */
export * as Definition from "./Definition.js"
export * as Engine from "./Engine.js"
export * as Environment from "./Environment.js"
export * as Execute from "./Execute.js"
export * as Guard from "./Guard.js"
export * as SqlSyncStore from "./SqlSyncStore.js"
export * as Syncs from "./Syncs.js"
export * as SyncStore from "./SyncStore.js"
export * as Worker from "./Worker.js"
