/**
 * A/B experiments behind the recommendations in RESULTS.md: each variant is a copy of dist/ with one
 * proposed source change applied to the compiled JS (the sources are not touched), measured by
 * experiment-child.mjs against the unpatched build in interleaved rounds. Writes bench/EXPERIMENTS.md.
 *   node bench/experiments.mjs [--rounds 3] [--runs 5]
 */
import { execFile } from "node:child_process"
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { fmt, load, machine, summary, table } from "./lib.mjs"
import { start } from "./server.mjs"

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    runs: { type: "string", default: "5" },
    "b2-total": { type: "string", default: "400000" },
    "skip-b2": { type: "boolean", default: false },
    "skip-pg": { type: "boolean", default: false },
    "skip-variants": { type: "boolean", default: false }
  }
})
const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const dist = here("../dist")

/** Proposed changes, as exact replacements in compiled files (a missing pattern marks the variant stale). */
const patches = {
  "cursor-compare": {
    what: "`Cursor.compareValues`: compare two canonical UTC ISO strings of equal length as text (same order as parsing both; the pipeline compares every record's cursor value 3–4 times)",
    file: "core/Cursor.js",
    find: "export const compareValues = (a, b) => {\n",
    replace:
      "const canonicalUtc = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$/;\nexport const compareValues = (a, b) => {\n    if (a.length === b.length && canonicalUtc.test(a) && canonicalUtc.test(b))\n        return a < b ? -1 : a > b ? 1 : 0;\n"
  },
  "page-read-ahead": {
    what: "`Pipeline.pullStream`: `Stream.bufferChunks({ capacity: 1 })` right after `origin.read(...)`, so the next page is fetched while the current one is decoded",
    file: "core/Pipeline.js",
    find: "origin.read(resource, readOptions).pipe(Stream.mapChunks(toItems),",
    replace: "origin.read(resource, readOptions).pipe(Stream.bufferChunks({ capacity: 1 }), Stream.mapChunks(toItems),"
  },
  "memory-idof": {
    what: "`Memory.write` (testing): build `Connector.idOf(self, resource)` once per batch instead of once per record",
    file: "testing/Memory.js",
    find: "const id = Connector.idOf(self, resource)(record) ?? String(record[key]);",
    replace: "const id = (this_idOf ??= Connector.idOf(self, resource))(record) ?? String(record[key]);",
    extra: { find: "write: (resource, batch) => Effect.sync(() => {", replace: "write: (resource, batch) => Effect.sync(() => {\n            let this_idOf;" }
  },
  "sql-instant-fast": {
    what: "`Tables.normaliseInstant`: return a value already in canonical UTC form (`YYYY-MM-DDTHH:MM:SS.sssZ`) as is instead of parse + toISOString",
    file: "connectors/sql/Tables.js",
    find: "export const normaliseInstant = (value) => {\n",
    replace:
      "export const normaliseInstant = (value) => {\n    if (value.length === 24 && /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)))\n        return value;\n"
  },
  "sql-no-select": {
    what: "SQL connector `write`: skip the `SELECT id … IN (…)` that tells created from updated (evidence only: its cost; every outcome becomes `created`)",
    file: "connectors/sql/Connector.js",
    find: "const found = yield* selectIds(resource, [...rows.keys()]);",
    replace: "const found = new Set();"
  },
  "sql-no-revalidate": {
    what: "SQL connector `write`: skip the per-record `SqlJob` validation (evidence only: what the third validation costs when the pipeline has already validated against the same schema)",
    file: "connectors/sql/Connector.js",
    find: "const decoded = decode(record);",
    replace: "const decoded = Either.right(record);"
  }
}

const apply = (name, patch) => {
  // Inside the repository, so that the copy resolves the same node_modules.
  const dir = here(`./out/exp-${process.pid}-${name}`)
  rmSync(dir, { recursive: true, force: true })
  cpSync(dist, dir, { recursive: true })
  const steps = Array.isArray(patch) ? patch : [patch]
  for (const step of steps) {
    for (const { file, find, replace } of [step, ...(step.extra ? [{ ...step.extra, file: step.file }] : [])]) {
      const path = join(dir, file)
      const text = readFileSync(path, "utf8")
      if (!text.includes(find)) return { dir, stale: `pattern not found in dist/${file}` }
      writeFileSync(path, text.replace(find, replace))
    }
  }
  return { dir }
}

const server = await start()
const variants = { baseline: { dir: dist }, ...Object.fromEntries(Object.entries(patches).map(([k, p]) => [k, apply(k, p)])) }
// The changes that keep behaviour (the two "evidence only" ones change what write does).
variants["all behaviour-preserving"] = apply(
  "combined",
  Object.entries(patches)
    .filter(([k]) => k !== "sql-no-revalidate" && k !== "sql-no-select")
    .map(([, p]) => p)
)
const live = Object.entries(variants).filter(([, v]) => !v.stale)
const loads = [load().load1]
// samples[measure][variant] = every run's value; ratios[measure][variant] = value / the baseline's in the same run.
const samples = {}
const ratios = {}
for (let round = 1; round <= (values["skip-variants"] ? 0 : Number(values.rounds)); round++) {
  const result = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [here("./experiment-child.mjs"), "--base", server.url, "--runs", values.runs, ...live.flatMap(([, v]) => ["--dist", v.dir])],
      { maxBuffer: 64 * 2 ** 20 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout)))
    )
  )
  for (const [measure, perVariant] of Object.entries(result)) {
    samples[measure] ??= {}
    ratios[measure] ??= {}
    live.forEach(([name], i) => {
      samples[measure][name] = [...(samples[measure][name] ?? []), ...perVariant[i]]
      ratios[measure][name] = [...(ratios[measure][name] ?? []), ...perVariant[i].map((v, run) => v / perVariant[0][run])]
    })
  }
  loads.push(load().load1)
  process.stderr.write(`experiments round ${round}/${values.rounds} done\n`)
}

// B2 under V8 heap flags: the same child as B2, so the figures compare with RESULTS.md.
const b2Flags = {
  "defaults (as in B2)": [],
  "--max-old-space-size=96": ["--max-old-space-size=96"],
  "--max-old-space-size=64": ["--max-old-space-size=64"],
  "--max-semi-space-size=4": ["--max-semi-space-size=4"]
}
const b2Total = Number(values["b2-total"])
const b2Out = join(tmpdir(), `hrtech-bench-exp-${process.pid}.jsonl`)
const b2 = Object.fromEntries(Object.keys(b2Flags).map((k) => [k, []]))
for (let round = 1; round <= (values["skip-b2"] ? 0 : Number(values.rounds)); round++) {
  for (const [name, flags] of Object.entries(b2Flags)) {
    const r = await new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        [...flags, here("./b2-child.mjs"), "--base", server.url, "--total", String(b2Total), "--out", b2Out],
        { maxBuffer: 64 * 2 ** 20 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout)))
      )
    )
    const late = r.samples.filter((x) => x.read >= 0.5 * b2Total)
    b2[name].push({
      peak: Math.max(...r.samples.map((x) => x.rss)) / 2 ** 20,
      late: Math.max(...late.map((x) => x.rss)) / 2 ** 20,
      rate: r.read / (r.ms / 1000),
      cpu: 0
    })
    process.stderr.write(`experiments round ${round}: B2 ${name} done\n`)
  }
}
rmSync(b2Out, { force: true })
await server.close()

// PostgreSQL statement shapes, straight on the `pg` driver (what @effect/sql-pg runs underneath):
// the connector's 500-row multi-VALUES upsert, smaller statements, named (server-side prepared)
// statements, and one unnest() statement per batch. Same rows (Tables.toRow), one transaction per 1000.
const pgShapes = []
let pgError
if (!values["skip-pg"]) {
  const { default: pg } = await import("pg")
  const { Sql } = await import("./sql.mjs")
  const client = new pg.Client({ connectionString: process.env.HRTECH_ETL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test" })
  try {
    await client.connect()
  } catch (e) {
    pgError = String(e?.message ?? e)
  }
  if (!pgError) {
    const table = `bench_exp_${process.pid}`
    try {
      const columns = Sql.Tables.rowColumns("job")
      await client.query(
        `CREATE TABLE ${table} (${columns.map((c) => `"${c}" ${c.endsWith("__num") ? "DOUBLE PRECISION" : `TEXT COLLATE "C"`}${c === "id" ? " PRIMARY KEY" : ""}`).join(", ")})`
      )
      await client.query(`CREATE INDEX ON ${table} ("created_at", "id")`)
      await client.query(`CREATE INDEX ON ${table} ("updated_at", "id")`)
      const { formatByHand, jobs } = await import("./records.mjs")
      const rows = jobs(0, 20_000)
        .map(formatByHand)
        .map((r) => Sql.Tables.toRow("job", r).row)
      const set = columns
        .filter((c) => c !== "id")
        .map((c) => `"${c}" = excluded."${c}"`)
        .join(", ")
      const names = columns.map((c) => `"${c}"`).join(", ")
      const multi = (n) =>
        `INSERT INTO ${table} (${names}) VALUES ${Array.from({ length: n }, (_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(", ")})`).join(", ")} ON CONFLICT ("id") DO UPDATE SET ${set}`
      const unnest = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.endsWith("__num") ? "float8" : "text"}[]`).join(", ")}) ON CONFLICT ("id") DO UPDATE SET ${set}`
      const shapes = [
        ["500 rows per statement (as the connector), unnamed", 500, false, false],
        ["100 rows per statement, unnamed", 100, false, false],
        ["500 rows per statement, named (prepared once, reused)", 500, true, false],
        ["100 rows per statement, named (prepared once, reused)", 100, true, false],
        ["1000 rows in one unnest() statement, unnamed", 1000, false, true],
        ["1000 rows in one unnest() statement, named", 1000, true, true]
      ]
      const results = Object.fromEntries(shapes.map(([label]) => [label, { insert: [], update: [], cpu: [] }]))
      for (let round = 0; round < Number(values.rounds); round++) {
        for (const [label, size, named, isUnnest] of shapes) {
          const text = isUnnest ? unnest : multi(size)
          for (const pass of ["insert", "update"]) {
            if (pass === "insert") await client.query(`TRUNCATE ${table}`)
            const cpu = process.cpuUsage()
            const start = performance.now()
            for (let i = 0; i < rows.length; i += 1000) {
              await client.query("BEGIN")
              for (let k = i; k < i + 1000; k += size) {
                const part = rows.slice(k, k + size)
                const params = isUnnest ? columns.map((c) => part.map((r) => r[c])) : part.flatMap((r) => columns.map((c) => r[c]))
                await client.query(named ? { name: `bench_${size}_${isUnnest ? "unnest" : "values"}`, text, values: params } : { text, values: params })
              }
              await client.query("COMMIT")
            }
            const used = process.cpuUsage(cpu)
            results[label][pass].push(rows.length / ((performance.now() - start) / 1000))
            results[label].cpu.push((used.user + used.system) / rows.length)
          }
        }
        process.stderr.write(`experiments round ${round + 1}: PostgreSQL statement shapes done\n`)
      }
      for (const [label, r] of Object.entries(results)) pgShapes.push([label, summary(r.insert), summary(r.update), summary(r.cpu)])
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined)
      await client.end()
    }
  }
}
for (const v of Object.values(variants)) if (v.dir !== dist) rmSync(v.dir, { recursive: true, force: true })

const keys = ["pullCpu", "httpPullCpu", "overlap1000", "overlap100", "sqliteWriteCpu"]
const cell = (name, key) => {
  const list = samples[key]?.[name]
  if (!list) return "–"
  const value = summary(list).median
  if (name === "baseline") return fmt(value, 2)
  const r = summary(ratios[key][name])
  return `${fmt(value, 2)} (**${r.median <= 1 ? "−" : "+"}${fmt(Math.abs(100 * (r.median - 1)), 0)}%**, runs ${fmt(100 * (r.min - 1), 0)}…${fmt(100 * (r.max - 1), 0)}%)`
}
const m = machine()
writeFileSync(
  here("./EXPERIMENTS.md"),
  `# Experiments behind the recommendations

Generated by \`node bench/experiments.mjs\` on ${m.date} — ${m.nproc} × ${m.cpu}, Node ${m.node}, commit ${m.commit};
1-minute load average during the run: ${loads.map((l) => fmt(l, 1)).join(" → ")} (other work shared the machine).

Each variant is a copy of \`dist/\` with one proposed change applied to the compiled JavaScript (the TypeScript sources
are untouched). All variants are loaded side by side in one process and alternate run by run (order rotated), so a
busy or drifting host affects them alike; ${values.rounds} processes × ${values.runs} runs per variant and measure. Each cell: the median value,
then the median change against the unpatched build **in the same run**, and the range of those per-run changes. CPU figures
are CPU µs of the process per record; the overlap figures are wall ms of B3's pull (lower is better).

${Object.entries(patches)
  .map(([k, p]) => `- **${k}**: ${p.what}${variants[k].stale ? ` — *not measured: ${variants[k].stale}*` : ""}`)
  .join("\n")}

${table(
  [
    "variant",
    "pull CPU µs/rec (in-memory → Memory)",
    "HTTP pull CPU µs/rec (B1 framework → memory)",
    "B3 wall ms, pages of 1000",
    "B3 wall ms, pages of 100",
    "SQLite connector write CPU µs/rec"
  ],
  Object.keys(variants).map((name) => [name, ...keys.map((k) => cell(name, k))])
)}

${
  values["skip-b2"]
    ? ""
    : `## B2 under V8 heap flags

The B2 child (framework pull of ${b2Total.toLocaleString("en-US")} generated records into a JSONL file) started with different V8 flags;
${values.rounds} runs each, median (min – max).

${table(
  ["node flags", "peak RSS MB", "peak RSS MB in the second half", "records/s"],
  Object.entries(b2).map(([name, list]) => [
    name,
    `${fmt(summary(list.map((x) => x.peak)).median, 1)} (${fmt(summary(list.map((x) => x.peak)).min, 1)} – ${fmt(summary(list.map((x) => x.peak)).max, 1)})`,
    fmt(summary(list.map((x) => x.late)).median, 1),
    `${fmt(summary(list.map((x) => x.rate)).median)} (${fmt(summary(list.map((x) => x.rate)).min)} – ${fmt(summary(list.map((x) => x.rate)).max)})`
  ])
)}
`
}${
    pgError
      ? `\n## PostgreSQL statement shapes\n\nSkipped: ${pgError}\n`
      : pgShapes.length === 0
        ? ""
        : `
## PostgreSQL statement shapes

20,000 job rows (built with \`Tables.toRow\`, 19 columns) upserted straight through the \`pg\` driver that \`@effect/sql-pg\`
uses, one transaction per 1000 rows, into a table laid out like the connector's (text \`COLLATE "C"\`, two keyset
indexes). ${values.rounds} runs each; upserts/s median (min – max) and the Node process's CPU µs per row.
\`@effect/sql-pg\` 0.53 sends every query unnamed, so PostgreSQL parses and plans the ~9,500-parameter statement anew
each time.

${table(
  ["statement shape", "insert upserts/s", "update upserts/s", "Node CPU µs/row"],
  pgShapes.map(([label, insert, update, cpu]) => [
    label,
    `${fmt(insert.median)} (${fmt(insert.min)} – ${fmt(insert.max)})`,
    `${fmt(update.median)} (${fmt(update.min)} – ${fmt(update.max)})`,
    fmt(cpu.median, 1)
  ])
)}
`
  }`
)
process.stderr.write("wrote bench/EXPERIMENTS.md\n")
