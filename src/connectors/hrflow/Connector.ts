/**
 * The HrFlow.ai connector: jobs in a board and profiles in a source (API v1), read by `created_at`
 * keyset or newest-first by `updated_at`, written by create-or-update on `reference`, archived, and
 * fed by signed webhooks.
 */
import * as Effect from "effect/Effect"
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

const both: ReadonlyArray<Resource> = ["job", "profile"]

// Events name HrFlow keys: they are fetched by key.
const byKeys = { make: (config: Config.Config) => Effect.map(Client.make(config), (client) => ({ ...client, fetchByIds: client.fetchByKeys })) }

/** The HrFlow.ai connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client: byKeys },
  {
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
    connector: (client, config) => ({
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      archive: client.archive,
      parseEvent: SignedWebhook.withConfiguredSecret(config.webhook_secret, Webhook.parseEvent, { required: Webhook.noSecret })
    })
  }
)
