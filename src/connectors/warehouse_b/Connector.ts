/**
 * The Warehouse B connector: the original project's example CRM (bearer token, offset-token paging,
 * bulk upserts, deletes).
 */
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** The Warehouse B connector: its registry entry (`factory`) and `make` from a configuration. */
export const { factory, make } = HttpConnector.define(
  { Config, Schemas, Mapping, Client },
  {
    warehouseType: "crm",
    description: "Example CRM: bearer token, offset-token paging, bulk upserts, deletes",
    connector: (client) => ({
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      // Warehouse B has no archive state: removal events delete the record.
      archive: client.remove,
      parseEvent: Webhook.parseEvent
    })
  }
)
