/**
 * B4 SQL sinks: batched upserts per second through the SQL connector's `write`, into SQLite and
 * PostgreSQL, against the same statements without the connector (its ceiling on this machine).
 */
import * as Effect from "effect/Effect"
import * as SqlClient from "@effect/sql/SqlClient"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fmt, range, settle, summary, table } from "./lib.mjs"
import { formatByHand, jobs } from "./records.mjs"
import { Sql, createSqliteTables, handSqliteWriter, removeDb, runScoped } from "./sql.mjs"

const BATCH = 1000
const PG_URL = process.env.HRTECH_ETL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const batchesOf = (records) => {
  const out = []
  for (let i = 0; i < records.length; i += BATCH) out.push(records.slice(i, i + BATCH))
  return out
}

/** Target records (valid SqlJob), and the same ids with a changed name for the update pass. */
const dataset = (total) => {
  const inserts = jobs(0, total).map(formatByHand)
  const updates = inserts.map((r) => ({ ...r, name: `${r.name} (updated)` }))
  return { inserts: batchesOf(inserts), updates: batchesOf(updates) }
}

const timed = (effect) =>
  Effect.gen(function* () {
    const start = performance.now()
    yield* effect
    return performance.now() - start
  })

/**
 * Inserts then updates every record through `connector.write`; ms of each pass. `options` is what the
 * pipeline passes (`{ validated: true }`: it validated each record against the target schema already).
 */
const connectorPasses = (connector, data, options) =>
  Effect.gen(function* () {
    const insert = yield* timed(Effect.forEach(data.inserts, (b) => connector.write("job", b, options), { discard: true }))
    const update = yield* timed(Effect.forEach(data.updates, (b) => connector.write("job", b, options), { discard: true }))
    return { insert, update }
  })

const asPipeline = { validated: true }

/** The connector's statements without the connector: rows built, multi-row upserts of 500, one transaction per batch. */
const rawPasses = (prefix, data) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const table = sql(`${prefix}jobs`)
    const columns = Sql.Tables.rowColumns("job")
    const updates = sql.csv(columns.filter((c) => c !== "id").map((c) => sql`${sql(c)} = excluded.${sql(c)}`))
    const write = (batch) =>
      sql.withTransaction(
        Effect.forEach(
          [batch.slice(0, 500), batch.slice(500)].filter((p) => p.length > 0),
          (part) =>
            sql`INSERT INTO ${table} ${sql.insert(part.map((r) => Sql.Tables.toRow("job", r).row))} ON CONFLICT (${sql("id")}) DO UPDATE SET ${updates}`,
          { discard: true }
        )
      )
    const insert = yield* timed(Effect.forEach(data.inserts, write, { discard: true }))
    const update = yield* timed(Effect.forEach(data.updates, write, { discard: true }))
    return { insert, update }
  })

/** The engine alone: the same upserts generated inside the database (no client, no parameters). */
const engineSql = (dialect, table, total, suffix) => {
  const pg = dialect === "pg"
  const id = pg ? `'job-' || lpad(x::text, 8, '0')` : `printf('job-%08d', x)`
  const at = pg
    ? `to_char(timestamp '2023-01-01' + (x / 4) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', 1672531200 + x / 4, 'unixepoch')`
  const data = pg ? `repeat('x', 600) || x::text` : `printf('%.600c', 'x') || x`
  const rows = pg ? `FROM generate_series(1, ${total}) AS g(x)` : `FROM g WHERE true`
  const prefix = pg ? "" : `WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < ${total}) `
  return (
    `${prefix}INSERT INTO "${table}" ("id", "name", "status", "company", "created_at", "updated_at", "data") ` +
    `SELECT ${id}, 'Senior Data Engineer${suffix}', 'open', 'Acme Corp', ${at}, ${at}, ${data} ${rows} ` +
    `ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "status" = excluded."status", "company" = excluded."company", ` +
    `"created_at" = excluded."created_at", "updated_at" = excluded."updated_at", "data" = excluded."data"`
  )
}

const enginePasses = (dialect, table, total) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const insert = yield* timed(sql.unsafe(engineSql(dialect, table, total, "")))
    const update = yield* timed(sql.unsafe(engineSql(dialect, table, total, " (updated)")))
    return { insert, update }
  })

const sqliteRound = async (data, total, name) => {
  const path = join(tmpdir(), `hrtech-bench-${process.pid}-b4-${name}.db`)
  const out = {}
  removeDb(path)
  out.connector = await runScoped(Effect.flatMap(Sql.makeFromUri(`sqlite:${path}`), (c) => connectorPasses(c, data, asPipeline)))
  removeDb(path)
  out.validating = await runScoped(Effect.flatMap(Sql.makeFromUri(`sqlite:${path}`), (c) => connectorPasses(c, data)))
  removeDb(path)
  await createSqliteTables(path)
  out.raw = await runScoped(
    Effect.flatMap(Sql.Client.fromUri(`sqlite:${path}`), (client) => Effect.provideService(rawPasses("hrtech_", data), SqlClient.SqlClient, client))
  )
  removeDb(path)
  await createSqliteTables(path)
  out.engine = await runScoped(
    Effect.flatMap(Sql.Client.fromUri(`sqlite:${path}`), (client) =>
      Effect.provideService(enginePasses("sqlite", "hrtech_jobs", total), SqlClient.SqlClient, client)
    )
  )
  removeDb(path)
  await createSqliteTables(path)
  const writer = handSqliteWriter(path)
  let start = performance.now()
  for (const b of data.inserts) writer.write(b)
  const insert = performance.now() - start
  start = performance.now()
  for (const b of data.updates) writer.write(b)
  out.hand = { insert, update: performance.now() - start }
  writer.close()
  removeDb(path)
  return out
}

const pgRound = (data, total, round) => {
  const prefix = `bench_${process.pid}_${round}_`
  const drop = Effect.flatMap(Sql.Client.fromUri(PG_URL), (sql) =>
    sql.unsafe(`DROP TABLE IF EXISTS "${prefix}jobs", "${prefix}profiles", "${prefix}migrations"`)
  )
  return runScoped(
    Effect.gen(function* () {
      const connector = yield* Sql.makeFromUri(PG_URL, { tablePrefix: prefix })
      const out = { connector: yield* connectorPasses(connector, data, asPipeline) }
      const client = yield* Sql.Client.fromUri(PG_URL)
      yield* client.unsafe(`TRUNCATE "${prefix}jobs"`)
      out.validating = yield* connectorPasses(connector, data)
      yield* client.unsafe(`TRUNCATE "${prefix}jobs"`)
      out.raw = yield* Effect.provideService(rawPasses(prefix, data), SqlClient.SqlClient, client)
      yield* client.unsafe(`TRUNCATE "${prefix}jobs"`)
      out.engine = yield* Effect.provideService(enginePasses("pg", `${prefix}jobs`, total), SqlClient.SqlClient, client)
      return out
    }).pipe(Effect.ensuring(Effect.orDie(Effect.scoped(drop))))
  )
}

/** Whether PostgreSQL answers at PG_URL. */
const pgReachable = () =>
  runScoped(Sql.Client.fromUri(PG_URL)).then(
    () => undefined,
    (e) => String(e?.message ?? e)
  )

/** Runs B4: `runs` timed rounds after one warm-up round per engine. */
export const run = async ({ total, runs, log }) => {
  const data = dataset(total)
  const rate = (ms) => total / (ms / 1000)
  const collect = async (round) => {
    const acc = {}
    for (let i = 0; i <= runs; i++) {
      await settle()
      const r = await round(i)
      if (i === 0) continue
      for (const [k, v] of Object.entries(r)) {
        acc[`${k}Insert`] = [...(acc[`${k}Insert`] ?? []), rate(v.insert)]
        acc[`${k}Update`] = [...(acc[`${k}Update`] ?? []), rate(v.update)]
      }
      log(
        `B4 round ${i}/${runs}: ${Object.entries(r)
          .map(([k, v]) => `${k} ${fmt(rate(v.insert))}/${fmt(rate(v.update))}`)
          .join(", ")}`
      )
    }
    return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, summary(v)]))
  }
  const sqlite = await collect((i) => sqliteRound(data, total, `r${i}`))
  const pgError = await pgReachable()
  const pg = pgError === undefined ? await collect((i) => pgRound(data, total, i)) : undefined
  return { total, runs, sqlite, pg, pgError, pgUrl: PG_URL.replace(/:[^:@/]*@/, ":***@") }
}

/** The Markdown section of B4. */
export const report = (r) => {
  const verdict = (value, target) => `≥ ${fmt(target / 1000, 0)}k/s ${value >= target ? "✅ met" : "❌ missed"}`
  const rows = [
    [
      "SQLite: SQL connector `write` as the pipeline calls it, new ids (insert)",
      range(r.sqlite.connectorInsert),
      verdict(r.sqlite.connectorInsert.median, 50_000)
    ],
    [
      "SQLite: SQL connector `write` as the pipeline calls it, same ids again (update)",
      range(r.sqlite.connectorUpdate),
      verdict(r.sqlite.connectorUpdate.median, 50_000)
    ],
    [
      "SQLite: SQL connector `write` called directly, validating each record (insert / update)",
      `${range(r.sqlite.validatingInsert)} / ${range(r.sqlite.validatingUpdate)}`,
      "reference"
    ],
    [
      "SQLite: the connector's statements on the SqlClient, rows built with `Tables.toRow`, no connector (insert / update)",
      `${range(r.sqlite.rawInsert)} / ${range(r.sqlite.rawUpdate)}`,
      "ceiling"
    ],
    ["SQLite: hand-written better-sqlite3 prepared upsert (insert / update)", `${range(r.sqlite.handInsert)} / ${range(r.sqlite.handUpdate)}`, "ceiling"],
    [
      "SQLite: the engine alone, rows generated in SQL (`WITH RECURSIVE … INSERT … SELECT … ON CONFLICT`) (insert / update)",
      `${range(r.sqlite.engineInsert)} / ${range(r.sqlite.engineUpdate)}`,
      "engine"
    ]
  ]
  if (r.pg) {
    rows.push(
      [
        "PostgreSQL: SQL connector `write` as the pipeline calls it, new ids (insert)",
        range(r.pg.connectorInsert),
        verdict(r.pg.connectorInsert.median, 30_000)
      ],
      [
        "PostgreSQL: SQL connector `write` as the pipeline calls it, same ids again (update)",
        range(r.pg.connectorUpdate),
        verdict(r.pg.connectorUpdate.median, 30_000)
      ],
      [
        "PostgreSQL: SQL connector `write` called directly, validating each record (insert / update)",
        `${range(r.pg.validatingInsert)} / ${range(r.pg.validatingUpdate)}`,
        "reference"
      ],
      [
        "PostgreSQL: the same 500-row upserts compiled by `sql.insert` and sent unnamed (parsed and planned every time), rows built with `Tables.toRow`, no connector (insert / update)",
        `${range(r.pg.rawInsert)} / ${range(r.pg.rawUpdate)}`,
        "comparison"
      ],
      [
        "PostgreSQL: the engine alone, rows generated in SQL (`INSERT … SELECT … FROM generate_series … ON CONFLICT`) (insert / update)",
        `${range(r.pg.engineInsert)} / ${range(r.pg.engineUpdate)}`,
        "engine"
      ]
    )
  }
  return `## B4 — SQL sinks

${r.total.toLocaleString("en-US")} job records per pass, written in batches of ${BATCH} by calling the SQL connector's \`write\`. The judged
rows call it as \`Pipeline.pull\`/\`push\` do, with \`{ validated: true }\` (the pipeline has validated every record against
the target's \`SqlJob\` schema already); the "validating" row calls it without, so each record is validated again.
Each call builds the row values (\`Tables.toValues\`: text columns with numeric shadows, UTC instants, the record as JSON), then
one transaction of multi-row \`INSERT … ON CONFLICT (id) DO UPDATE\` statements of 500 rows — SQLite looks up which ids
exist first (one \`json_each\` parameter) to tell created from updated; PostgreSQL reads that from
\`RETURNING (xmax = 0)\`, sends full statements as named prepared statements (parsed and planned once per connection) and
serialises the next statement while the server runs the previous one. Each round opens a fresh table (SQLite: new file in the temp directory, WAL; PostgreSQL: unique table prefix,
dropped afterwards). ${r.runs} timed rounds after one warm-up. Upserts/s:

${table(["what", "upserts/s median (min – max)", "target"], rows)}
${r.pg ? "" : `\n**PostgreSQL skipped**: ${r.pgUrl} is unreachable (${r.pgError}).\n`}`
}
