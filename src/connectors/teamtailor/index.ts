/**
 * hrtech-etl/connectors/teamtailor: Teamtailor's JSON:API (`Token token=` auth, `X-Api-Version`).
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import { make } from "./Connector.js"
import * as Schemas from "./Schemas.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as JsonApi from "./JsonApi.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export { layer, make, Teamtailor } from "./Connector.js"
export { TeamtailorCandidate, TeamtailorJob } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label: Config.label,
  warehouseType: "ats",
  description: "Teamtailor (JSON:API): jobs and candidates, writes for both, job archiving",
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "API key (Authorization: Token token=<key>)" },
    { name: "api_version", env: Config.env.api_version, description: `X-Api-Version (default ${Config.defaultApiVersion})` },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
