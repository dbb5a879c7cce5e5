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
  description: "Teamtailor (JSON:API): jobs (every status and feed) and candidates, writes for both, job archiving",
  api: {
    version: Config.defaultApiVersion,
    docs: [
      "https://docs.teamtailor.com/",
      "https://github.com/Teamtailor/docs/blob/435312b9e3ff190eea80ad6a6ac7e677a45a9752/source/includes/jobs/_list.md.erb",
      "https://github.com/Teamtailor/docs/blob/435312b9e3ff190eea80ad6a6ac7e677a45a9752/source/includes/candidates/_list.md.erb",
      "https://github.com/Teamtailor/teamtailor-rb/tree/193277194af9e70f6e2bb0d04cb92e4817bf3a6d/spec/fixtures/v1"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "API key (Authorization: Token token=<key>)" },
    { name: "api_version", env: Config.env.api_version, description: `X-Api-Version (default ${Config.defaultApiVersion})` },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
