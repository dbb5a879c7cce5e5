/**
 * The server's safety rules: which addresses count as loopback (anything else needs a token), how a
 * bearer token is checked, and how `file:` / `sqlite:` URIs in requests are confined to the data
 * directory (no `..`, no absolute path outside it, no symlink leading out of it).
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { createHash, timingSafeEqual } from "node:crypto"
import { existsSync, realpathSync } from "node:fs"
import { dirname, isAbsolute, relative, resolve, sep } from "node:path"
import { InvalidInput } from "../core/Errors.js"

/** Whether binding this host keeps the server reachable from this machine only. */
export const isLoopback = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "")
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
}

/** Whether a Host header names this machine (`localhost`, `127.x.x.x`, `[::1]`, with any port). */
export const isLoopbackHostHeader = (host: string | undefined): boolean => {
  if (host === undefined) return false
  const name = host.trim().startsWith("[") ? host.trim().slice(0, host.trim().indexOf("]") + 1) : host.trim().replace(/:\d+$/, "")
  return isLoopback(name)
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest()

/** Compares a presented token with the expected one in constant time. */
export const tokenMatches = (expected: Redacted.Redacted<string>, presented: string | undefined): boolean =>
  presented !== undefined && presented !== "" && timingSafeEqual(digest(Redacted.value(expected)), digest(presented))

/** Name of the cookie the playground uses to carry the token (set from `/playground?token=`). */
export const tokenCookie = "hrtech_etl_token"

/** The token a request presents: `Authorization: Bearer <token>`, else the playground cookie. */
export const presentedToken = (headers: Readonly<Record<string, string | undefined>>): string | undefined => {
  const auth = headers["authorization"]
  if (auth !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim())
    return match ? match[1]!.trim() : undefined
  }
  const cookie = headers["cookie"]
  if (cookie === undefined) return undefined
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=")
    if (name === tokenCookie) return decodeURIComponent(rest.join("="))
  }
  return undefined
}

const schemes = ["sqlite:", "file:", "indeed:", "jsonld:"] as const

/** Whether a URI names a local file that must stay inside the data directory. */
export const isLocalFileUri = (uri: string): boolean => schemes.some((s) => uri.startsWith(s))

/** The deepest existing ancestor of a path, resolved through symlinks, plus the part not yet existing. */
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

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path)
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))
}

/**
 * Confines a `file:` / `sqlite:` URI to the data directory and returns it with an absolute path
 * (relative paths are taken relative to the data directory). Other URIs and connector names are
 * returned unchanged. The error names `field`.
 */
export const confineUri = (uri: string, field: string, dataDir: string): Either.Either<string, InvalidInput> => {
  const scheme = schemes.find((s) => uri.startsWith(s))
  if (scheme === undefined) return Either.right(uri)
  // Same forms the connectors accept: `sqlite:rel.db`, `sqlite://rel.db`, `sqlite:///abs.db`, and
  // for files an option suffix (`file:out.jsonl?mode=append`) that is kept as is.
  const rest = uri.slice(scheme.length)
  const q = rest.indexOf("?")
  const query = q === -1 ? "" : rest.slice(q)
  const path = (q === -1 ? rest : rest.slice(0, q)).replace(/^\/\/(?=\/)|^\/\//, "")
  const fail = (reason: string) => Either.left(new InvalidInput({ field, reason }))
  if (scheme === "sqlite:" && path === ":memory:") return Either.right(uri)
  if (path === "") return fail(`${scheme} URI needs a file path inside the data directory`)
  if (path.includes("\0")) return fail("path contains a NUL byte")
  if (path.split(/[\\/]/).includes("..")) return fail(`path must not contain ".." (files are confined to the data directory)`)
  const root = realpathOfExisting(resolve(dataDir))
  const candidate = isAbsolute(path) ? resolve(path) : resolve(root, path)
  if (!inside(root, candidate) && !inside(resolve(dataDir), candidate)) {
    return fail("path is outside the data directory (set HRTECH_ETL_DATA_DIR to change it)")
  }
  let real: string
  try {
    real = realpathOfExisting(candidate)
  } catch {
    return fail("path cannot be resolved")
  }
  if (!inside(root, real)) return fail("path leads outside the data directory (symbolic link)")
  return Either.right(`${scheme}${real}${query}`)
}
