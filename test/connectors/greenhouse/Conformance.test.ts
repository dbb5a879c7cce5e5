import * as Effect from "effect/Effect"
import { describeConformance } from "../../../src/testing/Vitest.js"
import { candidate, job, setup } from "./Fixtures.js"

// Harvest cannot sort (both cursors are `sortable: false`), so the order checks do not apply; jobs are
// read-only and candidate ids are assigned by Greenhouse, so writes are covered by Greenhouse.test.ts.
for (const cursorMode of ["updated_at", "created_at"] as const) {
  describeConformance({
    name: `greenhouse by ${cursorMode}`,
    resource: "job",
    cursorMode,
    pageSize: 10,
    write: false,
    setup: (records) => Effect.map(setup("job", records), ({ connector }) => connector),
    record: job,
    pushdown: [
      { field: "status", op: "eq", value: "open" },
      { field: cursorMode, op: "gte", value: "2024-01-01T00:00:07Z" }
    ],
    invalidRecord: { id: 1, name: "No status", created_at: "2024-01-01T00:00:01Z", updated_at: "2024-01-01T00:00:01Z" }
  })

  describeConformance({
    name: `greenhouse by ${cursorMode}`,
    resource: "profile",
    cursorMode,
    pageSize: 10,
    write: false,
    setup: (records) => Effect.map(setup("profile", records), ({ connector }) => connector),
    record: candidate,
    pushdown: [{ field: cursorMode === "updated_at" ? "created_at" : "updated_at", op: "gte", value: "2024-01-01T00:00:07Z" }],
    invalidRecord: { id: 1, first_name: 42, last_name: "X", created_at: "2024-01-01T00:00:01Z", updated_at: "2024-01-01T00:00:01Z" }
  })
}
