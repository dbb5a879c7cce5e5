/**
 * The SQL connector: jobs and profiles in a SQLite file or a PostgreSQL database, through one
 * `SqlClient` code path. Reads push WHERE conditions into SQL and page by keyset on
 * (cursor column, id) — never OFFSET — so concurrent writes cannot make a read skip rows. Writes
 * upsert a batch by id in one transaction. Archive sets a job's status to `archived` (bumping its
 * `updated_at` so incremental readers see the change) and deletes a profile (profiles have no status).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Statement from "@effect/sql/Statement"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Connector from "../../core/Connector.js"
import { ConfigError, DecodeError, TransportError, Unsupported } from "../../core/ConnectorError.js"
import type { ConnectorError } from "../../core/ConnectorError.js"
import * as Metadata from "../../core/Metadata.js"
import type * as Registry from "../../core/Registry.js"
import type { Resource } from "../../core/Resource.js"
import * as Unified from "../../core/Unified.js"
import * as Client from "../../sql/Client.js"
import * as Dialect from "../../sql/Dialect.js"
import * as Migrations from "./Migrations.js"
import * as Query from "./Query.js"
import * as Schemas from "./Schemas.js"
import * as Tables from "./Tables.js"

/** Options of the SQL connector. */
export interface Options {
  /** Prefix of the table names (default `hrtech_`: `hrtech_jobs`, `hrtech_profiles`, `hrtech_migrations`). */
  readonly tablePrefix?: string
  /** Connector name in messages and pipeline ids (default: the URI without its password). */
  readonly name?: string
}

/** The default table prefix. */
export const defaultTablePrefix = "hrtech_"

// Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const rowsPerStatement = 500

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

interface PageRow {
  readonly id: string
  readonly k: string | null
  readonly data: string
}

/** Builds the connector on the `SqlClient` in context, creating or upgrading its tables. */
export const make = (options: Options = {}): Effect.Effect<Connector.Connector, ConfigError | TransportError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const dialect = Dialect.dialectOf(sql)
    const name = options.name ?? (dialect === "pg" ? "postgres" : "sqlite")
    const prefix = yield* Migrations.checkPrefix(options.tablePrefix ?? defaultTablePrefix, name)
    yield* Migrations.run(prefix, name)
    if (dialect === "sqlite") {
      // SQLite's LIKE ignores ASCII case by default; postfilters (and PostgreSQL) do not. The client
      // holds a single connection, so the pragma applies to every query of this connector.
      yield* sql.unsafe("PRAGMA case_sensitive_like = ON").pipe(Effect.mapError(transport(name)))
    }
    const tables = Tables.tableNames(prefix)
    const schemas = { job: Schemas.SqlJob, profile: Schemas.SqlProfile }
    const unifiedFields = { job: Metadata.fieldNames(Unified.UnifiedJob), profile: Metadata.fieldNames(Unified.UnifiedProfile) }
    const nativeFields = { job: Metadata.fieldNames(Schemas.SqlJob), profile: Metadata.fieldNames(Schemas.SqlProfile) }
    const pick = (record: object, fields: ReadonlyArray<string>): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      for (const key of fields) if (Object.prototype.hasOwnProperty.call(record, key)) out[key] = (record as Record<string, unknown>)[key]
      return out
    }
    const table = (resource: Resource) => sql(tables[resource])

    const parseData = (resource: Resource, row: { readonly id: string; readonly data: unknown }) =>
      Effect.try({
        try: () => (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as Connector.NativeRecord,
        catch: (e) => new DecodeError({ connector: name, recordId: row.id, field: "data", reason: `stored ${resource} is not JSON: ${(e as Error).message}` })
      })

    const selectByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.forEach(
        chunksOf(ids, rowsPerStatement),
        (part) => sql<{ id: string; data: string }>`SELECT ${sql("id")}, ${sql("data")} FROM ${table(resource)} WHERE ${sql.in("id", part)}`
      ).pipe(Effect.map((parts) => parts.flat()))

    // Upsert statement texts by resource and row count, built once: compiling a fragment with
    // thousands of parameters for every statement costs more per row than the SQL engine's own work.
    const upsertTexts = new Map<string, string>()
    const upsertText = (resource: Resource, rowCount: number): string => {
      const key = `${resource}:${rowCount}`
      let text = upsertTexts.get(key)
      if (text === undefined) {
        const columns = Tables.rowColumns(resource)
        let n = 0
        const placeholder = () => (dialect === "pg" ? `$${++n}` : "?")
        const values = Array.from({ length: rowCount }, () => `(${columns.map(placeholder).join(",")})`).join(",")
        const q = Dialect.quote
        text =
          `${dialect === "pg" && rowCount === rowsPerStatement ? Client.preparedMark : ""}INSERT INTO ${q(tables[resource])} ` +
          `(${columns.map(q).join(",")}) VALUES ${values} ON CONFLICT (${q("id")}) DO UPDATE SET ` +
          columns
            .filter((c) => c !== "id")
            .map((c) => `${q(c)} = excluded.${q(c)}`)
            .join(", ") +
          (dialect === "pg" ? ` RETURNING ${q("id")}, (xmax = 0) AS ${q("inserted")}` : "")
        if (upsertTexts.size >= 64) upsertTexts.clear()
        upsertTexts.set(key, text)
      }
      return text
    }
    const upsertStatement = (resource: Resource, part: ReadonlyArray<Tables.RowValues>) => {
      if (dialect === "sqlite") {
        // better-sqlite3 binds an array argument's elements as consecutive anonymous parameters, so
        // each row's values go in as they are, without one flat array of every parameter.
        return sql.unsafe<{ id: string; inserted: boolean }>(upsertText(resource, part.length), part as unknown as ReadonlyArray<string>)
      }
      const params: Array<string | number | null> = []
      for (const values of part) for (const v of values) params.push(v)
      return sql.unsafe<{ id: string; inserted: boolean }>(upsertText(resource, part.length), params)
    }

    /**
     * Upserts rows (unique ids) in the current transaction, multi-row INSERT … ON CONFLICT statements
     * of up to `rowsPerStatement` rows, and returns the ids that were new. PostgreSQL tells them by
     * `xmax = 0` in RETURNING (a row an upsert updated carries the updating transaction's id there),
     * and full-size statements go as named prepared statements (see `Client.preparedMark`); SQLite
     * caches prepared statements itself and looks the ids up first.
     */
    const upsertRows = (resource: Resource, rows: ReadonlyArray<Tables.RowValues>): Effect.Effect<Set<string>, SqlError> => {
      const parts = chunksOf(rows, rowsPerStatement)
      if (dialect === "pg") {
        return Effect.map(
          // The next part is serialised while the server runs the previous one; the driver queues
          // statements on the transaction's connection in order.
          Effect.forEach(parts, (part) => upsertStatement(resource, part), { concurrency: 2 }),
          (results) => {
            const created = new Set<string>()
            for (const result of results) for (const r of result) if (r.inserted) created.add(r.id)
            return created
          }
        )
      }
      return Effect.gen(function* () {
        const ids = rows.map((values) => values[0] as string)
        const existing = yield* selectIds(resource, ids)
        yield* Effect.forEach(parts, (part) => upsertStatement(resource, part), { discard: true })
        return new Set(ids.filter((id) => !existing.has(id)))
      })
    }

    const read = (resource: Resource, readOptions: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.unwrap(
        Effect.gen(function* () {
          const { cursor } = readOptions
          const where: Array<Statement.Fragment> = []
          for (const condition of readOptions.where) {
            const fragment = Query.translate(sql, resource, condition)
            if (Option.isNone(fragment)) {
              return yield* new Unsupported({
                connector: name,
                operation: "read",
                field: condition.field,
                reason: `condition ${condition.field} ${condition.op} cannot be pushed down (pushdown() lists it as in-memory)`
              })
            }
            where.push(fragment.value)
          }
          const keyColumn = cursor.mode === "id" ? "id" : cursor.mode
          const normalise = (field: string, value: string) =>
            cursor.mode === "id"
              ? Effect.succeed(value)
              : Option.match(Option.fromNullable(Tables.normaliseInstant(value)), {
                  onNone: () =>
                    Effect.fail(
                      new Unsupported({ connector: name, operation: "read", field, reason: `${JSON.stringify(value)} is not an ISO-8601 date-time` })
                    ),
                  onSome: Effect.succeed
                })
          const K = sql(keyColumn)
          const ID = sql("id")
          const asc = cursor.sort_by === "asc"
          // NULL cursor values sort first ascending (last descending) on both engines and are only
          // read when there is no start: they have no position to resume from.
          if (cursor.start != null) {
            const start = yield* normalise("cursor.start", cursor.start)
            where.push(asc ? sql`${K} >= ${start}` : sql`${K} <= ${start}`)
          }
          if (readOptions.until !== undefined) {
            const until = yield* normalise("until", readOptions.until)
            where.push(sql`(${K} IS NULL OR ${K} <= ${until})`)
          }
          const order = sql.literal(asc ? "ASC NULLS FIRST" : "DESC NULLS LAST")
          const idOrder = sql.literal(asc ? "ASC" : "DESC")
          const after = (last: { readonly k: string | null; readonly id: string }): Statement.Fragment => {
            if (keyColumn === "id") return asc ? sql`${ID} > ${last.id}` : sql`${ID} < ${last.id}`
            if (last.k === null) {
              return asc ? sql`((${K} IS NULL AND ${ID} > ${last.id}) OR ${K} IS NOT NULL)` : sql`(${K} IS NULL AND ${ID} < ${last.id})`
            }
            return asc ? sql`((${K}, ${ID}) > (${last.k}, ${last.id}))` : sql`((${K}, ${ID}) < (${last.k}, ${last.id}) OR ${K} IS NULL)`
          }
          const size = Math.max(1, Math.floor(readOptions.batchSize))
          const page = (last: Option.Option<PageRow>) =>
            Effect.gen(function* () {
              const clauses = Option.isSome(last) ? [...where, after(last.value)] : where
              // One row of look-ahead tells whether another page exists, so no empty page is emitted.
              const rows =
                yield* sql<PageRow>`SELECT ${ID}, ${K} AS ${sql("k")}, ${sql("data")} FROM ${table(resource)} WHERE ${sql.and(clauses)} ORDER BY ${K} ${order}, ${ID} ${idOrder} LIMIT ${size + 1}`.pipe(
                  Effect.mapError(transport(name))
                )
              const taken = rows.slice(0, size)
              const records = yield* Effect.forEach(taken, (row) => parseData(resource, row))
              const next = rows.length > size ? Option.some(taken[taken.length - 1]!) : Option.none()
              return [Chunk.unsafeFromArray(records), Option.map(next, Option.some)] as const
            })
          return Stream.paginateChunkEffect(Option.none<PageRow>(), page)
        })
      )

    const self: Connector.Connector = {
      name,
      label: dialect === "pg" ? "PostgreSQL" : "SQLite",
      warehouseType: "database",
      schemas,
      capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: ["job", "profile"] },
      pushdown: (resource, where) => Query.pushdown(sql, resource, where),
      read,
      write: (resource, batch, writeOptions) =>
        Effect.gen(function* () {
          const check = Connector.writeCheck(self, resource, writeOptions)
          const getId = Connector.idOf(self, resource)
          const outcomes: Array<Connector.WriteOutcome | undefined> = new Array(batch.length)
          // Last write of an id wins; one row per id keeps ON CONFLICT from touching a row twice.
          const rows = new Map<string, Tables.RowValues>()
          const firstIndex = new Map<string, number>()
          batch.forEach((record, i) => {
            const invalid = check(record)
            if (invalid) {
              outcomes[i] = invalid
              return
            }
            const id = getId(record)!
            const row = Tables.toValues(resource, record)
            if ("error" in row) {
              outcomes[i] = Connector.Outcome.failed(id, row.error)
              return
            }
            rows.set(id, row.values)
            if (!firstIndex.has(id)) firstIndex.set(id, i)
          })
          if (rows.size === 0) return outcomes as Array<Connector.WriteOutcome>
          const created = yield* sql.withTransaction(upsertRows(resource, [...rows.values()])).pipe(Effect.mapError(transport(name)))
          batch.forEach((record, i) => {
            if (outcomes[i] !== undefined) return
            const id = getId(record)!
            outcomes[i] = firstIndex.get(id) === i && created.has(id) ? Connector.Outcome.created(id) : Connector.Outcome.updated(id)
          })
          return outcomes as Array<Connector.WriteOutcome>
        }),
      archive: (resource, ids) =>
        Effect.gen(function* () {
          const unique = [...new Set(ids)]
          const found = yield* sql
            .withTransaction(
              resource === "job"
                ? Effect.gen(function* () {
                    const now = new Date(yield* Clock.currentTimeMillis).toISOString()
                    const stored = yield* selectByIds(resource, unique)
                    const rows: Array<Tables.RowValues> = []
                    const done = new Set<string>()
                    for (const row of stored) {
                      const record = yield* parseData(resource, row)
                      const archived = Tables.toValues(resource, { ...record, status: "archived", updated_at: now })
                      if ("values" in archived) {
                        rows.push(archived.values)
                        done.add(row.id)
                      }
                    }
                    yield* upsertRows(resource, rows)
                    return done
                  })
                : Effect.gen(function* () {
                    const present = yield* selectIds(resource, unique)
                    yield* Effect.forEach(chunksOf([...present], rowsPerStatement), (part) => sql`DELETE FROM ${table(resource)} WHERE ${sql.in("id", part)}`, {
                      discard: true
                    })
                    return present
                  })
            )
            .pipe(Effect.mapError((e) => (e._tag === "SqlError" ? transport(name)(e) : e)))
          return ids.map((id) => (found.has(id) ? Connector.Outcome.archived(id) : Connector.Outcome.failed(id, `${resource} ${id} not found`)))
        }),
      // Stored records are complete: the original's fields and this project's extras agree.
      toUnified: (resource, record) => Unified.complete(resource, pick(record, unifiedFields[resource]) as unknown as Unified.UnifiedRecord),
      fromUnified: (resource, record) => pick(Unified.complete(resource, record), nativeFields[resource]),
      fetchByEvents: (resource, events) =>
        Effect.gen(function* () {
          const ids = [...new Set(events.filter((e) => e.resource === resource).map((e) => e.resource_id))]
          if (ids.length === 0) return []
          const rows = yield* selectByIds(resource, ids).pipe(Effect.mapError(transport(name)))
          const byId = new Map(rows.map((row) => [row.id, row]))
          return yield* Effect.forEach(
            ids.flatMap((id) => {
              const row = byId.get(id)
              return row ? [row] : []
            }),
            (row) => parseData(resource, row)
          )
        })
    }

    // One parameter for all the ids (a PostgreSQL array, or JSON for SQLite) instead of one per id.
    const selectIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.map(
        dialect === "pg"
          ? sql<{ id: string }>`SELECT ${sql("id")} FROM ${table(resource)} WHERE ${sql("id")} = ANY(${ids as Array<string>}::text[])`
          : sql<{ id: string }>`SELECT ${sql("id")} FROM ${table(resource)} WHERE ${sql("id")} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
        (rows) => new Set(rows.map((r) => r.id))
      )

    return self
  })

const transport =
  (connector: string) =>
  (e: SqlError): TransportError =>
    new TransportError({ connector, reason: Client.causeMessage(e.cause) ?? e.message })

/** A display name for a database URI: the URI itself, without a password. */
export const nameOfUri = (uri: string): string => {
  if (!uri.startsWith("postgres://") && !uri.startsWith("postgresql://")) return uri
  try {
    const url = new URL(uri)
    url.password = ""
    url.search = ""
    return url.toString()
  } catch {
    return uri.slice(0, uri.indexOf(":"))
  }
}

/** Opens the database a URI names and builds the connector on it; the scope closes the client. */
export const makeFromUri = (uri: string, options: Options = {}): Effect.Effect<Connector.Connector, ConfigError, Scope.Scope> => {
  const name = options.name ?? nameOfUri(uri)
  return Effect.flatMap(Client.fromUri(uri, name), (client) =>
    make({ ...options, name }).pipe(
      Effect.provideService(SqlClient.SqlClient, client),
      Effect.catchTag("TransportError", (e) => Effect.fail(new ConfigError({ connector: name, field: "uri", reason: e.reason })))
    )
  )
}

/** The SQL connector as a service (for programs that wire connectors through layers). */
export class SqlConnector extends Context.Tag("hrtech-etl/connectors/sql/SqlConnector")<SqlConnector, Connector.Connector>() {}

/** A layer of the SQL connector for a database URI. */
export const layer = (uri: string, options: Options = {}): Layer.Layer<SqlConnector, ConfigError> => Layer.scoped(SqlConnector, makeFromUri(uri, options))

/** Resolves `sqlite:`, `postgres://` and `postgresql://` URIs for the registry; auth may set `table_prefix`. */
export const resolver: Registry.UriResolver = {
  scheme: "sqlite:, postgres://",
  schemas: { job: Schemas.SqlJob, profile: Schemas.SqlProfile },
  matches: Client.isDatabaseUri,
  make: (uri, auth) => {
    const prefix = auth.table_prefix
    if (prefix !== undefined && typeof prefix !== "string") {
      return Effect.fail(new ConfigError({ connector: nameOfUri(uri), field: "table_prefix", reason: "must be a string" }))
    }
    return makeFromUri(uri, prefix === undefined ? {} : { tablePrefix: prefix })
  }
}
