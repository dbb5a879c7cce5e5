/**
 * The Warehouse A connector: the original project's example ATS (API key header, page-numbered
 * lists read by cursor value, batch upserts, archive), as a `Connector` service.
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

/** A Warehouse A connector instance, for programs that take it from the context. */
export class WarehouseA extends Context.Tag("hrtech-etl/connectors/WarehouseA")<WarehouseA, Connector.Connector>() {}

/** The human name. */
export const label = "Warehouse A"

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label,
      warehouseType: "ats",
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      archive: client.archive,
      parseEvent: Webhook.parseEvent
    } satisfies Connector.Connector
  })

/** A layer providing the `WarehouseA` service. */
export const layer = (config: Config.Config): Layer.Layer<WarehouseA, ConfigError> => Layer.scoped(WarehouseA, make(config))
