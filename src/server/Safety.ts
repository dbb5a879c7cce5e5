/**
 * The server's safety rules: which addresses count as loopback (anything else needs a token), how a
 * bearer token is checked, and how `file:` / `sqlite:` URIs in requests are confined to the data
 * directory (no `..`, no absolute path outside it, no symlink leading out of it).
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { createHash, timingSafeEqual } from "node:crypto"
import { InvalidInput } from "../core/Errors.js"
import * as Uri from "../core/Uri.js"

/** Whether binding this host keeps the server reachable from this machine only. */
export const isLoopback = (host: string): boolean => {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
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

/**
 * Confines a `file:` / `sqlite:` / feed URI to the data directory and returns it with an absolute
 * path (relative paths are taken relative to the data directory). `sqlite:` and `file:` go through
 * their one strict parser (`core/Uri`), which refuses any query beyond the documented options; feed
 * URIs keep their option suffix. Other URIs and connector names are returned unchanged. The error
 * names `field`.
 */
export const confineUri = (uri: string, field: string, dataDir: string): Either.Either<string, InvalidInput> => {
  const scheme = schemes.find((s) => uri.startsWith(s))
  if (scheme === undefined) return Either.right(uri)
  const invalid = (e: Uri.InvalidUri) => new InvalidInput({ field, reason: e.part === "uri" ? e.reason : `${e.part}: ${e.reason}` })
  if (scheme === "sqlite:") {
    return Either.mapBoth(Uri.parseSqlite(uri, { dataDir }), {
      onLeft: invalid,
      onRight: (location) => (location.path === Uri.memory ? uri : `sqlite:${location.path}`)
    })
  }
  if (scheme === "file:") {
    return Either.mapBoth(Uri.parseFile(uri, { dataDir }), {
      onLeft: invalid,
      onRight: (location) => `file:${location.path}${location.mode === "append" ? "?mode=append" : ""}`
    })
  }
  // Feed URIs: `indeed:out.xml?…`, whose options their connector checks.
  const rest = uri.slice(scheme.length)
  const q = rest.indexOf("?")
  const query = q === -1 ? "" : rest.slice(q)
  const path = (q === -1 ? rest : rest.slice(0, q)).replace(/^\/\/(?=\/)|^\/\//, "")
  if (path === "") return Either.left(new InvalidInput({ field, reason: `${scheme} URI needs a file path inside the data directory` }))
  return Either.mapBoth(Uri.localPath(path, { dataDir }), { onLeft: invalid, onRight: (real) => `${scheme}${real}${query}` })
}
