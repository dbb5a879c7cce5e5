/**
 * Resources and warehouse kinds: the two things hrtech-etl moves and the systems it moves them between.
 */
import * as Schema from "effect/Schema"

/** The kind of record a pipeline moves: `job` or `profile` (a candidate). */
export const Resource = Schema.Literal("job", "profile").annotations({ identifier: "Resource" })
/** @see Resource */
export type Resource = typeof Resource.Type

/** All resources, in a stable order. */
export const resources: ReadonlyArray<Resource> = ["job", "profile"]

/** The kind of system a connector talks to. */
export const WarehouseType = Schema.Literal("ats", "crm", "jobboard", "hcm", "customers", "database", "file").annotations({ identifier: "WarehouseType" })
/** @see WarehouseType */
export type WarehouseType = typeof WarehouseType.Type
