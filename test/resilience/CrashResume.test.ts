/**
 * Crash-resume: a real CLI pull from one SQLite database into another, SIGKILLed at seeded random
 * points (during start-up, or a few written batches into the run), then rerun to completion. The
 * target must equal the source exactly, and each kill may cost at most one batch written twice.
 *
 * Writes are counted exactly by SQLite triggers on the target table (an INSERT or an UPDATE of a row
 * logs the id and the run that wrote it), so a batch rewritten after a kill cannot hide behind the
 * upsert. The state store checkpoints after each batch the target committed.
 */
import { describe, expect, it } from "@effect/vitest"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sql from "../../src/connectors/sql/index.js"
import type { NativeRecord } from "../../src/core/Connector.js"
import { prng } from "../fakes/FaultServer.js"
import { type Ended, type KillPlan, runCli } from "./Child.js"

const long = process.env.HRTECH_ETL_LONG_TESTS !== undefined && process.env.HRTECH_ETL_LONG_TESTS !== ""

const BATCH = 200
const pad = (i: number) => String(i).padStart(6, "0")

/** N seeded jobs; 7 share each `updated_at`, so ties straddle the 200-record batch edges. */
const jobs = (n: number, seed: number): Array<NativeRecord> => {
  const random = prng(seed)
  const pick = <A>(values: ReadonlyArray<A>): A => values[Math.floor(random() * values.length)]!
  const start = Date.UTC(2024, 2, 1)
  return Array.from({ length: n }, (_, i) => {
    const min = 30_000 + Math.floor(random() * 50) * 1000
    const at = new Date(start + Math.floor(i / 7) * 1000).toISOString()
    const name = `${pick(["Data Engineer", "Designer", "Ingénieur logiciel", "営業マネージャー", "Nurse"])} ${i}`
    const status = pick(["open", "open", "closed", "draft"])
    const company = pick(["Acme", "Globex", "Initech"])
    const city = pick(["Paris", "Lyon", "Berlin"])
    // Complete in the original's shape (location text/fields, the salary range) and its extras, as the SQL connector stores it.
    return {
      id: `job-${pad(i)}`,
      name,
      status,
      company,
      location: { text: `${city}, FR`, fields: { city, country: "FR" }, city, country: "FR" },
      ranges_float: [{ name: "salary", value_min: min, value_max: min + 20_000, unit: "EUR" }],
      salary: { min, max: min + 20_000, currency: "EUR" },
      skills: [{ name: pick(["python", "sql", "figma"]) }],
      created_at: new Date(start - 86_400_000 + i * 1000).toISOString(),
      updated_at: at
    }
  })
}

/** Creates `source.db` through the SQL connector's own write path. */
const seedSource = (path: string, records: ReadonlyArray<NativeRecord>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const connector = yield* Sql.makeFromUri(`sqlite:${path}`)
        for (let i = 0; i < records.length; i += 1000) {
          const outcomes = yield* connector.write("job", records.slice(i, i + 1000))
          const failed = outcomes.filter((o) => o._tag === "failed")
          if (failed.length > 0) throw new Error(`seeding failed: ${JSON.stringify(failed[0])}`)
        }
      })
    )
  )

/** Creates the target's tables (through the connector) and triggers that log every row written. */
const prepareTarget = async (path: string) => {
  await Effect.runPromise(Effect.scoped(Effect.asVoid(Sql.makeFromUri(`sqlite:${path}`))))
  const db = new Database(path)
  try {
    db.exec(`
      CREATE TABLE test_run (run INTEGER NOT NULL);
      INSERT INTO test_run VALUES (0);
      CREATE TABLE test_writes (id TEXT NOT NULL, run INTEGER NOT NULL);
      CREATE TRIGGER test_log_insert AFTER INSERT ON hrtech_jobs BEGIN
        INSERT INTO test_writes SELECT NEW.id, run FROM test_run;
      END;
      CREATE TRIGGER test_log_update AFTER UPDATE ON hrtech_jobs BEGIN
        INSERT INTO test_writes SELECT NEW.id, run FROM test_run;
      END;
    `)
  } finally {
    db.close()
  }
}

const withDb = <A>(path: string, f: (db: Database.Database) => A): A => {
  const db = new Database(path)
  try {
    return f(db)
  } finally {
    db.close()
  }
}

const countRows = (path: string): number => withDb(path, (db) => (db.prepare("SELECT count(*) AS n FROM hrtech_jobs").get() as { n: number }).n)

const setRun = (path: string, run: number) => withDb(path, (db) => db.prepare("UPDATE test_run SET run = ?").run(run))

const parseResult = (run: Ended): { stats: { written: number; read: number; failed: number }; resumed: boolean } => {
  const line = run.stdout.trim().split("\n").at(-1) ?? ""
  return JSON.parse(line)
}

type Plan =
  | KillPlan
  /** Kill as soon as the target has committed `batches` more batches in this run (before the checkpoint, when the timing lets it). */
  | { readonly _tag: "after_commits"; readonly batches: number }

/** A kill plan drawn from the seeded PRNG: during start-up, a few batches in, or right after a target commit. */
const planFor = (random: () => number): Plan => {
  const draw = random()
  if (draw < 0.3) return { _tag: "after_delay", delayMs: 50 + Math.floor(random() * 2500) }
  if (draw < 0.6) return { _tag: "after_progress", afterLines: 1 + Math.floor(random() * 5), delayMs: Math.floor(random() * 150) }
  return { _tag: "after_commits", batches: 1 + Math.floor(random() * 5) }
}

/** Runs the CLI under a plan; `after_commits` watches the trigger log of the target. */
const runPlanned = async (args: ReadonlyArray<string>, cwd: string, target: string, plan: Plan): Promise<Ended> => {
  if (plan._tag !== "after_commits") return runCli(args, { cwd, plan })
  const db = new Database(target, { readonly: true })
  try {
    const written = db.prepare("SELECT coalesce(max(rowid), 0) AS n FROM test_writes")
    const base = (written.get() as { n: number }).n
    // Batches of this run may be partial (the batching window), so "k batches" is read as k×BATCH rows or more.
    return await runCli(args, { cwd, plan: { _tag: "when", check: () => (written.get() as { n: number }).n >= base + plan.batches * BATCH } })
  } finally {
    db.close()
  }
}

const crashResume = async (options: { readonly n: number; readonly kills: number; readonly seed: number }) => {
  const dir = mkdtempSync(join(tmpdir(), "hrtech-crash-"))
  const source = jobs(options.n, options.seed)
  await seedSource(join(dir, "source.db"), source)
  const target = join(dir, "target.db")
  await prepareTarget(target)
  const args = [
    "pull",
    "--resource",
    "job",
    "--origin",
    "sqlite:source.db",
    "--target",
    "sqlite:target.db",
    "--state",
    "state.db",
    "--batch-size",
    String(BATCH),
    "--json",
    "--progress"
  ]
  const random = prng(options.seed * 7919)
  const log: Array<{ run: number; plan: Plan; killed: boolean; code: number | null; rowsBefore: number; rowsAfter: number; progress: number }> = []
  let kills = 0
  let completedWritten = 0
  let killedNewRows = 0
  let completed: Ended | undefined
  // Bounded: every run either is killed or completes; a run that completes early is simply counted.
  for (let run = 1; run <= options.kills * 3 && kills < options.kills; run++) {
    const plan = planFor(random)
    const rowsBefore = countRows(target)
    setRun(target, run)
    const ended = await runPlanned(args, dir, target, plan)
    const rowsAfter = countRows(target)
    log.push({ run, plan, killed: ended.killed, code: ended.code, rowsBefore, rowsAfter, progress: ended.progressLines })
    if (ended.killed) {
      kills++
      killedNewRows += rowsAfter - rowsBefore
    } else {
      // A run that was not killed finished on its own: it must have succeeded.
      expect(ended.code, ended.stderr).toBe(0)
      completedWritten += parseResult(ended).stats.written
      completed = ended
    }
  }
  expect(kills, JSON.stringify(log)).toBe(options.kills)
  // Kills landed in the middle of the copy (start-up kills land before the first batch on a loaded machine).
  expect(
    log.some((l) => l.killed && l.rowsAfter > l.rowsBefore),
    JSON.stringify(log)
  ).toBe(true)

  // Rerun to completion, then once more: the second one finds nothing left to write.
  const finalRun = log.length + 1
  setRun(target, finalRun)
  const final = await runCli(args, { cwd: dir, plan: { _tag: "never" } })
  expect(final.code, final.stderr).toBe(0)
  const finalResult = parseResult(final)
  expect(finalResult.stats.failed).toBe(0)
  if (completed === undefined) expect(finalResult.resumed).toBe(true)
  completedWritten += finalResult.stats.written
  setRun(target, finalRun + 1)
  const again = await runCli(args, { cwd: dir, plan: { _tag: "never" } })
  expect(again.code, again.stderr).toBe(0)
  expect(parseResult(again).stats.written).toBe(0)

  // The target equals the source: same ids, same contents (plus the origin the unified path records).
  const stored = withDb(target, (db) => db.prepare("SELECT id, data FROM hrtech_jobs ORDER BY id").all() as Array<{ id: string; data: string }>)
  expect(stored.map((r) => r.id)).toEqual(source.map((r) => String(r.id)))
  for (let i = 0; i < source.length; i++) {
    const record = JSON.parse(stored[i]!.data) as Record<string, unknown>
    if (JSON.stringify({ ...source[i], origin: "sqlite:source.db" }) !== JSON.stringify(record)) {
      expect(record).toEqual({ ...source[i], origin: "sqlite:source.db" })
    }
  }

  // At most one batch written twice per kill, by the brief's measure (stats of completed runs plus
  // rows new after each kill) ...
  expect(completedWritten + killedNewRows - options.n).toBeLessThanOrEqual(kills * BATCH)
  // ... and exactly, from the triggers: every write of every run, killed ones included.
  const writes = withDb(
    target,
    (db) =>
      db.prepare("SELECT run, count(*) AS n, count(DISTINCT id) AS ids FROM test_writes GROUP BY run").all() as Array<{ run: number; n: number; ids: number }>
  )
  const total = writes.reduce((sum, w) => sum + w.n, 0)
  const rewritten = total - options.n
  expect(rewritten, JSON.stringify({ writes, log })).toBeLessThanOrEqual(kills * BATCH)
  // Per run: what a run rewrote of earlier runs' rows is at most the one batch whose checkpoint the
  // previous kill prevented.
  const perRun = withDb(
    target,
    (db) =>
      db
        .prepare(
          `SELECT w.run AS run, count(*) AS n FROM test_writes w
         WHERE EXISTS (SELECT 1 FROM test_writes e WHERE e.id = w.id AND e.run < w.run) GROUP BY w.run`
        )
        .all() as Array<{ run: number; n: number }>
  )
  for (const r of perRun) expect(r.n, JSON.stringify({ perRun, log })).toBeLessThanOrEqual(BATCH)
  // Nothing failed, so nothing landed in the failed-records store.
  const failures = withDb(join(dir, "state.db"), (db) => (db.prepare("SELECT count(*) AS n FROM hrtech_state_failures").get() as { n: number }).n)
  expect(failures).toBe(0)
  return { kills, rewritten, runs: log.length + 2 }
}

describe("crash-resume of a CLI pull (SQLite → SQLite, SIGKILL)", () => {
  it("10 kills at seeded random points, then a rerun: target equals source, at most one batch rewritten per kill", async () => {
    const outcome = await crashResume({ n: 20_000, kills: 10, seed: 1 })
    expect(outcome.kills).toBe(10)
  }, 240_000)

  it.runIf(long)(
    "long: 30 kills over 60,000 jobs",
    async () => {
      const outcome = await crashResume({ n: 60_000, kills: 30, seed: 2 })
      expect(outcome.kills).toBe(30)
    },
    900_000
  )
})
