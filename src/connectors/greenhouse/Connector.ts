/**
 * The Greenhouse Harvest v3 connector: jobs (read) and candidates (read, write as the token's user),
 * incremental by `updated_at` / `created_at` filters, fed by signed webhooks.
 */
import * as HttpConnector from "../../http/HttpConnector.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** The Greenhouse connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "ats",
    description:
      "Greenhouse Harvest v3: jobs and candidates (with their applications and stages), incremental by updated_at/created_at filters, candidate writes",
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
    connector: (client, config) => ({
      // Harvest has job writes only from templates and candidate deletes outside this connector's scope.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: client.upsert,
      parseEvent: SignedWebhook.withConfiguredSecret(config.webhook_secret, Webhook.parseEvent, { required: Webhook.noSecret })
    })
  }
)
