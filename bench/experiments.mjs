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

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, runs: { type: "string", default: "5" } } })
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
    replace: "export const normaliseInstant = (value) => {\n    if (value.length === 24 && /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)))\n        return value;\n"
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

const measure = (dir, base, runs) =>
  new Promise((resolve, reject) =>
    execFile(process.execPath, [here("./experiment-child.mjs"), "--base", base, "--runs", String(runs)], { env: { ...process.env, HRTECH_BENCH_DIST: dir } }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout))
    )
  )

const server = await start()
const variants = { baseline: { dir: dist }, ...Object.fromEntries(Object.entries(patches).map(([k, p]) => [k, apply(k, p)])) }
variants["all but sql-no-revalidate"] = apply("combined", Object.entries(patches).filter(([k]) => k !== "sql-no-revalidate").map(([, p]) => p))
const loads = [load().load1]
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const [name, v] of Object.entries(variants)) {
    if (v.stale) continue
    results[name].push(await measure(v.dir, server.url, Number(values.runs)))
    process.stderr.write(`experiments round ${round}: ${name} done\n`)
  }
  loads.push(load().load1)
}
await server.close()
for (const v of Object.values(variants)) if (v.dir !== dist) rmSync(v.dir, { recursive: true, force: true })

const keys = ["pullCpu", "httpPullCpu", "overlap1000", "overlap100", "sqliteWriteCpu"]
// Median over rounds of each round's median.
const med = (name, key) => (results[name].length ? summary(results[name].map((r) => r[key].median)).median : NaN)
const base = Object.fromEntries(keys.map((k) => [k, med("baseline", k)]))
const cell = (name, key) => {
  const v = med(name, key)
  if (Number.isNaN(v)) return "–"
  return name === "baseline" ? fmt(v, 2) : `${fmt(v, 2)} (${v <= base[key] ? "−" : "+"}${fmt(Math.abs((100 * (v - base[key])) / base[key]), 0)}%)`
}
const m = machine()
writeFileSync(
  here("./EXPERIMENTS.md"),
  `# Experiments behind the recommendations

Generated by \`node bench/experiments.mjs\` on ${m.date} — ${m.nproc} × ${m.cpu}, Node ${m.node}, commit ${m.commit};
1-minute load average during the run: ${loads.map((l) => fmt(l, 1)).join(" → ")} (other work shared the machine).

Each variant is a copy of \`dist/\` with one proposed change applied to the compiled JavaScript (the TypeScript sources
are untouched), measured in its own process against the unpatched build, variants interleaved, ${values.rounds} rounds × ${values.runs}
runs (median of the round medians). CPU figures are CPU µs of the process per record (robust to a busy host); the
overlap figures are wall ms (see B3 in RESULTS.md; lower is better).

${Object.entries(patches).map(([k, p]) => `- **${k}**: ${p.what}${variants[k].stale ? ` — *not measured: ${variants[k].stale}*` : ""}`).join("\n")}

${table(
  ["variant", "pull CPU µs/rec (in-memory → Memory)", "HTTP pull CPU µs/rec (B1 framework → memory)", "B3 wall ms, pages of 1000", "B3 wall ms, pages of 100", "SQLite connector write CPU µs/rec"],
  Object.keys(variants).map((name) => [name, ...keys.map((k) => cell(name, k))])
)}
`
)
process.stderr.write("wrote bench/EXPERIMENTS.md\n")
