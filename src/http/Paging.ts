/**
 * Pagination styles of vendor APIs as Streams whose chunks are whole pages, fetched through the
 * resilient client: page number, offset/page token in the query (Lever, SmartRecruiters), RFC 8288
 * `Link` header (Greenhouse), a `next` URL in the body (Workable), JSON:API `links.next`
 * (Teamtailor), and cursor tokens in a POST body (Ashby).
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { type ConnectorError, DecodeError, TransportError } from "../core/ConnectorError.js"
import * as Link from "./Link.js"
import type * as VendorHttp from "./VendorHttp.js"

/** Where a value sits in a response: a dotted path into the body (`""` = the body), or a function. */
export type Locator = string | ((response: VendorHttp.Response) => unknown)

/** Options every style shares. */
export interface CommonOptions {
  /** Where the page's records are (default depends on the style). */
  readonly items?: Locator
  /** Called with every page's response, e.g. to keep Ashby's final `syncToken`. */
  readonly onPage?: (response: VendorHttp.Response) => Effect.Effect<void>
  /** Fails the stream past this many pages (a guard against endless pagination); default unlimited. */
  readonly maxPages?: number
}

/** Reads a dotted path from a value. */
export const at = (value: unknown, path: string): unknown => {
  if (path === "") return value
  let current = value
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

const locate = (locator: Locator, response: VendorHttp.Response): unknown => (typeof locator === "string" ? at(response.body, locator) : locator(response))

const itemsOf = (client: VendorHttp.VendorHttp, locator: Locator, response: VendorHttp.Response): Effect.Effect<Chunk.Chunk<unknown>, DecodeError> => {
  const found = locate(locator, response)
  if (Array.isArray(found)) return Effect.succeed(Chunk.unsafeFromArray(found))
  return Effect.fail(
    new DecodeError({
      connector: client.connector,
      ...(typeof locator === "string" && locator !== "" ? { field: locator } : {}),
      reason: `expected an array of records in the response of ${response.url.split("?")[0]}, got ${found === null ? "null" : typeof found}`
    })
  )
}

/** A token or URL read from a response: a non-empty string (numbers are accepted and stringified). */
const tokenOf = (locator: Locator, response: VendorHttp.Response): Option.Option<string> => {
  const found = locate(locator, response)
  if (typeof found === "number" && Number.isFinite(found)) return Option.some(String(found))
  return typeof found === "string" && found !== "" ? Option.some(found) : Option.none()
}

/**
 * Paging by an opaque token: the first page goes without one, each later page sends (as `param`)
 * the token the previous page gave at `next`; the last page gives none.
 */
const byToken = (param: string, next: Locator) => ({
  key: (token: Option.Option<string>) => Option.match(token, { onNone: () => "first page", onSome: (t) => `${param}=${t}` }),
  sent: (token: Option.Option<string>): Record<string, string> => Option.match(token, { onNone: () => ({}), onSome: (t) => ({ [param]: t }) }),
  advance: (response: VendorHttp.Response) => Option.map(tokenOf(next, response), Option.some)
})

/**
 * The generic pager: `fetch` gets a page for a state; `advance` says where the next page is, if any.
 * A state seen twice fails the stream (a vendor bug would otherwise loop forever).
 */
export const paginate = <S>(
  client: VendorHttp.VendorHttp,
  initial: S,
  options: CommonOptions & {
    readonly items: Locator
    readonly fetch: (state: S) => Effect.Effect<VendorHttp.Response, ConnectorError>
    readonly advance: (response: VendorHttp.Response, state: S, items: Chunk.Chunk<unknown>) => Option.Option<S>
    /** The identity of a state for loop detection. */
    readonly key: (state: S) => string
  }
): Stream.Stream<unknown, ConnectorError> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    return Stream.paginateChunkEffect({ state: initial, page: 1 }, ({ page, state }) =>
      Effect.gen(function* () {
        const key = options.key(state)
        if (seen.has(key)) {
          return yield* new TransportError({ connector: client.connector, reason: client.scrub(`pagination did not advance: ${key} was already fetched`) })
        }
        if (options.maxPages !== undefined && page > options.maxPages) {
          return yield* new TransportError({ connector: client.connector, reason: `more than ${options.maxPages} pages` })
        }
        seen.add(key)
        const response = yield* options.fetch(state)
        if (options.onPage) yield* options.onPage(response)
        const items = yield* itemsOf(client, options.items, response)
        const next = Option.map(options.advance(response, state, items), (s) => ({ state: s, page: page + 1 }))
        return [items, next] as const
      })
    )
  })

/** Page-number paging: `?page=1&limit=N`, until a short page or `isLast` says so. */
export const pageNumber = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & {
    readonly path: string
    readonly query?: VendorHttp.Query
    readonly limit: number
    /** Default `page`. */
    readonly pageParam?: string
    /** Default `limit`; `null` sends no page-size parameter. */
    readonly limitParam?: string | null
    /** Default 1. */
    readonly firstPage?: number
    /** Stop rule, e.g. HrFlow's `page >= meta.maxPage`; default: fewer records than `limit`. */
    readonly isLast?: (response: VendorHttp.Response, page: number, items: Chunk.Chunk<unknown>) => boolean
  }
): Stream.Stream<unknown, ConnectorError> => {
  const pageParam = options.pageParam ?? "page"
  const limitParam = options.limitParam === undefined ? "limit" : options.limitParam
  const isLast = options.isLast ?? ((_, __, items) => Chunk.size(items) < options.limit)
  return paginate(client, options.firstPage ?? 1, {
    ...options,
    items: options.items ?? "data",
    key: (page) => `page ${page}`,
    fetch: (page) =>
      client.request("GET", options.path, {
        query: { ...options.query, [pageParam]: page, ...(limitParam === null ? {} : { [limitParam]: options.limit }) }
      }),
    advance: (response, page, items) => (Chunk.isEmpty(items) || isLast(response, page, items) ? Option.none() : Option.some(page + 1))
  })
}

/** HrFlow's stop rule: the page number reached `meta.maxPage`. */
export const lastPageAt =
  (maxPagePath: string, pagePath?: string) =>
  (response: VendorHttp.Response, page: number): boolean => {
    const max = Number(at(response.body, maxPagePath))
    const current = pagePath === undefined ? page : Number(at(response.body, pagePath))
    return !Number.isFinite(max) || current >= max
  }

/**
 * A token from the body sent back as a query parameter: Lever's `next` → `offset` (while `hasNext`),
 * SmartRecruiters' `nextPageId` → `pageId`.
 */
export const queryToken = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & {
    readonly path: string
    readonly query?: VendorHttp.Query
    /** Query parameter carrying the token; default `offset`. */
    readonly param?: string
    /** Where the next token is; default Lever's: `next` when `hasNext` is not false. */
    readonly next?: Locator
  }
): Stream.Stream<unknown, ConnectorError> => {
  const param = options.param ?? "offset"
  const next: Locator = options.next ?? ((response) => (at(response.body, "hasNext") === false ? undefined : at(response.body, "next")))
  const tokens = byToken(param, next)
  return paginate(client, Option.none<string>(), {
    ...options,
    items: options.items ?? "data",
    ...tokens,
    fetch: (token) => client.request("GET", options.path, { query: { ...options.query, ...tokens.sent(token) } })
  })
}

/** Following a full `next` URL: Workable's `paging.next` by default. */
export const nextUrl = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & {
    readonly path: string
    readonly query?: VendorHttp.Query
    /** Where the next URL is; default `paging.next`. */
    readonly next?: Locator
  }
): Stream.Stream<unknown, ConnectorError> =>
  paginate(client, Option.none<string>(), {
    ...options,
    items: options.items ?? "",
    key: (url) => Option.getOrElse(url, () => "first page"),
    fetch: (url) =>
      Option.match(url, {
        onNone: () => client.request("GET", options.path, options.query === undefined ? {} : { query: options.query }),
        onSome: (u) => client.request("GET", u)
      }),
    // A relative next link is resolved against the page it came from.
    // A malformed link is passed on as it is: the request then fails with a typed error, not a defect.
    advance: (response) => Option.map(tokenOf(options.next ?? "paging.next", response), (u) => Option.some(resolveUrl(u, response.url)))
  })

const resolveUrl = (link: string, base: string): string => {
  try {
    return new URL(link, base).href
  } catch {
    return link
  }
}

/** JSON:API paging (Teamtailor): records in `data`, next page URL in `links.next`. */
export const jsonApi = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & { readonly path: string; readonly query?: VendorHttp.Query }
): Stream.Stream<unknown, ConnectorError> => nextUrl(client, { items: "data", next: "links.next", ...options })

/** RFC 8288 `Link` header paging (Greenhouse): follow `rel="next"` until absent; the body is the array. */
export const linkHeader = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & { readonly path: string; readonly query?: VendorHttp.Query }
): Stream.Stream<unknown, ConnectorError> =>
  nextUrl(client, { items: "", ...options, next: (response) => Option.getOrUndefined(Link.find(response.headers.link, "next", response.url)) })

/**
 * Cursor tokens in a POST body (Ashby): `{...body, cursor}` → `{results, moreDataAvailable,
 * nextCursor}`. List calls are reads, so they are retried like GETs.
 */
export const bodyCursor = (
  client: VendorHttp.VendorHttp,
  options: CommonOptions & {
    readonly path: string
    readonly body?: Readonly<Record<string, unknown>>
    /** Body field carrying the cursor; default `cursor`. */
    readonly param?: string
    /** Where the next cursor is; default `nextCursor` when `moreDataAvailable` is true. */
    readonly next?: Locator
  }
): Stream.Stream<unknown, ConnectorError> => {
  const param = options.param ?? "cursor"
  const next: Locator = options.next ?? ((response) => (at(response.body, "moreDataAvailable") === true ? at(response.body, "nextCursor") : undefined))
  const tokens = byToken(param, next)
  return paginate(client, Option.none<string>(), {
    ...options,
    items: options.items ?? "results",
    ...tokens,
    fetch: (cursor) => client.request("POST", options.path, { idempotent: true, body: { ...options.body, ...tokens.sent(cursor) } })
  })
}
