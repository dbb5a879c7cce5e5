/**
 * The original project's command lines as its users type them: `pull-cmd` / `push-cmd`, boolean
 * flags with values (`--dry-run True`), and the README's "Coming from the original project" block
 * run as written against fake Warehouse A / B servers.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as FakeA from "../fakes/WarehouseA.js"
import * as FakeB from "../fakes/WarehouseB.js"
import { bin, run } from "./Cli.js"

const at = (i: number) => new Date(Date.UTC(2024, 1, 1) + i * 60_000).toISOString()
const jobs = Array.from({ length: 9 }, (_, i) => ({
  job_id: `job-${i}`,
  title: i % 2 === 0 ? "Data engineer" : "Nurse",
  board_key: `board-${i % 3}`,
  status: "open",
  created_at: at(i),
  updated_at: at(i)
}))
/** Runs a bash script without blocking the event loop, bounded by a timeout. */
const bash = (script: string, cwd: string, env: Record<string, string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += String(d)))
    child.stderr.on("data", (d) => (stderr += String(d)))
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000)
    child.on("error", reject)
    child.on("close", (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
// Each test starts the CLI several times (about a second each on an idle host, several on a busy one).
const timeout = 300_000
const tmp = () => mkdtempSync(join(tmpdir(), "hrtech-cli-original-"))

/** Fakes, and the environment variables the named connectors read their URL and secret from. */
const warehouses = Effect.gen(function* () {
  const a = yield* FakeA.start({ apiKey: "key-a", jobs })
  const b = yield* FakeB.start({ token: "token-b" })
  const env = {
    HRTECH_ETL_WAREHOUSE_A_BASE_URL: a.url,
    HRTECH_ETL_WAREHOUSE_A_API_KEY: "key-a",
    HRTECH_ETL_WAREHOUSE_B_BASE_URL: b.url,
    HRTECH_ETL_WAREHOUSE_B_TOKEN: "token-b"
  }
  return { a, b, env }
})

const original = [
  "pull-cmd",
  "--resource",
  "job",
  "--origin",
  "warehouse_a",
  "--target",
  "warehouse_b",
  "--cursor-mode",
  "updated_at",
  "--cursor-start",
  "2024-01-01T00:00:00Z",
  "--cursor-sort-by",
  "asc",
  "--batch-size",
  "1000"
]

describe("the original project's command lines", () => {
  it.scopedLive(
    "pull-cmd … --dry-run True reads everything and writes nothing; --dry-run False writes",
    () =>
      Effect.gen(function* () {
        const { b, env } = yield* warehouses
        const dry = yield* Effect.promise(() => run([...original, "--dry-run", "True", "--json"], { env }))
        expect(dry.code, dry.stderr).toBe(0)
        expect(JSON.parse(dry.stdout)).toMatchObject({ stats: { read: 9, written: 0, dry_run: true } })
        expect(b.store.writes).toEqual([])
        const wet = yield* Effect.promise(() => run([...original, "--dry-run", "False", "--json=True"], { env }))
        expect(wet.code, wet.stderr).toBe(0)
        expect(JSON.parse(wet.stdout)).toMatchObject({ stats: { read: 9, written: 9, dry_run: false } })
        expect(b.store.job.size).toBe(9)
      }),
    timeout
  )

  it.live(
    "boolean flags take true/false/True/False/1/0 or nothing; a bad value exits 2 naming the flag",
    () =>
      Effect.gen(function* () {
        const dir = tmp()
        const input = join(dir, "in.jsonl")
        writeFileSync(input, JSON.stringify({ id: "a", name: "A", updated_at: at(0) }) + "\n")
        const pull = ["pull", "--resource", "job", "--origin", `file:${input}`, "--target", `file:${join(dir, "out.jsonl")}`]
        for (const [flags, dryRun] of [
          [["--dry-run"], true],
          [["--dry-run", "1"], true],
          [["--dry-run=false"], false],
          [["--dry-run", "0"], false],
          [[], false]
        ] as const) {
          const result = yield* Effect.promise(() => run([...pull, ...flags, "--json"]))
          expect(result.code, `${flags.join(" ")}: ${result.stderr}`).toBe(0)
          expect(JSON.parse(result.stdout).stats.dry_run).toBe(dryRun)
        }
        for (const flags of [["--dry-run", "maybe"], ["--dry-run=maybe"]]) {
          const bad = yield* Effect.promise(() => run([...pull, ...flags]))
          expect(bad.code).toBe(2)
          expect(bad.stderr.trim()).toBe('hrtech-etl: --dry-run: expected true or false (True/False, 1/0, yes/no), got "maybe"')
        }
        // A positional argument after a boolean flag stays a positional argument.
        const schema = yield* Effect.promise(() => run(["schema", "--only-prefilterable", "True", "unified", "job"]))
        expect(schema.code, schema.stderr).toBe(0)
        expect((JSON.parse(schema.stdout) as Array<{ name: string }>).map((f) => f.name)).toContain("name")
      }),
    timeout
  )

  it.live(
    "push-cmd is push",
    () =>
      Effect.gen(function* () {
        const dir = tmp()
        const input = join(dir, "jobs.jsonl")
        writeFileSync(input, JSON.stringify({ id: "a", name: "A", updated_at: at(0) }) + "\n")
        const result = yield* Effect.promise(() =>
          run([
            "push-cmd",
            "--resource",
            "job",
            "--origin",
            `file:${input}`,
            "--target",
            `file:${join(dir, "out.jsonl")}`,
            "--mode",
            "resources",
            "--input",
            input,
            "--json"
          ])
        )
        expect(result.code, result.stderr).toBe(0)
        expect(JSON.parse(result.stdout)).toMatchObject({ total_resources_pushed: 1 })
        const help = yield* Effect.promise(() => run(["pull-cmd", "--help"]))
        expect(help.stdout).toContain("Same as pull")
      }),
    timeout
  )

  it.scopedLive(
    "the original's WHERE on `name` against Warehouse A (whose field is `title`) is refused, naming the field, never dropped",
    () =>
      Effect.gen(function* () {
        const { a, env } = yield* warehouses
        const where = '[{"field": "board_key", "op": "in", "value": ["board-1", "board-2"]}, {"field": "name", "op": "contains", "value": "engineer"}]'
        const result = yield* Effect.promise(() => run([...original, "--where", where, "--dry-run", "True"], { env }))
        expect(result.code).toBe(2)
        expect(result.stderr).toContain('where[1].field: unknown field "name" of WarehouseAJob; valid fields: job_id, title,')
        expect(yield* a.requests).toEqual([])
      }),
    timeout
  )

  it.scopedLive(
    "README: the 'Coming from the original project' command block runs as written",
    () =>
      Effect.gen(function* () {
        const { a, b, env } = yield* warehouses
        const readme = readFileSync("README.md", "utf8")
        const section = readme.slice(readme.indexOf("## Coming from the original project"))
        const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1]
        expect(block).toContain("hrtech-etl pull-cmd")
        expect(block).toContain("--dry-run True")
        const dir = tmp()
        mkdirSync(join(dir, ".bin"))
        writeFileSync(join(dir, ".bin/hrtech-etl"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`)
        chmodSync(join(dir, ".bin/hrtech-etl"), 0o755)
        // Asynchronously: the fake servers answer from this process.
        const result = yield* Effect.promise(() => bash(block!, dir, { ...env, PATH: `${join(dir, ".bin")}:${process.env.PATH}` }))
        expect(result.status, result.stderr).toBe(0)
        expect(result.stdout).toMatch(/dry run\s+true/)
        expect(b.store.writes).toEqual([])
        const requests = yield* a.requests
        expect(requests.some((r) => r.query.board_keys === '["board-1","board-2"]' && r.query.keywords === "engineer")).toBe(true)
      }),
    timeout
  )
})
