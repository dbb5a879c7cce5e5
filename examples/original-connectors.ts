/**
 * The original project's quick start, "Instantiate connectors": Warehouse A (API key in `X-API-Key`,
 * a tenant header) as origin, Warehouse B (bearer token) as target. URLs and secrets come from the
 * connectors' environment variables; the `original-*` examples share this.
 */
import { Config, Effect } from "effect"
import * as WarehouseA from "hrtech-etl/connectors/warehouse_a"
import * as WarehouseB from "hrtech-etl/connectors/warehouse_b"

/** `origin` and `target`, built in a scope that owns their HTTP clients. */
export const connectors = Effect.gen(function* () {
  const origin = yield* WarehouseA.make({
    base_url: yield* Config.string("HRTECH_ETL_WAREHOUSE_A_BASE_URL"),
    header_name: "X-API-Key",
    api_key: yield* Config.redacted("HRTECH_ETL_WAREHOUSE_A_API_KEY"),
    extra_headers: { "X-Tenant-ID": "tenant-123" }
  })
  const target = yield* WarehouseB.make({
    base_url: yield* Config.string("HRTECH_ETL_WAREHOUSE_B_BASE_URL"),
    token: yield* Config.redacted("HRTECH_ETL_WAREHOUSE_B_TOKEN")
  })
  return { origin, target }
})
