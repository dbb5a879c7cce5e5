import * as Effect from "effect/Effect"
import * as Connector from "../../src/core/Connector.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Unified from "../../src/core/Unified.js"
import * as Memory from "../../src/testing/Memory.js"
import { describeConformance } from "../../src/testing/Vitest.js"

const record = (i: number, at: string) => ({
  id: `job-${String(i).padStart(4, "0")}`,
  name: `Engineer ${i}`,
  status: i % 2 === 0 ? "open" : "closed",
  updated_at: at
})

describeConformance({
  name: "memory",
  resource: "job",
  setup: (records) => Effect.sync(() => Memory.make({ seed: { job: records as Array<Connector.NativeRecord> }, pageSize: 10 })),
  record,
  pushdown: [
    { field: "status", op: "eq", value: "open" },
    { field: "id", op: "in", value: ["job-0001", "job-0003"] }
  ],
  invalidRecord: { id: "broken", name: 42, updated_at: "2024-01-01T00:00:00Z" }
})

/** A connector written as async generators: keyset pages over an array, as a vendor SDK would page. */
const asyncConnector = (rows: Array<Connector.NativeRecord>) => {
  const schemas = { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile }
  return Connector.fromAsyncIterable({
    name: "async-generators",
    schemas,
    read: async function* (_resource, options) {
      const sorted = [...rows].sort((a, b) => {
        const c = Cursor.compareValues(String(a.updated_at), String(b.updated_at))
        return (options.cursor.sort_by === "asc" ? 1 : -1) * (c !== 0 ? c : String(a.id) < String(b.id) ? -1 : 1)
      })
      const start = options.cursor.start
      const inRange = sorted.filter((r) => !start || !Cursor.isBeforeStart(options.cursor.sort_by, String(r.updated_at), start))
      for (let i = 0; i < inRange.length; i += 7) {
        await new Promise((resolve) => setImmediate(resolve))
        yield inRange.slice(i, i + 7)
      }
    },
    write: async (_resource, batch) =>
      batch.map((r) => {
        const existed = rows.some((x) => x.id === r.id)
        if (!existed) rows.push(r)
        return existed ? Connector.Outcome.updated(String(r.id)) : Connector.Outcome.created(String(r.id))
      })
  })
}

describeConformance({
  name: "async generators",
  resource: "job",
  pageSize: 7,
  setup: (records) => Effect.sync(() => asyncConnector([...(records as Array<Connector.NativeRecord>)])),
  record,
  invalidRecord: { id: "broken", updated_at: "2024-01-01T00:00:00Z" }
})
