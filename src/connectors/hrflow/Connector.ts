/**
 * The HrFlow.ai connector: jobs in a board and profiles in a source (API v1), read by `created_at`
 * keyset or newest-first by `updated_at`, written by create-or-update on `reference`, archived, and
 * fed by signed webhooks.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Connector from "../../core/Connector.js"
import type { ConfigError } from "../../core/ConnectorError.js"
import type { Resource } from "../../core/Resource.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Client from "./Client.js"
import type * as Config from "./Config.js"
import { name } from "./Config.js"
import * as Mapping from "./Mapping.js"
import * as Schemas from "./Schemas.js"
import * as Webhook from "./Webhook.js"

/** An HrFlow.ai connector instance, for programs that take it from the context. */
export class HrFlow extends Context.Tag("hrtech-etl/connectors/HrFlow")<HrFlow, Connector.Connector>() {}

/** The human name. */
export const label = "HrFlow.ai"

const both: ReadonlyArray<Resource> = ["job", "profile"]

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    const configuredSecret = config.webhook_secret === undefined ? undefined : Redacted.value(config.webhook_secret)
    return {
      // Events name HrFlow keys: they are fetched by key.
      ...HttpConnector.common({ ...client, fetchByIds: client.fetchByKeys }, { schemas: Schemas.schemas, mapping: Mapping }),
      name,
      label,
      warehouseType: "customers",
      capabilities: { read: both, write: both, archive: both },
      write: client.upsert,
      archive: client.archive,
      // The vendor always signs: without a secret to check against, no delivery is trusted.
      parseEvent: (resource, delivery, secret) => {
        const key = secret ?? configuredSecret
        return key === undefined ? Effect.fail(Webhook.noSecret) : Webhook.parseEvent(resource, delivery, key)
      }
    } satisfies Connector.Connector
  })

/** A layer providing the `HrFlow` service. */
export const layer = (config: Config.Config): Layer.Layer<HrFlow, ConfigError> => Layer.scoped(HrFlow, make(config))
