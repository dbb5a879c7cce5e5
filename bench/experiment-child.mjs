/**
 * One experiment measurement (run by experiments.mjs with HRTECH_BENCH_DIST pointing at a patched
 * build): CPU cost of a pull, of an HTTP pull, B3 overlap, and SQLite writes. Prints one JSON line.
 */
import * as Effect from "effect/Effect"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { httpOrigin, slowTarget, unifiedSchemas } from "./connectors.mjs"
import { Connector, Cursor, Pipeline, importDist, settle, summary, timeAsync } from "./lib.mjs"
import { formatByHand, having, jobs, mapping } from "./records.mjs"
import { Sql, removeDb, runScoped } from "./sql.mjs"

const { Memory } = await importDist("testing/index.js")
const { values } = parseArgs({ options: { base: { type: "string" }, runs: { type: "string", default: "5" } } })
const runs = Number(values.runs)
const N = 20_000
const records = JSON.parse(JSON.stringify(jobs(0, N)))
const options = (origin, target, batchSize = 1000) => ({
  resource: "job", origin, target, cursor: Cursor.make("updated_at"), having, formatter: mapping, batchSize
})
const memoryOrigin = Connector.fromAsyncIterable({
  name: "in-memory-pages",
  schemas: unifiedSchemas,
  read: async function* () {
    for (let i = 0; i < records.length; i += 1000) yield records.slice(i, i + 1000)
  }
})
const rows = records.map(formatByHand)
const db = join(tmpdir(), `hrtech-bench-exp-${process.pid}.db`)

const measures = {
  /** CPU µs per record of a pull from in-memory pages to the Memory connector. */
  pullCpu: async () => ((await timeAsync(() => Pipeline.runPull(options(memoryOrigin, Memory.make())))).cpu * 1000) / N,
  /** Client CPU µs per record of a pull over HTTP into the Memory connector (B1's framework side). */
  httpPullCpu: async () => ((await timeAsync(() => Pipeline.runPull(options(httpOrigin(values.base, { total: N }), Memory.make())))).cpu * 1000) / N,
  /** B3 wall ms: 20 ms per page and per batch, pages of 1000. */
  overlap1000: async () => (await timeAsync(() => Pipeline.runPull(options(httpOrigin(values.base, { total: N, latency: 20 }), slowTarget(20))))).ms,
  /** B3 wall ms: pages and batches of 100. */
  overlap100: async () => (await timeAsync(() => Pipeline.runPull(options(httpOrigin(values.base, { total: 5000, limit: 100, latency: 20 }), slowTarget(20), 100)))).ms,
  /** CPU µs per record of SQL connector writes (insert pass) into a new SQLite file. */
  sqliteWriteCpu: async () => {
    removeDb(db)
    const us = await runScoped(
      Effect.gen(function* () {
        const target = yield* Sql.makeFromUri(`sqlite:${db}`)
        const cpu = process.cpuUsage()
        for (let i = 0; i < rows.length; i += 1000) yield* target.write("job", rows.slice(i, i + 1000))
        const used = process.cpuUsage(cpu)
        return (used.user + used.system) / rows.length
      })
    )
    removeDb(db)
    return us
  }
}

const out = {}
for (const [name, f] of Object.entries(measures)) {
  await f() // warm-up
  const samples = []
  for (let i = 0; i < runs; i++) {
    await settle()
    samples.push(await f())
  }
  out[name] = summary(samples)
}
process.stdout.write(JSON.stringify(out) + "\n")
