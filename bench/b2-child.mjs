/**
 * B2 worker (its own process, default heap limits): streams `--total` records from the fake server
 * through the full pull (or the hand-written loop with `--hand`) into a JSONL file, sampling RSS
 * every 100 ms and after every batch; prints one JSON result line on stdout.
 */
import { createReadStream } from "node:fs"
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { fileSink, httpOrigin, unifiedSchemas, validator } from "./connectors.mjs"
import { Cursor, Pipeline, importDist } from "./lib.mjs"
import { formatByHand, having, keepByHand, mapping } from "./records.mjs"
import { pages } from "./server.mjs"
import * as Effect from "effect/Effect"

const { values } = parseArgs({
  options: { base: { type: "string" }, total: { type: "string" }, out: { type: "string" }, hand: { type: "boolean", default: false } }
})
const total = Number(values.total)
const query = { total, cache: false }
const samples = []
let read = 0
const t0 = performance.now()
const sample = () => {
  const m = process.memoryUsage()
  samples.push({ t: performance.now() - t0, read, rss: m.rss, heap: m.heapUsed })
}
const startRss = process.memoryUsage().rss
const timer = setInterval(sample, 100)

// The package's file connector when the build has one; otherwise the small sink in connectors.mjs.
const FileConnector = await importDist("connectors/file/index.js").catch(() => undefined)
let written = 0
let sinkUsed
const start = performance.now()
if (values.hand) {
  sinkUsed = "hand-written FileHandle appends"
  const sink = await fileSink(values.out)
  const validOrigin = validator(unifiedSchemas.job)
  const validTarget = validator(unifiedSchemas.job)
  let batch = []
  const flush = async () => {
    await sink.appendLines(batch)
    written += batch.length
    batch = []
    sample()
  }
  for await (const page of pages(values.base, query)) {
    for (const raw of page) {
      read++
      if (!validOrigin(raw) || !keepByHand(raw)) continue
      const out = formatByHand(raw)
      if (!validTarget(out)) continue
      batch.push(out)
      if (batch.length === 1000) await flush()
    }
  }
  if (batch.length > 0) await flush()
  await sink.close()
} else {
  const options = (target) => ({
    resource: "job",
    origin: httpOrigin(values.base, query),
    target,
    cursor: Cursor.make("updated_at"),
    having,
    formatter: mapping,
    batchSize: 1000,
    onProgress: (progress) =>
      Effect.sync(() => {
        read = progress.stats.read
        sample()
      })
  })
  let result
  if (FileConnector?.makeFromUri) {
    sinkUsed = "file connector (hrtech-etl/connectors/file)"
    // The file connector writes a temporary file and renames it over the target when its scope closes.
    result = await Effect.runPromise(Effect.scoped(Effect.flatMap(FileConnector.makeFromUri(`file:${values.out}`), (target) => Pipeline.pull(options(target)))))
  } else {
    sinkUsed = "bench JSONL sink (no connectors/file in the build)"
    const sink = await fileSink(values.out)
    result = await Pipeline.runPull(options(sink.connector))
    await sink.close()
  }
  written = result.stats.written
  read = result.stats.read
}
const ms = performance.now() - start
sample()
clearInterval(timer)
let lines = 0
for await (const _ of createInterface({ input: createReadStream(values.out) })) lines++
process.stdout.write(JSON.stringify({ ms, read, written, lines, startRss, sink: sinkUsed, samples }) + "\n")
