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
import { type ConfigError, Unsupported } from "../../core/ConnectorError.js"
import * as QueryParams from "../../core/QueryParams.js"
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
    const pushdowns = {
      job: QueryParams.pushdownFor(Schemas.SmartRecruitersJob),
      profile: QueryParams.pushdownFor(Schemas.SmartRecruitersCandidate)
    }
    return {
      transportStats: () => Effect.runSync(client.http.stats),
      name: Config.name,
      label,
      warehouseType: "ats",
      schemas: Schemas.schemas,
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      read: client.list,
      write: (resource, batch) =>
        resource === "profile"
          ? client.writeCandidates(batch)
          : Effect.fail(
              new Unsupported({ connector: Config.name, operation: "write job", reason: "jobs are read-only through this connector" })
            ),
      pushdown: (resource, where) => pushdowns[resource](where),
      toUnified: Mapping.toUnified,
      fromUnified: Mapping.fromUnified,
      fetchByEvents: (resource, events) => client.fetchByIds(resource, events.map((e) => e.resource_id))
    } satisfies Connector.Connector
  })

/** A layer providing the `SmartRecruiters` service. */
export const layer = (config: Config.Config): Layer.Layer<SmartRecruiters, ConfigError> =>
  Layer.scoped(SmartRecruiters, make(config))
