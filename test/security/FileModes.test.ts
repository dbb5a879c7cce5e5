/**
 * Files the `hrtech-etl` CLI creates are owner-only on POSIX: the state database, SQLite targets and
 * file outputs 0600, the directories it makes 0700 (the CLI sets a 077 umask before any command
 * runs). `HRTECH_ETL_UMASK` loosens it on purpose; a malformed value exits 2.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Harness from "../scale/Harness.js"

const cli = (args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const { HRTECH_ETL_UMASK: _, HRTECH_ETL_STATE: __, ...inherited } = process.env
    const child = spawn(process.execPath, [Harness.bin, ...args], {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...inherited, NODE_NO_WARNINGS: "1", ...env }
    })
    let stderr = ""
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()))
    child.once("error", reject)
    child.once("exit", (code) => resolve({ code, stderr }))
  })

const modeOf = (path: string): number => statSync(path).mode & 0o777

/** A world-readable working directory holding an origin file, so only the CLI's own modes are measured. */
const workDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "hrtech-modes-"))
  chmodSync(dir, 0o755)
  const jobs = Harness.jobsOf(3, 5).map((j) => ({ id: j.job_id, name: j.title, status: "open", created_at: j.created_at, updated_at: j.updated_at }))
  writeFileSync(join(dir, "jobs.jsonl"), jobs.map((j) => JSON.stringify(j)).join("\n"), { mode: 0o644 })
  return dir
}

describe.skipIf(process.platform === "win32")("files created by the CLI", () => {
  it("a pull into sqlite: and file: targets with --state leaves 0600 files and 0700 directories", { timeout: 120_000 }, async () => {
    const dir = workDir()
    try {
      const pull = (target: string, ...extra: ReadonlyArray<string>) =>
        cli(["pull", "--resource", "job", "--origin", "file:jobs.jsonl", "--target", target, ...extra], dir)
      for (const run of [
        await pull("sqlite:out.db", "--state", "state.db"),
        await pull("file:out.jsonl", "--state", "state.db"),
        await pull("file:out.csv", "--state", "state.db"),
        // Without --state the default state directory (.hrtech-etl/) is created.
        await pull("file:default-state.jsonl")
      ]) {
        expect(run.code, run.stderr).toBe(0)
      }
      const created = readdirSync(dir).filter((f) => f !== "jobs.jsonl")
      expect(created).toEqual(expect.arrayContaining(["state.db", "out.db", "out.jsonl", "out.csv", "default-state.jsonl", ".hrtech-etl"]))
      for (const file of created.filter((f) => f !== ".hrtech-etl")) expect([file, modeOf(join(dir, file)).toString(8)]).toEqual([file, "600"])
      expect(modeOf(join(dir, ".hrtech-etl")).toString(8)).toBe("700")
      for (const file of readdirSync(join(dir, ".hrtech-etl"))) expect([file, modeOf(join(dir, ".hrtech-etl", file)).toString(8)]).toEqual([file, "600"])
      // The origin file is left as it was.
      expect(modeOf(join(dir, "jobs.jsonl")).toString(8)).toBe("644")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("HRTECH_ETL_UMASK loosens the modes on purpose; a malformed value exits 2 and creates nothing", { timeout: 60_000 }, async () => {
    const dir = workDir()
    try {
      const args = ["pull", "--resource", "job", "--origin", "file:jobs.jsonl", "--target", "file:feed.jsonl", "--state", "state.db"]
      const loose = await cli(args, dir, { HRTECH_ETL_UMASK: "022" })
      expect(loose.code, loose.stderr).toBe(0)
      expect(modeOf(join(dir, "feed.jsonl")).toString(8)).toBe("644")
      const bad = await cli([...args.slice(0, -3), "file:other.jsonl"], dir, { HRTECH_ETL_UMASK: "rw-------" })
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(/HRTECH_ETL_UMASK: expected an octal mask/)
      expect(existsSync(join(dir, "other.jsonl"))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
