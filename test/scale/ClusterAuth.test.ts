/**
 * The workers' cluster port is authenticated: with HRTECH_ETL_CLUSTER_SECRET, a client without the
 * derived token (or with a wrong one) is refused with 401 before the cluster sees its request, while
 * workers sharing the secret still run syncs together; without a secret a worker will not bind
 * beyond loopback.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as ClusterAuth from "../../src/scale/ClusterAuth.js"
import * as Syncs from "../../src/scale/Syncs.js"
import * as Harness from "./Harness.js"

const server = Harness.pgUrl()
const secret = "cluster-secret-0123456789abcdef"
const tenantCount = 4

/** Sends one request to a worker's port: its status, or "closed" when the connection failed. */
const send = async (port: number, headers: Record<string, string> = {}): Promise<number | "closed"> => {
  try {
    const reply = await fetch(`http://127.0.0.1:${port}/cluster`, {
      method: "POST",
      headers: { "content-type": "application/msgpack", ...headers },
      body: "x"
    })
    return reply.status
  } catch {
    return "closed"
  }
}

/**
 * Starts a worker and waits (bounded) until its port answers. The port comes from a listener that was
 * closed before the worker binds it, so another process may take it first: a worker that exits before
 * answering is started again on a new port (at most 3 times), and a failure carries the worker's output.
 */
const startAnswering = async (name: string, url: string): Promise<Harness.WorkerProcess> => {
  let last = ""
  for (let attempt = 0; attempt < 3; attempt++) {
    const worker = await Harness.startWorker(name, url, [], { [ClusterAuth.secretEnv]: secret })
    for (let i = 0; i < 300; i++) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) break
      if ((await send(worker.port)) !== "closed") return worker
      await new Promise((r) => setTimeout(r, 100))
    }
    last = worker.output().slice(-3000)
    await Harness.stopWorker(worker, 5_000)
  }
  throw new Error(`worker ${name} never answered on its port:\n${last}`)
}

describe("worker port authentication", () => {
  it("without a secret a worker refuses to bind beyond loopback, naming HRTECH_ETL_CLUSTER_SECRET (exit 2)", () => {
    const env: Record<string, string | undefined> = { ...process.env, NODE_NO_WARNINGS: "1" }
    delete env[ClusterAuth.secretEnv]
    const run = spawnSync(process.execPath, [Harness.bin, "worker", "--state", "postgres://127.0.0.1:1/none", "--host", "0.0.0.0"], {
      env,
      encoding: "utf8",
      timeout: 60_000
    })
    expect(run.status, run.stderr).toBe(2)
    expect(run.stderr).toContain(ClusterAuth.secretEnv)
    const short = spawnSync(process.execPath, [Harness.bin, "worker", "--state", "postgres://127.0.0.1:1/none"], {
      env: { ...env, [ClusterAuth.secretEnv]: "short" },
      encoding: "utf8",
      timeout: 60_000
    })
    expect(short.status, short.stderr).toBe(2)
    expect(short.stderr).toContain(`${ClusterAuth.secretEnv}: must be at least`)
  })

  describe.skipIf("skip" in server)("on PostgreSQL", () => {
    it.scopedLive(
      "a client without the token gets 401; two workers with the secret run every sync",
      () =>
        Effect.gen(function* () {
          const url = yield* Harness.database((server as { url: string }).url, "clusterauth")
          const tenants = yield* Harness.tenants(tenantCount, 30, 5)
          const dir = mkdtempSync(join(tmpdir(), "hrtech-clusterauth-"))
          yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
          yield* Effect.gen(function* () {
            yield* Syncs.setLimit({ concurrency_class: "warehouse_a", max_concurrent: 4 })
            for (let i = 0; i < tenantCount; i++) {
              yield* Syncs.add({
                name: `sync-${i}`,
                tenant: Harness.tenantId(i),
                resource: "job",
                origin: "warehouse_a",
                origin_auth: tenants.originAuth(i),
                target: `sqlite:${join(dir, `${i}.db`)}`,
                cursor_mode: "updated_at",
                schedule: "0 0 1 1 *",
                enabled: true
              })
              yield* Syncs.runNow(`sync-${i}`)
            }
          }).pipe(Effect.provide(Harness.environment(url)))

          const workers: Array<Harness.WorkerProcess> = []
          yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(workers.map((w) => Harness.stopWorker(w, 5_000)))))
          for (const name of ["A", "B"]) workers.push(yield* Effect.promise(() => startAnswering(name, url)))
          const logs = () => workers.map((w) => `--- ${w.name}\n${w.output().slice(-3000)}`).join("\n")

          const token = Redacted.value(ClusterAuth.tokenOf(Redacted.make(secret)))
          for (const worker of workers) {
            expect(yield* Effect.promise(() => send(worker.port)), logs()).toBe(401)
            expect(yield* Effect.promise(() => send(worker.port, { authorization: "Bearer not-the-token" })), logs()).toBe(401)
            // The secret itself is not the token.
            expect(yield* Effect.promise(() => send(worker.port, { authorization: `Bearer ${secret}` })), logs()).toBe(401)
            // With the token the request passes the check and reaches the cluster, which finds the body malformed.
            const authorised = yield* Effect.promise(() => send(worker.port, { authorization: `Bearer ${token}` }))
            expect(authorised, logs()).not.toBe(401)
            expect(authorised, logs()).not.toBe("closed")
          }

          yield* Effect.promise(() =>
            Harness.waitFor(
              async () => {
                const done = await Harness.query<{ n: number }>(url, "SELECT count(DISTINCT sync)::int AS n FROM hrtech_sync_runs WHERE status = 'succeeded'")
                return done[0]!.n === tenantCount ? true : undefined
              },
              { timeoutMs: 120_000, describe: logs }
            )
          )
          for (let i = 0; i < tenantCount; i++) expect(Harness.targetJobs(join(dir, `${i}.db`)).size).toBe(30)
        }),
      240_000
    )
  })
})
