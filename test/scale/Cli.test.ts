/**
 * `hrtech-etl syncs ...` and `hrtech-etl worker` as a user runs them (the built CLI, a SQLite state
 * file): define, list, trigger, watch and remove a sync; a worker runs it and stops cleanly on
 * SIGTERM; bad input exits 2 naming the flag; auth values are never printed.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Harness from "./Harness.js"

const secret = "cli-secret-key-5678"

const cli = (args: ReadonlyArray<string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [Harness.bin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()))
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.once("error", reject)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

describe("hrtech-etl syncs / worker", () => {
  it("define, list, run by a worker, status, limits, remove; bad input exits 2", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "hrtech-syncs-cli-"))
    try {
      const jobs = Harness.jobsOf(7, 12).map((j) => ({ id: j.job_id, name: j.title, status: "open", created_at: j.created_at, updated_at: j.updated_at }))
      writeFileSync(join(dir, "jobs.jsonl"), jobs.map((j) => JSON.stringify(j)).join("\n"))
      const state = ["--state", "state.db"]
      const add = await cli(
        [
          "syncs",
          "add",
          "--name",
          "acme-jobs",
          "--tenant",
          "acme",
          "--resource",
          "job",
          "--origin",
          "file:jobs.jsonl",
          "--origin-auth",
          JSON.stringify({ note: secret }),
          "--target",
          "sqlite:out.db",
          "--schedule",
          "0 0 1 1 *",
          "--concurrency-limit",
          "2",
          "--json",
          ...state
        ],
        dir
      )
      expect(add.code, add.stderr).toBe(0)
      expect(JSON.parse(add.stdout)).toMatchObject({ name: "acme-jobs", concurrency_class: "file", origin_auth_keys: ["note"] })

      const badCron = await cli(
        [
          "syncs",
          "add",
          "--name",
          "x",
          "--tenant",
          "t",
          "--resource",
          "job",
          "--origin",
          "file:jobs.jsonl",
          "--target",
          "sqlite:o.db",
          "--schedule",
          "61 * * * *",
          ...state
        ],
        dir
      )
      expect(badCron.code, badCron.stderr).toBe(2)
      expect(badCron.stderr).toMatch(/--schedule/)
      const missing = await cli(["syncs", "remove", "nope", ...state], dir)
      expect(missing.code, missing.stderr).toBe(2)
      expect(missing.stderr).toMatch(/no sync named "nope"/)

      expect((await cli(["syncs", "run-now", "acme-jobs", ...state], dir)).code).toBe(0)
      const worker = await Harness.startWorker("cli-worker", `sqlite:${join(dir, "state.db")}`)
      try {
        const status = await Harness.waitFor(
          async () => {
            const r = await cli(["syncs", "status", "acme-jobs", "--json", ...state], dir)
            const parsed = JSON.parse(r.stdout) as { last_run: { status: string; counters: { written: number } } | null }
            return parsed.last_run !== null ? parsed : undefined
          },
          { timeoutMs: 90_000, everyMs: 500, describe: () => worker.output() }
        )
        expect(status.last_run).toMatchObject({ status: "succeeded", counters: { written: 12 } })
      } finally {
        worker.child.kill("SIGTERM")
        expect(await worker.exited).toBe("0")
      }
      expect(worker.output()).toMatch(/stopped/)
      expect([...Harness.targetJobs(join(dir, "out.db")).keys()].sort()).toEqual(jobs.map((j) => j.id).sort())

      const list = await cli(["syncs", "list", ...state], dir)
      expect(list.stdout).toMatch(/acme-jobs\s+acme\s+job/)
      const human = await cli(["syncs", "status", "acme-jobs", ...state], dir)
      expect(human.stdout).toMatch(/runs succeeded\s+1/)
      const limits = await cli(["syncs", "limits", "--set", "file=3", "--json", ...state], dir)
      expect(JSON.parse(limits.stdout)).toEqual([{ concurrency_class: "file", max_concurrent: 3 }])
      expect((await cli(["syncs", "remove", "acme-jobs", ...state], dir)).code).toBe(0)
      expect(JSON.parse((await cli(["syncs", "list", "--json", ...state], dir)).stdout)).toEqual([])

      for (const output of [add.stdout, add.stderr, list.stdout, human.stdout, worker.output()]) expect(output).not.toContain(secret)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
