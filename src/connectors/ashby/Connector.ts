/**
 * The Ashby connector: jobs and candidates read through POST list calls (`nextCursor` paging), made
 * incremental by Ashby's `syncToken` carried in the cursor's `token`; candidates written (update by
 * id, else create); webhooks parsed and verified.
 *
 * Incremental reads: the pipeline passes its cursor's `token` to `read` and stores the token handed to
 * `onToken` in the checkpoint once every record was accepted. Programs that call `read` directly get
 * the same token from `nextToken(resource)` after the stream completes, and pass it back as
 * `cursor.token` on the next read.
 */
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Connector from "../../core/Connector.js"
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** An Ashby connector: a Connector plus the sync token of its last complete read. */
export interface AshbyConnector extends Connector.Connector {
  /** The `syncToken` the last complete read of `resource` ended with (none before one, or when withheld). */
  readonly nextToken: (resource: Resource) => Effect.Effect<Option.Option<string>>
}

/** The Ashby connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
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
    connector: (client, config) => ({
      // No field is prefilterable: every condition is applied in memory (QueryParams reports them so).
      // Ashby's API creates and updates candidates (`candidate.create` / `candidate.update`) only.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "this connector writes candidates only" },
        client.upsertCandidates
      ),
      parseEvent: SignedWebhook.withConfiguredSecret(config.webhook_secret, Webhook.parseEvent),
      nextToken: client.latestToken
    })
  }
)
