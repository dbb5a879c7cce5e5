/**
 * The Teamtailor connector: jobs and candidates over JSON:API (`links.next` paging, bounded from below
 * by `filter[*-at][from]`), writes as `application/vnd.api+json` (update by id, else create), jobs
 * archived through their status. Teamtailor's webhook format is not among the facts this connector
 * follows, so it parses no webhooks.
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

/** A Teamtailor connector instance, for programs that take it from the context. */
export class Teamtailor extends Context.Tag("hrtech-etl/connectors/Teamtailor")<Teamtailor, Connector.Connector>() {}

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    const pushdowns = {
      job: QueryParams.pushdownFor(Schemas.TeamtailorJob),
      profile: QueryParams.pushdownFor(Schemas.TeamtailorCandidate)
    }
    return {
      transportStats: () => Effect.runSync(client.http.stats),
      name: Config.name,
      label: Config.label,
      warehouseType: "ats",
      schemas: Schemas.schemas,
      capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: ["job"] },
      read: client.list,
      write: client.upsert,
      archive: (resource, ids) =>
        resource === "job"
          ? client.archiveJobs(ids)
          : Effect.fail(new Unsupported({ connector: Config.name, operation: "archive profile", reason: "Teamtailor can only delete candidates, not archive them" })),
      pushdown: (resource, where) => pushdowns[resource](where),
      toUnified: Mapping.toUnified,
      fromUnified: Mapping.fromUnified,
      fetchByEvents: (resource, events) => client.fetchByIds(resource, events.map((e) => e.resource_id))
    } satisfies Connector.Connector
  })

/** A layer providing the `Teamtailor` service. */
export const layer = (config: Config.Config): Layer.Layer<Teamtailor, ConfigError> => Layer.scoped(Teamtailor, make(config))
