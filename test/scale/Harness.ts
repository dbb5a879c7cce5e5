/**
 * Test kit for the sync cluster: a throwaway PostgreSQL database per test, many tenants' fake
 * Warehouse A servers behind one "vendor gateway" (one port, `/t/<tenant>` prefixes) that measures
 * the vendor's concurrent calls overall and per tenant, worker processes of the built CLI that a test
 * can SIGKILL, and readers for the outcome (targets, runs, attempts).
 */
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import * as Http from "node:http"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"
import * as Builtin from "../../src/connectors/builtin.js"
import * as Environment from "../../src/scale/Environment.js"
import * as Worker from "../../src/scale/Worker.js"
import * as Client from "../../src/sql/Client.js"
import * as FakeA from "../fakes/WarehouseA.js"

/** The built CLI (override with HRTECH_ETL_SCALE_BIN, e.g. a private build). */
export const bin = process.env.HRTECH_ETL_SCALE_BIN ?? fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url))

/** The services of the sync commands as the CLI provides them: the built-in connectors and the stores of a state URI. */
export const environment = (stateUri: string) => Layer.merge(Builtin.layer, Environment.layer(stateUri))

/** A worker in this process with the built-in connectors, as `hrtech-etl worker` runs it. */
export const runWorker = (options: Worker.Options) => Worker.run(options).pipe(Effect.provide(Builtin.layer))

/** The PostgreSQL URL of the test server, or why the test cannot run. */
export const pgUrl = (): { readonly url: string } | { readonly skip: string } => {
  const url = process.env.HRTECH_ETL_TEST_PG_URL
  if (url !== undefined && url !== "") return { url }
  if (process.env.CI === "true") throw new Error("HRTECH_ETL_TEST_PG_URL must be set when CI=true")
  return { skip: "HRTECH_ETL_TEST_PG_URL is not set (PostgreSQL tests skipped outside CI)" }
}

/** Whether the long variants run. */
export const long = process.env.HRTECH_ETL_LONG_TESTS !== undefined && process.env.HRTECH_ETL_LONG_TESTS !== ""

const withUrlDatabase = (url: string, database: string): string => {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Runs one statement on a database (a client per call) and returns its rows. */
export const query = <A = Record<string, unknown>>(url: string, text: string, values: ReadonlyArray<unknown> = []): Promise<Array<A>> =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(Client.fromUri(url), (sql) => sql.unsafe<A & object>(text, values as Array<unknown>))).pipe(
      Effect.map((rows) => [...rows] as Array<A>)
    )
  )

/**
 * A fresh database on the test server, dropped when the scope closes. A cluster's shard locks are
 * database-wide, so each cluster under test gets its own database.
 */
export const database = (serverUrl: string, label: string): Effect.Effect<string, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const name = `hrtech_${label}_${process.pid}_${Date.now().toString(36)}`
        await query(serverUrl, `CREATE DATABASE ${name}`)
        return withUrlDatabase(serverUrl, name)
      },
      catch: (e) => new Error(`cannot create a test database on ${new URL(serverUrl).host}: ${(e as Error).message}`)
    }),
    // Best effort: a leftover database does not affect other tests.
    (url) => Effect.promise(() => query(serverUrl, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`).catch(() => []))
  )

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as Net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })

const pad = (i: number, width = 4) => String(i).padStart(width, "0")

/** A tenant's jobs: `count` records, three sharing each `updated_at` so ties straddle page edges. */
export const jobsOf = (tenant: number, count: number): Array<Record<string, unknown>> => {
  const start = Date.UTC(2024, 0, 1) + tenant * 60_000
  return Array.from({ length: count }, (_, i) => ({
    job_id: `t${pad(tenant)}-job-${pad(i)}`,
    title: `Job ${i} of tenant ${tenant}`,
    board_key: "board",
    status: "open",
    location: "Paris",
    created_at: new Date(start + i * 1000).toISOString(),
    updated_at: new Date(start + Math.floor(i / 3) * 1000).toISOString()
  }))
}

/** What the gateway saw. */
export interface GatewayStats {
  readonly requests: number
  /** Most requests in flight at once, all tenants together. */
  readonly maxInFlight: number
  /** Most requests in flight at once for one tenant. */
  readonly maxInFlightPerTenant: number
  /** Tenants that ever had two requests in flight at once. */
  readonly tenantsWithOverlap: ReadonlyArray<string>
}

/** One vendor's public endpoint in front of per-tenant fakes: `/t/<tenant>/...` → that tenant's fake. */
export interface Gateway {
  readonly url: string
  readonly stats: () => GatewayStats
}

/** Starts a gateway (127.0.0.1, random port) adding `latencyMs` to every request; closed with the scope. */
export const gateway = (upstreams: ReadonlyMap<string, string>, latencyMs: number): Effect.Effect<Gateway, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly gateway: Gateway }>((resume) => {
      let requests = 0
      let inFlight = 0
      let maxInFlight = 0
      let maxPerTenant = 0
      const perTenant = new Map<string, number>()
      const overlapping = new Set<string>()
      const agent = new Http.Agent({ keepAlive: true, maxSockets: 64 })
      const server = Http.createServer((req, res) => {
        const match = /^\/t\/([^/]+)(\/.*)$/.exec(req.url ?? "")
        const upstream = match ? upstreams.get(match[1]!) : undefined
        if (!match || upstream === undefined) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "unknown tenant" }))
          return
        }
        const tenant = match[1]!
        requests++
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        const mine = (perTenant.get(tenant) ?? 0) + 1
        perTenant.set(tenant, mine)
        maxPerTenant = Math.max(maxPerTenant, mine)
        if (mine > 1) overlapping.add(tenant)
        let done = false
        const finish = () => {
          if (done) return
          done = true
          inFlight--
          perTenant.set(tenant, (perTenant.get(tenant) ?? 1) - 1)
        }
        res.once("close", finish)
        const body: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => body.push(chunk))
        req.on("end", () => {
          setTimeout(() => {
            const target = new URL(match[2]!, upstream)
            const forward = Http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent }, (reply) => {
              res.writeHead(reply.statusCode ?? 502, reply.headers)
              reply.pipe(res)
            })
            forward.on("error", () => {
              if (!res.headersSent) res.writeHead(502).end()
              else res.destroy()
            })
            forward.end(Buffer.concat(body))
          }, latencyMs)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const port = (server.address() as Net.AddressInfo).port
        resume(
          Effect.succeed({
            server,
            gateway: {
              url: `http://127.0.0.1:${port}`,
              stats: () => ({ requests, maxInFlight, maxInFlightPerTenant: maxPerTenant, tenantsWithOverlap: [...overlapping] })
            }
          })
        )
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ gateway }) => gateway))

/** Tenants with their fake origins behind one gateway. */
export interface Tenants {
  readonly gateway: Gateway
  readonly jobs: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>
  readonly originAuth: (tenant: number) => Record<string, unknown>
}

/** Tenant id in the gateway path. */
export const tenantId = (i: number) => `tenant-${pad(i)}`

/** Starts `count` fake Warehouse A origins (`jobsPerTenant` jobs each) behind one gateway. */
export const tenants = (count: number, jobsPerTenant: number, latencyMs: number): Effect.Effect<Tenants, never, Scope.Scope> =>
  Effect.gen(function* () {
    const jobs = Array.from({ length: count }, (_, i) => jobsOf(i, jobsPerTenant))
    const fakes = yield* Effect.forEach(jobs, (list, i) => FakeA.start({ apiKey: `key-${i}`, jobs: list }), { concurrency: 20 })
    const gw = yield* gateway(new Map(fakes.map((f, i) => [tenantId(i), f.url])), latencyMs)
    return {
      gateway: gw,
      jobs,
      originAuth: (i) => ({ base_url: `${gw.url}/t/${tenantId(i)}`, api_key: `key-${i}` })
    }
  })

/** A worker process of the built CLI. */
export interface WorkerProcess {
  readonly name: string
  /** The worker-to-worker port. */
  readonly port: number
  readonly child: ChildProcess
  readonly output: () => string
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<string>
}

/** Spawns `hrtech-etl worker` on a free port (`env` adds to the test's environment). */
export const startWorker = async (
  name: string,
  stateUrl: string,
  extra: ReadonlyArray<string> = [],
  env: Readonly<Record<string, string>> = {}
): Promise<WorkerProcess> => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`)
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [bin, "worker", "--state", stateUrl, "--port", String(port), "--name", name, "--tick-ms", "200", "--pool-size", "10", ...extra],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_NO_WARNINGS: "1", ...env }
    }
  )
  let output = ""
  child.stdout!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-20_000)))
  child.stderr!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-20_000)))
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))))
  return { name, port, child, output: () => output, exited }
}

/** Stops a worker: SIGTERM, then SIGKILL if it has not left within `graceMs`. */
export const stopWorker = async (worker: WorkerProcess, graceMs = 20_000): Promise<void> => {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return
  worker.child.kill("SIGTERM")
  const timer = setTimeout(() => worker.child.kill("SIGKILL"), graceMs)
  await worker.exited
  clearTimeout(timer)
}

/** Polls `check` every `everyMs` until it returns a value, failing after `timeoutMs` with `describe()`. */
export const waitFor = async <A>(
  check: () => Promise<A | undefined>,
  options: { readonly timeoutMs: number; readonly everyMs?: number; readonly describe: () => Promise<string> | string }
): Promise<A> => {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out: ${await options.describe()}`)
    await new Promise((r) => setTimeout(r, options.everyMs ?? 250))
  }
}

/** The jobs a SQLite target holds: id → record. */
export const targetJobs = (path: string): Map<string, Record<string, unknown>> => {
  if (!existsSync(path)) return new Map()
  const db = new Database(path, { readonly: true })
  try {
    const rows = db.prepare("SELECT id, data FROM hrtech_jobs ORDER BY id").all() as Array<{ id: string; data: string }>
    return new Map(rows.map((r) => [r.id, JSON.parse(r.data) as Record<string, unknown>]))
  } catch {
    return new Map()
  } finally {
    db.close()
  }
}

/** An attempt as stored, with times as milliseconds. */
export interface Interval {
  readonly sync: string
  readonly run_id: string
  readonly worker: string
  readonly start: number
  readonly end: number | null
}

/** Every recorded attempt. */
export const attempts = async (url: string): Promise<Array<Interval>> =>
  (
    await query<{ sync: string; run_id: string; worker: string; started_at: string; finished_at: string | null }>(
      url,
      "SELECT sync, run_id, worker, started_at, finished_at FROM hrtech_sync_attempts ORDER BY started_at"
    )
  ).map((r) => ({
    sync: r.sync,
    run_id: r.run_id,
    worker: r.worker,
    start: Date.parse(r.started_at),
    end: r.finished_at === null ? null : Date.parse(r.finished_at)
  }))

/**
 * Pairs of attempts of one sync whose intervals overlap. An attempt left unfinished by a killed
 * worker ends at the kill (`killedAt` by worker name); any other unfinished attempt runs until now.
 */
export const overlaps = (list: ReadonlyArray<Interval>, killedAt: ReadonlyMap<string, number>): Array<[Interval, Interval]> => {
  const endOf = (a: Interval) => a.end ?? killedAt.get(a.worker) ?? Number.POSITIVE_INFINITY
  const bySync = new Map<string, Array<Interval>>()
  for (const a of list) bySync.set(a.sync, [...(bySync.get(a.sync) ?? []), a])
  const out: Array<[Interval, Interval]> = []
  for (const group of bySync.values()) {
    const sorted = [...group].sort((a, b) => a.start - b.start)
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < endOf(sorted[i - 1]!)) out.push([sorted[i - 1]!, sorted[i]!])
    }
  }
  return out
}

/** Most attempts of one concurrency class running at the same time (from the recorded intervals). */
export const maxConcurrent = (list: ReadonlyArray<Interval>, killedAt: ReadonlyMap<string, number>): number => {
  const events: Array<[number, number]> = []
  for (const a of list) {
    events.push([a.start, 1])
    events.push([a.end ?? killedAt.get(a.worker) ?? Number.POSITIVE_INFINITY, -1])
  }
  // Ends sort before starts at the same instant: back-to-back attempts do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let max = 0
  for (const [, d] of events) max = Math.max(max, (now += d))
  return max
}
