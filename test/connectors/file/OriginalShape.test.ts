/**
 * A user of the original project, through the CLI: a JSONL file of jobs written with the original's
 * unified field names only (no extras), many sharing one `updated_at`, pulled into SQLite, back out to
 * JSONL, and resumed; then more jobs arrive and the resumed pulls add them without losing the rest.
 */
import { describe, expect, it } from "@effect/vitest"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { run } from "../../cli/Cli.js"

const pad = (i: number) => String(i).padStart(5, "0")
const TIE = "2024-03-01T09:00:00.000Z"
const cities = [
  { text: "Paris, France", lat: 48.8566, lng: 2.3522, fields: { city: "Paris", country: "FR", postcode: "75001" } },
  { text: "Berlin, Germany", lat: 52.52, lng: 13.405, fields: { city: "Berlin", country: "DE" } }
]

/** A job as the original project's `UnifiedJob` has it: nothing but its field names. */
const originalJob = (i: number) => ({
  id: `orig-${pad(i)}`,
  key: `key-${pad(i)}`,
  reference: `REF-${i}`,
  board_key: "board-1",
  name: i % 2 === 0 ? `Data Engineer ${i}` : `Recruiter ${i}`,
  url: `https://jobs.example/${i}`,
  summary: "Short summary",
  text: `Full text of job ${i}`,
  location: cities[i % 2],
  sections: [{ name: "about", title: "About", description: "We build things" }],
  culture: "Kind",
  benefits: "Lunch",
  responsibilities: "Pipelines",
  requirements: "SQL",
  skills: [{ name: "SQL", type: "hard", value: null }],
  languages: [{ name: "French", value: "C1" }],
  tags: [{ name: "team", value: "data" }],
  metadatas: [{ name: "source_system", value: "hrflow" }],
  ranges_float: [{ name: "salary", value_min: 40000 + i, value_max: 60000 + i, unit: "EUR" }],
  ranges_date: [{ name: "dates", value_min: "2024-03-01", value_max: null }],
  // 1,000 jobs edited in one bulk action share one instant: more than any page holds.
  created_at: TIE,
  updated_at: i < 1000 ? TIE : new Date(Date.parse(TIE) + i * 1000).toISOString(),
  archived_at: null
})

const jsonl = (records: ReadonlyArray<object>) => records.map((r) => `${JSON.stringify(r)}\n`).join("")
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
const count = (db: string) => {
  const conn = new Database(db, { readonly: true })
  try {
    return (conn.prepare("select count(*) as n from hrtech_jobs").get() as { n: number }).n
  } finally {
    conn.close()
  }
}

/** `hrtech-etl pull --json` from one URI to another, resuming from the state file; the stats. */
const pull = (dir: string, origin: string, target: string) =>
  Effect.promise(() =>
    run(["pull", "--resource", "job", "--origin", origin, "--target", target, "--state", join(dir, "state.db"), "--batch-size", "200", "--json"], {
      timeoutMs: 120_000
    })
  ).pipe(
    Effect.map((result) => {
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(result.stdout) as { stats: Record<string, number>; resumed: boolean }
    })
  )

describe("jobs in the original project's unified shape, through the CLI", () => {
  it.scopedLive(
    "2,500 jobs (1,000 on one updated_at) JSONL → SQLite → JSONL: all written, ids distinct, resumed runs write 0, later jobs added",
    () =>
      Effect.gen(function* () {
        const dir = mkdtempSync(join(tmpdir(), "hrtech-original-"))
        yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
        const source = join(dir, "jobs.jsonl")
        const db = join(dir, "jobs.db")
        const back = join(dir, "back.jsonl")
        writeFileSync(source, jsonl(Array.from({ length: 2500 }, (_, i) => originalJob(i))))

        const into = yield* pull(dir, `file:${source}`, `sqlite:${db}`)
        expect(into.stats).toMatchObject({ read: 2500, written: 2500, failed: 0 })
        expect(count(db)).toBe(2500)

        const out = yield* pull(dir, `sqlite:${db}`, `file:${back}`)
        expect(out.stats).toMatchObject({ written: 2500, failed: 0 })
        const records = lines(back)
        expect(new Set(records.map((r) => r.id)).size).toBe(2500)
        // Every field of the original's shape came through; the extras were filled in beside them.
        const first = records.find((r) => r.id === "orig-00000")
        expect(first).toMatchObject({ ...originalJob(0), salary: { min: 40000, max: 60000, currency: "EUR" } })
        expect(first).toMatchObject({ location: { city: "Paris", country: "FR", postal_code: "75001" } })

        const again = yield* pull(dir, `file:${source}`, `sqlite:${db}`)
        expect(again.resumed).toBe(true)
        expect(again.stats.written).toBe(0)
        const againOut = yield* pull(dir, `sqlite:${db}`, `file:${back}`)
        expect(againOut.stats.written).toBe(0)
        expect(lines(back)).toHaveLength(2500)

        // Ten more jobs arrive: the resumed pulls take them, and the file target keeps the earlier rows.
        appendFileSync(source, jsonl(Array.from({ length: 10 }, (_, i) => originalJob(2500 + i))))
        expect((yield* pull(dir, `file:${source}`, `sqlite:${db}`)).stats.written).toBe(10)
        expect((yield* pull(dir, `sqlite:${db}`, `file:${back}`)).stats.written).toBe(10)
        const ids = lines(back).map((r) => r.id)
        expect(ids).toHaveLength(2510)
        expect(new Set(ids).size).toBe(2510)
      }),
    // Eight CLI runs of 2,500 records each: bounded, not timed.
    300_000
  )
})
