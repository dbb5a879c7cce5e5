/**
 * The connectors that ship with hrtech-etl: the named HTTP connectors (factories) and the storage
 * URI resolvers (`sqlite:`, `postgres://`, `file:`), assembled into the registry the CLI and the HTTP
 * server resolve `--origin` / `--target` through.
 */
import type * as Layer from "effect/Layer"
import * as Registry from "../core/Registry.js"
import * as Ashby from "./ashby/index.js"
import * as Feed from "./feed/index.js"
import * as File from "./file/index.js"
import * as Greenhouse from "./greenhouse/index.js"
import * as HrFlow from "./hrflow/index.js"
import * as Lever from "./lever/index.js"
import * as SmartRecruiters from "./smartrecruiters/index.js"
import * as Sql from "./sql/index.js"
import * as Teamtailor from "./teamtailor/index.js"
import * as WarehouseA from "./warehouse_a/index.js"
import * as WarehouseB from "./warehouse_b/index.js"
import * as Workable from "./workable/index.js"

/** Named connectors, built from an auth payload (keys also read from their env vars); vendor connectors join here. */
export const factories: ReadonlyArray<Registry.Factory> = [
  WarehouseA.factory,
  WarehouseB.factory,
  HrFlow.factory,
  Greenhouse.factory,
  Lever.factory,
  SmartRecruiters.factory,
  Workable.factory,
  Teamtailor.factory,
  Ashby.factory
]

/** Storage URI resolvers: `sqlite:` / `postgres://` databases, `file:` JSONL / CSV files, `indeed:` / `jsonld:` job-board feeds. */
export const resolvers: ReadonlyArray<Registry.UriResolver> = [Sql.resolver, File.resolver, Feed.Indeed.resolver, Feed.JsonLd.resolver]

/** The registry of every built-in connector. */
export const registry: Registry.RegistryService = Registry.make(factories, resolvers)

/** A layer providing the built-in registry. */
export const layer: Layer.Layer<Registry.Registry> = Registry.layer(factories, resolvers)
