import { describe, expect, it } from "@effect/vitest"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { applyPostfilters } from "../../src/core/Postfilter.js"
import * as FakeWarehouseA from "../fakes/WarehouseA.js"
import { run } from "./Cli.js"

const SECRET = "key-a-s3cr3t-value"
const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
const pad = (i: number) => String(i).padStart(4, "0")
const job = (i: number, updated = at(i)) => ({
  job_id: `job-${pad(i)}`,
  title: i % 2 === 0 ? "Data Engineer" : "Sales Manager",
  description: "Build things",
  skills: ["python"],
  board_key: `board-${i % 3}`,
  status: i % 4 === 0 ? "closed" : "open",
  location: "Paris",
  salary_min: 30000 + (i % 5) * 10000,
  salary_currency: "EUR",
  created_at: at(i),
  updated_at: updated
})
const tmp = () => mkdtempSync(join(tmpdir(), "hrtech-cli-"))
const cli = (args: ReadonlyArray<string>, cwd?: string) => Effect.promise(() => run(args, cwd ? { cwd } : {}))
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
const rows = (db: string, sql: string) => {
  const conn = new Database(db, { readonly: true })
  try {
    return conn.prepare(sql).all() as Array<Record<string, unknown>>
  } finally {
    conn.close()
  }
}

describe("hrtech-etl pull", () => {
  it.scopedLive("warehouse_a → JSONL file with where, having and mapping; --json matches the stats; the key is never printed", () =>
    Effect.gen(function* () {
      const seed = Array.from({ length: 60 }, (_, i) => job(i))
      const fake = yield* FakeWarehouseA.start({ apiKey: SECRET, jobs: seed })
      const dir = tmp()
      const out = join(dir, "jobs.jsonl")
      const result = yield* cli([
        "pull",
        "--resource",
        "job",
        "--origin",
        "warehouse_a",
        "--origin-auth",
        JSON.stringify({ api_key: SECRET, base_url: fake.url }),
        "--target",
        `file:${out}`,
        "--where",
        JSON.stringify([{ field: "board_key", op: "in", value: ["board-1", "board-2"] }]),
        "--having",
        JSON.stringify([{ field: "salary_min", op: "gte", value: 50000 }]),
        "--mapping",
        JSON.stringify([
          { from: "job_id", to: "id" },
          { from: "title", to: "name" },
          { from: "status", to: "status" },
          { from: "updated_at", to: "updated_at" },
          { to: "company", default: "Acme" }
        ]),
        "--batch-size",
        "7",
        "--json"
      ])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout + result.stderr).not.toContain(SECRET)
      const summary = JSON.parse(result.stdout) as { stats: Record<string, number>; cursor: { end: string } }
      const expected = seed.filter((j) => ["board-1", "board-2"].includes(j.board_key) && j.salary_min >= 50000)
      const written = lines(out)
      expect(written.map((r) => r.id).sort()).toEqual(expected.map((j) => j.job_id).sort())
      expect(written[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        status: expect.any(String),
        updated_at: expect.any(String),
        company: "Acme"
      })
      expect(summary.stats.written).toBe(expected.length)
      expect(summary.stats.read).toBe(seed.filter((j) => j.board_key !== "board-0").length)
      expect(summary.stats.filtered_out).toBe(summary.stats.read - expected.length)
      expect(summary.cursor.end).toBe(at(59))
      const requests = yield* fake.requests
      expect(requests.some((r) => r.query.board_keys === '["board-1","board-2"]')).toBe(true)
    })
  )

  it.scopedLive("--state resumes: the second run reads only the new records", () =>
    Effect.gen(function* () {
      const fake = yield* FakeWarehouseA.start({ apiKey: SECRET, jobs: Array.from({ length: 30 }, (_, i) => job(i)) })
      const dir = tmp()
      const args = [
        "pull",
        "--resource",
        "job",
        "--origin",
        "warehouse_a",
        "--origin-auth",
        JSON.stringify({ api_key: SECRET, base_url: fake.url }),
        "--target",
        `sqlite:${join(dir, "target.db")}`,
        "--state",
        join(dir, "state.db"),
        "--json",
        "--batch-size",
        "10"
      ]
      const first = yield* cli(args)
      expect(first.code, first.stderr).toBe(0)
      expect(JSON.parse(first.stdout).stats.written).toBe(30)
      fake.store.seed(
        "job",
        Array.from({ length: 5 }, (_, i) => job(100 + i))
      )
      const second = yield* cli(args)
      expect(second.code, second.stderr).toBe(0)
      const stats = JSON.parse(second.stdout).stats as Record<string, number>
      expect(JSON.parse(second.stdout).resumed).toBe(true)
      expect(stats.written).toBe(5)
      // Only the records from the stored cursor on are read (the boundary record is recognised and skipped).
      expect(stats.read - stats.skipped_seen).toBe(5)
      expect(rows(join(dir, "target.db"), "select count(*) as n from hrtech_jobs")[0]!.n).toBe(35)
      const third = yield* cli(args)
      expect(JSON.parse(third.stdout).stats.written).toBe(0)
    })
  )

  it.live("bundled sample JSONL → SQLite with where, having and mapping; the summary is a table", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const db = join(dir, "sample.db")
      const where = [{ field: "status", op: "eq" as const, value: "open" }]
      const having = [{ field: "salary.max", op: "gte" as const, value: 50000 }]
      const result = yield* cli([
        "pull",
        "--resource",
        "job",
        "--origin",
        `file:${join(process.cwd(), "data/sample/jobs.jsonl.gz")}`,
        "--target",
        `sqlite:${db}`,
        "--where",
        JSON.stringify(where),
        "--having",
        JSON.stringify(having),
        "--mapping",
        JSON.stringify([
          { from: "id", to: "id" },
          { from: "name", to: "name", transform: "uppercase" },
          { from: "salary", to: "salary" },
          { from: "updated_at", to: "updated_at" }
        ])
      ])
      expect(result.code, result.stderr).toBe(0)
      const sample = gunzipSync(readFileSync("data/sample/jobs.jsonl.gz"))
        .toString("utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
      const expected = applyPostfilters(sample, [...where, ...having])
      expect(result.stdout).toMatch(new RegExp(`written\\s+${expected.length}\\b`))
      expect(result.stdout).toMatch(/where applied in memory/)
      const stored = rows(db, "select id, data from hrtech_jobs order by id").map((r) => ({
        id: r.id,
        name: (JSON.parse(String(r.data)) as { name: string }).name
      }))
      expect(stored.map((r) => r.id)).toEqual(expected.map((j: { id: string }) => j.id).sort())
      expect(stored.every((r) => r.name === r.name.toUpperCase())).toBe(true)
    })
  )
})

describe("hrtech-etl push", () => {
  it.live("pushes resources, then events (duplicates collapsed, deletions archived, missing ids skipped)", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const input = join(dir, "jobs.jsonl")
      const jobs = Array.from({ length: 4 }, (_, i) => ({ id: `j${i}`, name: `Job ${i}`, status: "open", updated_at: at(i) }))
      writeFileSync(input, jobs.map((j) => JSON.stringify(j)).join("\n") + "\n")
      const origin = `sqlite:${join(dir, "origin.db")}`
      const target = `sqlite:${join(dir, "target.db")}`
      const resources = yield* cli([
        "push",
        "--resource",
        "job",
        "--origin",
        `file:${input}`,
        "--target",
        origin,
        "--mode",
        "resources",
        "--input",
        input,
        "--json"
      ])
      expect(resources.code, resources.stderr).toBe(0)
      expect(JSON.parse(resources.stdout)).toMatchObject({ total_resources_pushed: 4, errors: [] })

      const events = join(dir, "events.jsonl")
      writeFileSync(
        events,
        [
          { type: "created", resource_id: "j0", occurred_at: at(1) },
          { type: "updated", resource_id: "j0", occurred_at: at(2) },
          { type: "updated", resource_id: "j1", occurred_at: at(2) },
          { type: "updated", resource_id: "missing", occurred_at: at(2) }
        ]
          .map((e) => JSON.stringify(e))
          .join("\n")
      )
      const pushed = yield* cli(["push", "--resource", "job", "--origin", origin, "--target", target, "--mode", "events", "--input", events, "--json"])
      expect(pushed.code, pushed.stderr).toBe(0)
      expect(JSON.parse(pushed.stdout)).toMatchObject({
        total_events: 4,
        skipped_duplicate_events: 1,
        total_resources_fetched: 2,
        total_resources_pushed: 2,
        skipped_missing: 1
      })
      const deletion = join(dir, "delete.json")
      writeFileSync(deletion, JSON.stringify({ events: [{ type: "deleted", resource_id: "j1" }] }))
      const deleted = yield* cli(["push", "--resource", "job", "--origin", origin, "--target", target, "--mode", "events", "--input", deletion, "--json"])
      expect(deleted.code, deleted.stderr).toBe(0)
      expect(JSON.parse(deleted.stdout)).toMatchObject({ total_archived: 1, total_resources_pushed: 0 })
      const stored = rows(join(dir, "target.db"), "select id, status from hrtech_jobs order by id")
      expect(stored).toEqual([
        { id: "j0", status: "open" },
        { id: "j1", status: "archived" }
      ])
    })
  )
})

describe("hrtech-etl formatters, connectors, schema", () => {
  it.live("builds a formatter, shows it, and a pull uses it by id", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const state = join(dir, "state.db")
      const mapping = JSON.stringify([
        { from: "id", to: "id" },
        { from: "name", to: "name", transform: "lowercase" }
      ])
      const built = yield* cli(["formatters", "build", "--origin", "unified", "--target", "unified", "--mapping", mapping, "--state", state])
      expect(built.code, built.stderr).toBe(0)
      const id = built.stdout.trim()
      expect(id).toMatch(/^fmt_[0-9a-f]{16}$/)
      const shown = yield* cli(["formatters", "show", id, "--state", state])
      expect(JSON.parse(shown.stdout)).toMatchObject({ formatter_id: id, resource: "job", mapping: JSON.parse(mapping) })
      const input = join(dir, "in.jsonl")
      writeFileSync(input, JSON.stringify({ id: "a", name: "Big TITLE", updated_at: at(0) }) + "\n")
      const pulled = yield* cli([
        "pull",
        "--resource",
        "job",
        "--origin",
        `file:${input}`,
        "--target",
        `file:${join(dir, "out.jsonl")}`,
        "--formatter-id",
        id,
        "--state",
        state,
        "--json"
      ])
      expect(pulled.code, pulled.stderr).toBe(0)
      expect(lines(join(dir, "out.jsonl"))).toEqual([{ id: "a", name: "big title" }])
    })
  )

  it.live("lists connectors and prints schemas", () =>
    Effect.gen(function* () {
      const listed = yield* cli(["connectors", "--json"])
      expect(JSON.parse(listed.stdout)).toContainEqual({ name: "warehouse_a", label: expect.any(String), warehouse_type: "ats" })
      const schema = yield* cli(["schema", "warehouse_a", "job", "--only-prefilterable"])
      const fields = JSON.parse(schema.stdout) as Array<{ name: string; prefilter?: unknown }>
      expect(fields.length).toBeGreaterThan(0)
      expect(fields.every((f) => f.prefilter !== undefined)).toBe(true)
      const unified = yield* cli(["schema", "unified", "profile"])
      expect((JSON.parse(unified.stdout) as Array<{ name: string }>).map((f) => f.name)).toEqual(expect.arrayContaining(["info", "labels", "source_key"]))
      const unifiedJob = JSON.parse((yield* cli(["schema", "unified", "job"])).stdout) as Array<{ name: string; required: boolean }>
      expect(unifiedJob.filter((f) => f.required).map((f) => f.name)).toEqual(["id", "name"])
      expect(unifiedJob.map((f) => f.name)).not.toContain("title")
      const help = yield* cli(["pull", "--help"])
      expect(help.stdout).toContain("Example: hrtech-etl pull")
    })
  )
})
