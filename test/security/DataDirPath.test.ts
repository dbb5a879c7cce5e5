/**
 * The server's data directory stays the server's business: URIs of requests are opened inside it,
 * but what a run writes (records, pipeline ids) and answers names them as the caller wrote them.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as Harness from "../server/Harness.js"

describe("data directory path", () => {
  it.scopedLive("a pull between file: URIs writes no absolute data-dir path into records or answers", () =>
    Effect.gen(function* () {
      const server = yield* Harness.start()
      const jobs = Array.from({ length: 3 }, (_, i) => JSON.stringify(Harness.job(i))).join("\n")
      writeFileSync(join(server.dataDir, "in.jsonl"), `${jobs}\n`)
      const pull = yield* server.post("/api/run/pull", { resource: "job", origin: "file:in.jsonl", target: "file:out.jsonl" })
      expect(pull.status, pull.text).toBe(200)
      expect(pull.json.stats.written).toBe(3)
      const output = readFileSync(join(server.dataDir, "out.jsonl"), "utf8")
      expect(output).not.toContain(server.dataDir)
      expect(pull.text).not.toContain(server.dataDir)
    })
  )
})
