/**
 * The SmartRecruiters connector: jobs (read-only, in full with their job ads) and candidates (read,
 * create, update), read incrementally by `updatedOn`, as a `Connector` service. SmartRecruiters'
 * webhook payloads are not in our vendor notes, so `parseEvent` is not offered; `fetchByEvents` serves
 * events given to a push.
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

/** A SmartRecruiters connector instance, for programs that take it from the context. */
export class SmartRecruiters extends Context.Tag("hrtech-etl/connectors/SmartRecruiters")<SmartRecruiters, Connector.Connector>() {}

/** The human name. */
export const label = "SmartRecruiters"

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
        { connector: Config.name, operation: "write", resource: "profile", reason: "jobs are read-only through this connector" },
        client.writeCandidates
      )
    } satisfies Connector.Connector
  })

/** A layer providing the `SmartRecruiters` service. */
export const layer = (config: Config.Config): Layer.Layer<SmartRecruiters, ConfigError> =>
  Layer.scoped(SmartRecruiters, make(config))
