/**
 * Experiment measurements for experiments.mjs: loads several builds side by side (`--dist` once per
 * variant, the first is the reference) and alternates them run by run, so that a busy or drifting host
 * affects every variant alike. Prints one JSON line: samples per measure per variant.
 */
import * as Effect from "effect/Effect"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { httpOrigin, slowTarget, unifiedSchemas } from "./connectors.mjs"
import { Connector, Cursor, settle, timeAsync } from "./lib.mjs"
import { formatByHand, having, jobs, mapping } from "./records.mjs"
import { removeDb, runScoped } from "./sql.mjs"

const { values } = parseArgs({
  options: { base: { type: "string" }, runs: { type: "string", default: "5" }, dist: { type: "string", multiple: true } }
})
const runs = Number(values.runs)
const N = 20_000
const records = JSON.parse(JSON.stringify(jobs(0, N)))
const rows = records.map(formatByHand)
const db = join(tmpdir(), `hrtech-bench-exp-${process.pid}.db`)
const memoryOrigin = Connector.fromAsyncIterable({
  name: "in-memory-pages",
  schemas: unifiedSchemas,
  read: async function* () {
    for (let i = 0; i < records.length; i += 1000) yield records.slice(i, i + 1000)
  }
})

const load = async (dir) => {
  const at = (path) => import(pathToFileURL(join(dir, path)).href)
  return { Pipeline: await at("core/Pipeline.js"), Memory: (await at("testing/index.js")).Memory, Sql: await at("connectors/sql/index.js") }
}
const builds = await Promise.all(values.dist.map(load))

const options = (origin, target, batchSize = 1000) => ({
  resource: "job",
  origin,
  target,
  cursor: Cursor.make("updated_at"),
  having,
  formatter: mapping,
  batchSize
})
const cpuPerRecord = async (n, f) => ((await timeAsync(f)).cpu * 1000) / n

const measures = {
  pullCpu: ({ Pipeline, Memory }) => cpuPerRecord(N, () => Pipeline.runPull(options(memoryOrigin, Memory.make()))),
  httpPullCpu: ({ Pipeline, Memory }) => cpuPerRecord(N, () => Pipeline.runPull(options(httpOrigin(values.base, { total: N }), Memory.make()))),
  overlap1000: async ({ Pipeline }) =>
    (await timeAsync(() => Pipeline.runPull(options(httpOrigin(values.base, { total: N, latency: 20 }), slowTarget(20))))).ms,
  overlap100: async ({ Pipeline }) =>
    (await timeAsync(() => Pipeline.runPull(options(httpOrigin(values.base, { total: 5000, limit: 100, latency: 20 }), slowTarget(20), 100)))).ms,
  sqliteWriteCpu: async ({ Sql }) => {
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

const out = Object.fromEntries(Object.keys(measures).map((m) => [m, builds.map(() => [])]))
for (const [name, measure] of Object.entries(measures)) {
  for (const build of builds) await measure(build) // warm-up
  for (let run = 0; run < runs; run++) {
    // Rotate the order each run so no variant always runs first.
    for (let k = 0; k < builds.length; k++) {
      const i = (k + run) % builds.length
      await settle()
      out[name][i].push(await measure(builds[i]))
    }
  }
}
process.stdout.write(JSON.stringify(out) + "\n")
