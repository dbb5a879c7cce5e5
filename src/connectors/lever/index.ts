/**
 * hrtech-etl/connectors/lever: Lever (ATS) postings and opportunities over its v1 API.
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import { label, make } from "./Connector.js"
import * as Schemas from "./Schemas.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { label, layer, Lever, make } from "./Connector.js"
export { LeverOpportunity, LeverPosting } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "ats",
  description: "Lever ATS: postings (read) and opportunities (read, create), incremental by updatedAt",
  api: {
    version: "v1",
    docs: [
      "https://hire.lever.co/developer/documentation#postings",
      "https://hire.lever.co/developer/documentation#opportunities",
      "https://hire.lever.co/developer/documentation#pagination",
      "https://hire.lever.co/developer/documentation#rate-limits"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "Lever API key (HTTP Basic username, blank password)" },
    { name: "perform_as", env: Config.env.perform_as, description: "Lever user id that writes are made on behalf of (required to write)" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
