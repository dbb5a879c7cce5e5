/**
 * The "why a target is missed and what would reach it" section of RESULTS.md, built from this run's
 * figures plus the A/B evidence in EXPERIMENTS.md (`node bench/experiments.mjs`).
 */
import { fmt } from "./lib.mjs"

const LATENCY = 20

const b1Note = (b1, b5) => {
  const hand = b1.cpu.handMemory.median
  const fw = b1.cpu.frameworkMemory.median
  return `### B1: ratio below 0.90

Both sides pay the same fetch + JSON.parse (${fmt(b1.cpu.fetch.median, 1)} CPU µs per record) and the same two schema validations${b5 ? `
(${fmt(b5.s.decode.median, 1)} µs origin + ${fmt(b5.s.validateTarget.median, 1)} µs target per validated record in B5, ${fmt((100 * (b5.perRead("decode") + b5.perRead("validateTarget"))) / b5.s.pipeline.median, 0)}% of a pull's CPU)` : ""}.
The gap is what the framework adds on top: **${fmt(fw - hand, 1)} CPU µs per record** here (framework ${fmt(fw, 1)} vs
hand-written ${fmt(hand, 1)}); a 0.90 ratio allows about ${fmt(hand / 0.9 - hand, 1)} µs.${b5 ? ` On in-memory pages B5 puts the pipeline's own machinery at
${fmt(b5.s.pipeline.median - b5.stagesSum, 1)} µs per record.` : ""} Where it goes (\`node bench/profile.mjs pull\`; A/B in EXPERIMENTS.md):

1. **Cursor comparisons** (\`src/core/Cursor.ts\`, used by \`Position\` in \`src/core/Pipeline.ts\`): \`compareValues\` runs a
   regex, a \`replace\` and \`Date.parse\` on *both* values, and a pull calls it 3–4 times per record (\`dedup.seen\`,
   \`dedup.advance\`, \`committed.advance\`). \`asInstant\` is the largest entry after schema validation in the profile
   (~12% of self time). Change: compare two canonical UTC strings of equal length
   (\`/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$/\`) as text — exactly the instant order, the rule Postfilter already
   uses — and let \`Position\` keep the parsed instant of its current value, so each record's value is parsed at most
   once (EXPERIMENTS.md \`cursor-compare\`).
2. **Batching** (\`Pipeline.ts\`, \`Stream.groupedWithin\`): a fixed ~0.3–0.5 ms per emitted group (timer and fibers): ~0.4 µs
   per record with batches of 1000 but ~5 µs with batches of 100. Keep it for the time window, but never let it run
   per small page: do not lower \`batchSize\` below the page size.
3. **Memory connector** (\`src/testing/Memory.ts\`, \`write\`): builds \`Connector.idOf(self, resource)\` — a walk of the
   schema's AST — once per record inside \`batch.map\`. Hoisting it is free, but its effect is below this host's noise
   (EXPERIMENTS.md \`memory-idof\`); it only matters for benchmarks and tests.
4. **Allocation**: the garbage collector is ~8–13% of a pull's profile; every record gets an \`Item\` wrapper and an
   \`Either\` per step. Fewer per-record objects (e.g. parallel arrays per page) should lower both CPU and B2's heap
   growth (not measured here).

After these, what is left is the stream plumbing (\`fromAsyncIterable\` → \`mapChunks\` → \`groupedWithin\` → \`buffer\` →
\`mapEffect\`${b5 ? `: ${fmt(b5.s.streamOnly.median, 1)} µs per record in B5's "stream machinery alone"` : ""}).${b1.ratio.sqlite.ofMedians < 0.9 ? ` The SQLite ratio adds the SQL connector's own costs (B4 notes):
a third validation of every record, \`Tables.toRow\` re-printing timestamps, and a \`SELECT\` per batch.` : ""}
`
}

const b2Note = (b2) => `### B2: peak RSS above 150 MB

${b2.fw.growth.max <= 10 ? "Memory does not grow with the record count" : "Memory hardly grows with the record count"} (the RSS peak of the last quarter is ${fmt(b2.fw.growth.median, 1)} MB above the
second quarter's, median run): the heap's low points stay level across the run and RSS plateaus after the first
~200k records. It is the plateau that is too high.${b2.hand ? ` The hand-written loop, with no framework at all, reaches ${fmt(b2.hand.peak.median, 0)} MB on the same stream.` : ""} Two things set it:

- **Loaded code**: importing \`effect\` and \`effect/Schema\` takes a Node process from ~39 MB to ~78 MB RSS before the first
  record (${fmt(b2.fw.start.median, 0)} MB measured at the start of the run), leaving ~70 MB of the budget for data.
- **V8's heap sizing**: with no \`--max-old-space-size\`, V8 lets the old generation grow to 2–3× the live data before a
  major GC, because records live across the awaits of a page (fetch → decode → batch → write), survive two
  scavenges and get promoted. EXPERIMENTS.md ("B2 under V8 heap flags") runs the same child with
  \`--max-old-space-size=96\`: peak ~140 MB, flat; its throughput cost is unclear on this busy host (between none and a
  quarter across our runs — more frequent major GCs); \`--max-semi-space-size\` barely helps.

What would reach it: (1) start the CLI with a capped old space — \`bin\` re-executing itself with
\`--max-old-space-size=96\` when \`NODE_OPTIONS\` does not set one, or documenting \`NODE_OPTIONS\` for big syncs; (2) promote less:
fewer per-record objects in the pipeline (B1 note 4) and no third validation in the sinks (the file connector's \`write\`
validates every record against \`FileJob\` again, as the SQL connector does against \`SqlJob\`).
`

const b3Note = (b3) => {
  const rows = b3.results.map((x) => {
    const c = x.fast.median / x.pages
    const serialReader = (LATENCY + c) / (c + 2 * LATENCY)
    const readAhead = Math.max(c, LATENCY) / (c + 2 * LATENCY)
    return `pages of ${x.pageSize}: ~${fmt(c, 1)} ms of CPU + loopback HTTP per page (the no-latency run), so a reader that fetches
  then processes predicts roughly (${LATENCY} + ${fmt(c, 1)}) / (${fmt(c, 1)} + ${2 * LATENCY}) = **${fmt(serialReader)}** (measured ${fmt(x.ratio.median)}), and one that
  reads a page ahead max(${fmt(c, 1)}, ${LATENCY}) / (${fmt(c, 1)} + ${2 * LATENCY}) = **${fmt(readAhead)}**`
  })
  return `### B3: overlap above 0.60 × the sequential sum

The pull overlaps the **write** of batch *n* with the **read** of batch *n+1* (\`Stream.buffer({ capacity: 1 })\` after
\`groupedWithin\`), but the origin's next page is only requested once the current page has been decoded, filtered and
formatted: \`mapChunks(toItems)\` runs in the reader's fiber right after \`origin.read\`. So the read side is fetch + CPU in
series and only the write latency is hidden:

${rows.map((r) => `- ${r}.`).join("\n")}

What reaches it: read one page ahead in \`Pipeline.pullStream\` —
\`origin.read(resource, readOptions).pipe(Stream.bufferChunks({ capacity: 1 }), Stream.mapChunks(toItems), …)\`
(\`bufferChunks\`, not \`buffer\`: \`buffer\` re-emits single elements). EXPERIMENTS.md \`page-read-ahead\` measures it on B3's
pulls, and "all behaviour-preserving" with the cheaper per-record work added. A cheaper pull per record (B1 notes)
shortens the critical path as well, since the reader's CPU is what remains on it.
`
}

const b4Note = (b4, b5) => `### B4: upserts/s below target

Per batch of 1000 the connector validates every record against \`SqlJob\`${b5 ? ` (~${fmt(b5.s.validateTarget.median, 0)} µs each, B5)` : ""}, builds rows with
\`Tables.toRow\`${b5 ? ` (${fmt(b5.s.encodeSqlRow.median, 1)} µs each, JSON text included)` : ""}, and in one transaction runs \`SELECT id … IN (…)\` and two
500-row \`INSERT … ON CONFLICT DO UPDATE\` statements (~9,500 bound parameters each). The engines are not the limit: rows
generated inside the database upsert at ${fmt(b4.sqlite.engineInsert.median)}/s on SQLite${b4.pg ? ` and ${fmt(b4.pg.engineInsert.median)}/s on PostgreSQL` : ""} on this machine.

**SQLite** (${fmt(b4.sqlite.connectorInsert.median)}/s; the same statements without the connector ${fmt(b4.sqlite.rawInsert.median)}/s; a prepared
single-row better-sqlite3 upsert ${fmt(b4.sqlite.handInsert.median)}/s), in order of effect:

1. **Validate once.** The pull has already validated each formatted record against the target schema (\`formatOne\` →
   \`validateTarget\` in \`Pipeline.ts\`); \`write\` repeats it. Let the pipeline mark the batch as validated (an internal
   \`writeValidated\`, or a write option) and keep the check for direct callers: about a third of the write's CPU
   (EXPERIMENTS.md \`sql-no-revalidate\`). The file connector has the same double validation.
2. **Prepared single-row statements on SQLite**: better-sqlite3 re-running one prepared upsert inside the transaction beats
   compiling a 500-row statement through \`@effect/sql\` per chunk (compare the two ceiling rows).
3. **Cheaper rows**: \`Tables.normaliseInstant\` parses and re-prints timestamps that are already canonical UTC; return
   those unchanged (\`sql-instant-fast\`). The per-column "unstorable text" regex can run once over the JSON text.
4. **The created/updated \`SELECT\`** is cheap on SQLite (\`sql-no-select\`: a few per cent, within noise); on PostgreSQL it is
   a round trip per batch that the upsert can answer itself (\`RETURNING "id", (xmax = 0) AS inserted\`).
${b4.pg ? `
**PostgreSQL** (${fmt(b4.pg.connectorInsert.median)}/s; same statements without the connector ${fmt(b4.pg.rawInsert.median)}/s): the client waits on the
server most of the time — PostgreSQL parses and plans every 9,500-parameter statement anew, because \`@effect/sql-pg\`
sends all queries unnamed. EXPERIMENTS.md ("PostgreSQL statement shapes", straight on the \`pg\` driver) measures the
same upserts as **named** statements (parsed and planned once per connection, then reused) at 1.6–3× the unnamed
rate across our runs; 100-row unnamed statements sit in between; unnest() array statements are slower, not faster. Reaching 30k/s takes the named statements (through
\`@effect/sql-pg\` if it can be made to pass a statement name, or a small PostgreSQL-only write path on \`pg\`) plus the
Node-side savings above (validation once, cheaper rows), which matter twice here because PostgreSQL shares the two
CPUs with the client.
` : ""}`

/** The section, or an empty string when every target is met. */
export const analysis = ({ b1, b2, b3, b4, b5 }) => {
  const notes = []
  if (b1 && (b1.ratio.memory.ofMedians < 0.9 || b1.ratio.sqlite.ofMedians < 0.9)) notes.push(b1Note(b1, b5))
  if (b2 && (b2.fw.peak.max > 150 || b2.fw.growth.max > 10)) notes.push(b2Note(b2))
  if (b3 && b3.results.some((x) => x.ratio.median > 0.6)) notes.push(b3Note(b3))
  const pgMissed = b4?.pg && Math.min(b4.pg.connectorInsert.median, b4.pg.connectorUpdate.median) < 30_000
  if (b4 && (Math.min(b4.sqlite.connectorInsert.median, b4.sqlite.connectorUpdate.median) < 50_000 || pgMissed)) notes.push(b4Note(b4, b5))
  return notes.length === 0 ? "" : `## Why targets are missed, and what would reach them\n\n${notes.join("\n")}`
}
