/**
 * The "why a target is missed and what would reach it" section of RESULTS.md, built from this run's
 * figures (B5 stage costs in particular) plus the A/B evidence in EXPERIMENTS.md.
 */
import { fmt } from "./lib.mjs"

export const analysis = ({ b1, b2, b3, b4, b5 }) => {
  const notes = []
  if (b1 && (b1.ratio.memory.ofMedians < 0.9 || b1.ratio.sqlite.ofMedians < 0.9)) {
    const extra = b1.cpu.frameworkMemory.median - b1.cpu.handMemory.median
    notes.push(`### B1 ratio below 0.90

Both sides pay the same two schema validations${b5 ? ` (${fmt(b5.s.decode.median, 1)} + ${fmt(b5.s.validateTarget.median, 1)} CPU µs per validated record in B5)` : ""} and the same
fetch + JSON.parse (${fmt(b1.cpu.fetch.median, 1)} CPU µs per record), so the gap is what the framework adds on top: here
**${fmt(extra, 1)} CPU µs per record** (framework ${fmt(b1.cpu.frameworkMemory.median, 1)} vs hand-written ${fmt(b1.cpu.handMemory.median, 1)}).${b5 ? ` B5 puts the
pipeline's own machinery at ${fmt(b5.s.pipeline.median - b5.stagesSum, 1)} µs per record on in-memory pages.` : ""} A 0.90 ratio allows about
${fmt(b1.cpu.handMemory.median / 0.9 - b1.cpu.handMemory.median, 1)} µs. Where the excess goes (\`node bench/profile.mjs pull\`, EXPERIMENTS.md):

1. **Cursor comparisons** — \`Cursor.compareValues\` runs a regex, a \`replace\` and \`Date.parse\` on *both* values, and the
   pull calls it 3–4 times per record (\`dedup.seen\`, \`dedup.advance\`, \`committed.advance\` in \`Pipeline.ts\`); \`asInstant\` is
   the largest non-validation entry in the profile (~12% of self time). Fix in \`src/core/Cursor.ts\`: compare two canonical
   UTC strings of equal length (\`/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$/\`) as text — the same rule Postfilter
   already uses — and/or let \`Position\` keep the parsed instant of its current value so each record is parsed once.
2. **Batching** — \`Stream.groupedWithin\` costs a fixed ~0.3–0.5 ms per emitted group (timer + fibers), ~0.4 µs per record with
   batches of 1000 but ~5 µs per record with batches of 100. Pages already arrive as whole chunks; keep
   \`groupedWithin\` for the time window, but do not lower \`batchSize\` below the page size, or batch with \`Stream.rechunk\`
   when no window is needed.
3. **Memory connector** (\`src/testing/Memory.ts\`, \`write\`) — builds \`Connector.idOf(self, resource)\` (a walk of the schema
   AST) once per record; hoist it out of \`batch.map\`.
4. **SQL connector** (SQLite ratio) — validates every record against \`SqlJob\` a third time (the pipeline has just validated
   the same output against the same schema), runs \`Tables.toRow\` whose \`normaliseInstant\` parses and re-prints
   timestamps that are already canonical, and a \`SELECT id … IN (…)\` per batch to tell created from updated; see B4.
`)
  }
  if (b2 && (b2.fw.peak.max > 150 || b2.fw.growth.max > 10)) {
    notes.push(`### B2 peak RSS above 150 MB

The growth is not a leak: the heap's low points stay level across the run (in-process samples of \`heapUsed\` return to
the same floor after each major GC) and RSS plateaus after the first ~200k records.${b2.hand ? ` The hand-written loop reaches
${fmt(b2.hand.peak.median, 0)} MB on the same stream, so the framework is not what sets the peak.` : ""} Two things set the peak:

- **Code**: loading \`effect\` (and \`effect/Schema\`) brings a Node process from ~39 MB to ~78 MB RSS before the first
  record (${fmt(b2.fw.start.median, 0)} MB measured at the start of the run), leaving ~70 MB of the budget for data.
- **V8's heap sizing**: with no \`--max-old-space-size\`, V8 lets the old generation grow to ~2–3× the live data before a
  major GC, because records survive across the awaits of a page (fetch → decode → batch → write) and get promoted.
  Capping the heap brings the same run under the target without slowing it noticeably (EXPERIMENTS.md, B2 flags):
  the CLI's bin could re-exec itself with \`--max-old-space-size=96\` (or document \`NODE_OPTIONS\`), and the pipeline can
  lower its allocation rate (fewer per-record objects: \`Item\` wrappers, \`Either\`s, the extra validation) so less is
  promoted.
`)
  }
  if (b3 && b3.results.some((x) => x.ratio.median > 0.6)) {
    const big = b3.results.find((x) => x.pageSize === 1000) ?? b3.results[0]
    notes.push(`### B3 overlap above 0.60 × sequential

The pull overlaps the **write** of batch *n* with the **read** of batch *n+1* (\`Stream.buffer({ capacity: 1 })\` after
\`groupedWithin\`), but the origin's next page is only requested after the current page has been decoded, filtered and
formatted (\`mapChunks(toItems)\` runs in the reader's fiber, right after \`origin.read\`). With pages of 1000 the CPU per page
(${b5 ? `~${fmt((b5.s.pipeline.median * big.pageSize) / 1000, 0)} ms at ${fmt(b5.s.pipeline.median, 1)} µs/record` : "tens of ms"}) is larger than the 20 ms latency, so the reader is
fetch + CPU in series and only the write latency is hidden. What reaches it: read ahead one page —
\`origin.read(...).pipe(Stream.bufferChunks({ capacity: 1 }), Stream.mapChunks(toItems), …)\` in \`Pipeline.pullStream\`
(\`bufferChunks\`, not \`buffer\`: \`buffer\` re-chunks to single elements). EXPERIMENTS.md measures the effect (\`page-read-ahead\`).
Note that per-record CPU also counts: a faster pull (B1 notes) shortens the critical path directly.
`)
  }
  if (b4 && (Math.min(b4.sqlite.connectorInsert.median, b4.sqlite.connectorUpdate.median) < 50_000 || (b4.pg && Math.min(b4.pg.connectorInsert.median, b4.pg.connectorUpdate.median) < 30_000))) {
    notes.push(`### B4 upserts/s below target

Per batch of 1000 the connector validates every record against \`SqlJob\`${b5 ? ` (~${fmt(b5.s.validateTarget.median, 0)} µs each, B5)` : ""}, builds rows with
\`Tables.toRow\`${b5 ? ` (${fmt(b5.s.encodeSqlRow.median, 1)} µs each, including the JSON text)` : ""}, and in one transaction runs \`SELECT id … IN (…)\` plus
two 500-row \`INSERT … ON CONFLICT DO UPDATE\` statements built by \`@effect/sql\`'s template compiler. The raw rows
(same statements on the \`SqlClient\`, no validation, no SELECT) reach ${fmt(b4.sqlite.rawInsert.median)}/s on SQLite${b4.pg ? ` and ${fmt(b4.pg.rawInsert.median)}/s on PostgreSQL` : ""};
a prepared better-sqlite3 statement ${fmt(b4.sqlite.handInsert.median)}/s. What would reach the targets, in order of effect (EXPERIMENTS.md):

1. **Validate once.** The pull already validates each formatted record against the target's schema (\`formatOne\` →
   \`validateTarget\`), so the SQL connector's \`write\` repeats the same work. Let the pipeline tell the connector the batch
   is valid (e.g. an internal \`writeValidated\`, or a \`validated: true\` write option) and keep the check for direct callers.
   Removing it cuts the SQLite write's CPU by about a third (\`sql-no-revalidate\`).
2. **Cheaper rows**: in \`Tables.normaliseInstant\`, return values already in canonical \`YYYY-MM-DDTHH:MM:SS.sssZ\` form
   unchanged (\`sql-instant-fast\`); the regex checks for unstorable text can run once over the JSON text instead of per column.
3. **Created vs updated without a SELECT**: PostgreSQL can answer in the upsert itself
   (\`… ON CONFLICT … RETURNING id, (xmax = 0) AS inserted\`); on SQLite, compare \`total_changes()\`/row counts or keep the SELECT
   only when the caller wants the split.
4. **Fewer, cheaper statements**: on SQLite a prepared single-row upsert re-run inside one transaction is faster than
   compiling a 500-row, ~9,500-parameter statement per chunk (compare the "hand-written better-sqlite3" and "same
   statements on the SqlClient" rows).
`)
  }
  return notes.length === 0 ? "" : `## Why targets are missed, and what would reach them\n\n${notes.join("\n")}`
}
