/**
 * Where a run may send data and credentials. Two trust levels: the `operator` (the CLI, a program
 * using the library) chooses any address; a `request` (the HTTP server's routes, the syncs they
 * define) is held to the connector's own vendor hosts plus `HRTECH_ETL_ALLOWED_HOSTS`, its
 * `postgres://` targets to that allow-list, and its `sqlite:` / `file:` paths to the data directory.
 * The registry checks every connector it builds against the policy in context, so credentials taken
 * from the server's environment can only reach an address the operator allowed.
 */
import * as Context from "effect/Context"
import * as Either from "effect/Either"
import { ConfigError } from "./ConnectorError.js"
import * as Uri from "./Uri.js"

/** The environment variable listing the extra hosts requests may name (`host` or `host:port`, comma-separated). */
export const allowedHostsEnv = "HRTECH_ETL_ALLOWED_HOSTS"

/** Who chose the addresses of a run. */
export type Trust = "operator" | "request"

/** The outbound policy of the runs in a context. */
export interface PolicyService {
  readonly trust: Trust
  /** Hosts beyond the connectors' own that requests may name: `host`, `host:port` or `*.domain`. */
  readonly allowedHosts: ReadonlyArray<string>
  /** The directory `sqlite:` / `file:` paths of requests are confined to. */
  readonly dataDir?: string | undefined
}

/** The operator's policy: every address allowed. */
export const operator: PolicyService = { trust: "operator", allowedHosts: [] }

/**
 * The policy in context. The default is the operator's: entry points that serve other callers (the
 * HTTP server) provide `requests(...)` to every handler.
 */
export class Policy extends Context.Reference<Policy>()("hrtech-etl/Outbound/Policy", {
  defaultValue: (): PolicyService => operator
}) {}

/** Reads an allow-list: comma- or space-separated entries, lower-cased, blanks dropped. */
export const parseAllowedHosts = (text: string | undefined): ReadonlyArray<string> =>
  (text ?? "")
    .split(/[,\s]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "")

/** The policy of requests arriving at a server: its data directory and `HRTECH_ETL_ALLOWED_HOSTS`. */
export const requests = (
  options: {
    readonly dataDir?: string | undefined
    readonly env?: Readonly<Record<string, string | undefined>> | undefined
  } = {}
): PolicyService => ({
  trust: "request",
  allowedHosts: parseAllowedHosts((options.env ?? process.env)[allowedHostsEnv]),
  dataDir: options.dataDir
})

/** An address as `host` and `port` (the scheme's default port when none is written). */
export interface Address {
  readonly host: string
  readonly port: number
}

const defaultPorts: Readonly<Record<string, number>> = { "http:": 80, "https:": 443, "postgres:": 5432, "postgresql:": 5432 }

/** The address of a URL, or undefined when it has no host. */
export const addressOf = (url: string): Address | undefined => {
  try {
    const parsed = new URL(url)
    const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, "")
    if (host === "") return undefined
    return { host, port: parsed.port === "" ? (defaultPorts[parsed.protocol] ?? 0) : Number(parsed.port) }
  } catch {
    return undefined
  }
}

const entryMatches = (entry: string, address: Address): boolean => {
  // `host`, `host:port`, `[v6]`, `[v6]:port`, `*.domain` (any subdomain, not the domain itself).
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : entry.split(":").length === 2 ? (entry.split(":") as [string, string]) : [entry, undefined]
  if (port !== undefined && Number(port) !== address.port) return false
  if (host.startsWith("*.")) return address.host.endsWith(host.slice(1)) && address.host.length > host.length - 1
  return host === address.host
}

/** Whether an address is one of the connector's own (`defaults`, URLs) or on the allow-list. */
export const isAllowed = (policy: PolicyService, address: Address, defaults: ReadonlyArray<string> = []): boolean =>
  policy.trust === "operator" ||
  defaults.some((url) => {
    const own = addressOf(url)
    return own !== undefined && own.host === address.host && own.port === address.port
  }) ||
  policy.allowedHosts.some((entry) => entryMatches(entry, address))

/** Whether a payload key holds an address the connector sends requests (and credentials) to. */
export const isAddressKey = (name: string): boolean => name === "base_url" || name.endsWith("_url")

const refusal = (host: string) => `host ${host} is not allowed for requests to this server: only the connector's own API hosts and ${allowedHostsEnv} are`

/**
 * Checks the addresses of a connector's auth payload (`base_url`, `token_url`, …) as a request gave
 * them: each must be one of the connector's own (`defaults`) or allowed. The error names the key.
 */
export const checkPayload = (
  policy: PolicyService,
  connector: string,
  payload: Readonly<Record<string, unknown>>,
  defaults: ReadonlyArray<string>
): Either.Either<void, ConfigError> => {
  if (policy.trust === "operator") return Either.void
  for (const [key, value] of Object.entries(payload)) {
    if (!isAddressKey(key) || value === undefined || value === null) continue
    const address = typeof value === "string" ? addressOf(value) : undefined
    if (address === undefined) return Either.left(new ConfigError({ connector, field: key, reason: "must be an http(s) URL with a host" }))
    if (!isAllowed(policy, address, defaults)) return Either.left(new ConfigError({ connector, field: key, reason: refusal(address.host) }))
  }
  return Either.void
}

/**
 * The name a connector opened from a request goes by: paths inside the data directory relative to it,
 * so the server's file-system layout stays out of records (their `origin`), pipeline ids and answers.
 */
export const requestName = (policy: PolicyService, name: string): string =>
  policy.trust === "request" && policy.dataDir !== undefined ? Uri.relativeToDataDir(name, policy.dataDir) : name

/**
 * Checks a storage URI against the policy: requests may open local paths only inside the data
 * directory, and PostgreSQL servers only on the allow-list, without options that read local files.
 * Returns the URI (its local path made absolute under a data directory).
 */
export const checkStorage = (policy: PolicyService, uri: string): Either.Either<string, ConfigError> => {
  const connector = Uri.display(uri)
  const error = (e: Uri.InvalidUri) => new ConfigError({ connector, field: e.part === "uri" ? "uri" : `uri.${e.part}`, reason: e.reason })
  if (!Uri.isStorageUri(uri)) return Either.right(uri)
  const parsed = Uri.parse(uri, policy.trust === "request" ? { dataDir: policy.dataDir } : {})
  if (Either.isLeft(parsed)) return Either.left(error(parsed.left))
  const location = parsed.right
  if (policy.trust === "operator") return Either.right(uri)
  switch (location._tag) {
    case "Sqlite":
      return Either.right(location.path === Uri.memory ? uri : `sqlite:${location.path}`)
    case "File":
      return Either.right(`file:${location.path}${location.mode === "append" ? "?mode=append" : ""}`)
    case "Postgres": {
      if (!isAllowed(policy, location)) return Either.left(new ConfigError({ connector, field: "uri", reason: refusal(location.host) }))
      const option = location.fileOptions[0]
      return option === undefined
        ? Either.right(uri)
        : Either.left(new ConfigError({ connector, field: `uri.${option}`, reason: "options that read local files are not accepted from requests" }))
    }
  }
}
