/**
 * The wiring every HTTP connector does the same way when it turns its client into a `Connector`:
 * transport counters from its VendorHttp client, reads from its `list`, pushdown planned from its
 * native schemas' metadata, its mapping's `toUnified` / `fromUnified`, events served by fetching
 * their records by id, and the typed refusals of what it cannot do. `define` turns one declaration
 * (identity, auth keys, client, what the connector adds) into both its registry entry and its `make`;
 * what differs (capabilities, reads, writes, webhooks) stays in each connector's `Connector.ts`.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import type * as Connector from "../core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../core/ConnectorError.js"
import type { CoreError } from "../core/Errors.js"
import * as QueryParams from "../core/QueryParams.js"
import type * as Registry from "../core/Registry.js"
import type { Resource, WarehouseType } from "../core/Resource.js"
import type * as VendorHttp from "./VendorHttp.js"

/** Fetches the current records with these ids (raw JSON); unknown ids are absent. */
export type FetchByIds = (resource: Resource, ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Connector.NativeRecord>, ConnectorError>

/** Creates or updates records; one outcome per record, in order. */
export type Write = Connector.Connector["write"]

/** Archives or deletes records by id; one outcome per id. */
export type Archive = NonNullable<Connector.Connector["archive"]>

/** Writes records of the one resource the connector writes; one outcome per record, in order. */
export type WriteBatch = (records: ReadonlyArray<Connector.NativeRecord>) => Effect.Effect<ReadonlyArray<Connector.WriteOutcome>, ConnectorError>

/** What every HTTP connector's client offers, and what `common` wires into the connector. */
export interface Client {
  /** The VendorHttp client, whose counters are the connector's transport stats. */
  readonly http: VendorHttp.VendorHttp
  /** Native records (raw JSON, validated by the pipeline), one chunk per page. */
  readonly list: Connector.Connector["read"]
  /** The current records with these ids (raw JSON); unknown ids are absent. */
  readonly fetchByIds: FetchByIds
}

/** A connector's native side: its schemas (whose metadata plans pushdown) and its mapping. */
export interface Native {
  readonly schemas: Connector.Connector["schemas"]
  readonly mapping: Pick<Connector.Connector, "toUnified" | "fromUnified">
}

/** The members of a `Connector` that HTTP connectors build alike. */
export type Common = Pick<Connector.Connector, "transportStats" | "schemas" | "read" | "pushdown" | "toUnified" | "fromUnified" | "fetchByEvents">

/** The members every HTTP connector builds alike from its client, to spread into its `Connector`. */
export const common = (client: Client, native: Native): Common => {
  const pushdowns = {
    job: QueryParams.pushdownFor(native.schemas.job),
    profile: QueryParams.pushdownFor(native.schemas.profile)
  }
  return {
    transportStats: () => Effect.runSync(client.http.stats),
    schemas: native.schemas,
    read: client.list,
    pushdown: (resource, where) => pushdowns[resource](where),
    toUnified: native.mapping.toUnified,
    fromUnified: native.mapping.fromUnified,
    fetchByEvents: (resource, events) =>
      client.fetchByIds(
        resource,
        events.map((e) => e.resource_id)
      )
  }
}

/** What a connector adds to the members `common` builds: capabilities, writes, webhooks, extras. */
export type Own = Omit<Connector.Connector, keyof Common | "name" | "label" | "warehouseType">

/** The modules of a connector folder that `define` reads: identity and auth, schemas, mapping, client. */
export interface Modules<C, Cl extends Client> {
  readonly Config: {
    /** The registry name. */
    readonly name: string
    /** The human name. */
    readonly label: string
    /** The declaration of the auth payload's keys (`ConnectorConfig.auth`). */
    readonly auth: { readonly authKeys: ReadonlyArray<Registry.AuthKey> }
    /** Reads an auth payload into the connector's configuration. */
    readonly fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<C, ConfigError>
  }
  readonly Schemas: { readonly schemas: Native["schemas"] }
  readonly Mapping: Native["mapping"]
  readonly Client: {
    /** Builds the vendor client; it lives as long as the scope. */
    readonly make: (config: C) => Effect.Effect<Cl, ConfigError, Scope.Scope>
  }
}

/** What a connector declares besides its modules. */
export interface Definition<C, Cl extends Client, B extends Own> {
  readonly warehouseType: WarehouseType
  /** One line for `hrtech-etl connectors`. */
  readonly description: string
  /** The vendor API version and the documentation it was verified against. */
  readonly api?: Registry.ApiInfo
  /** The members that differ from one connector to the next. */
  readonly connector: (client: Cl, config: C) => B
}

/** A defined connector: its registry entry, and `make` for programs that hold a configuration. */
export interface Defined<C, B extends Own> {
  readonly factory: Registry.Factory
  /** Builds a connector; its HTTP client lives as long as the scope. */
  readonly make: (config: C) => Effect.Effect<Connector.Connector & B, ConfigError, Scope.Scope>
}

/** Derives a connector's registry entry and `make` from its folder's modules and what it adds. */
export const define = <C, Cl extends Client, B extends Own>(modules: Modules<C, Cl>, definition: Definition<C, Cl, B>): Defined<C, B> => {
  const { name, label } = modules.Config
  const { warehouseType } = definition
  const native: Native = { schemas: modules.Schemas.schemas, mapping: modules.Mapping }
  const make = (config: C): Effect.Effect<Connector.Connector & B, ConfigError, Scope.Scope> =>
    Effect.map(
      modules.Client.make(config),
      (client) => ({ ...common(client, native), name, label, warehouseType, ...definition.connector(client, config) }) as Connector.Connector & B
    )
  return {
    factory: {
      name,
      label,
      warehouseType,
      description: definition.description,
      ...(definition.api ? { api: definition.api } : {}),
      authKeys: modules.Config.auth.authKeys,
      schemas: native.schemas,
      make: (auth) => Effect.flatMap(modules.Config.fromAuth(auth), make)
    },
    make
  }
}

/**
 * A write or archive the connector offers for one resource only: the other resource fails with
 * Unsupported (`<operation> <resource>`) and the connector's reason.
 */
export const onlyFor =
  <A, R, E>(
    options: { readonly connector: string; readonly operation: "write" | "archive"; readonly resource: Resource; readonly reason: string },
    run: (input: ReadonlyArray<A>) => Effect.Effect<R, E>
  ) =>
  (resource: Resource, input: ReadonlyArray<A>): Effect.Effect<R, E | Unsupported> =>
    resource === options.resource
      ? run(input)
      : Effect.fail(new Unsupported({ connector: options.connector, operation: `${options.operation} ${resource}`, reason: options.reason }))

/**
 * The query parameters of a read from an origin that can bound its lists only from below: the pushed
 * conditions and, for an ascending read, the cursor's start. A descending read (start = upper bound)
 * takes the whole range, which the pipeline bounds in memory as for every unsortable origin.
 */
export const lowerBoundParams = (
  connector: string,
  resource: Resource,
  schema: Connector.NativeSchema,
  options: Pick<Connector.ReadOptions, "cursor" | "where">
): Either.Either<QueryParams.Params, Unsupported> => {
  const { cursor } = options
  const bounded = { ...cursor, start: cursor.sort_by === "asc" ? (cursor.start ?? null) : null, end: null }
  return Either.match(QueryParams.buildConnectorParams(schema, options.where, bounded), {
    onLeft: (error) => Either.left(unsupportedRead(connector, resource, error)),
    onRight: ({ params }) => Either.right(params)
  })
}

/** The page size a read asks for: its batch size, whole, at least 1 and at most the vendor's largest page. */
export const pageSize = (batchSize: number, maxPageSize: number): number => Math.min(maxPageSize, Math.max(1, Math.floor(batchSize)))

/** A read query the schema metadata could not build, as the connector's Unsupported error. */
export const unsupportedRead = (connector: string, resource: Resource, error: CoreError): Unsupported =>
  new Unsupported({
    connector,
    operation: `read ${resource}`,
    ...("field" in error && typeof error.field === "string" ? { field: error.field } : {}),
    reason: error.message
  })
