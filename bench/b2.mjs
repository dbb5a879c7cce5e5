/**
 * B2 memory: 1,000,000 records generated on the fly by the fake server, through the full pull into a
 * JSONL file, in a child process; peak RSS and RSS over the run (it must not grow with the count).
 */
import { execFile } from "node:child_process"
import { readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { distUrl, fmt, mb, range, summary, table } from "./lib.mjs"

const child = fileURLToPath(new URL("./b2-child.mjs", import.meta.url))

/** The V8 flags the `hrtech-etl` command runs with: read from the shebang of the built bin, so they cannot drift. */
export const cliNodeFlags = () => {
  const first = readFileSync(new URL("cli/bin.js", distUrl), "utf8").split("\n", 1)[0]
  const m = /^#!\S*env -S node\s*(.*)$/.exec(first)
  return m ? m[1].split(/\s+/).filter(Boolean) : []
}

const once = (base, total, hand, flags) =>
  new Promise((resolve, reject) => {
    const out = join(tmpdir(), `hrtech-bench-${process.pid}-b2.jsonl`)
    execFile(
      process.execPath,
      [...flags, child, "--base", base, "--total", String(total), "--out", out, ...(hand ? ["--hand"] : [])],
      { maxBuffer: 64 * 2 ** 20 },
      (error, stdout) => {
        rmSync(out, { force: true })
        if (error) reject(error)
        else resolve(JSON.parse(stdout))
      }
    )
  })

/** RSS (MB) when a share of the records had been read: the last sample at or before that point. */
const rssAt = (samples, total, share) => {
  let found = samples[0]
  for (const s of samples) if (s.read <= share * total) found = s
  return mb(found.rss)
}

/** Highest RSS (MB) sampled while the records read were within [from, to) of the total. */
const peakBetween = (samples, total, from, to) => {
  const inside = samples.filter((s) => s.read >= from * total && s.read <= to * total)
  return inside.length ? mb(Math.max(...inside.map((s) => s.rss))) : NaN
}

const analyse = (r, total) => {
  const peak = Math.max(...r.samples.map((s) => s.rss))
  const at = (share) => rssAt(r.samples, total, share)
  return {
    ms: r.ms,
    perSecond: r.read / (r.ms / 1000),
    written: r.written,
    lines: r.lines,
    startMb: mb(r.startRss),
    peakMb: mb(peak),
    // RSS saw-tooths with every major GC, so compare peaks, not single samples: the highest RSS of
    // the last quarter against the highest of the second quarter (after buffers and JIT warmed up).
    growthMb: peakBetween(r.samples, total, 0.75, 1) - peakBetween(r.samples, total, 0.25, 0.5),
    curve: [0.1, 0.25, 0.5, 0.75, 1].map((share) => ({ share, mb: at(share) })),
    samples: r.samples.length,
    sink: r.sink
  }
}

/**
 * Runs B2: `runs` framework runs with the V8 flags of the `hrtech-etl` command (judged), and `handRuns`
 * runs each of the framework with Node's defaults and of the hand-written loop with either, for reference.
 */
export const run = async ({ base, total, runs, handRuns = runs, log }) => {
  const flags = cliNodeFlags()
  const variants = [
    { key: "fw", hand: false, flags, runs },
    { key: "fwDefault", hand: false, flags: [], runs: handRuns },
    { key: "hand", hand: true, flags, runs: handRuns },
    { key: "handDefault", hand: true, flags: [], runs: handRuns }
  ]
  const results = Object.fromEntries(variants.map((v) => [v.key, []]))
  for (let i = 1; i <= Math.max(runs, handRuns); i++) {
    for (const v of variants) {
      if (i > v.runs) continue
      const r = analyse(await once(base, total, v.hand, v.flags), total)
      if (r.written !== r.lines) throw new Error(`B2 ${v.key}: ${r.written} written but ${r.lines} lines in the file`)
      results[v.key].push(r)
      log(`B2 ${v.key} run ${i}/${v.runs}: peak ${fmt(r.peakMb)} MB, growth ${fmt(r.growthMb)} MB, ${fmt(r.perSecond)}/s`)
    }
  }
  const pick = (list, key) => summary(list.map((x) => x[key]))
  const middle = (list) => [...list].sort((a, b) => a.peakMb - b.peakMb)[Math.floor(list.length / 2)]
  const describe = (list) =>
    list.length
      ? {
          peak: pick(list, "peakMb"),
          growth: pick(list, "growthMb"),
          start: pick(list, "startMb"),
          rate: pick(list, "perSecond"),
          curve: middle(list).curve,
          runs: list.length
        }
      : undefined
  return {
    total,
    runs,
    handRuns,
    flags,
    written: results.fw[0].written,
    sink: results.fw[0].sink,
    fw: describe(results.fw),
    fwDefault: describe(results.fwDefault),
    hand: describe(results.hand),
    handDefault: describe(results.handDefault)
  }
}

/** The Markdown section of B2. */
export const report = (r) => {
  const peakOk = r.fw.peak.max <= 150
  const flatOk = r.fw.growth.max <= 10
  const flags = r.flags.map((f) => `\`${f}\``).join(" ")
  const columns = [
    ["framework, `hrtech-etl` flags", r.fw],
    ["framework, Node defaults", r.fwDefault],
    ["hand-written, `hrtech-etl` flags", r.hand],
    ["hand-written, Node defaults", r.handDefault]
  ].filter(([, x]) => x)
  const cell = (x, key, digits) => range(x[key], digits)
  return `## B2 — memory at scale

${r.total.toLocaleString("en-US")} records generated on the fly by the fake server (no page cache), through the full pull
(HTTP origin → decode → HAVING → mapping → target validation → batches of 1000) into a JSONL file
(${r.written.toLocaleString("en-US")} lines), in a child process; RSS sampled every 100 ms and after every batch.
Sink: **${r.sink}**${r.sink.startsWith("file connector") ? ' (`makeFromUri("file:…jsonl")`: validates each record against `FileJob` unless the pipeline already did, streams lines to a temporary file, renames it over the target when the scope closes)' : ""}.
The judged column runs the child with the V8 flags the \`hrtech-etl\` command sets in its shebang (${flags}, read from
\`dist/cli/bin.js\`; neither is a hard cap): a pull keeps only a few batches alive (about 25 MB of heap after a forced full GC,
measured at several points of a 200,000-record run with \`--expose-gc\`), and with Node's defaults V8 lets the heap grow to several times that — mostly dead page
text in large-object space — before it collects; the same happens to the hand-written loop. Programs that embed the
library can pass the same flags to \`node\` (README, "Memory"). ${r.runs} judged runs; ${r.handRuns} run(s) of every reference column.
"Flat" means the RSS peak of the last quarter of the records is at most 10 MB above the peak of the second quarter
(RSS saw-tooths with every major GC, so single samples would mislead)${r.total < 500_000 ? "; this run is too short to judge it: the first ~200k records are the heap's warm-up" : ""}.

${table(
  ["figure", ...columns.map(([name]) => name), "target"],
  [
    ["peak RSS (MB)", ...columns.map(([, x]) => cell(x, "peak", 1)), `≤ 150 MB ${peakOk ? "✅ met" : "❌ missed"}`],
    [
      "rise of the RSS peak, 2nd → 4th quarter of the records (MB)",
      ...columns.map(([, x]) => cell(x, "growth", 1)),
      `flat (≤ 10 MB) ${flatOk ? "✅ met" : "❌ missed"}`
    ],
    ["RSS before the first record, modules loaded (MB)", ...columns.map(([, x]) => cell(x, "start", 1)), ""],
    ["records/s", ...columns.map(([, x]) => cell(x, "rate")), ""]
  ]
)}

RSS over the run (the run with the median peak), MB:

${table(
  ["records read", ...r.fw.curve.map((c) => `${Math.round(c.share * 100)}%`)],
  columns.map(([name, x]) => [name, ...x.curve.map((c) => fmt(c.mb, 1))])
)}
`
}
