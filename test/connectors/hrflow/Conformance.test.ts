import { describeConformance } from "../../../src/testing/Vitest.js"
import { job, profile, setup } from "./Fixtures.js"
import * as Effect from "effect/Effect"

// HrFlow assigns every key itself, so the suite's "write these records, read the same ids back" check
// cannot hold; writes are covered by HrFlow.test.ts (create-or-update by reference, archive).
const common = { pageSize: 10, write: false } as const

const pushdown = [
  { field: "created_at", op: "gte", value: "2024-01-01T00:00:07Z" },
  { field: "created_at", op: "lte", value: "2024-01-01T00:00:12Z" }
] as const

for (const cursorMode of ["updated_at", "created_at"] as const) {
  describeConformance({
    ...common,
    name: `hrflow by ${cursorMode}`,
    resource: "job",
    cursorMode,
    setup: (records) => Effect.map(setup("job", records), ({ connector }) => connector),
    record: job,
    pushdown,
    invalidRecord: { key: "broken", name: 42, created_at: "2024-01-01T00:00:01+0000", updated_at: "2024-01-01T00:00:01+0000" }
  })

  describeConformance({
    ...common,
    name: `hrflow by ${cursorMode}`,
    resource: "profile",
    cursorMode,
    setup: (records) => Effect.map(setup("profile", records), ({ connector }) => connector),
    record: profile,
    pushdown,
    invalidRecord: { key: "broken", info: "not an object", created_at: "2024-01-01T00:00:01+0000", updated_at: "2024-01-01T00:00:01+0000" }
  })
}
