/**
 * Load on the server's front door: `hrtech-etl serve` (the built package, its own process, loopback,
 * a temporary data directory and state database) under 50 concurrent clients for 60 s. Each client
 * loops over a fixed mix of reads, synchronous and background pulls (dry runs), and requests the gate
 * must refuse (path tricks, cross-site, form bodies, deep JSON); any answer other than the expected
 * status is an error. The server's RSS is read from /proc before the load, at its peak, and after it
 * (waiting up to 60 s for it to settle). Writes its section of bench/RESULTS.md.
 *
 *   node bench/load.mjs [--seconds 60] [--clients 50] [--quick] [--out FILE]
 *   node bench/load.mjs --suite [run.mjs options]   # `npm run bench`: bench/run.mjs first, then this
 */
import { spawn } from "node:child_process"
import * as Http from "node:http"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    clients: { type: "string", default: "50" },
    quick: { type: "boolean", default: false },
    suite: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" }
  },
  strict: false
})

if (values.suite) {
  // `npm run bench [-- --quick | --only B1,LOAD]`: the other benchmarks first (they rewrite the results file).
  const rest = process.argv.slice(2).filter((a) => a !== "--suite")
  const wanted =
    values.only === undefined
      ? undefined
      : new Set(
          String(values.only)
            .split(",")
            .map((s) => s.trim().toUpperCase())
        )
  const others = wanted === undefined ? undefined : [...wanted].filter((b) => b !== "LOAD")
  if (others === undefined || others.length > 0) {
    const args = rest.filter((a, i) => a !== "--only" && rest[i - 1] !== "--only" && !a.startsWith("--only="))
    if (others !== undefined) args.push("--only", others.join(","))
    const code = await new Promise((resolve) =>
      spawn(process.execPath, [fileURLToPath(new URL("./run.mjs", import.meta.url)), ...args], { stdio: "inherit" }).on("exit", resolve)
    )
    if (code !== 0) process.exit(code ?? 1)
  }
  if (wanted !== undefined && !wanted.has("LOAD")) process.exit(0)
}

// Imported after the suite ran: lib.mjs loads the built package.
const { fmt, load, machine, table } = await import("./lib.mjs")

const quick = values.quick
const seconds = Number(values.seconds ?? (quick ? 10 : 60))
const clients = Number(values.clients)
const warmupSeconds = quick ? 2 : 5
const maxConcurrentRuns = clients
const out = values.out ?? fileURLToPath(new URL(quick ? "./RESULTS-quick.md" : "./RESULTS.md", import.meta.url))
const log = (line) => process.stderr.write(`[load ${((performance.now() - t0) / 1000).toFixed(0)}s] ${line}\n`)
const t0 = performance.now()

const bin = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url))
if (!existsSync(bin)) throw new Error("dist/cli/bin.js is missing: run `npm run build` first")
// The same V8 flags as the executable's shebang line.
const flags = (
  readFileSync(bin, "utf8")
    .split("\n")[0]
    .match(/node\s+(.*)$/)?.[1] ?? ""
)
  .split(/\s+/)
  .filter(Boolean)

const dir = mkdtempSync(join(tmpdir(), "hrtech-load-"))
const dataDir = join(dir, "data")
mkdirSync(dataDir)
const at = (i) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace(".000Z", "Z")
writeFileSync(
  join(dataDir, "jobs.jsonl"),
  Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: `job-${i}`, name: `Job ${i}`, status: "open", created_at: at(i), updated_at: at(i) })).join("\n") +
    "\n"
)

const server = spawn(process.execPath, [...flags, bin, "serve", "--port", "0", "--data-dir", dataDir, "--state", join(dir, "state.db")], {
  env: { ...process.env, HRTECH_ETL_API_TOKEN: "", HRTECH_ETL_MAX_CONCURRENT_RUNS: String(maxConcurrentRuns) },
  stdio: ["ignore", "ignore", "pipe"]
})
const base = await new Promise((resolve, reject) => {
  let text = ""
  server.stderr.on("data", (chunk) => {
    text += chunk
    const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)
    if (match) resolve(match[1])
  })
  server.on("exit", (code) => reject(new Error(`server exited (${code}): ${text}`)))
})
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? 0) / 1024

const pull = { resource: "job", origin: "file:jobs.jsonl", target: "file:out.jsonl", dry_run: true }
const json = { "content-type": "application/json" }
/** The request mix: [weight, name, expected status, request]. */
const mix = [
  [30, "GET /api/connectors", 200, () => ["/api/connectors", {}]],
  [15, "GET /api/schema/unified/job", 200, () => ["/api/schema/unified/job", {}]],
  [10, "GET /api/fields/unified/profile", 200, () => ["/api/fields/unified/profile", {}]],
  [15, "POST /api/run/pull (dry run, 200 records)", 200, () => ["/api/run/pull", { method: "POST", headers: json, body: JSON.stringify(pull) }]],
  [5, "POST /api/runs (background pull)", 202, () => ["/api/runs", { method: "POST", headers: json, body: JSON.stringify({ kind: "pull", request: pull }) }]],
  // Sent as is (fetch would resolve the dots).
  [
    10,
    "path trick (;/../ webhook)",
    400,
    () => ["/api/run/pull;/../../webhooks/warehouse_a", { method: "POST", headers: json, body: JSON.stringify(pull), raw: true }]
  ],
  [5, "cross-site POST", 403, () => ["/api/run/pull", { method: "POST", headers: { ...json, origin: "https://evil.example" }, body: JSON.stringify(pull) }]],
  [
    5,
    "form-encoded POST",
    415,
    () => ["/api/run/pull", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "resource=job" }]
  ],
  [5, "200,000-deep JSON", 400, () => ["/api/run/push", { method: "POST", headers: json, body: "[".repeat(200_000) + "]".repeat(200_000) }]]
]
const wheel = mix.flatMap((entry, index) => Array.from({ length: entry[0] }, () => index))
const stats = mix.map(() => ({ count: 0, errors: 0, latencies: [] }))
const failures = []
const backgroundRuns = []

const agent = new Http.Agent({ keepAlive: true })
/** A request whose path is sent byte for byte. */
const rawRequest = (path, init) =>
  new Promise((resolve, reject) => {
    const { port } = new URL(base)
    const request = Http.request({ host: "127.0.0.1", port, path, method: init.method, headers: init.headers, agent, timeout: 30_000 }, (response) => {
      let body = ""
      response.setEncoding("utf8")
      response.on("data", (chunk) => (body += chunk))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
    })
    request.on("timeout", () => request.destroy(new Error("timeout")))
    request.on("error", reject)
    request.end(init.body)
  })

const call = async (index) => {
  const [, name, expected, make] = mix[index]
  const [path, init] = make()
  const started = performance.now()
  let status = 0
  let body = ""
  try {
    if (init.raw) {
      ;({ status, body } = await rawRequest(path, init))
    } else {
      const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) })
      status = response.status
      body = await response.text()
    }
  } catch (error) {
    body = String(error)
  }
  const s = stats[index]
  s.count++
  s.latencies.push(performance.now() - started)
  if (status !== expected) {
    s.errors++
    if (failures.length < 20) failures.push(`${name}: ${status} ${body.slice(0, 200)}`)
  } else if (expected === 202) backgroundRuns.push(JSON.parse(body).run_id)
}

/** Every client loops over the mix until the deadline. */
const drive = async (until) =>
  Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      // A step coprime with the wheel's size: every client goes through the whole mix, each from its own place.
      for (let i = client * 13; performance.now() < until; i += 61) await call(wheel[i % wheel.length])
    })
  )

// Warm-up: a short burst at full concurrency, so one-time growth (compiled code, caches, the heap
// reaching its working size) is in the starting figure; its errors count too.
await drive(performance.now() + warmupSeconds * 1000)
const warmupErrors = stats.reduce((n, s) => n + s.errors, 0)
for (const s of stats) Object.assign(s, { count: 0, errors: 0, latencies: [] })
await new Promise((resolve) => setTimeout(resolve, 5_000))
const rssStart = rssMb()
log(`server ${base} (pid ${server.pid}), RSS ${fmt(rssStart, 1)} MB; ${clients} clients for ${seconds} s`)

let rssPeak = rssStart
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 250)
const deadline = performance.now() + seconds * 1000
const loadStart = performance.now()
await drive(deadline)
const elapsed = (performance.now() - loadStart) / 1000
clearInterval(sampler)
const rssEnd = rssMb()

// Background runs are part of the work: each must finish and succeed.
let runErrors = 0
for (const id of backgroundRuns) {
  let status = "running"
  for (let i = 0; i < 600 && status === "running"; i++) {
    status = (await (await fetch(`${base}/api/runs/${id}`)).json()).status
    if (status === "running") await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (status !== "succeeded") runErrors++
}

// Settling: RSS sampled each second, up to 60 s, until within 20% of the start.
let rssAfter = rssMb()
let settleSeconds = 0
while (rssAfter > rssStart * 1.2 && settleSeconds < 60) {
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  settleSeconds++
  rssAfter = rssMb()
}
server.kill("SIGINT")
await new Promise((resolve) => server.on("exit", resolve))
rmSync(dir, { recursive: true, force: true })

const total = stats.reduce((n, s) => n + s.count, 0)
const errors = stats.reduce((n, s) => n + s.errors, 0) + runErrors + warmupErrors
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const host = machine()
const within = rssAfter <= rssStart * 1.2
const section = `<!-- load:start (bench/load.mjs writes this section) -->
## Server under load (bench/load.mjs)

\`hrtech-etl serve\` (built package, own process, loopback, no token, \`HRTECH_ETL_MAX_CONCURRENT_RUNS=${maxConcurrentRuns}\`) under
${clients} concurrent clients for ${fmt(elapsed, 0)} s, after a ${warmupSeconds} s warm-up burst and 5 s of rest (the RSS start figure); each client
loops over the mix below, and any status other than the expected one (or a background run that does not succeed,
warm-up included) is an error. Machine: ${host.nproc} CPUs (${host.cpu}),
Node ${host.node}, commit ${host.commit}, ${host.date}, 1-minute load average ${fmt(load().load1, 1)} at the end.

${table(
  ["", "figure", "measured", "target", "status"],
  [
    [
      "L1",
      "errors (unexpected status, failed background run)",
      `${errors} of ${total.toLocaleString("en-US")} requests, ${backgroundRuns.length} background runs`,
      "0",
      errors === 0 ? "✅ met" : "❌ missed"
    ],
    [
      "L2",
      "server RSS: start → peak → end of load → after settling",
      `${fmt(rssStart, 1)} → ${fmt(rssPeak, 1)} → ${fmt(rssEnd, 1)} → ${fmt(rssAfter, 1)} MB (${settleSeconds} s)`,
      "≤ 120% of start",
      within ? "✅ met" : "❌ missed"
    ],
    ["L3", "throughput", `${fmt(total / elapsed, 0)} requests/s`, "–", "–"]
  ]
)}

${table(
  ["request", "expected", "count", "errors", "p50 ms", "p99 ms"],
  mix.map(([, name, expected], i) => [
    name,
    expected,
    stats[i].count,
    stats[i].errors,
    fmt(pct(stats[i].latencies, 50), 1),
    fmt(pct(stats[i].latencies, 99), 1)
  ])
)}
${failures.length > 0 ? `\nFirst failures:\n\n${failures.map((f) => `- \`${f.replace(/`/g, "'")}\``).join("\n")}\n` : ""}
Run alone with \`npm run build && node bench/load.mjs\` (\`--seconds\`, \`--clients\`, \`--quick\`: 10 s into RESULTS-quick.md).
<!-- load:end -->
`
const previous = existsSync(out) ? readFileSync(out, "utf8") : "# Benchmark results\n"
const marked = /<!-- load:start[\s\S]*?<!-- load:end -->\n?/
writeFileSync(out, marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}`)
log(`${errors} errors in ${total} requests; RSS ${fmt(rssStart, 1)} → ${fmt(rssPeak, 1)} → ${fmt(rssAfter, 1)} MB; wrote ${out}`)
process.exit(errors === 0 && within ? 0 : 1)
