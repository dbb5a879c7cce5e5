/**
 * The Greenhouse Harvest v3 connector: jobs (read) and candidates (read, write as the token's user),
 * incremental by `updated_at` / `created_at` filters, fed by signed webhooks.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../core/Connector.js"
import type { ConfigError } from "../../core/ConnectorError.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import type * as Config from "./Config.js"
import { name } from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** A Greenhouse connector instance, for programs that take it from the context. */
export class Greenhouse extends Context.Tag("hrtech-etl/connectors/Greenhouse")<Greenhouse, Connector.Connector>() {}

/** The human name. */
export const label = "Greenhouse"

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    const configuredSecret = config.webhook_secret === undefined ? undefined : Redacted.value(config.webhook_secret)
    return {
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name,
      label,
      warehouseType: "ats",
      // Harvest has job writes only from templates and candidate deletes outside this connector's scope.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: client.upsert,
      // The vendor always signs: without a secret to check against, no delivery is trusted.
      parseEvent: (resource, delivery, secret) => {
        const key = secret ?? configuredSecret
        return key === undefined ? Effect.fail(Webhook.noSecret) : Webhook.parseEvent(resource, delivery, key)
      }
    } satisfies Connector.Connector
  })

/** A layer providing the `Greenhouse` service. */
export const layer = (config: Config.Config): Layer.Layer<Greenhouse, ConfigError> => Layer.scoped(Greenhouse, make(config))
