/**
 * Atomic file output: records go to a temporary file in the target's directory, which replaces the
 * target (rename) only on commit; an abort removes it and leaves the target untouched. JSONL is
 * streamed straight to the temporary file (gzip-compressed for `.gz`); CSV rows are spooled first,
 * because the header (every column of every record) is known only at the end. Merging into an
 * existing file spools too: which earlier records to keep (those whose id was not written again) is
 * known only at the end.
 */
import { parse } from "csv-parse"
import { stringify } from "csv-stringify"
import { randomUUID } from "node:crypto"
import { once } from "node:events"
import { copyFile, mkdir, open, rename, rm, stat } from "node:fs/promises"
import { createReadStream, createWriteStream } from "node:fs"
import { basename, dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { pipeline as connect, Readable, type Writable } from "node:stream"
import { finished, pipeline } from "node:stream/promises"
import { createGunzip, createGzip } from "node:zlib"
import * as Csv from "./Csv.js"

/** What a file target needs to know about its file. */
export interface Target {
  readonly path: string
  readonly format: "jsonl" | "csv"
  readonly gzip: boolean
  /**
   * `overwrite` replaces the file; `append` keeps its records and adds these; `merge` keeps its
   * records whose id is not written again, then adds these.
   */
  readonly mode: "overwrite" | "append" | "merge"
  /** A record's id (for `merge`). */
  readonly idOf: (record: Readonly<Record<string, unknown>>) => string | undefined
  /** Column paths holding text (CSV cell encoding). */
  readonly textPaths: ReadonlySet<string>
}

/** An open atomic output. */
export interface Writer {
  readonly append: (records: ReadonlyArray<Readonly<Record<string, unknown>>>) => Promise<void>
  /** Finishes the temporary file, flushes it to disk and renames it over the target. */
  readonly commit: () => Promise<void>
  /** Drops the temporary files; the target stays as it was. */
  readonly abort: () => Promise<void>
}

const tempPath = (path: string, kind: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.${kind}`)

const sizeOf = (path: string): Promise<number | undefined> =>
  stat(path).then(
    (s) => s.size,
    (e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? undefined : Promise.reject(e))
  )

const fsync = async (path: string) => {
  const handle = await open(path, "r+")
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

const lastByte = async (path: string, size: number): Promise<number | undefined> => {
  const handle = await open(path, "r")
  try {
    const buffer = Buffer.alloc(1)
    await handle.read(buffer, 0, 1, size - 1)
    return buffer[0]
  } finally {
    await handle.close()
  }
}

/** Writes text to a stream, waiting when its buffer is full. */
const writeText = async (stream: Writable, text: string) => {
  if (!stream.write(text)) await once(stream, "drain")
}

/** Reads a file's bytes, gunzipped when asked; destroying the result closes the file. */
export const source = (path: string, gzip: boolean): Readable =>
  gzip ? connect(createReadStream(path), createGunzip(), () => undefined) : createReadStream(path)

/** The header of an existing CSV file (empty when the file is empty). */
const readHeader = async (path: string, gzip: boolean): Promise<ReadonlyArray<string>> => {
  const bytes = source(path, gzip)
  try {
    for await (const record of bytes.pipe(parse({ bom: true, to_line: 1 }))) return record as Array<string>
    return []
  } finally {
    bytes.destroy()
  }
}

/** The ids of the records written so far, when earlier records are merged by id (else undefined). */
const writtenIds = (target: Target, existing: number | undefined): Set<string> | undefined =>
  target.mode === "merge" && existing !== undefined && existing > 0 ? new Set() : undefined

const remember = (ids: Set<string> | undefined, target: Target, records: ReadonlyArray<Readonly<Record<string, unknown>>>) => {
  if (ids)
    for (const record of records) {
      const id = target.idOf(record)
      if (id !== undefined) ids.add(id)
    }
}

/** The lines of a file (gunzipped when asked); destroying the source on exit closes the file. */
async function* linesOf(path: string, gzip: boolean): AsyncGenerator<string> {
  const bytes = source(path, gzip)
  try {
    for await (const line of createInterface({ input: bytes, crlfDelay: Infinity })) yield line
  } finally {
    bytes.destroy()
  }
}

/** Writes chunks of text to a temporary file next to the target (gzip-compressed for `.gz`), flushed to disk. */
const writeTemp = async (target: Target, chunks: AsyncIterable<string>): Promise<string> => {
  const temp = tempPath(target.path, "tmp")
  try {
    if (target.gzip) await pipeline(Readable.from(chunks), createGzip(), createWriteStream(temp))
    else await pipeline(Readable.from(chunks), createWriteStream(temp))
    await fsync(temp)
    return temp
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** Merging into a non-empty JSONL file: this run's lines are spooled; at commit the earlier lines not written again come first. */
const mergeJsonl = (target: Target, ids: Set<string>): Writer => {
  const spool = tempPath(target.path, "spool")
  const spoolFile = createWriteStream(spool)
  const spoolDone = finished(spoolFile)
  spoolDone.catch(() => undefined)
  const abort = async () => {
    spoolFile.destroy()
    await spoolDone.catch(() => undefined)
    await rm(spool, { force: true })
  }
  const kept = (line: string): boolean => {
    try {
      const id = target.idOf(JSON.parse(line) as Record<string, unknown>)
      return id === undefined || !ids.has(id)
    } catch {
      // Not a record: kept as it was, for the reader to report.
      return true
    }
  }
  return {
    append: (records) => {
      remember(ids, target, records)
      return writeText(spoolFile, records.map((r) => `${JSON.stringify(r)}\n`).join(""))
    },
    commit: async () => {
      spoolFile.end()
      await spoolDone
      async function* merged() {
        for await (const line of linesOf(target.path, target.gzip)) if (line.trim() !== "" && kept(line)) yield `${line}\n`
        for await (const line of linesOf(spool, false)) if (line !== "") yield `${line}\n`
      }
      const temp = await writeTemp(target, merged())
      try {
        await rename(temp, target.path)
      } catch (e) {
        await rm(temp, { force: true })
        throw e
      }
      await rm(spool, { force: true })
    },
    abort
  }
}

const openJsonl = async (target: Target): Promise<Writer> => {
  const existing = target.mode === "overwrite" ? undefined : await sizeOf(target.path)
  const ids = writtenIds(target, existing)
  if (ids) return mergeJsonl(target, ids)
  const temp = tempPath(target.path, "tmp")
  if (existing !== undefined && existing > 0) await copyFile(target.path, temp)
  const file = createWriteStream(temp, { flags: "a" })
  const gzip = target.gzip ? createGzip() : undefined
  const head: Writable = gzip ?? file
  const done = gzip ? pipeline(gzip, file) : finished(file)
  done.catch(() => undefined)
  // Appending after a last line without its newline would glue two records together; a blank line is harmless.
  if (existing !== undefined && existing > 0 && (target.gzip || (await lastByte(target.path, existing)) !== 0x0a)) {
    await writeText(head, "\n")
  }
  return {
    append: (records) => writeText(head, records.map((r) => `${JSON.stringify(r)}\n`).join("")),
    commit: async () => {
      head.end()
      await done
      await fsync(temp)
      await rename(temp, target.path)
    },
    abort: async () => {
      head.destroy()
      await done.catch(() => undefined)
      await rm(temp, { force: true })
    }
  }
}

const openCsv = async (target: Target): Promise<Writer> => {
  const spool = tempPath(target.path, "spool")
  const spoolFile = createWriteStream(spool)
  const spoolDone = finished(spoolFile)
  spoolDone.catch(() => undefined)
  const columns: Array<string> = []
  const known = new Set<string>()
  const ids = target.mode === "merge" ? new Set<string>() : undefined
  let temp: string | undefined
  const cleanup = async () => {
    spoolFile.destroy()
    await spoolDone.catch(() => undefined)
    await rm(spool, { force: true })
    if (temp) await rm(temp, { force: true })
  }
  return {
    append: async (records) => {
      remember(ids, target, records)
      const rows = records.map((r) => Csv.flatten(r, target.textPaths))
      for (const row of rows) {
        for (const column of Object.keys(row)) {
          if (!known.has(column)) {
            known.add(column)
            columns.push(column)
          }
        }
      }
      await writeText(spoolFile, rows.map((row) => `${JSON.stringify(row)}\n`).join(""))
    },
    commit: async () => {
      spoolFile.end()
      await spoolDone
      const existing = target.mode === "overwrite" ? undefined : await sizeOf(target.path)
      const keep = existing !== undefined && existing > 0
      const header = keep ? [...(await readHeader(target.path, target.gzip))] : []
      for (const column of columns) if (!header.includes(column)) header.push(column)
      // Rows go to csv-stringify as arrays: given objects, it would read `a.b` columns as nested paths.
      const cells = (row: Readonly<Record<string, string | undefined>>) => header.map((column) => row[column] ?? "")
      async function* rows() {
        if (keep) {
          // Earlier rows (those not written again, when merging) are copied cell for cell under the (possibly wider) header.
          for await (const row of source(target.path, target.gzip).pipe(parse({ bom: true, columns: true }))) {
            const id = ids && target.idOf(Csv.unflatten(row as Record<string, string>, target.textPaths))
            if (id === undefined || !ids!.has(id)) yield cells(row as Record<string, string>)
          }
        }
        for await (const line of createInterface({ input: createReadStream(spool), crlfDelay: Infinity })) {
          if (line !== "") yield cells(JSON.parse(line) as Record<string, string>)
        }
      }
      temp = tempPath(target.path, "tmp")
      const out = createWriteStream(temp)
      const csv = stringify({ header: true, columns: header })
      if (target.gzip) await pipeline(Readable.from(rows()), csv, createGzip(), out)
      else await pipeline(Readable.from(rows()), csv, out)
      await fsync(temp)
      await rename(temp, target.path)
      temp = undefined
      await rm(spool, { force: true })
    },
    abort: cleanup
  }
}

/** Opens an atomic output for a target file (creating its directory if needed). */
export const openWriter = async (target: Target): Promise<Writer> => {
  await mkdir(dirname(target.path), { recursive: true })
  return target.format === "jsonl" ? openJsonl(target) : openCsv(target)
}
