/**
 * hrtech-etl/connectors/ashby: Ashby's API (POST calls, Basic auth, `syncToken` incremental reads).
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import { make } from "./Connector.js"
import * as Schemas from "./Schemas.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Envelope from "./Envelope.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { Ashby, type AshbyConnector, layer, make } from "./Connector.js"
export { AshbyCandidate, AshbyJob } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label: Config.label,
  warehouseType: "ats",
  description: "Ashby: jobs with their postings and candidates with their applications, syncToken incremental reads; candidate writes; signed webhooks",
  api: {
    version: "Ashby API v1 (api.ashbyhq.com)",
    docs: [
      "https://developers.ashbyhq.com/reference/joblist",
      "https://developers.ashbyhq.com/reference/candidatelist",
      "https://developers.ashbyhq.com/reference/jobpostinglist",
      "https://developers.ashbyhq.com/reference/jobpostinginfo",
      "https://developers.ashbyhq.com/reference/applicationlist",
      "https://developers.ashbyhq.com/docs/pagination-and-incremental-sync",
      "https://developers.ashbyhq.com/docs/authenticating-webhooks"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "API key (Basic auth username, blank password)" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl }),
    { name: "webhook_secret", env: Config.env.webhook_secret, secret: true, description: "Secret token of Ashby-Signature on webhook deliveries" }
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
