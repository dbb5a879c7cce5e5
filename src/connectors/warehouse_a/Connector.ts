/**
 * The Warehouse A connector: the original project's example ATS (API key header, page-numbered
 * lists read by cursor value, batch upserts, archive).
 */
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** The Warehouse A connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "ats",
    description: "Example ATS: API key in a header, page-numbered lists, batch upserts, archive",
    connector: (client) => ({
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      archive: client.archive,
      parseEvent: Webhook.parseEvent
    })
  }
)
