/**
 * `/api/connectors`, `/api/schema/...`, `/api/fields/...`: the registered connectors and the fields
 * of their native schemas and of the unified model.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import * as Metadata from "../../core/Metadata.js"
import * as Registry from "../../core/Registry.js"
import type { Resource } from "../../core/Resource.js"
import * as Unified from "../../core/Unified.js"
import type * as Errors from "../Errors.js"
import * as Group from "../Group.js"
import * as Prepare from "../Prepare.js"
import * as Wire from "../Wire.js"

/** Connectors and their schemas. */
export class ConnectorsGroup extends Group.withErrors(
  HttpApiGroup.make("connectors")
    .add(HttpApiEndpoint.get("list", "/api/connectors").addSuccess(Schema.Array(Wire.ConnectorInfo)).annotate(OpenApi.Summary, "Registered connectors"))
    .add(
      HttpApiEndpoint.get("unifiedSchema", "/api/schema/unified/:resource")
        .setPath(Wire.ResourcePath)
        .addSuccess(Schema.Array(Wire.FieldInfo))
        .annotate(OpenApi.Summary, "Fields of the unified job or profile model")
    )
    .add(
      HttpApiEndpoint.get("schema", "/api/schema/:connector/:resource")
        .setPath(Wire.ConnectorPath)
        .setUrlParams(Schema.Struct({ only_prefilterable: Schema.optional(Schema.BooleanFromString) }))
        .addSuccess(Schema.Array(Wire.FieldInfo))
        .annotate(OpenApi.Summary, "Fields of a connector's native schema (only_prefilterable=true: fields usable in WHERE)")
    )
    .add(
      HttpApiEndpoint.get("fields", "/api/fields/:connector/:resource")
        .setPath(Wire.ConnectorPath)
        .addSuccess(Schema.Array(Wire.FieldPath))
        .annotate(OpenApi.Summary, "Every dotted field path of a schema (connector name, storage URI or `unified`)")
    )
) {}

const fieldsOf = (schema: Connector.NativeSchema, onlyPrefilterable: boolean) =>
  Metadata.exportModelFields(schema, { onlyPrefilterable }).map((f) => ({ ...f }))

const schemaFor = (connector: string, resource: Resource): Effect.Effect<Connector.NativeSchema, Errors.ApiError, Registry.Registry> =>
  connector === "unified" ? Effect.succeed(Unified.schemaFor(resource)) : Effect.map(Prepare.schemasOf(connector, "connector"), (s) => s[resource])

/** The handlers (need the registry). */
export const layer = Group.handlers(ConnectorsGroup, (handlers) =>
  handlers
    .handle("list", () =>
      Effect.map(Registry.Registry, (registry) =>
        registry.list().map((f) => ({
          name: f.name,
          label: f.label,
          warehouse_type: f.warehouseType,
          ...(f.description !== undefined ? { description: f.description } : {}),
          ...(f.api !== undefined ? { api: f.api } : {}),
          auth_keys: f.authKeys.map((k) => ({ ...k }))
        }))
      )
    )
    .handle("unifiedSchema", ({ path }) => Effect.succeed(fieldsOf(Unified.schemaFor(path.resource), false)))
    .handle("schema", ({ path, urlParams }) =>
      Effect.map(schemaFor(path.connector, path.resource), (schema) => fieldsOf(schema, urlParams.only_prefilterable ?? false))
    )
    .handle("fields", ({ path }) => Effect.map(schemaFor(path.connector, path.resource), (schema) => Metadata.fieldPaths(schema).map((p) => ({ ...p }))))
)
