/**
 * `hrtech-etl failures list|retry`, run in-process through the CLI's entry point: a pull from a JSONL
 * file into the fake Warehouse B, which refuses jobs without a name, stores the refused ones in the
 * `--state` database; `failures list` shows them; once the origin records are fixed, `failures retry`
 * re-reads and writes them and removes their rows. Exit codes: 0 ok, 1 some still failing, 2 bad input
 * naming the flag.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { run } from "../../src/cli/Main.js"
import * as FakeB from "../fakes/WarehouseB.js"

const TOKEN = "token-b-s3cr3t-value"

const job = (i: number, name: string) => ({
  id: `job-${i}`,
  name,
  created_at: `2024-05-0${i}T00:00:00Z`,
  updated_at: `2024-05-0${i}T12:00:00Z`
})

const writeJobs = (path: string, jobs: ReadonlyArray<object>) => writeFileSync(path, jobs.map((j) => JSON.stringify(j)).join("\n") + "\n")

/** Runs the CLI in this process, capturing what it prints. */
const cli = (args: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const out: Array<string> = []
    const err: Array<string> = []
    const stdout = process.stdout.write.bind(process.stdout)
    const stderr = process.stderr.write.bind(process.stderr)
    process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write
    process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write
    try {
      const code = await run(["node", "hrtech-etl", ...args])
      return { code, stdout: out.join(""), stderr: err.join("") }
    } finally {
      process.stdout.write = stdout
      process.stderr.write = stderr
    }
  })

const setup = Effect.gen(function* () {
  const fake = yield* FakeB.start({ token: TOKEN })
  const dir = mkdtempSync(join(tmpdir(), "hrtech-failures-cli-"))
  const origin = join(dir, "jobs.jsonl")
  writeJobs(origin, [job(1, "Data Engineer"), job(2, ""), job(3, "Designer"), job(4, "")])
  const state = join(dir, "state.db")
  const where = [
    "--resource",
    "job",
    "--origin",
    `file:${origin}`,
    "--target",
    "warehouse_b",
    "--target-auth",
    JSON.stringify({ token: TOKEN, base_url: fake.url })
  ]
  return { fake, origin, state, where }
})

describe("hrtech-etl failures", () => {
  it.scopedLive("list shows what a pull's target refused; retry writes the fixed records, removes their rows, and exits 0 once none fail", () =>
    Effect.gen(function* () {
      const { fake, origin, state, where } = yield* setup
      const pulled = yield* cli(["pull", ...where, "--state", state, "--json"])
      expect(pulled.code, pulled.stderr).toBe(1)
      const pipeline = (JSON.parse(pulled.stdout) as { pipeline_id: string }).pipeline_id
      expect([...fake.store.job.keys()].sort()).toEqual(["job-1", "job-3"])

      const table = yield* cli(["failures", "list", "--pipeline", pipeline, "--state", state])
      expect(table.code, table.stderr).toBe(0)
      const lines = table.stdout.trim().split("\n")
      expect(lines[0]).toMatch(/^id\s+pipeline\s+record\s+stage\s+recorded at\s+message$/)
      expect(
        lines
          .slice(2)
          .map((l) => /job-\d/.exec(l)?.[0])
          .sort()
      ).toEqual(["job-2", "job-4"])
      for (const line of lines.slice(2)) expect(line).toMatch(/\swrite\s.*name is required/)
      // Payloads only with --json.
      expect(table.stdout).not.toContain('"name"')

      const listed = yield* cli(["failures", "list", "--pipeline", pipeline, "--state", state, "--json"])
      expect(listed.code).toBe(0)
      const failures = (JSON.parse(listed.stdout) as { failures: Array<Record<string, unknown>> }).failures
      expect(failures.map((f) => f.record_id).sort()).toEqual(["job-2", "job-4"])
      expect(failures[0]).toMatchObject({ pipeline_id: pipeline, stage: "write", payload: { name: "" } })
      expect(listed.stdout + table.stdout).not.toContain(TOKEN)

      // job-2 is given a name in the origin; job-4 is still nameless.
      writeJobs(origin, [job(1, "Data Engineer"), job(2, "Recruiter"), job(3, "Designer"), job(4, "")])
      const retry = ["failures", "retry", "--pipeline", pipeline, ...where, "--state", state]
      const partial = yield* cli([...retry, "--json"])
      expect(partial.code, partial.stderr).toBe(1)
      expect(JSON.parse(partial.stdout)).toMatchObject({ pipeline_id: pipeline, retried: 2, resolved: 1, still_failing: 1, not_replayable: 0 })
      expect(fake.store.job.get("job-2")).toMatchObject({ name: "Recruiter" })
      const left = yield* cli(["failures", "list", "--pipeline", pipeline, "--state", state, "--json"])
      expect((JSON.parse(left.stdout) as { failures: Array<{ record_id: string }> }).failures.map((f) => f.record_id)).toEqual(["job-4"])

      writeJobs(origin, [job(1, "Data Engineer"), job(2, "Recruiter"), job(3, "Designer"), job(4, "Nurse")])
      const done = yield* cli(retry)
      expect(done.code, done.stderr).toBe(0)
      expect(done.stdout).toMatch(/resolved\s+1/)
      expect(done.stdout + done.stderr).not.toContain(TOKEN)
      expect(fake.store.job.get("job-4")).toMatchObject({ name: "Nurse" })
      const empty = yield* cli(["failures", "list", "--state", state, "--json"])
      expect(JSON.parse(empty.stdout)).toEqual({ failures: [] })
      const again = yield* cli([...retry, "--json"])
      expect(again.code).toBe(0)
      expect(JSON.parse(again.stdout)).toMatchObject({ retried: 0, resolved: 0, still_failing: 0 })
    })
  )

  it.scopedLive("--dry-run writes and removes nothing", () =>
    Effect.gen(function* () {
      const { fake, origin, state, where } = yield* setup
      const pipeline = (JSON.parse((yield* cli(["pull", ...where, "--state", state, "--json"])).stdout) as { pipeline_id: string }).pipeline_id
      writeJobs(origin, [job(2, "Recruiter"), job(4, "Nurse")])
      const writes = fake.store.writes.length
      const dry = yield* cli(["failures", "retry", "--pipeline", pipeline, ...where, "--state", state, "--dry-run", "--json"])
      expect(dry.code, dry.stderr).toBe(0)
      expect(JSON.parse(dry.stdout)).toMatchObject({ retried: 2, resolved: 2, push: { dry_run: true, total_resources_pushed: 0 } })
      expect(fake.store.writes.length).toBe(writes)
      const listed = yield* cli(["failures", "list", "--pipeline", pipeline, "--state", state, "--json"])
      expect((JSON.parse(listed.stdout) as { failures: Array<unknown> }).failures).toHaveLength(2)
    })
  )

  it.scopedLive("bad input exits 2 with one line naming the flag", () =>
    Effect.gen(function* () {
      const { state, where } = yield* setup
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
        [["failures", "list", "--limit", "0", "--state", state], "--limit"],
        [["failures", "list", "--limit", "many", "--state", state], "--limit"],
        [["failures", "list", "--pipeline", "", "--state", state], "--pipeline"],
        [["failures", "retry", ...where, "--state", state], "--pipeline"],
        [["failures", "retry", "--pipeline", "p", "--origin", "warehouse_a", "--target", "warehouse_b", "--state", state], "--resource"],
        [["failures", "retry", "--pipeline", "p", ...where, "--limit", "1001", "--state", state], "--limit"],
        [["failures", "retry", "--pipeline", "p", ...where, "--batch-size", "0", "--state", state], "--batch-size"],
        [["failures", "retry", "--pipeline", "p", ...where, "--mapping", "[{", "--state", state], "--mapping"],
        [["failures", "retry", "--pipeline", "p", ...where, "--dry-run", "maybe", "--state", state], "--dry-run"],
        [["failures", "retry", "--pipeline", "warehouse_a->warehouse_b:job:0123456789abcdef", ...where, "--state", state], "--pipeline"]
      ]
      for (const [args, flag] of cases) {
        const result = yield* cli(args)
        expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(2)
        expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1)
        expect(result.stderr, args.join(" ")).toContain(flag)
        expect(result.stderr).not.toContain(TOKEN)
        expect(result.stdout).toBe("")
      }
    })
  )
})
