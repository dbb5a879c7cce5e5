/**
 * B2 memory: 1,000,000 records generated on the fly by the fake server, through the full pull into a
 * JSONL file, in a child process; peak RSS and RSS over the run (it must not grow with the count).
 */
import { execFile } from "node:child_process"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { fmt, mb, range, summary, table } from "./lib.mjs"

const child = fileURLToPath(new URL("./b2-child.mjs", import.meta.url))

const once = (base, total, hand) =>
  new Promise((resolve, reject) => {
    const out = join(tmpdir(), `hrtech-bench-${process.pid}-b2.jsonl`)
    execFile(
      process.execPath,
      [child, "--base", base, "--total", String(total), "--out", out, ...(hand ? ["--hand"] : [])],
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

/** Runs B2: `runs` framework runs, and `handRuns` runs of the hand-written loop for reference. */
export const run = async ({ base, total, runs, handRuns = runs, log }) => {
  const framework = []
  const hand = []
  for (let i = 1; i <= Math.max(runs, handRuns); i++) {
    if (i <= runs) {
      const fw = analyse(await once(base, total, false), total)
      if (fw.written !== fw.lines) throw new Error(`B2: ${fw.written} written but ${fw.lines} lines in the file`)
      framework.push(fw)
      log(`B2 run ${i}/${runs}: framework peak ${fmt(fw.peakMb)} MB, growth ${fmt(fw.growthMb)} MB, ${fmt(fw.perSecond)}/s`)
    }
    if (i <= handRuns) {
      const h = analyse(await once(base, total, true), total)
      hand.push(h)
      log(`B2 hand-written run ${i}/${handRuns}: peak ${fmt(h.peakMb)} MB, growth ${fmt(h.growthMb)} MB, ${fmt(h.perSecond)}/s`)
    }
  }
  const pick = (list, key) => (list.length ? summary(list.map((x) => x[key])) : undefined)
  const middle = (list) => [...list].sort((a, b) => a.peakMb - b.peakMb)[Math.floor(list.length / 2)]
  return {
    total,
    runs,
    handRuns,
    written: framework[0].written,
    sink: framework[0].sink,
    fw: { peak: pick(framework, "peakMb"), growth: pick(framework, "growthMb"), start: pick(framework, "startMb"), rate: pick(framework, "perSecond"), curve: middle(framework).curve },
    hand: hand.length ? { peak: pick(hand, "peakMb"), growth: pick(hand, "growthMb"), start: pick(hand, "startMb"), rate: pick(hand, "perSecond"), curve: middle(hand).curve } : undefined
  }
}

/** The Markdown section of B2. */
export const report = (r) => {
  const peakOk = r.fw.peak.max <= 150
  const flatOk = r.fw.growth.max <= 10
  return `## B2 — memory at scale

${r.total.toLocaleString("en-US")} records generated on the fly by the fake server (no page cache), through the full pull
(HTTP origin → decode → HAVING → mapping → target validation → batches of 1000) into a JSONL file
(${r.written.toLocaleString("en-US")} lines), in a child process started without \`--max-old-space-size\`; RSS sampled every 100 ms
and after every batch. ${r.runs} framework runs${r.hand ? `, ${r.handRuns} runs of the hand-written loop (same validations, filter and mapping, one \`FileHandle.write\` per batch) for reference` : ""}.
Sink: **${r.sink}**${r.sink.startsWith("file connector") ? " (`makeFromUri(\"file:…jsonl\")`: validates each record against `FileJob`, streams lines to a temporary file, renames it over the target when the scope closes)" : ""}.
"Flat" here means the RSS peak of the last quarter of the records is at most 10 MB above the peak of the second quarter
(RSS saw-tooths by ~20 MB with every major GC, so single samples would mislead)${r.total < 500_000 ? "; this run is too short to judge it: the first ~200k records are the heap's warm-up" : ""}.

${table(
  ["figure", "framework", "hand-written loop (reference)", "target"],
  [
    ["peak RSS (MB)", range(r.fw.peak, 1), r.hand ? range(r.hand.peak, 1) : "–", `≤ 150 MB ${peakOk ? "✅ met" : "❌ missed"}`],
    ["rise of the RSS peak, 2nd → 4th quarter of the records (MB)", range(r.fw.growth, 1), r.hand ? range(r.hand.growth, 1) : "–", `flat (≤ 10 MB) ${flatOk ? "✅ met" : "❌ missed"}`],
    ["RSS before the first record, modules loaded (MB)", range(r.fw.start, 1), r.hand ? range(r.hand.start, 1) : "–", ""],
    ["records/s", range(r.fw.rate), r.hand ? range(r.hand.rate) : "–", ""]
  ]
)}

RSS over the run (the run with the median peak), MB:

${table(
  ["records read", ...r.fw.curve.map((c) => `${Math.round(c.share * 100)}%`)],
  [["framework", ...r.fw.curve.map((c) => fmt(c.mb, 1))], ...(r.hand ? [["hand-written", ...r.hand.curve.map((c) => fmt(c.mb, 1))]] : [])]
)}
`
}
