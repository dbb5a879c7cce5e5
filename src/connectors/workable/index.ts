/**
 * hrtech-etl/connectors/workable: Workable SPI v3 (Bearer token, account subdomain).
 */
import * as Effect from "effect/Effect"
import type * as Registry from "../../core/Registry.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as Config from "./Config.js"
import { make } from "./Connector.js"
import * as Schemas from "./Schemas.js"

export * as Client from "./Client.js"
export * as Config from "./Config.js"
export * as Mapping from "./Mapping.js"
export * as Schemas from "./Schemas.js"
export * as Webhook from "./Webhook.js"
export { layer, make, Workable } from "./Connector.js"
export { WorkableCandidate, WorkableJob } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label: Config.label,
  warehouseType: "ats",
  description: "Workable ATS (SPI v3): jobs and candidates; candidate writes; candidate webhooks",
  api: {
    version: "SPI v3",
    docs: [
      "https://workable.readme.io/reference/jobs",
      "https://workable.readme.io/reference/jobsshortcode",
      "https://workable.readme.io/reference/job-candidates-index",
      "https://workable.readme.io/reference/job-candidates-show",
      "https://workable.readme.io/reference/rate-limits"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "token", env: Config.env.token, secret: true, required: true, description: "Account access token (Bearer)" },
    { name: "subdomain", env: Config.env.subdomain, description: "Account subdomain (acme for acme.workable.com); required unless base_url is set" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { description: "Overrides https://{subdomain}.workable.com/spi/v3" }),
    { name: "webhook_secret", env: Config.env.webhook_secret, secret: true, description: "Key of X-Workable-Signature on webhook deliveries" }
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
