/**
 * The README's 30-second example: pull jobs from Warehouse A (an ATS, API key) into Warehouse B (a
 * CRM, bearer token) with a WHERE pushed down to A, a HAVING applied in memory, and a field mapping.
 *
 * Endpoints and secrets come from the environment (the variables the registry documents):
 * HRTECH_ETL_WAREHOUSE_A_BASE_URL, HRTECH_ETL_WAREHOUSE_A_API_KEY, HRTECH_ETL_WAREHOUSE_B_BASE_URL,
 * HRTECH_ETL_WAREHOUSE_B_TOKEN. The tests run `program` against the fake servers.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import { fileURLToPath } from "node:url"
import { Cursor, Pipeline, Prefilter } from "hrtech-etl"
import * as WarehouseA from "hrtech-etl/connectors/warehouse_a"
import * as WarehouseB from "hrtech-etl/connectors/warehouse_b"

/** One pull run; returns the cursor to resume from and the counters. */
export const program = Effect.gen(function* () {
  const origin = yield* WarehouseA.make({
    base_url: yield* Config.string("HRTECH_ETL_WAREHOUSE_A_BASE_URL"),
    api_key: yield* Config.redacted("HRTECH_ETL_WAREHOUSE_A_API_KEY"),
    header_name: "X-API-Key",
    extra_headers: { "X-Tenant-ID": "tenant-123" }
  })
  const target = yield* WarehouseB.make({
    base_url: yield* Config.string("HRTECH_ETL_WAREHOUSE_B_BASE_URL"),
    token: yield* Config.redacted("HRTECH_ETL_WAREHOUSE_B_TOKEN")
  })

  // WHERE: field names are checked at compile time, operators and values against A's metadata;
  // A receives them as query parameters (`keywords`, `board_keys`, `created_at_min`).
  const where = yield* Prefilter.all([
    Prefilter(WarehouseA.WarehouseAJob, "title").contains("engineer"),
    Prefilter(WarehouseA.WarehouseAJob, "board_key").in(["board-1", "board-2"]),
    Prefilter(WarehouseA.WarehouseAJob, "created_at").gte(new Date("2024-01-01T00:00:00Z"))
  ])

  const { cursor, stats } = yield* Pipeline.pull({
    resource: "job",
    origin,
    target,
    // From scratch; pass the previous run's `Cursor.resumeFrom(cursor)` to continue where it ended.
    cursor: Cursor.make("updated_at"),
    where,
    // HAVING: any field, any operator, applied in memory to A's records.
    having: [{ field: "salary_min", op: "gte", value: 50000 }],
    // A mapping from A's fields to B's (dotted paths allowed); omit it to go through the unified model.
    formatter: [
      { from: "job_id", to: "id" },
      { from: "title", to: "name" },
      { from: "description", to: "summary" },
      { from: "skills", to: "tags" },
      { from: "salary_min", to: "compensation.min" },
      { from: "created_at", to: "created" },
      { from: "updated_at", to: "modified" }
    ],
    batchSize: 500
  })
  yield* Effect.logInfo(`wrote ${stats.written} of ${stats.read} jobs; next run resumes from ${cursor.end}`)
  return { cursor, stats }
})

if (process.argv[1] === fileURLToPath(import.meta.url)) NodeRuntime.runMain(Effect.scoped(program))
