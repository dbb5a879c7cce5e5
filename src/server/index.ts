/**
 * The HTTP server of hrtech-etl: the API definition (`Api`, its groups in `groups/`, the wire schemas
 * in `Wire`), the playground, and the server layer (`makeServer`) / program (`serve`).
 */
export * as Api from "./Api.js"
export * as BackgroundRuns from "./BackgroundRuns.js"
export * as Errors from "./Errors.js"
export * as Playground from "./Playground.js"
export * as Safety from "./Safety.js"
export * as Server from "./Server.js"
export * as Settings from "./Settings.js"
export * as Wire from "./Wire.js"
export { makeServer, serve, type Mode, type Options } from "./Server.js"
