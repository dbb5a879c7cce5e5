/**
 * The Workable connector: jobs and candidates read through SPI v3 (`paging.next` links, bounded
 * from below by `created_after` / `updated_after`), candidates written (update by id, else create
 * inside their job), candidate webhooks parsed and verified.
 */
import * as HttpConnector from "../../http/HttpConnector.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** The Workable connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
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
    connector: (client, config) => ({
      // Workable's API creates and updates candidates; jobs are read-only.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "Workable's API cannot create or update jobs" },
        client.upsertCandidates
      ),
      parseEvent: SignedWebhook.withConfiguredSecret(config.webhook_secret, Webhook.parseEvent)
    })
  }
)
