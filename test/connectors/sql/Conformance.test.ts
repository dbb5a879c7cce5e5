import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Sql from "../../../src/connectors/sql/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import { engines, postgresSkipReason, rawClient } from "./Engines.js"

const record = (i: number, at: string): Connector.NativeRecord => ({
  id: `job-${String(i).padStart(4, "0")}`,
  name: `Engineer ${i}`,
  status: i % 3 === 0 ? "closed" : "open",
  company: i % 2 === 0 ? "Acme" : "Globex",
  updated_at: at
})

for (const engine of engines) {
  describeConformance({
    name: `sql (${engine.name})`,
    resource: "job",
    setup: (records) =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* engine.fresh
        const connector = yield* Sql.makeFromUri(uri, { tablePrefix: prefix })
        const valid = records.filter((r): r is Connector.NativeRecord => (r as { id?: unknown }).id !== "broken")
        yield* connector.write("job", valid)
        // A row edited by hand so that it no longer matches the schema, as an outside writer could leave it.
        const broken = records.find((r) => (r as { id?: unknown }).id === "broken") as Connector.NativeRecord | undefined
        if (broken) {
          const raw = yield* rawClient(uri)
          yield* raw`INSERT INTO ${raw(`${prefix}jobs`)} ${raw.insert({
            id: "broken",
            updated_at: new Date(String(broken.updated_at)).toISOString(),
            data: JSON.stringify(broken)
          })}`
        }
        return connector
      }),
    record,
    pushdown: [
      { field: "status", op: "eq", value: "open" },
      { field: "status", op: "in", value: ["closed"] },
      { field: "company", op: "ne", value: "Acme" },
      { field: "name", op: "contains", value: "1" },
      { field: "name", op: "starts_with", value: "Engineer 2" },
      { field: "id", op: "not_in", value: ["job-0001", "job-0002"] },
      { field: "updated_at", op: "gte", value: "2024-01-01T00:00:05Z" },
      { field: "updated_at", op: "lt", value: "2024-01-01T02:00:07+02:00" }
    ],
    invalidRecord: { id: "broken", name: 42, updated_at: "2024-01-01T00:00:01.500Z" }
  })
}

if (postgresSkipReason) {
  describe("conformance: sql (postgres) (job)", () => {
    it.skip(`skipped: ${postgresSkipReason}`, () => {})
  })
}
