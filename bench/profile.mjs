/**
 * Where the time goes, by function: runs one workload under the V8 sampling profiler and prints the
 * functions with the most self time.
 *   node bench/profile.mjs pull   [records] [top]   Pipeline.pull, in-memory pages → Memory connector
 *   node bench/profile.mjs sqlite [records] [top]   SQL connector `write` into a SQLite file
 *   node bench/profile.mjs pg     [records] [top]   SQL connector `write` into PostgreSQL
 */
import * as Effect from "effect/Effect"
import { Session } from "node:inspector/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { unifiedSchemas } from "./connectors.mjs"
import { Connector, Cursor, Pipeline, importDist } from "./lib.mjs"
import { formatByHand, having, jobs, mapping } from "./records.mjs"

const [mode = "pull", count = "50000", top = "30"] = process.argv.slice(2)
const total = Number(count)
const records = JSON.parse(JSON.stringify(jobs(0, total)))

const workloads = {
  pull: async () => {
    const { Memory } = await importDist("testing/index.js")
    const origin = Connector.fromAsyncIterable({
      name: "in-memory-pages",
      schemas: unifiedSchemas,
      read: async function* () {
        for (let i = 0; i < records.length; i += 1000) yield records.slice(i, i + 1000)
      }
    })
    return () => Pipeline.runPull({ resource: "job", origin, target: Memory.make(), cursor: Cursor.make("updated_at"), having, formatter: mapping })
  },
  sqlite: async () => sqlWrite((n) => `sqlite:${join(tmpdir(), `hrtech-bench-profile-${process.pid}-${n}.db`)}`, {}),
  pg: async () =>
    sqlWrite(() => process.env.HRTECH_ETL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test", { tablePrefix: `bench_profile_${process.pid}_` })
}

/** Writes the records in batches of 1000 through the SQL connector; a fresh database or table each time. */
const sqlWrite = async (uri, options) => {
  const { Sql, removeDb } = await import("./sql.mjs")
  const rows = records.map(formatByHand)
  let n = 0
  return () => {
    const target = uri(n++)
    return Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const connector = yield* Sql.makeFromUri(target, options)
          for (let i = 0; i < rows.length; i += 1000) yield* connector.write("job", rows.slice(i, i + 1000), { validated: true })
          if (!target.startsWith("sqlite:")) {
            const client = yield* Sql.Client.fromUri(target)
            const prefix = options.tablePrefix
            yield* client.unsafe(`DROP TABLE IF EXISTS "${prefix}jobs", "${prefix}profiles", "${prefix}migrations"`)
          }
        })
      )
    ).finally(() => target.startsWith("sqlite:") && removeDb(target.slice("sqlite:".length)))
  }
}

const work = await workloads[mode]()
await work() // warm-up
const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.setSamplingInterval", { interval: 100 })
await session.post("Profiler.start")
const start = performance.now()
await work()
const ms = performance.now() - start
const { profile } = await session.post("Profiler.stop")
const self = new Map()
const dt = (profile.endTime - profile.startTime) / profile.samples.length
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
for (const id of profile.samples) {
  const { callFrame: f } = byId.get(id)
  const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules|dist)\//, "$1/")}:${f.lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + dt)
}
const totalUs = [...self.values()].reduce((a, b) => a + b, 0)
console.log(`${mode} of ${total} records: ${ms.toFixed(0)} ms (${((ms * 1000) / total).toFixed(2)} µs/record, profiler on)`)
for (const [key, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / total).toFixed(2).padStart(6)} µs/rec  ${key}`)
}
