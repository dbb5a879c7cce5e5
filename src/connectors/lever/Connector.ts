/**
 * The Lever connector: postings (jobs, read-only) and opportunities (profiles: read, create), read
 * incrementally by `updatedAt` (epoch ms), as a `Connector` service.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../core/Connector.js"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** A Lever connector instance, for programs that take it from the context. */
export class Lever extends Context.Tag("hrtech-etl/connectors/Lever")<Lever, Connector.Connector>() {}

/** The human name. */
export const label = "Lever"

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label,
      warehouseType: "ats",
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "postings are read-only through this connector" },
        client.writeOpportunities
      ),
      parseEvent: Webhook.parseEvent
    } satisfies Connector.Connector
  })

/** A layer providing the `Lever` service. */
export const layer = (config: Config.Config): Layer.Layer<Lever, ConfigError> => Layer.scoped(Lever, make(config))
