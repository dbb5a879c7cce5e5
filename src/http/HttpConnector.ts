/**
 * The wiring every HTTP connector does the same way when it turns its client into a `Connector`:
 * transport counters from its VendorHttp client, pushdown planned from its native schemas' metadata,
 * its mapping's `toUnified` / `fromUnified`, events served by fetching their records by id, and the
 * typed refusals of what it cannot do. What differs (capabilities, reads, writes, webhooks) stays in
 * each connector's `Connector.ts`.
 */
import * as Effect from "effect/Effect"
import type * as Connector from "../core/Connector.js"
import { type ConnectorError, Unsupported } from "../core/ConnectorError.js"
import type { CoreError } from "../core/Errors.js"
import * as QueryParams from "../core/QueryParams.js"
import type { Resource } from "../core/Resource.js"
import type * as VendorHttp from "./VendorHttp.js"

/** What `common` needs from a connector. */
export interface Parts {
  /** The connector's VendorHttp client, whose counters are its transport stats. */
  readonly http: VendorHttp.VendorHttp
  /** Its native schemas; their metadata says which conditions a read can push down. */
  readonly schemas: Connector.Connector["schemas"]
  /** Its native ↔ unified mapping. */
  readonly mapping: Pick<Connector.Connector, "toUnified" | "fromUnified">
  /** Fetches the current records with these ids (unknown ids are absent). */
  readonly fetchByIds: (resource: Resource, ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Connector.NativeRecord>, ConnectorError>
}

/** The members of a `Connector` that HTTP connectors build alike. */
export type Common = Pick<
  Connector.Connector,
  "transportStats" | "schemas" | "pushdown" | "toUnified" | "fromUnified" | "fetchByEvents"
>

/** The members every HTTP connector builds alike, to spread into its `Connector`. */
export const common = (parts: Parts): Common => {
  const pushdowns = {
    job: QueryParams.pushdownFor(parts.schemas.job),
    profile: QueryParams.pushdownFor(parts.schemas.profile)
  }
  return {
    transportStats: () => Effect.runSync(parts.http.stats),
    schemas: parts.schemas,
    pushdown: (resource, where) => pushdowns[resource](where),
    toUnified: parts.mapping.toUnified,
    fromUnified: parts.mapping.fromUnified,
    fetchByEvents: (resource, events) => parts.fetchByIds(resource, events.map((e) => e.resource_id))
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

/** A read query the schema metadata could not build, as the connector's Unsupported error. */
export const unsupportedRead = (connector: string, resource: Resource, error: CoreError): Unsupported =>
  new Unsupported({
    connector,
    operation: `read ${resource}`,
    ...("field" in error && typeof error.field === "string" ? { field: error.field } : {}),
    reason: error.message
  })
