/**
 * hrtech-etl/connectors/greenhouse: Greenhouse Harvest (v1) jobs and candidates.
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
export { Greenhouse, label, layer, make } from "./Connector.js"
export { GreenhouseCandidate, GreenhouseJob } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "ats",
  description: "Greenhouse Harvest v1: jobs and candidates, incremental by updated_after/created_after, candidate writes",
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "Harvest API token (Basic auth, blank password)" },
    { name: "on_behalf_of", env: Config.env.on_behalf_of, description: "Greenhouse user id sent as On-Behalf-Of (required to write)" },
    { name: "job_id", env: Config.env.job_id, description: "Job new candidates apply to when a record names none" },
    { name: "webhook_secret", env: Config.env.webhook_secret, secret: true, description: "Secret key verifying the Signature header of webhooks" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
