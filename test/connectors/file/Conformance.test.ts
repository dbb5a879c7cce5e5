import * as Effect from "effect/Effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import * as File from "../../../src/connectors/file/index.js"
import type * as Connector from "../../../src/core/Connector.js"
import { describeConformance } from "../../../src/testing/Vitest.js"
import { tempDir } from "../sql/Engines.js"

const record = (i: number, at: string): Connector.NativeRecord => ({
  id: `job-${String(i).padStart(4, "0")}`,
  name: `Engineer ${i}`,
  status: i % 2 === 0 ? "open" : "closed",
  updated_at: at
})

for (const extension of ["jsonl", "jsonl.gz"] as const) {
  describeConformance({
    name: `file (${extension})`,
    resource: "job",
    setup: (records) =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, `jobs.${extension}`)
        const text = records.map((r) => JSON.stringify(r)).join("\n")
        const { gzipSync } = yield* Effect.promise(() => import("node:zlib"))
        writeFileSync(path, extension.endsWith(".gz") ? gzipSync(text) : text)
        return yield* File.makeFromUri(`file:${path}`)
      }),
    record,
    // A file is a log: writing the same records twice appends them twice, so the suite's
    // read-your-writes round trip does not apply; FileConnector.test.ts covers writing.
    write: false,
    invalidRecord: { id: "broken", name: 42, updated_at: "2024-01-01T00:00:01.500Z" }
  })
}
