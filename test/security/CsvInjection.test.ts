/**
 * CSV outputs neutralise formula injection (OWASP): no cell of a written file starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return, and the file still reads back to the same records.
 */
import { describe, expect, it } from "@effect/vitest"
import { parse } from "csv-parse/sync"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as File from "../../src/connectors/file/index.js"

const hostile = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]

describe("CSV formula injection", () => {
  it.scoped("hostile text is written so that no cell starts with a formula trigger, and reads back unchanged", () =>
    Effect.gen(function* () {
      const path = join(mkdtempSync(join(tmpdir(), "hrtech-csv-")), "jobs.csv")
      const records = hostile.map((name, i) => ({ id: `j${i}`, name, company: name }))
      yield* Effect.scoped(Effect.flatMap(File.makeFromUri(`file:${path}`), (connector) => connector.write("job", records)))
      const rows: Array<Array<string>> = parse(readFileSync(path, "utf8"), { relax_column_count: true })
      const cells = rows.slice(1).flat()
      expect(cells.length).toBeGreaterThan(hostile.length)
      for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/)
      const read = yield* Effect.scoped(
        Effect.flatMap(File.makeFromUri(`file:${path}`), (connector) =>
          Stream.runCollect(connector.read("job", { cursor: { mode: "id", start: null, sort_by: "asc" }, where: [], batchSize: 100 }))
        )
      )
      const back = Chunk.toReadonlyArray(read) as ReadonlyArray<Record<string, unknown>>
      expect(back.map((r) => [r.id, r.name, r.company])).toEqual(records.map((r) => [r.id, r.name, r.company]))
    })
  )
})
