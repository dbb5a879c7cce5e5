/**
 * The original's config runners (`run_resource_pull_from_config` / `..._push_...`), as Promises: one
 * snake_case object with the keys of `--config` files and of the HTTP bodies. Connectors are named
 * (`warehouse_a`) or storage URIs (`file:jobs.jsonl`, `sqlite:jobs.db`); `state` keeps the cursor.
 */
import { runPull, runPush } from "hrtech-etl"
import { fileURLToPath } from "node:url"

/** Connector auth payloads (`origin_auth` / `target_auth`); each key can also come from its env var. */
export interface Auth {
  readonly warehouseA: { readonly base_url: string; readonly api_key: string }
  readonly warehouseB: { readonly base_url: string; readonly token: string }
}

export const main = async (auth: Auth, state: string) => {
  const pulled = await runPull({
    resource: "job",
    origin: "warehouse_a",
    origin_auth: auth.warehouseA,
    target: "warehouse_b",
    target_auth: auth.warehouseB,
    cursor_mode: "updated_at",
    cursor_sort_by: "asc",
    where: [{ field: "title", op: "contains", value: "engineer" }],
    having: [{ field: "status", op: "eq", value: "open" }],
    batch_size: 1000,
    dry_run: false,
    state
  })
  const pushed = await runPush({
    resource: "job",
    origin: "warehouse_a",
    origin_auth: auth.warehouseA,
    target: "warehouse_b",
    target_auth: auth.warehouseB,
    mode: "events",
    events: [{ type: "updated", resource_id: "job-00" }]
  })
  return { pulled, pushed }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = (name: string) => process.env[name] ?? ""
  main(
    {
      warehouseA: { base_url: env("HRTECH_ETL_WAREHOUSE_A_BASE_URL"), api_key: env("HRTECH_ETL_WAREHOUSE_A_API_KEY") },
      warehouseB: { base_url: env("HRTECH_ETL_WAREHOUSE_B_BASE_URL"), token: env("HRTECH_ETL_WAREHOUSE_B_TOKEN") }
    },
    "state.db"
  ).then(({ pulled, pushed }) => console.log(pulled.stats.written, pushed.total_resources_pushed))
}
