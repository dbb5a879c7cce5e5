/**
 * The Warehouse B connector: the original project's second example warehouse, a CRM (bearer token,
 * offset-token paging, bulk upserts, deletes), as a `Connector` service.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../core/Connector.js"
import type { ConfigError } from "../../core/ConnectorError.js"
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** A Warehouse B connector instance, for programs that take it from the context. */
export class WarehouseB extends Context.Tag("hrtech-etl/connectors/WarehouseB")<WarehouseB, Connector.Connector>() {}

/** The human name. */
export const label = "Warehouse B"

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label,
      warehouseType: "crm",
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      // Warehouse B has no archive state: removal events delete the record.
      archive: client.remove,
      parseEvent: Webhook.parseEvent
    } satisfies Connector.Connector
  })

/** A layer providing the `WarehouseB` service. */
export const layer = (config: Config.Config): Layer.Layer<WarehouseB, ConfigError> => Layer.scoped(WarehouseB, make(config))
