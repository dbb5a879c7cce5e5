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
import type { ConfigError } from "../../core/ConnectorError.js"
import * as HttpConnector from "../../http/HttpConnector.js"
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
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label: Config.label,
      warehouseType: "ats",
      capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: ["job"] },
      write: client.upsert,
      archive: HttpConnector.onlyFor(
        { connector: Config.name, operation: "archive", resource: "job", reason: "Teamtailor can only delete candidates, not archive them" },
        client.archiveJobs
      )
    } satisfies Connector.Connector
  })

/** A layer providing the `Teamtailor` service. */
export const layer = (config: Config.Config): Layer.Layer<Teamtailor, ConfigError> => Layer.scoped(Teamtailor, make(config))
