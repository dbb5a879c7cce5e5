/**
 * The Teamtailor connector: jobs and candidates over JSON:API (`links.next` paging, bounded from below
 * by `filter[*-at][from]`), writes as `application/vnd.api+json` (update by id, else create), jobs
 * archived through their status. Teamtailor's webhook format is not among the facts this connector
 * follows, so it parses no webhooks.
 */
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"

/** The Teamtailor connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "ats",
    description: "Teamtailor (JSON:API): jobs (every status and feed) and candidates, writes for both, job archiving",
    api: {
      version: Config.defaultApiVersion,
      docs: [
        "https://docs.teamtailor.com/",
        "https://github.com/Teamtailor/docs/blob/435312b9e3ff190eea80ad6a6ac7e677a45a9752/source/includes/jobs/_list.md.erb",
        "https://github.com/Teamtailor/docs/blob/435312b9e3ff190eea80ad6a6ac7e677a45a9752/source/includes/candidates/_list.md.erb",
        "https://github.com/Teamtailor/teamtailor-rb/tree/193277194af9e70f6e2bb0d04cb92e4817bf3a6d/spec/fixtures/v1"
      ],
      verified_at: "2026-12-05"
    },
    connector: (client) => ({
      capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: ["job"] },
      write: client.upsert,
      archive: HttpConnector.onlyFor(
        { connector: Config.name, operation: "archive", resource: "job", reason: "Teamtailor can only delete candidates, not archive them" },
        client.archiveJobs
      )
    })
  }
)
