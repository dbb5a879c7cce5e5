/**
 * The file connector: jobs or profiles in a JSON Lines (`file:path.jsonl`, `.jsonl.gz`) or CSV
 * (`file:path.csv`, `.csv.gz`) file.
 *
 * As an origin the file is streamed in constant memory, one page of `batchSize` records per chunk.
 * A line that is not a JSON object (or a CSV row csv-parse rejects) is an invalid line: it is handed
 * with its line number to the read's `onInvalid` (the pipeline counts it as a decode failure) and/or
 * the connector's `onInvalid` option, and reading goes on; with neither, the read fails with a
 * DecodeError naming the line. Files are not ordered, so cursors are declared unsortable: the read
 * filters by the cursor range in memory and the pipeline checkpoints at the end of the run.
 *
 * As a target, records go to a temporary file next to the target that replaces it atomically when
 * the connector's scope closes successfully (or on `commit`); if the scope fails the temporary file
 * is deleted and the target is untouched. By default (`?mode=merge`) the records already in the file
 * stay, except those this run writes again (by id): a resumed pull adds to the earlier output instead
 * of replacing it with the delta. `?mode=append` keeps every existing record; `?mode=overwrite`
 * replaces the file. A run that writes nothing leaves the target as it was. Until the commit, records
 * written are not in the target: a caller that checkpoints per batch into a file target should save
 * its cursor only after the commit succeeded.
 */
import * as NodeStream from "@effect/platform-node/NodeStream"
import { parse } from "csv-parse"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { resolve } from "node:path"
import { pipeline } from "node:stream"
import { createReadStream } from "node:fs"
import { createGunzip } from "node:zlib"
import * as Connector from "../../core/Connector.js"
import { ConfigError, type ConnectorError, DecodeError, NotFound, TransportError, Unsupported } from "../../core/ConnectorError.js"
import * as Cursor from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"
import * as Postfilter from "../../core/Postfilter.js"
import type * as Registry from "../../core/Registry.js"
import type { Resource } from "../../core/Resource.js"
import * as Unified from "../../core/Unified.js"
import * as Csv from "./Csv.js"
import * as Schemas from "./Schemas.js"
import * as Writer from "./Writer.js"

/**
 * How a file target treats the records already in the file: `merge` (the default) keeps those whose
 * id this run does not write again, so a resumed pull adds its delta to the earlier output; `append`
 * keeps them all; `overwrite` replaces the file with this run's records only.
 */
export type WriteMode = "merge" | "append" | "overwrite"

/** The write modes, default first. */
export const writeModes: ReadonlyArray<WriteMode> = ["merge", "append", "overwrite"]

const isWriteMode = (value: unknown): value is WriteMode => writeModes.includes(value as WriteMode)

/** A file and how to read and write it. */
export interface Location {
  readonly path: string
  readonly format: "jsonl" | "csv"
  readonly gzip: boolean
  readonly mode: WriteMode
}

/** A line of the file that is not a record. */
export interface InvalidLine {
  /** 1-based line number (for CSV, the line where the rejected row ends). */
  readonly line: number
  readonly reason: string
  /** The line's text (truncated to 200 characters). */
  readonly raw: string
}

/** Options of the file connector. */
export interface Options {
  /** Overrides the URI's `?mode=`. */
  readonly mode?: WriteMode
  /** Receives each invalid line; without it, an invalid line fails the read with a DecodeError. */
  readonly onInvalid?: (issue: InvalidLine) => Effect.Effect<void>
  /** Native schemas (default: the unified job and profile, see Schemas.ts). */
  readonly schemas?: Connector.Connector["schemas"]
  /** Connector name in messages and pipeline ids (default: the URI without its query). */
  readonly name?: string
}

/** The file connector: a Connector plus an explicit commit of what was written so far. */
export interface FileConnector extends Connector.Connector {
  readonly location: Location
  /** Atomically replaces the target with what was written so far (later writes append to it). */
  readonly commit: Effect.Effect<void, TransportError>
}

/** Whether a string is a `file:` URI. */
export const isFileUri = (uri: string): boolean => uri.startsWith("file:")

/** Parses `file:path.jsonl[.gz]` / `file:path.csv[.gz]` with an optional `?mode=merge|append|overwrite`. */
export const parseUri = (uri: string): Effect.Effect<Location, ConfigError> => {
  const connector = uri.split("?")[0]!
  const fail = (field: string, reason: string) => Effect.fail(new ConfigError({ connector, field, reason }))
  if (!isFileUri(uri)) return fail("uri", "expected file:PATH.jsonl, file:PATH.jsonl.gz or file:PATH.csv")
  const [rawPath = "", query = ""] = uri.slice("file:".length).split("?", 2)
  // `file:///abs/path.jsonl` and `file://rel.jsonl` are accepted as well as `file:rel.jsonl`.
  const path = rawPath.replace(/^\/\/(?=\/)|^\/\//, "")
  if (path === "") return fail("uri", "file: URI needs a path, e.g. file:jobs.jsonl")
  const gzip = path.endsWith(".gz")
  const plain = gzip ? path.slice(0, -3) : path
  const format = /\.(jsonl|ndjson)$/i.test(plain) ? "jsonl" : /\.csv$/i.test(plain) ? "csv" : undefined
  if (!format) return fail("uri", "the file name must end in .jsonl, .ndjson or .csv (optionally .gz)")
  const mode = new URLSearchParams(query).get("mode") ?? "merge"
  if (!isWriteMode(mode)) return fail("mode", `expected ${writeModes.join(", ")}, got ${JSON.stringify(mode)}`)
  return Effect.succeed({ path: resolve(path), format, gzip, mode })
}

type Item = { readonly record: Connector.NativeRecord } | { readonly invalid: InvalidLine }

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text)

const isObject = (value: unknown): value is Connector.NativeRecord => value !== null && typeof value === "object" && !Array.isArray(value)

/** Builds a file connector; the scope commits (on success) or discards (on failure) what it wrote. */
export const make = (location: Location, options: Options = {}): Effect.Effect<FileConnector, never, Scope.Scope> =>
  Effect.gen(function* () {
    const name = options.name ?? `file:${location.path}`
    const schemas = options.schemas ?? { job: Schemas.FileJob, profile: Schemas.FileProfile }
    const textPaths = { job: Csv.textPaths(schemas.job), profile: Csv.textPaths(schemas.profile) }
    const unifiedFields = { job: Metadata.fieldNames(Unified.UnifiedJob), profile: Metadata.fieldNames(Unified.UnifiedProfile) }
    const nativeFields = { job: Metadata.fieldNames(schemas.job), profile: Metadata.fieldNames(schemas.profile) }
    const io =
      (what: string) =>
      (e: unknown): TransportError =>
        new TransportError({ connector: name, reason: `${what} ${location.path}: ${(e as Error)?.message ?? String(e)}` })
    const readError = (e: unknown): ConnectorError => {
      const code = (e as NodeJS.ErrnoException)?.code
      if (code === "ENOENT") return new NotFound({ connector: name, what: `file ${location.path}`, local: true })
      if (code === "EISDIR" || code === "EACCES") return new ConfigError({ connector: name, field: "uri", reason: (e as Error).message })
      if (typeof code === "string" && code.startsWith("Z_")) {
        return new DecodeError({ connector: name, reason: `corrupt gzip data: ${(e as Error).message}` })
      }
      if (typeof code === "string" && code.startsWith("CSV_")) {
        const line = (e as { lines?: number }).lines
        return new DecodeError({ connector: name, reason: `${line ? `line ${line}: ` : ""}${(e as Error).message}` })
      }
      return io("cannot read")(e)
    }
    const bytes = () => (location.gzip ? pipeline(createReadStream(location.path), createGunzip(), () => undefined) : createReadStream(location.path))

    const jsonlItems = Stream.suspend(() => {
      let line = 0
      return NodeStream.fromReadable<ConnectorError, Uint8Array>(bytes, readError).pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.mapChunks((lines) => {
          const out: Array<Item> = []
          for (const text of lines) {
            line++
            const body = line === 1 && text.startsWith("\uFEFF") ? text.slice(1) : text
            if (body.trim() === "") continue
            try {
              const value: unknown = JSON.parse(body)
              out.push(isObject(value) ? { record: value } : { invalid: { line, reason: "expected a JSON object", raw: clip(body) } })
            } catch (e) {
              out.push({ invalid: { line, reason: `malformed JSON (${(e as Error).message})`, raw: clip(body) } })
            }
          }
          return Chunk.unsafeFromArray(out)
        })
      )
    })

    const csvItems = (resource: Resource) =>
      Stream.suspend(() => {
        // csv-parse reports rows it skips through a callback; they are queued and emitted in order of discovery.
        const skipped: Array<Item> = []
        const parser = parse({
          bom: true,
          columns: true,
          info: true,
          skip_empty_lines: true,
          skip_records_with_error: true,
          on_skip: (error, raw) => {
            skipped.push({
              invalid: { line: (error as { lines?: number } | undefined)?.lines ?? 0, reason: error?.message ?? "invalid CSV row", raw: clip(raw ?? "") }
            })
            return undefined
          }
        })
        const drain = () => skipped.splice(0, skipped.length)
        return NodeStream.fromReadable<ConnectorError, { record: Record<string, string>; info: { lines: number } }>(
          () => pipeline(bytes(), parser, () => undefined),
          readError
        ).pipe(
          Stream.mapChunks((rows) => {
            const out: Array<Item> = drain()
            for (const row of rows) out.push({ record: Csv.unflatten(row.record, textPaths[resource]) })
            return Chunk.unsafeFromArray(out)
          }),
          Stream.concat(Stream.suspend(() => Stream.fromIterable(drain())))
        )
      })

    const itemsOf = (resource: Resource) => (location.format === "jsonl" ? jsonlItems : csvItems(resource))

    /**
     * Valid records of the file. Invalid lines go to the read's `onInvalid` (the pipeline reports them
     * as decode failures) and to the connector's `onInvalid` option; with neither, the read fails.
     */
    const records = (resource: Resource, keep: (record: Connector.NativeRecord) => boolean, report?: (issue: Connector.InvalidInput) => void) =>
      itemsOf(resource).pipe(
        Stream.mapChunksEffect((items) => {
          const out: Array<Connector.NativeRecord> = []
          const invalid: Array<InvalidLine> = []
          for (const item of items) {
            if ("invalid" in item) {
              const { line, reason, raw } = item.invalid
              report?.({ location: `line ${line}`, reason, raw })
              if (!options.onInvalid && !report) {
                return Effect.fail(new DecodeError({ connector: name, reason: `line ${item.invalid.line}: ${item.invalid.reason}` }))
              }
              if (options.onInvalid) invalid.push(item.invalid)
            } else if (keep(item.record)) out.push(item.record)
          }
          const kept = Chunk.unsafeFromArray(out)
          return invalid.length === 0
            ? Effect.succeed(kept)
            : Effect.as(
                Effect.forEach(invalid, (issue) => options.onInvalid!(issue), { discard: true }),
                kept
              )
        })
      )

    // Writes: one atomic output per connector, opened on the first write, serialised.
    const lock = yield* Effect.makeSemaphore(1)
    let writer: Writer.Writer | undefined
    let mode = options.mode ?? location.mode
    const commit = lock.withPermits(1)(
      Effect.suspend(() => {
        const current = writer
        if (!current) return Effect.void
        writer = undefined
        // After a commit the target holds this run's records: later writes add to it.
        if (mode === "overwrite") mode = "append"
        return Effect.tryPromise({
          try: () => current.commit(),
          catch: io("cannot replace")
        }).pipe(Effect.tapError(() => Effect.promise(() => current.abort())))
      })
    )
    yield* Effect.addFinalizer((exit) =>
      Exit.isSuccess(exit)
        ? Effect.orDie(commit)
        : Effect.promise(async () => {
            await writer?.abort()
            writer = undefined
          })
    )

    const self: FileConnector = {
      name,
      label: location.format === "jsonl" ? "JSON Lines file" : "CSV file",
      warehouseType: "file",
      schemas,
      location,
      commit,
      capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: [] },
      // Nothing can be pushed into a file read: WHERE is applied in memory by the pipeline.
      pushdown: (_resource, where) => ({ pushed: [], inMemory: [...where] }),
      read: (resource, readOptions) =>
        Stream.unwrap(
          Effect.gen(function* () {
            const { cursor } = readOptions
            const found = Metadata.cursorField(schemas[resource], cursor.mode)
            if (!found) {
              return yield* new Unsupported({
                connector: name,
                operation: `cursor mode ${cursor.mode}`,
                reason: `the ${resource} schema has no such cursor field`
              })
            }
            const where = Postfilter.compile(readOptions.where)
            if (Either.isLeft(where)) {
              return yield* new Unsupported({ connector: name, operation: "read", field: where.left.field ?? "where", reason: where.left.message })
            }
            const matches = where.right
            const start = cursor.start ?? undefined
            const until = readOptions.until
            // The same range the pipeline applies to unsortable origins: inclusive start, inclusive until.
            const inRange = (record: Connector.NativeRecord): boolean => {
              const value = Cursor.valueToString(record[found.name])
              if (value === undefined) return start === undefined
              if (start !== undefined && Cursor.isBeforeStart(cursor.sort_by, value, start)) return false
              if (until !== undefined && Cursor.compareValues(value, until) > 0) return false
              return true
            }
            return records(resource, (r) => inRange(r) && matches(r), readOptions.onInvalid).pipe(
              Stream.rechunk(Math.max(1, Math.floor(readOptions.batchSize)))
            )
          })
        ),
      write: (resource, batch, writeOptions) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const check = Connector.writeCheck(self, resource, writeOptions)
            const getId = Connector.idOf(self, resource)
            const valid: Array<Connector.NativeRecord> = []
            const outcomes = batch.map((record): Connector.WriteOutcome => {
              const invalid = check(record)
              if (invalid) return invalid
              valid.push(record)
              return Connector.Outcome.created(getId(record)!)
            })
            if (valid.length === 0) return outcomes
            if (!writer) {
              const target = { path: location.path, format: location.format, gzip: location.gzip, mode, idOf: getId, textPaths: textPaths[resource] }
              writer = yield* Effect.tryPromise({ try: () => Writer.openWriter(target), catch: io("cannot write") })
            }
            const open = writer
            yield* Effect.tryPromise({ try: () => open.append(valid), catch: io("cannot write") })
            return outcomes
          })
        ),
      // Records written are complete: the original's fields and this project's extras agree.
      toUnified: (resource, record) => Unified.complete(resource, pick(record, unifiedFields[resource]) as unknown as Unified.UnifiedRecord),
      fromUnified: (resource, record) => pick(Unified.complete(resource, record), nativeFields[resource]),
      fetchByEvents: (resource, events) =>
        Effect.gen(function* () {
          const ids = [...new Set(events.filter((e) => e.resource === resource).map((e) => e.resource_id))]
          if (ids.length === 0) return []
          const wanted = new Set(ids)
          const getId = Connector.idOf(self, resource)
          // A file may hold several versions of a record (appends): the last one is current.
          const latest = new Map<string, Connector.NativeRecord>()
          yield* Stream.runForEachChunk(
            records(resource, (r) => {
              const id = getId(r)
              return id !== undefined && wanted.has(id)
            }),
            (chunk) => Effect.sync(() => Chunk.forEach(chunk, (r) => latest.set(getId(r)!, r)))
          )
          return ids.flatMap((id) => {
            const record = latest.get(id)
            return record ? [record] : []
          })
        })
    }
    return self
  })

const pick = (record: object, fields: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key of fields) if (Object.prototype.hasOwnProperty.call(record, key)) out[key] = (record as Record<string, unknown>)[key]
  return out
}

/** Builds a file connector from a `file:` URI; the scope commits or discards what it wrote. */
export const makeFromUri = (uri: string, options: Options = {}): Effect.Effect<FileConnector, ConfigError, Scope.Scope> =>
  Effect.flatMap(parseUri(uri), (location) => make(location, { name: uri.split("?")[0]!, ...options }))

/** The file connector as a service (for programs that wire connectors through layers). */
export class FileConnectorService extends Context.Tag("hrtech-etl/connectors/file/FileConnector")<FileConnectorService, FileConnector>() {}

/** A layer of the file connector for a `file:` URI (committed when the layer is released successfully). */
export const layer = (uri: string, options: Options = {}): Layer.Layer<FileConnectorService, ConfigError> =>
  Layer.scoped(FileConnectorService, makeFromUri(uri, options))

/** Resolves `file:` URIs for the registry; auth may set `mode` (`merge`, `append` or `overwrite`). */
export const resolver: Registry.UriResolver = {
  scheme: "file:",
  schemas: { job: Schemas.FileJob, profile: Schemas.FileProfile },
  matches: isFileUri,
  make: (uri, auth) => {
    const mode = auth.mode
    if (mode !== undefined && !isWriteMode(mode)) {
      return Effect.fail(new ConfigError({ connector: uri, field: "mode", reason: `expected ${writeModes.join(", ")}` }))
    }
    return makeFromUri(uri, mode === undefined ? {} : { mode })
  }
}
