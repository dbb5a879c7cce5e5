/**
 * hrtech-etl/connectors/hrflow: HrFlow.ai (API v1) jobs in boards and profiles in sources.
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
export { HrFlow, label, layer, make } from "./Connector.js"
export { HrFlowJob, HrFlowProfile } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "customers",
  description: "HrFlow.ai API v1: jobs in a board, profiles in a source; created_at keyset, updated_at newest-first",
  api: {
    version: "v1",
    docs: [
      "https://developers.hrflow.ai/reference/the-job-object",
      "https://developers.hrflow.ai/reference/the-profile-object",
      "https://developers.hrflow.ai/reference/objects",
      "https://github.com/Riminder/python-hrflow-api/blob/master/hrflow/job/storing.py",
      "https://github.com/Riminder/python-hrflow-api/blob/master/hrflow/profile/storing.py"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: "API secret key, sent as X-API-KEY" },
    { name: "user_email", env: Config.env.user_email, required: true, description: "Account email, sent as X-USER-EMAIL" },
    { name: "board_key", env: Config.env.board_key, description: "Board holding the jobs (required for jobs)" },
    { name: "source_key", env: Config.env.source_key, description: "Source holding the profiles (required for profiles)" },
    { name: "webhook_secret", env: Config.env.webhook_secret, secret: true, description: "Secret verifying HTTP-HRFLOW-SIGNATURE on webhooks" },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
