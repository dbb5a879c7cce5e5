/**
 * B3 overlap: an origin answering each page after 20 ms and a target taking 20 ms per batch. A pull
 * that reads ahead while writing should take well under the sequential sum of both latencies.
 */
import { httpOrigin, slowTarget, unifiedSchemas, validator } from "./connectors.mjs"
import { Cursor, Pipeline, fmt, range, settle, summary, table, timeAsync } from "./lib.mjs"
import { formatByHand, mapping } from "./records.mjs"
import { pages } from "./server.mjs"

const LATENCY = 20

const framework = (base, total, pageSize, latency = LATENCY) =>
  timeAsync(() =>
    Pipeline.runPull({
      resource: "job",
      origin: httpOrigin(base, { total, limit: pageSize, latency }),
      target: slowTarget(latency),
      cursor: Cursor.make("updated_at"),
      formatter: mapping,
      batchSize: pageSize
    })
  )

/** The same work, strictly one step after the other: fetch a page, process it, write its batch. */
const sequential = (base, total, pageSize) =>
  timeAsync(async () => {
    const validOrigin = validator(unifiedSchemas.job)
    const validTarget = validator(unifiedSchemas.job)
    let written = 0
    for await (const page of pages(base, { total, limit: pageSize, latency: LATENCY })) {
      const batch = []
      for (const raw of page) {
        if (!validOrigin(raw)) continue
        const out = formatByHand(raw)
        if (validTarget(out)) batch.push(out)
      }
      await new Promise((resolve) => setTimeout(resolve, LATENCY))
      written += batch.length
    }
    return written
  })

/** Runs B3 for each page size: `runs` timed rounds after a warm-up, framework and sequential interleaved. */
export const run = async ({ base, configs, runs, log }) => {
  const results = []
  for (const { total, pageSize } of configs) {
    const pagesCount = Math.ceil(total / pageSize)
    let batches = 0
    let latencySum = 0
    const fw = []
    const fast = []
    const seq = []
    const ratios = []
    const handRatios = []
    for (let round = 0; round <= runs; round++) {
      await settle()
      const a = await framework(base, total, pageSize)
      await settle()
      const z = await framework(base, total, pageSize, 0)
      await settle()
      const b = await sequential(base, total, pageSize)
      if (a.value.stats.written !== b.value) throw new Error(`B3: framework wrote ${a.value.stats.written}, sequential ${b.value}`)
      // The sum counts the batches the pull actually wrote (with every record kept, one per page).
      batches = a.value.stats.batches
      if (z.value.stats.batches !== batches) throw new Error(`B3: ${batches} batches with latency, ${z.value.stats.batches} without`)
      latencySum = (pagesCount + batches) * LATENCY
      if (round === 0) continue
      fw.push(a.ms)
      fast.push(z.ms)
      seq.push(b.ms)
      ratios.push(a.ms / (z.ms + latencySum))
      handRatios.push(a.ms / b.ms)
      log(`B3 ${pageSize}/page round ${round}/${runs}: framework ${fmt(a.ms)} ms, without latency ${fmt(z.ms)} ms, hand-written sequential ${fmt(b.ms)} ms`)
    }
    results.push({
      total,
      pageSize,
      pages: pagesCount,
      batches,
      latencySum,
      fw: summary(fw),
      fast: summary(fast),
      seq: summary(seq),
      ratio: summary(ratios),
      handRatio: summary(handRatios)
    })
  }
  return { runs, results }
}

/** The Markdown section of B3. */
export const report = (r) => `## B3 — overlap of reads and writes

Origin: the fake server answers each page after ${LATENCY} ms. Target: a connector whose \`write\` sleeps ${LATENCY} ms per batch.
Same records and mapping as B1, without its HAVING: every record is written and batch size = page size, so every page
fills exactly one batch (as many batches as pages). The **sequential sum** is what the same pull would take with
nothing overlapped: its wall time with both latencies at 0 ms (CPU + loopback HTTP) plus pages × ${LATENCY} ms plus
batches × ${LATENCY} ms, counting the batches the pull actually wrote. The ratio to it is the judged figure. For reference,
the last columns compare with a hand-written loop that does the same work strictly in turn (fetch page → process →
write batch), which also differs in CPU cost per record (B1). ${r.runs} timed rounds after one warm-up.

${table(
  [
    "records (page size)",
    "batches written",
    "framework wall ms",
    "framework, no latency ms",
    "sequential sum ms",
    "**wall / sequential sum**",
    "target",
    "hand-written sequential ms",
    "framework / hand-written"
  ],
  r.results.map((x) => [
    `${x.total.toLocaleString("en-US")} (${x.pages} pages of ${x.pageSize})`,
    String(x.batches),
    range(x.fw),
    range(x.fast),
    fmt(x.fast.median + x.latencySum),
    `**${fmt(x.ratio.median)}** (${fmt(x.ratio.min)} – ${fmt(x.ratio.max)})`,
    `≤ 0.60 ${x.ratio.median <= 0.6 ? "✅ met" : "❌ missed"}`,
    range(x.seq),
    `${fmt(x.handRatio.median)} (${fmt(x.handRatio.min)} – ${fmt(x.handRatio.max)})`
  ])
)}
`
