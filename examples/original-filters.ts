/**
 * The original's "Prefilters (WHERE) & Postfilters (HAVING)" (2.5): WHERE conditions built against
 * Warehouse A's native job schema (field names checked at compile time, operators against its
 * metadata) and sent to Warehouse A as query parameters; HAVING conditions on any field, in memory.
 * No formatter: records go native → unified → native.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import { type Condition, Cursor, Pipeline, Prefilter } from "hrtech-etl"
import { WarehouseAJob } from "hrtech-etl/connectors/warehouse_a"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

export const program = Effect.gen(function* () {
  const { origin, target } = yield* connectors

  const prefilters = yield* Prefilter.all([
    Prefilter(WarehouseAJob, "title").contains("engineer"),
    Prefilter(WarehouseAJob, "created_at").gte(new Date(Date.UTC(2024, 0, 1)))
  ])
  const postfilters: ReadonlyArray<Condition.Condition> = [{ field: "title", op: "contains", value: "Senior" }]

  const cursor = Cursor.make("updated_at", { start: null, sortBy: "asc" })
  return yield* Pipeline.pull({ resource: "job", origin, target, cursor, where: prefilters, having: postfilters })
})

if (process.argv[1] === fileURLToPath(import.meta.url)) NodeRuntime.runMain(Effect.scoped(program))
