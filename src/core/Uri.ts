/**
 * The one parser of each storage URI scheme the CLI, the server and the scheduled syncs accept:
 * `sqlite:PATH` (or `sqlite::memory:`), `file:PATH[?mode=append|overwrite]` and
 * `postgres://` / `postgresql://`. Nothing outside the documented options is accepted (a `?` in a
 * SQLite path is an error, not a file name, so no suffix can re-enter the path), a data directory
 * confines every local path after symbolic links are resolved, and `display` is the only form a
 * URI is shown in: the PostgreSQL password never leaves.
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { existsSync, realpathSync } from "node:fs"
import { dirname, isAbsolute, relative, resolve, sep } from "node:path"

/** A storage URI that does not parse, or leads where it may not. */
export class InvalidUri extends Schema.TaggedError<InvalidUri>("hrtech-etl/InvalidUri")("InvalidUri", {
  /** The URI part at fault: `uri`, or an option name such as `mode` or `sslrootcert`. */
  part: Schema.String,
  reason: Schema.String
}) {
  readonly code = "invalid_input"
  readonly category = "input" as const
  override get message(): string {
    return this.part === "uri" ? this.reason : `${this.part}: ${this.reason}`
  }
}

/** An embedded SQLite database: an absolute file path, or a private in-memory database. */
export interface Sqlite {
  readonly _tag: "Sqlite"
  readonly path: string
}

/** A JSON Lines or CSV file. */
export interface File {
  readonly _tag: "File"
  readonly path: string
  readonly mode: "append" | "overwrite"
}

/** A PostgreSQL server. The full URL may hold a password, so it is kept Redacted. */
export interface Postgres {
  readonly _tag: "Postgres"
  readonly url: Redacted.Redacted<string>
  /** Lower-cased host name (IPv6 without brackets). */
  readonly host: string
  readonly port: number
  readonly database: string
  /** Options that make the driver read a local file (`sslrootcert`, `sslcert`, `sslkey`). */
  readonly fileOptions: ReadonlyArray<string>
}

/** A parsed storage URI. */
export type StorageUri = Sqlite | File | Postgres

/** How local paths resolve. */
export interface PathOptions {
  /** When set, relative paths resolve inside it and no path may lead out of it. */
  readonly dataDir?: string | undefined
}

/** The in-memory SQLite database. */
export const memory = ":memory:"

/** Whether a string is a `postgres://` or `postgresql://` URI. */
export const isPostgres = (uri: string): boolean => uri.startsWith("postgres://") || uri.startsWith("postgresql://")

/** Whether a string names one of the schemes parsed here. */
export const isStorageUri = (uri: string): boolean => uri.startsWith("sqlite:") || uri.startsWith("file:") || isPostgres(uri)

const fail = (part: string, reason: string) => Either.left(new InvalidUri({ part, reason }))

// `scheme:rel`, `scheme://rel` and `scheme:///abs` all name the same file.
const pathPart = (rest: string) => rest.replace(/^\/\/(?=\/)|^\/\//, "")

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path)
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))
}

/** The real path of the deepest existing ancestor, with the not-yet-existing rest appended. */
const realpathOfExisting = (path: string): string => {
  let existing = path
  const missing: Array<string> = []
  while (!existsSync(existing)) {
    const parent = dirname(existing)
    if (parent === existing) break
    missing.unshift(existing.slice(parent.length).replace(/^[\\/]+/, ""))
    existing = parent
  }
  const real = realpathSync.native(existing)
  return missing.length === 0 ? real : resolve(real, ...missing)
}

/**
 * Resolves a local path: relative to the data directory when one is set (and then confined to it,
 * symbolic links included), else to the working directory.
 */
export const localPath = (path: string, options: PathOptions = {}): Either.Either<string, InvalidUri> => {
  if (path === "") return fail("uri", "needs a file path")
  if (path.includes("\0")) return fail("uri", "the path contains a NUL byte")
  if (options.dataDir === undefined) return Either.right(resolve(path))
  if (path.split(/[\\/]/).includes("..")) return fail("uri", `the path must not contain ".." (files are confined to the data directory)`)
  let root: string
  let real: string
  try {
    root = realpathOfExisting(resolve(options.dataDir))
    const candidate = isAbsolute(path) ? resolve(path) : resolve(root, path)
    // An absolute path may name the data directory by its configured (unresolved) spelling.
    if (!inside(root, candidate) && !inside(resolve(options.dataDir), candidate)) {
      return fail("uri", "the path is outside the data directory (set HRTECH_ETL_DATA_DIR to change it)")
    }
    real = realpathOfExisting(candidate)
  } catch {
    return fail("uri", "the path cannot be resolved")
  }
  if (!inside(root, real)) return fail("uri", "the path leads outside the data directory (symbolic link)")
  return Either.right(real)
}

/**
 * Text (a connector name, a URI) with every absolute path under the data directory written relative
 * to it: `file:/srv/etl/data/jobs.jsonl` → `file:jobs.jsonl`. Both the configured and the resolved
 * spelling of the directory are replaced.
 */
export const relativeToDataDir = (text: string, dataDir: string): string => {
  let roots: ReadonlyArray<string>
  try {
    roots = [...new Set([realpathOfExisting(resolve(dataDir)), resolve(dataDir)])]
  } catch {
    roots = [resolve(dataDir)]
  }
  return roots.reduce((out, root) => out.split(`${root}${sep}`).join(""), text)
}

/** Parses `sqlite:PATH`, `sqlite://PATH`, `sqlite:///ABS` or `sqlite::memory:`; no query is accepted. */
export const parseSqlite = (uri: string, options: PathOptions = {}): Either.Either<Sqlite, InvalidUri> => {
  if (!uri.startsWith("sqlite:")) return fail("uri", "expected sqlite:PATH")
  const path = pathPart(uri.slice("sqlite:".length))
  if (path === memory) return Either.right({ _tag: "Sqlite", path: memory })
  if (path === "") return fail("uri", "sqlite: URI needs a file path, e.g. sqlite:data.db")
  // SQLite URIs have no documented options: a `?` or `#` would only smuggle a second path.
  if (/[?#]/.test(path)) return fail("uri", "sqlite: URI takes no query or fragment (no ? or # in the path)")
  return Either.map(localPath(path, options), (resolved) => ({ _tag: "Sqlite", path: resolved }))
}

/** Parses `file:PATH[?mode=append|overwrite]`; any other option is refused. */
export const parseFile = (uri: string, options: PathOptions = {}): Either.Either<File, InvalidUri> => {
  if (!uri.startsWith("file:")) return fail("uri", "expected file:PATH")
  const rest = uri.slice("file:".length)
  const q = rest.indexOf("?")
  const path = pathPart(q === -1 ? rest : rest.slice(0, q))
  if (path === "") return fail("uri", "file: URI needs a path, e.g. file:jobs.jsonl")
  if (path.includes("#")) return fail("uri", "file: URI takes no fragment (no # in the path)")
  let mode: File["mode"] = "overwrite"
  if (q !== -1) {
    const query = rest.slice(q + 1)
    if (query.includes("#")) return fail("uri", "file: URI takes no fragment")
    const params = new URLSearchParams(query)
    for (const [key, value] of params) {
      if (key !== "mode") return fail(key, "unknown option of a file: URI (only mode=append|overwrite)")
      if (value !== "append" && value !== "overwrite") return fail("mode", `expected append or overwrite, got ${JSON.stringify(value)}`)
      mode = value
    }
  }
  return Either.map(localPath(path, options), (resolved) => ({ _tag: "File", path: resolved, mode }))
}

/** Query options of a PostgreSQL URI that are passed to the driver. */
export const postgresOptions: ReadonlySet<string> = new Set(["sslmode", "ssl", "connect_timeout", "application_name", "sslrootcert", "sslcert", "sslkey"])

const postgresFileOptions: ReadonlySet<string> = new Set(["sslrootcert", "sslcert", "sslkey"])

/**
 * Parses `postgres://[user[:password]@]host[:port]/database[?options]`. The host must be a plain
 * name or address (no socket path, no `host=` option that would replace it); options outside
 * `postgresOptions` are refused, so a password or host cannot hide in the query.
 */
export const parsePostgres = (uri: string): Either.Either<Postgres, InvalidUri> => {
  if (!isPostgres(uri)) return fail("uri", "expected postgres://…")
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return fail("uri", "malformed PostgreSQL URL")
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "")
  if (host === "") return fail("uri", "PostgreSQL URL needs a host, e.g. postgres://user@db.example:5432/hr")
  if (host.includes("%")) return fail("uri", "PostgreSQL URL host must be a name or an address, not an encoded socket path")
  const fileOptions: Array<string> = []
  for (const key of url.searchParams.keys()) {
    if (!postgresOptions.has(key)) return fail(key, `unknown option of a PostgreSQL URL (allowed: ${[...postgresOptions].join(", ")})`)
    if (postgresFileOptions.has(key)) fileOptions.push(key)
  }
  if (url.hash !== "") return fail("uri", "PostgreSQL URL takes no fragment")
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""))
  return Either.right({
    _tag: "Postgres",
    url: Redacted.make(uri),
    host,
    port: url.port === "" ? 5432 : Number(url.port),
    database,
    fileOptions
  })
}

/** Parses a storage URI of any of the three schemes. */
export const parse = (uri: string, options: PathOptions = {}): Either.Either<StorageUri, InvalidUri> =>
  uri.startsWith("sqlite:")
    ? parseSqlite(uri, options)
    : uri.startsWith("file:")
      ? parseFile(uri, options)
      : isPostgres(uri)
        ? parsePostgres(uri)
        : fail("uri", "expected sqlite:PATH, file:PATH, postgres://… or postgresql://…")

/** What replaces a password in a shown URI. */
export const passwordMark = "***"

/**
 * The form of a URI that may be shown, logged, stored as a name or put in an id: a PostgreSQL
 * password (in the user info or a `password` option) is replaced by `***`. Other text is returned
 * as it is; a malformed PostgreSQL URL shows as its scheme only.
 */
export const display = (uri: string): string => {
  if (!isPostgres(uri)) return uri
  try {
    const url = new URL(uri)
    if (url.password !== "") url.password = passwordMark
    if (url.searchParams.has("password")) url.searchParams.set("password", passwordMark)
    return url.toString()
  } catch {
    return uri.slice(0, uri.indexOf(":") + 3)
  }
}

/** Replaces every PostgreSQL URL inside a text (an error message, a log line) by its `display` form. */
export const displayIn = (text: string): string => text.replace(/postgres(?:ql)?:\/\/[^\s"'<>]+/g, (found) => display(found))
