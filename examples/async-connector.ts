/**
 * A connector written without Effect: `Connector.fromAsyncIterable` turns async generators (reading
 * pages) and Promise-returning functions (writing batches) into a connector, and `runPull` /
 * `pullIterable` run the pipeline as a Promise or a `for await` loop.
 */
import { fileURLToPath } from "node:url"
import { Connector, Cursor, Pipeline, Unified } from "hrtech-etl"

const schemas = { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile }

/** Jobs of a system reachable only through a Promise-based SDK (here an array standing in for it). */
const remoteJobs: ReadonlyArray<Unified.UnifiedJob> = Array.from({ length: 25 }, (_, i) => ({
  id: `job-${String(i).padStart(2, "0")}`,
  name: i % 2 === 0 ? "Data Engineer" : "Recruiter",
  status: "open",
  updated_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString()
}))

/** The origin: pages in cursor order from the cursor's (inclusive) start. */
export const origin = Connector.fromAsyncIterable({
  name: "my_ats",
  label: "My ATS",
  warehouseType: "ats",
  schemas,
  read: async function* (_resource, { batchSize, cursor }) {
    const direction = cursor.sort_by === "asc" ? 1 : -1
    const rows = remoteJobs
      .filter((job) => cursor.start == null || !Cursor.isBeforeStart(cursor.sort_by, job.updated_at!, cursor.start))
      .sort((a, b) => direction * Cursor.compareValues(a.updated_at!, b.updated_at!))
    for (let i = 0; i < rows.length; i += batchSize) {
      // A real connector awaits its SDK or `fetch` here.
      await new Promise((resolve) => setTimeout(resolve, 1))
      yield rows.slice(i, i + batchSize)
    }
  }
})

/** The target: a Promise-returning batch write with one outcome per record. */
export const makeTarget = () => {
  const stored = new Map<string, Connector.NativeRecord>()
  const target = Connector.fromAsyncIterable({
    name: "my_crm",
    schemas,
    write: async (_resource, batch) =>
      batch.map((record) => {
        const id = String(record.id)
        const existed = stored.has(id)
        stored.set(id, record)
        return existed ? Connector.Outcome.updated(id) : Connector.Outcome.created(id)
      })
  })
  return { target, stored }
}

/** Pulls once as a Promise, then resumes with a `for await` loop over the progress of each batch. */
export const main = async (log: (line: string) => void = console.log) => {
  const { stored, target } = makeTarget()
  const options = {
    resource: "job",
    origin,
    target,
    having: [{ field: "name", op: "contains", value: "Data" }],
    batchSize: 5
  } as const
  const first = await Pipeline.runPull({ ...options, cursor: { mode: "updated_at", sort_by: "asc" } })
  log(`first run: wrote ${first.stats.written}, resume from ${first.cursor.end}`)
  let batches = 0
  for await (const progress of Pipeline.pullIterable({ ...options, cursor: Cursor.resumeFrom(first.cursor) })) {
    if (!progress.done) batches++
    else log(`second run: ${batches} batches, wrote ${progress.stats.written}`)
  }
  return { first, stored }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
