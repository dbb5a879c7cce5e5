/**
 * The Ashby connector: jobs and candidates read through POST list calls (`nextCursor` paging), made
 * incremental by Ashby's `syncToken` carried in the cursor's `token`; candidates written (update by
 * id, else create); webhooks parsed and verified.
 *
 * Incremental reads: the pipeline passes its cursor's `token` to `read` and stores the token handed to
 * `onToken` in the checkpoint once every record was accepted. Programs that call `read` directly get
 * the same token from `nextToken(resource)` after the stream completes, and pass it back as
 * `cursor.token` on the next read.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
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

/** An Ashby connector: a Connector plus the sync token of its last complete read. */
export interface AshbyConnector extends Connector.Connector {
  /** The `syncToken` the last complete read of `resource` ended with (none before one, or when withheld). */
  readonly nextToken: (resource: Resource) => Effect.Effect<Option.Option<string>>
}

/** An Ashby connector instance, for programs that take it from the context. */
export class Ashby extends Context.Tag("hrtech-etl/connectors/Ashby")<Ashby, AshbyConnector>() {}

/** Builds a connector; its HTTP client lives as long as the scope. */
export const make = (config: Config.Config): Effect.Effect<AshbyConnector, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* Client.make(config)
    const configuredSecret = config.webhook_secret === undefined ? undefined : Redacted.value(config.webhook_secret)
    return {
      // No field is prefilterable: every condition is applied in memory (QueryParams reports them so).
      ...HttpConnector.common(client, { schemas: Schemas.schemas, mapping: Mapping }),
      name: Config.name,
      label: Config.label,
      warehouseType: "ats",
      // Ashby's API creates and updates candidates (`candidate.create` / `candidate.update`) only.
      capabilities: { read: ["job", "profile"], write: ["profile"], archive: [] },
      write: HttpConnector.onlyFor(
        { connector: Config.name, operation: "write", resource: "profile", reason: "this connector writes candidates only" },
        client.upsertCandidates
      ),
      parseEvent: (resource, delivery, secret) => Webhook.parseEvent(resource, delivery, secret ?? configuredSecret),
      nextToken: client.latestToken
    } satisfies AshbyConnector
  })

/** A layer providing the `Ashby` service. */
export const layer = (config: Config.Config): Layer.Layer<Ashby, ConfigError> => Layer.scoped(Ashby, make(config))
