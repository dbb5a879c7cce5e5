/**
 * SQL pieces of the benchmarks: the SQL connector from the built package, and the hand-written
 * better-sqlite3 writer of the baselines.
 */
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import { rmSync } from "node:fs"
import { importDist } from "./lib.mjs"

/** The built SQL connector module (`hrtech-etl/connectors/sql`). */
export const Sql = await importDist("connectors/sql/index.js")

/** Runs an Effect that needs a Scope to completion. */
export const runScoped = (effect) => Effect.runPromise(Effect.scoped(effect))

/** Deletes a SQLite file and its WAL/SHM companions. */
export const removeDb = (path) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true })
}

/** Creates the SQL connector's tables in a SQLite file (through the connector, then closes it). */
export const createSqliteTables = (path) => runScoped(Effect.asVoid(Sql.makeFromUri(`sqlite:${path}`)))

const numeric = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const TEXT = ["id", "reference", "name", "status", "employment_type", "company", "requisition_id"]
const INSTANT = ["published_at", "closes_at", "created_at", "updated_at"]

/**
 * The hand-written SQLite writer of the baselines: the same table and row as the SQL connector
 * (text columns with numeric shadows, UTC instants, the record as JSON in `data`), written with
 * better-sqlite3 prepared statements, one transaction per batch.
 */
export const handSqliteWriter = (path, table = "hrtech_jobs") => {
  const db = new Database(path)
  db.pragma("journal_mode = WAL")
  const columns = [...TEXT.flatMap((c) => [c, `${c}__num`]), ...INSTANT, "data"]
  const statement = db.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ` +
      `ON CONFLICT ("id") DO UPDATE SET ${columns
        .filter((c) => c !== "id")
        .map((c) => `"${c}" = excluded."${c}"`)
        .join(", ")}`
  )
  const values = new Array(columns.length)
  const writeRow = (record) => {
    let k = 0
    for (const c of TEXT) {
      const v = record[c]
      const text = typeof v === "string" ? v : null
      if (text !== null && unstorable.test(text)) throw new Error(`${c}: unstorable text`)
      values[k++] = text
      values[k++] = text !== null && numeric.test(text) ? Number(text) : null
    }
    for (const c of INSTANT) {
      const v = record[c]
      if (typeof v !== "string") {
        values[k++] = null
        continue
      }
      const ms = Date.parse(v)
      if (Number.isNaN(ms)) throw new Error(`${c}: not a date-time`)
      values[k++] = new Date(ms).toISOString()
    }
    values[k] = JSON.stringify(record)
    statement.run(values)
  }
  const writeBatch = db.transaction((batch) => {
    for (const record of batch) writeRow(record)
  })
  return { write: writeBatch, close: () => db.close(), count: () => db.prepare(`SELECT count(*) AS n FROM "${table}"`).get().n }
}
