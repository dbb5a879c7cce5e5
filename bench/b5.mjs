/**
 * B5 per-stage cost: each stage of a pull timed in isolation on the same records, so a regression
 * shows up in the stage that caused it; then the whole pipeline on in-memory pages, whose excess over
 * the stages is the stream machinery's share.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Duration from "effect/Duration"
import * as Chunk from "effect/Chunk"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { unifiedSchemas } from "./connectors.mjs"
import { Sql, removeDb, runScoped } from "./sql.mjs"
import { Connector, Cursor, Formatter, Pipeline, Postfilter, importDist, fmt, range, settle, summary, table, timeAsync, timeSync } from "./lib.mjs"
import { having, jobs, mapping } from "./records.mjs"

const { Memory } = await importDist("testing/index.js")
const Batching = await importDist("core/Batching.js")

const BATCH = 1000

const chunked = (records) => {
  const out = []
  for (let i = 0; i < records.length; i += BATCH) out.push(records.slice(i, i + BATCH))
  return out
}

/** Times `f` over n records; CPU and wall µs per record. */
const perRecord = (n, f) => {
  const t = timeSync(f)
  return { cpu: (t.cpu * 1000) / n, wall: (t.ms * 1000) / n }
}

const perRecordAsync = async (n, f) => {
  const t = await timeAsync(f)
  return { cpu: (t.cpu * 1000) / n, wall: (t.ms * 1000) / n }
}

/** Runs B5 on `total` records, `runs` timed repetitions after one warm-up. */
export const run = async ({ total, runs, log }) => {
  const texts = chunked(jobs(0, total)).map((page) => JSON.stringify({ data: page }))
  const records = texts.flatMap((t) => JSON.parse(t).data)
  const memoryTarget = Memory.make({ name: "target" })
  const origin = Connector.fromAsyncIterable({
    name: "in-memory-pages",
    schemas: unifiedSchemas,
    read: async function* () {
      for (let i = 0; i < records.length; i += BATCH) yield records.slice(i, i + BATCH)
    }
  })
  const decodeOrigin = Connector.decoder(origin, "job")
  const keep = Either.getOrThrow(Postfilter.compile(having))
  const format = Formatter.buildMappingFormatter(mapping).format
  const kept = records.filter(keep)
  const formatted = kept.map(format)
  const validateMemory = Connector.decoder(memoryTarget, "job")
  const sqlite = join(tmpdir(), `hrtech-bench-${process.pid}-b5.db`)

  const stages = {
    parse: {
      label: "JSON.parse of the page texts",
      per: "read",
      f: () =>
        perRecord(total, () => {
          for (const t of texts) JSON.parse(t)
        })
    },
    decode: {
      label: "decode: origin schema validation (`Connector.decoder`, UnifiedJob)",
      per: "read",
      f: () =>
        perRecord(total, () => {
          for (const r of records) decodeOrigin(r)
        })
    },
    filter: {
      label: "filter: compiled HAVING (`Postfilter.compile`)",
      per: "read",
      f: () =>
        perRecord(total, () => {
          for (const r of records) keep(r)
        })
    },
    format: {
      label: "format: mapping formatter (12 rules)",
      per: "kept",
      f: () =>
        perRecord(kept.length, () => {
          for (const r of kept) format(r)
        })
    },
    validateTarget: {
      label: "validate: target schema (`Connector.decoder`, UnifiedJob)",
      per: "kept",
      f: () =>
        perRecord(kept.length, () => {
          for (const r of formatted) validateMemory(r)
        })
    },
    encodeJsonl: {
      label: "encode: JSONL line (`JSON.stringify`)",
      per: "kept",
      f: () =>
        perRecord(kept.length, () => {
          for (const r of formatted) JSON.stringify(r)
        })
    },
    encodeSqlRow: {
      label: "encode: SQL row values as the connector builds them (`Tables.toValues`, includes JSON.stringify of `data`)",
      per: "kept",
      f: () =>
        perRecord(kept.length, () => {
          for (const r of formatted) Sql.Tables.toValues("job", r)
        })
    },
    writeMemory: {
      label: "write: Memory connector `write`, batches of 1000",
      per: "kept",
      f: () =>
        perRecord(kept.length, () => {
          for (const b of chunked(formatted)) Effect.runSync(Memory.make().write("job", b))
        })
    },
    writeSqlite: {
      label: "write: SQL connector `write` to SQLite as the pipeline calls it (`{ validated: true }`), batches of 1000 (builds rows, upserts)",
      per: "kept",
      f: async () => {
        removeDb(sqlite)
        const us = await runScoped(
          Effect.gen(function* () {
            const target = yield* Sql.makeFromUri(`sqlite:${sqlite}`)
            const cpu = process.cpuUsage()
            const start = performance.now()
            for (const b of chunked(formatted)) yield* target.write("job", b, { validated: true })
            const { user, system } = process.cpuUsage(cpu)
            return { cpu: (user + system) / kept.length, wall: ((performance.now() - start) * 1000) / kept.length }
          })
        )
        removeDb(sqlite)
        return us
      }
    },
    streamOnly: {
      label:
        "stream machinery alone, as in the pull: fromAsyncIterable → bufferChunks(1) → mapChunks → Batching.within(1000, 1 s) → buffer(1) → mapEffect(no-op write)",
      per: "read",
      f: () =>
        perRecordAsync(total, () =>
          Effect.runPromise(
            origin.read("job", { cursor: Cursor.make("updated_at"), where: [], batchSize: BATCH }).pipe(
              Stream.bufferChunks({ capacity: 1 }),
              Stream.mapChunks((c) => Chunk.map(c, (r) => ({ id: r.id, output: r }))),
              (items) => Batching.within(items, BATCH, Duration.seconds(1)),
              Stream.buffer({ capacity: 1 }),
              Stream.mapEffect((b) => Effect.succeed(Chunk.size(b))),
              Stream.runDrain
            )
          )
        )
    },
    pipeline: {
      label: "**whole `Pipeline.pull`** from in-memory pages to the Memory connector (no HTTP)",
      per: "read",
      f: () =>
        perRecordAsync(total, () =>
          Pipeline.runPull({
            resource: "job",
            origin,
            target: Memory.make({ name: "target" }),
            cursor: Cursor.make("updated_at"),
            having,
            formatter: mapping,
            batchSize: BATCH
          })
        )
    }
  }
  const samples = Object.fromEntries(Object.keys(stages).map((k) => [k, []]))
  const walls = Object.fromEntries(Object.keys(stages).map((k) => [k, []]))
  for (let round = 0; round <= runs; round++) {
    for (const [name, stage] of Object.entries(stages)) {
      await settle()
      const us = await stage.f()
      if (round === 0) continue
      samples[name].push(us.cpu)
      walls[name].push(us.wall)
    }
    if (round > 0)
      log(
        `B5 round ${round}/${runs}: ${Object.entries(samples)
          .map(([k, v]) => `${k} ${fmt(v.at(-1))}µs`)
          .join(", ")}`
      )
  }
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)]))
  const wall = Object.fromEntries(Object.entries(walls).map(([k, v]) => [k, summary(v)]))
  const keptShare = kept.length / total
  // Per record read: stages that only see kept records are weighted by the share kept.
  const perRead = (name) => s[name].median * (stages[name].per === "kept" ? keptShare : 1)
  const stagesSum = ["decode", "filter", "format", "validateTarget", "writeMemory"].reduce((a, k) => a + perRead(k), 0)
  return { total, kept: kept.length, runs, s, wall, stages, perRead, stagesSum }
}

/** The Markdown section of B5. */
export const report = (r) => {
  const rows = Object.entries(r.stages).map(([name, stage]) => [
    stage.label,
    range(r.s[name], 2),
    fmt(r.wall[name].median, 2),
    fmt(r.perRead(name), 2),
    fmt(1e6 / r.s[name].median)
  ])
  const overhead = r.s.pipeline.median - r.stagesSum
  return `## B5 — per-stage cost

${r.total.toLocaleString("en-US")} records in memory (already parsed; ${r.kept.toLocaleString("en-US")} pass the HAVING), each stage timed alone,
${r.runs} timed repetitions after one warm-up. Times are **CPU** µs of this process (user + system, all threads), which a
busy host disturbs far less than wall time; the wall median is shown beside it. "µs/record" is per record the stage
sees; "µs per record read" weighs the stages after the filter by the share kept (${fmt((100 * r.kept) / r.total, 0)}%), so that column adds
up to the cost of one pull.

${table(["stage", "CPU µs/record median (min – max)", "wall µs/record", "CPU µs per record read", "records/s (stage alone, CPU)"], rows)}

Sum of the in-pipeline stages for the Memory target (decode + filter + format + validate + Memory write, per record
read): **${fmt(r.stagesSum, 2)} µs**. The whole pull on the same records: **${fmt(r.s.pipeline.median, 2)} µs**, so the pipeline's own
machinery (items, dedup and checkpoint tracking, stream steps, batching, read-ahead, outcome accounting) costs
**${fmt(overhead, 2)} µs per record** (${fmt((100 * overhead) / r.s.pipeline.median, 0)}% of the pull).
`
}
