/**
 * hrtech-etl/connectors/greenhouse: Greenhouse Harvest v3 jobs and candidates.
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
  description: "Greenhouse Harvest v3: jobs and candidates (with their applications and stages), incremental by updated_at/created_at filters, candidate writes",
  api: {
    version: "Harvest v3",
    docs: [
      "https://harvestdocs.greenhouse.io/docs/authentication",
      "https://harvestdocs.greenhouse.io/docs/pagination",
      "https://harvestdocs.greenhouse.io/docs/list-endpoints",
      "https://harvestdocs.greenhouse.io/docs/api-rate-limiting",
      "https://harvestdocs.greenhouse.io/docs/step-by-step-migration-instructions",
      "https://harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "client_id", env: Config.env.client_id, required: true, description: "Harvest v3 OAuth client ID (Dev Center → API Credentials)" },
    { name: "client_secret", env: Config.env.client_secret, secret: true, required: true, description: "Harvest v3 OAuth client secret" },
    { name: "user_id", env: Config.env.user_id, required: true, description: "Greenhouse user id the token acts as (the token request's sub); writes are attributed to this user" },
    { name: "token_url", env: Config.env.token_url, default: Config.defaultTokenUrl, description: `OAuth token endpoint (default ${Config.defaultTokenUrl})` },
    { name: "job_id", env: Config.env.job_id, description: "Job new candidates apply to when a record names none" },
    { name: "webhook_secret", env: Config.env.webhook_secret, secret: true, description: "Secret key verifying the Signature header of webhooks" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
