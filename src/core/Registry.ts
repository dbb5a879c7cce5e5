/**
 * The connector registry: connectors by name, each with a factory from its auth/config payload, plus
 * resolvers for storage URIs (`file:`, `sqlite:`, `postgres://`). The CLI and the HTTP server both
 * resolve `--origin`/`--target` through it.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Connector from "./Connector.js"
import { type ConfigError, NotFound } from "./ConnectorError.js"
import * as Metadata from "./Metadata.js"
import type { WarehouseType } from "./Resource.js"
import * as Outbound from "./Outbound.js"
import * as Unified from "./Unified.js"

/** One key of a connector's auth/config payload, with its environment variable. */
export interface AuthKey {
  readonly name: string
  readonly env?: string
  readonly secret?: boolean
  readonly required?: boolean
  readonly description?: string
  /** The value used when none is given; for an address key (`base_url`, `token_url`), the vendor's own URL. */
  readonly default?: string
}

/** The vendor API a connector speaks, and the documentation it was last checked against. */
export interface ApiInfo {
  /** The API version, as the vendor names it (e.g. `Harvest v3`, `v1`, `20240404`). */
  readonly version: string
  /** Documentation pages the connector's requests and models were verified against. */
  readonly docs: ReadonlyArray<string>
  /** The date of that verification (`YYYY-MM-DD`). */
  readonly verified_at: string
}

/** How to build a connector from its auth/config payload. */
export interface Factory {
  readonly name: string
  readonly label: string
  readonly warehouseType: WarehouseType
  readonly description?: string
  /** The vendor API version it speaks and the documentation it was verified against. */
  readonly api?: ApiInfo
  /** The keys of its auth payload (`--origin-auth` JSON), each also read from its env var. */
  readonly authKeys: ReadonlyArray<AuthKey>
  /** Its native schemas, known without credentials. */
  readonly schemas: Connector.Connector["schemas"]
  /** Builds an instance; the scope owns its clients. */
  readonly make: (auth: Readonly<Record<string, unknown>>) => Effect.Effect<Connector.Connector, ConfigError, Scope.Scope>
}

/** Builds connectors for storage URIs such as `sqlite:jobs.db`. */
export interface UriResolver {
  readonly scheme: string
  /** Native schemas of the connectors it builds, known without opening anything. */
  readonly schemas: Connector.Connector["schemas"]
  readonly matches: (uri: string) => boolean
  readonly make: (uri: string, auth: Readonly<Record<string, unknown>>) => Effect.Effect<Connector.Connector, ConfigError, Scope.Scope>
}

/** The registry service. */
export interface RegistryService {
  readonly list: () => ReadonlyArray<Factory>
  readonly get: (name: string) => Effect.Effect<Factory, NotFound>
  /** Builds a connector from a registered name or a storage URI. */
  readonly resolve: (nameOrUri: string, auth?: Readonly<Record<string, unknown>>) => Effect.Effect<Connector.Connector, NotFound | ConfigError, Scope.Scope>
  /** Whether the string is a storage URI this registry can resolve. */
  readonly isUri: (value: string) => boolean
  /** The native schemas of a registered name or storage URI, without building the connector. */
  readonly schemas: (nameOrUri: string) => Effect.Effect<Connector.Connector["schemas"], NotFound>
}

/** The registry service tag. */
export class Registry extends Context.Tag("hrtech-etl/Registry")<Registry, RegistryService>() {}

/** The vendor's own URLs of a connector (its address keys' defaults): requests may always name these hosts. */
export const ownUrls = (factory: Pick<Factory, "authKeys">): ReadonlyArray<string> =>
  factory.authKeys.flatMap((key) => (Outbound.isAddressKey(key.name) && key.default !== undefined ? [key.default] : []))

/**
 * Fills auth keys missing from the payload with their environment variables. Under a request policy
 * nothing is filled while an address of the payload is not allowed: the environment's credentials
 * go only to the connector's own hosts or allowed ones.
 */
export const authFromEnv = (
  factory: Pick<Factory, "authKeys">,
  auth: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
  policy: Outbound.PolicyService = Outbound.operator
): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...auth }
  if (Either.isLeft(Outbound.checkPayload(policy, "", auth, ownUrls(factory)))) return out
  for (const key of factory.authKeys) {
    if (out[key.name] === undefined && key.env && env[key.env] !== undefined) out[key.name] = env[key.env]
  }
  return out
}

/**
 * Builds a registry from factories and URI resolvers. Later factories with the same name win. Throws
 * InvalidMetadata when a connector's schema carries metadata that cannot be right (`Metadata.validate`).
 */
export const make = (
  factories: ReadonlyArray<Factory>,
  resolvers: ReadonlyArray<UriResolver> = [],
  env: Readonly<Record<string, string | undefined>> = process.env
): RegistryService => {
  // Metadata that cannot be right fails here, at start, naming the connector's schema and field.
  for (const { schemas } of [...factories, ...resolvers]) {
    Metadata.validateOrThrow(schemas.job)
    Metadata.validateOrThrow(schemas.profile)
  }
  const byName = new Map(factories.map((f) => [f.name, f]))
  const resolverFor = (value: string) => resolvers.find((r) => r.matches(value))
  const get = (name: string) => {
    const factory = byName.get(name)
    return factory
      ? Effect.succeed(factory)
      : Effect.fail(
          new NotFound({
            connector: name,
            local: true,
            what: `connector "${name}" (known: ${[...byName.keys()].join(", ")}; or a URI: ${resolvers.map((r) => r.scheme).join(", ")})`
          })
        )
  }
  return {
    list: () => [...byName.values()],
    get,
    isUri: (value) => resolverFor(value) !== undefined,
    schemas: (nameOrUri) => {
      if (nameOrUri === "unified") return Effect.succeed({ job: Unified.UnifiedJob, profile: Unified.UnifiedProfile })
      const resolver = resolverFor(nameOrUri)
      return resolver ? Effect.succeed(resolver.schemas) : Effect.map(get(nameOrUri), (f) => f.schemas)
    },
    resolve: (nameOrUri, auth = {}) =>
      Effect.flatMap(Outbound.Policy, (policy) => {
        const resolver = resolverFor(nameOrUri)
        if (resolver) {
          return Effect.flatMap(Outbound.checkStorage(policy, nameOrUri), (uri) =>
            Effect.map(resolver.make(uri, auth), (connector) => {
              const name = Outbound.requestName(policy, connector.name)
              return name === connector.name ? connector : { ...connector, name }
            })
          )
        }
        return Effect.flatMap(get(nameOrUri), (factory) =>
          Effect.flatMap(Outbound.checkPayload(policy, factory.name, auth, ownUrls(factory)), () => factory.make(authFromEnv(factory, auth, env, policy)))
        )
      })
  }
}

/** A layer providing a registry. */
export const layer = (factories: ReadonlyArray<Factory>, resolvers: ReadonlyArray<UriResolver> = []): Layer.Layer<Registry> =>
  Layer.succeed(Registry, make(factories, resolvers))
