/**
 * hrtech-etl/connectors/smartrecruiters: SmartRecruiters (ATS) jobs and candidates.
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
export { label, layer, make, SmartRecruiters } from "./Connector.js"
export { SmartRecruitersCandidate, SmartRecruitersJob } from "./Schemas.js"

/** The registry entry: builds a connector from an auth payload (keys also read from env vars). */
export const factory: Registry.Factory = {
  name: Config.name,
  label,
  warehouseType: "ats",
  description: "SmartRecruiters ATS: jobs (read) and candidates (read, create, update), incremental by updatedOn",
  api: {
    version: "Customer API v1 (Job API, Candidate API)",
    docs: [
      "https://developers.smartrecruiters.com/docs/the-smartrecruiters-platform",
      "https://developers.smartrecruiters.com/reference/jobsall-1",
      "https://developers.smartrecruiters.com/reference/candidatesall",
      "https://github.com/roksela/smartrecruiters-python-client/tree/6d0849d173a3d6718b5f0769098f4c76857f637d/docs"
    ],
    verified_at: "2026-12-05"
  },
  authKeys: [
    { name: "api_key", env: Config.env.api_key, secret: true, required: true, description: `API key sent as ${Config.tokenHeader}` },
    ...ConnectorConfig.commonAuthKeys(Config.env, { default: Config.defaultBaseUrl })
  ],
  schemas: Schemas.schemas,
  make: (auth) => Effect.flatMap(Config.fromAuth(auth), make)
}
