/**
 * The Workable connector: jobs and candidates read through SPI v3 (`paging.next` links, bounded
 * from below by `created_after` / `updated_after`), candidates written (update by id, else create
 * inside their job), candidate webhooks parsed and verified.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Connector from "../../core/Connector.js"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import * as Config from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** A Workable connector instance, for programs that take it from the context. */
export class Workable extends Context.Tag("hrtech-etl/connectors/Workable")<Workable, Connector.Connector>() {}

/** Builds a connector; its HTTP client (and rate limiter) live as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    const configuredSecret = config.webhook_secret === undefined ? undefined : Redacted.value(config.webhook_secret)
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label: Config.label,
      warehouseType: "ats",
      // Workable's API creates and updates candidates; jobs are read-only.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "Workable's API cannot create or update jobs" },
        client.upsertCandidates
      ),
      parseEvent: (resource, delivery, secret) => Webhook.parseEvent(resource, delivery, secret ?? configuredSecret)
    } satisfies Connector.Connector
  })

/** A layer providing the `Workable` service. */
export const layer = (config: Config.Config): Layer.Layer<Workable, ConfigError> => Layer.scoped(Workable, make(config))
