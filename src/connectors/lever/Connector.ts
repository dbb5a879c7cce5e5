/**
 * The Lever connector: postings (jobs, read-only) and opportunities (profiles: read, create), read
 * incrementally by `updatedAt` (epoch ms).
 */
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** The Lever connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "ats",
    description: "Lever ATS: postings (read) and opportunities (read, create), incremental by updatedAt",
    api: {
      version: "v1",
      docs: [
        "https://hire.lever.co/developer/documentation#postings",
        "https://hire.lever.co/developer/documentation#opportunities",
        "https://hire.lever.co/developer/documentation#pagination",
        "https://hire.lever.co/developer/documentation#rate-limits"
      ],
      verified_at: "2026-12-05"
    },
    connector: (client) => ({
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "postings are read-only through this connector" },
        client.writeOpportunities
      ),
      parseEvent: Webhook.parseEvent
    })
  }
)
