/**
 * Scale benchmark: N tenants' syncs (two vendors behind fake multi-tenant APIs with a fixed latency,
 * SQLite targets) run once each by 1, 2 and 4 `hrtech-etl worker` processes sharing a fresh
 * PostgreSQL database. Reports syncs completed per minute and checks that each vendor's cluster-wide
 * concurrency limit was never exceeded (from the recorded attempt intervals and from the vendor's own
 * count of calls in flight). Writes bench/RESULTS-scale.md.
 *
 *   npm run build && node bench/scale.mjs [--tenants 1000] [--jobs 50] [--workers 1,2,4] [--latency 25]
 *
 * PostgreSQL: $HRTECH_ETL_BENCH_PG_URL, else $HRTECH_ETL_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/test
 * (a database per round is created and dropped there). Build under test: $HRTECH_BENCH_DIST or dist/.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { execSync, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { jobsOf, startVendor } from "./scale-vendor.mjs"

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "1000" },
    jobs: { type: "string", default: "50" },
    batch: { type: "string", default: "25" },
    workers: { type: "string", default: "1,2,4" },
    latency: { type: "string", default: "25" },
    out: { type: "string" }
  }
})
const tenants = Number(values.tenants)
const jobsPerTenant = Number(values.jobs)
const batchSize = Number(values.batch)
const workerCounts = values.workers.split(",").map(Number)
const latencyMs = Number(values.latency)
const out = values.out ?? fileURLToPath(new URL("./RESULTS-scale.md", import.meta.url))

const dist = process.env.HRTECH_BENCH_DIST ? new URL(`file://${process.env.HRTECH_BENCH_DIST.replace(/\/?$/, "/")}`) : new URL("../dist/", import.meta.url)
const bin = process.env.HRTECH_ETL_SCALE_BIN ?? fileURLToPath(new URL("cli/bin.js", dist))
const Environment = await import(new URL("scale/Environment.js", dist).href)
const Syncs = await import(new URL("scale/Syncs.js", dist).href)
const Client = await import(new URL("sql/Client.js", dist).href)
const Builtin = await import(new URL("connectors/builtin.js", dist).href)

// Sync auth is stored encrypted: one key for this process and the workers it starts.
process.env.HRTECH_ETL_SECRET_KEY ??= randomBytes(32).toString("base64")
const serverUrl = process.env.HRTECH_ETL_BENCH_PG_URL || process.env.HRTECH_ETL_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test"
const t0 = performance.now()
const log = (line) => process.stderr.write(`[scale ${((performance.now() - t0) / 1000).toFixed(0)}s] ${line}\n`)

const query = (url, text, params = []) => Effect.runPromise(Effect.scoped(Effect.flatMap(Client.fromUri(url), (sql) => sql.unsafe(text, params))))
const withDatabase = (name) => {
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  return u.toString()
}
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = Net.createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = s.address().port
      s.close(() => resolve(port))
    })
  })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Vendors: alpha holds two thirds of the tenants with a limit of 8, beta a third with a limit of 4. */
const vendorsSpec = [
  { name: "alpha", limit: 8, share: (i) => i % 3 !== 2 },
  { name: "beta", limit: 4, share: (i) => i % 3 === 2 }
]

const startWorker = async (name, url) => {
  const port = await freePort()
  const child = spawn(process.execPath, [bin, "worker", "--state", url, "--port", String(port), "--name", name, "--tick-ms", "250", "--pool-size", "10"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" }
  })
  let stderr = ""
  child.stderr.on("data", (c) => (stderr = (stderr + c).slice(-4000)))
  const exited = new Promise((resolve) => child.once("exit", resolve))
  return { name, child, exited, stderr: () => stderr }
}
const stopWorker = async (w) => {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return
  w.child.kill("SIGTERM")
  const timer = setTimeout(() => w.child.kill("SIGKILL"), 20_000)
  await w.exited
  clearTimeout(timer)
}

/** Most intervals open at once. */
const maxConcurrent = (intervals) => {
  const events = intervals
    .flatMap((a) => [
      [a.start, 1],
      [a.end, -1]
    ])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
  let now = 0
  let max = 0
  for (const [, d] of events) max = Math.max(max, (now += d))
  return max
}
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

const data = new Map()
for (let i = 0; i < tenants; i++) data.set(i, jobsOf(i, jobsPerTenant))
const vendors = await Promise.all(
  vendorsSpec.map(async (spec) => ({
    ...spec,
    server: await startVendor({ name: spec.name, latencyMs, tenants: new Map([...data].filter(([i]) => spec.share(i))) })
  }))
)
const vendorOf = (i) => vendors.find((v) => v.share(i))

const round = async (workers) => {
  const name = `hrtech_bench_scale_${process.pid}_${workers}`
  await query(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await query(serverUrl, `CREATE DATABASE ${name}`)
  const url = withDatabase(name)
  const dir = mkdtempSync(join(Os.tmpdir(), "hrtech-bench-scale-"))
  const started = []
  try {
    log(`${workers} worker(s): defining ${tenants} syncs`)
    await Effect.runPromise(
      Effect.gen(function* () {
        for (const v of vendors) yield* Syncs.setLimit({ concurrency_class: v.name, max_concurrent: v.limit })
        for (let i = 0; i < tenants; i++) {
          const v = vendorOf(i)
          yield* Syncs.add({
            name: `tenant-${i}-jobs`,
            tenant: `tenant-${i}`,
            resource: "job",
            origin: "warehouse_a",
            origin_auth: { base_url: v.server.baseUrlOf(i), api_key: `key-${i}` },
            target: `sqlite:${join(dir, `t${i}.db`)}`,
            cursor_mode: "updated_at",
            schedule: "0 0 1 1 *",
            concurrency_class: v.name,
            batch_size: batchSize,
            enabled: true
          })
          yield* Syncs.runNow(`tenant-${i}-jobs`)
        }
      }).pipe(Effect.provide(Layer.merge(Builtin.layer, Environment.layer(url))))
    )
    for (const v of vendors) v.server.reset()
    log(`${workers} worker(s): starting`)
    const wall0 = Date.now()
    for (let w = 0; w < workers; w++) started.push(await startWorker(`w${w + 1}`, url))
    for (;;) {
      await sleep(1000)
      const [row] = await query(
        url,
        "SELECT count(*) FILTER (WHERE status IN ('succeeded','failed','canceled'))::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM hrtech_sync_runs"
      )
      if (row.done >= tenants) break
      if (Date.now() - wall0 > 45 * 60_000) throw new Error(`round with ${workers} workers timed out at ${row.done}/${tenants}`)
      const dead = started.find((w) => w.child.exitCode !== null)
      if (dead) throw new Error(`worker ${dead.name} exited: ${dead.stderr()}`)
    }
    const wallMs = Date.now() - wall0
    const attempts = (
      await query(
        url,
        "SELECT a.sync, a.worker, a.started_at, a.finished_at, r.concurrency_class, r.status FROM hrtech_sync_attempts a JOIN hrtech_sync_runs r USING (run_id)"
      )
    ).map((a) => ({ ...a, start: Date.parse(a.started_at), end: Date.parse(a.finished_at) }))
    const [counts] = await query(
      url,
      "SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM hrtech_sync_runs"
    )
    const first = Math.min(...attempts.map((a) => a.start))
    const last = Math.max(...attempts.map((a) => a.end))
    const perWorker = new Map()
    for (const a of attempts) perWorker.set(a.worker, (perWorker.get(a.worker) ?? 0) + 1)
    const result = {
      workers,
      succeeded: counts.succeeded,
      failed: counts.failed,
      activeMs: last - first,
      wallMs,
      syncsPerMinute: (counts.succeeded / (last - first)) * 60_000,
      runP50: percentile(
        attempts.map((a) => a.end - a.start),
        0.5
      ),
      runP90: percentile(
        attempts.map((a) => a.end - a.start),
        0.9
      ),
      perWorker: [...perWorker.values()].sort((a, b) => b - a),
      classes: vendors.map((v) => ({
        name: v.name,
        limit: v.limit,
        maxConcurrent: maxConcurrent(attempts.filter((a) => a.concurrency_class === v.name)),
        vendor: v.server.stats()
      }))
    }
    log(`${workers} worker(s): ${JSON.stringify(result)}`)
    return result
  } finally {
    await Promise.all(started.map(stopWorker))
    rmSync(dir, { recursive: true, force: true })
    await query(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined)
  }
}

const results = []
try {
  for (const n of workerCounts) results.push(await round(n))
} finally {
  await Promise.all(vendors.map((v) => v.server.close()))
}

const commit = (() => {
  try {
    return `commit ${execSync("git rev-parse --short HEAD", { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8" }).trim()}`
  } catch {
    return "commit unknown"
  }
})()
const ok = (r) =>
  r.classes.every((c) => c.maxConcurrent <= c.limit && c.vendor.maxInFlight <= c.limit) && r.classes.every((c) => c.vendor.maxInFlightPerTenant <= 1)
const lines = [
  "# Scale benchmark: scheduled syncs on a cluster of workers",
  "",
  `Generated by \`node bench/scale.mjs --tenants ${tenants} --jobs ${jobsPerTenant} --batch ${batchSize} --workers ${workerCounts.join(",")} --latency ${latencyMs}\` on ${new Date().toISOString()} (${commit}).`,
  "",
  `- ${tenants} tenants, one job sync each (${jobsPerTenant} jobs, batches of ${batchSize}: ${Math.ceil(jobsPerTenant / batchSize)} pages and checkpoints per run), every sync requested once.`,
  `- Origins: two fake vendors speaking Warehouse A's API for many tenants, ${latencyMs} ms per call; alpha has ${vendors[0].limit} lanes (cluster-wide limit), beta ${vendors[1].limit}. Targets: one SQLite file per tenant.`,
  "- Workers: `hrtech-etl worker` processes on this machine, sharing one fresh PostgreSQL database per round (cluster messages, shard locks, definitions, runs, checkpoints).",
  `- Machine: ${Os.cpus().length} CPUs (${Os.cpus()[0]?.model ?? "?"}), load average ${Os.loadavg()[0].toFixed(1)} at the end; Node ${process.version}. The workers, the vendors and PostgreSQL share these CPUs.`,
  "- *syncs/min* counts runs that succeeded, from the first attempt's start to the last attempt's end (worker start-up excluded); *wall* includes start-up.",
  "",
  "| workers | succeeded | failed | syncs/min | active s | wall s | run p50 / p90 ms | runs per worker | alpha max concurrent (limit) | alpha max calls in flight | beta max concurrent (limit) | beta max calls in flight | limits held |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r.workers} | ${r.succeeded} | ${r.failed} | ${r.syncsPerMinute.toFixed(0)} | ${(r.activeMs / 1000).toFixed(1)} | ${(r.wallMs / 1000).toFixed(1)} | ${r.runP50} / ${r.runP90} | ${r.perWorker.join(", ")} | ` +
      `${r.classes[0].maxConcurrent} (${r.classes[0].limit}) | ${r.classes[0].vendor.maxInFlight} | ${r.classes[1].maxConcurrent} (${r.classes[1].limit}) | ${r.classes[1].vendor.maxInFlight} | ${ok(r) ? "yes" : "NO"} |`
  ),
  "",
  "The per-vendor limit is a number of lanes: each `SyncLane` entity runs one sync at a time and the cluster runs each lane on one worker,",
  "so at most `limit` syncs of a class run at once however many workers there are. A run calls its vendor one page at a time,",
  'so calls in flight per vendor are bounded by the same number ("max calls in flight" is counted by the fake vendor itself).',
  "Throughput is bounded by the lanes (12 here) times the run time, and by the CPUs: more workers add CPU for runs and",
  "the engine's bookkeeping but not more lanes.",
  ""
]
writeFileSync(out, lines.join("\n"))
log(`wrote ${out}`)
if (!results.every(ok)) {
  process.stderr.write("a concurrency limit was exceeded\n")
  process.exitCode = 1
}
