import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Auth from "../../src/http/Auth.js"
import * as Link from "../../src/http/Link.js"
import * as Paging from "../../src/http/Paging.js"
import * as VendorHttp from "../../src/http/VendorHttp.js"
import * as FakeServer from "../../src/testing/FakeServer.js"

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}` }))

/** Starts a fake vendor and a client for it; `basePath` is appended to the server URL. */
const setup = (handler: (url: string) => FakeServer.Handler, basePath = "", config: Partial<VendorHttp.Config> = {}) =>
  Effect.gen(function* () {
    let url = ""
    const server = yield* FakeServer.make((request, raw) => handler(url)(request, raw))
    url = server.url
    const client = yield* VendorHttp.make({
      connector: "fake",
      baseUrl: `${server.url}${basePath}`,
      timeout: "5 seconds",
      retry: { maxAttempts: 2, baseDelay: "5 millis" },
      ...config
    }).pipe(Effect.provide(VendorHttp.layerClient))
    return { server, client }
  })

/** Page sizes as the stream emits them, and the records. */
const collect = (stream: Stream.Stream<unknown, unknown>) =>
  Effect.map(Stream.runCollect(Stream.chunks(stream)), (chunks) => ({
    sizes: Chunk.toArray(chunks)
      .map(Chunk.size)
      .filter((n) => n > 0),
    records: Chunk.toArray(chunks).flatMap((c) => Chunk.toArray(c))
  }))

describe("Paging against fake vendors", () => {
  it.scopedLive("page number with HrFlow's meta.maxPage stop rule", () =>
    Effect.gen(function* () {
      const records = ids(23)
      const { client, server } = yield* setup(
        () => (request) => {
          const page = Number(request.query.page)
          const limit = Number(request.query.limit)
          return {
            body: {
              code: 200,
              message: "ok",
              meta: { page, maxPage: Math.ceil(records.length / limit), count: 0, total: records.length },
              data: records.slice((page - 1) * limit, page * limit)
            }
          }
        },
        "/v1",
        { auth: Auth.apiKey(Redacted.make("hrflow-key"), "X-API-KEY"), extraHeaders: { "X-USER-EMAIL": "a@b.test" } }
      )
      const out = yield* collect(
        Paging.pageNumber(client, {
          path: "storing/jobs",
          query: { board_keys: JSON.stringify(["b1"]), order_by: "asc" },
          limit: 10,
          isLast: Paging.lastPageAt("meta.maxPage", "meta.page")
        })
      )
      expect(out.sizes).toEqual([10, 10, 3])
      expect(out.records).toEqual(records)
      const requests = yield* server.requests
      expect(requests.map((r) => [r.path, r.query.page, r.query.limit])).toEqual([
        ["/v1/storing/jobs", "1", "10"],
        ["/v1/storing/jobs", "2", "10"],
        ["/v1/storing/jobs", "3", "10"]
      ])
      expect(requests[0]!.query.board_keys).toBe('["b1"]')
      expect(requests[0]!.headers["x-api-key"]).toBe("hrflow-key")
      expect(requests[0]!.headers["x-user-email"]).toBe("a@b.test")
    })
  )

  it.scopedLive("page number stops on a short page by default", () =>
    Effect.gen(function* () {
      const records = ids(25)
      const { client, server } = yield* setup(() => (request) => {
        const page = Number(request.query.p)
        return { body: { items: records.slice((page - 1) * 10, page * 10) } }
      })
      const out = yield* collect(Paging.pageNumber(client, { path: "/list", limit: 10, pageParam: "p", limitParam: "per_page", items: "items" }))
      expect(out.sizes).toEqual([10, 10, 5])
      expect((yield* server.requests).map((r) => r.query.per_page)).toEqual(["10", "10", "10"])
    })
  )

  it.scopedLive("Lever: `next` sent back as `offset` while hasNext", () =>
    Effect.gen(function* () {
      const records = ids(25)
      const { client, server } = yield* setup(
        () => (request) => {
          const start = request.query.offset === undefined ? 0 : Number(request.query.offset.replace("tok-", ""))
          const end = start + Number(request.query.limit)
          const hasNext = end < records.length
          // Lever may still send a `next` on the last page; `hasNext: false` must win.
          return { body: { data: records.slice(start, end), hasNext, next: hasNext ? `tok-${end}` : "tok-stale" } }
        },
        "/v1",
        { auth: Auth.basic(Redacted.make("lever-key")) }
      )
      const out = yield* collect(Paging.queryToken(client, { path: "/opportunities", query: { limit: 10, updated_at_start: 1700000000000 } }))
      expect(out.records).toEqual(records)
      expect(out.sizes).toEqual([10, 10, 5])
      const requests = yield* server.requests
      expect(requests.map((r) => r.query.offset)).toEqual([undefined, "tok-10", "tok-20"])
      expect(requests.every((r) => r.query.updated_at_start === "1700000000000")).toBe(true)
    })
  )

  it.scopedLive("SmartRecruiters: nextPageId → pageId, records in content", () =>
    Effect.gen(function* () {
      const records = ids(12)
      const { client, server } = yield* setup(() => (request) => {
        const start = Number(request.query.pageId ?? 0)
        const end = start + 5
        return { body: { totalFound: 12, limit: 5, content: records.slice(start, end), ...(end < 12 ? { nextPageId: String(end) } : {}) } }
      })
      const out = yield* collect(Paging.queryToken(client, { path: "/candidates", query: { limit: 5 }, param: "pageId", next: "nextPageId", items: "content" }))
      expect(out.records).toEqual(records)
      expect((yield* server.requests).map((r) => r.query.pageId)).toEqual([undefined, "5", "10"])
    })
  )

  it.scopedLive("Greenhouse: RFC 8288 Link rel=next, absolute or relative, body is the array", () =>
    Effect.gen(function* () {
      const records = ids(7)
      const { client, server } = yield* setup(
        (url) => (request) => {
          const page = Number(request.query.page ?? 1)
          const perPage = Number(request.query.per_page)
          const last = Math.ceil(records.length / perPage)
          const links: Array<{ url: string; rel: string }> = []
          // Page 1 links absolutely, page 2 relatively.
          if (page < last) links.push({ url: `${page === 1 ? url : ""}/v1/candidates?page=${page + 1}&per_page=${perPage}`, rel: "next" })
          links.push({ url: `${url}/v1/candidates?page=${last}&per_page=${perPage}`, rel: "last" })
          return { headers: { Link: Link.format(links) }, body: records.slice((page - 1) * perPage, page * perPage) }
        },
        "/v1"
      )
      const out = yield* collect(Paging.linkHeader(client, { path: "/candidates", query: { per_page: 3 } }))
      expect(out.sizes).toEqual([3, 3, 1])
      expect(out.records).toEqual(records)
      expect((yield* server.requests).map((r) => r.query.page)).toEqual([undefined, "2", "3"])
    })
  )

  it.scopedLive("Workable: follows paging.next full URLs until absent", () =>
    Effect.gen(function* () {
      const records = ids(9)
      const { client, server } = yield* setup(
        (url) => (request) => {
          const start = Number(request.query.since_index ?? 0)
          const end = start + Number(request.query.limit)
          return {
            body: {
              candidates: records.slice(start, end),
              ...(end < records.length ? { paging: { next: `${url}/spi/v3/candidates?limit=${request.query.limit}&since_index=${end}` } } : {})
            }
          }
        },
        "/spi/v3",
        { auth: Auth.bearer(Redacted.make("wk-token")) }
      )
      const out = yield* collect(Paging.nextUrl(client, { path: "/candidates", query: { limit: 4 }, items: "candidates" }))
      expect(out.sizes).toEqual([4, 4, 1])
      const requests = yield* server.requests
      expect(requests.map((r) => r.query.since_index)).toEqual([undefined, "4", "8"])
      expect(requests.every((r) => r.headers.authorization === "Bearer wk-token")).toBe(true)
    })
  )

  it.scopedLive("Teamtailor: JSON:API data + links.next with bracketed query keys", () =>
    Effect.gen(function* () {
      const records = ids(5).map((r) => ({ id: r.id, type: "candidates", attributes: { "first-name": r.id } }))
      const { client, server } = yield* setup(
        (url) => (request) => {
          const page = Number(request.query["page[number]"] ?? 1)
          const size = Number(request.query["page[size]"])
          const more = page * size < records.length
          const next = new URL(`${url}/v1/candidates`)
          next.searchParams.set("page[number]", String(page + 1))
          next.searchParams.set("page[size]", String(size))
          next.searchParams.set("filter[updated-at][from]", request.query["filter[updated-at][from]"] ?? "")
          return { body: { data: records.slice((page - 1) * size, page * size), links: more ? { next: next.href } : {} } }
        },
        "/v1",
        {
          auth: Auth.tokenHeader({ prefix: "Token token=", token: Redacted.make("tt-key") }),
          extraHeaders: { "X-Api-Version": "20240404" }
        }
      )
      const out = yield* collect(
        Paging.jsonApi(client, { path: "/candidates", query: { "page[size]": 2, "filter[updated-at][from]": "2024-01-01T00:00:00Z" } })
      )
      expect(out.records).toEqual(records)
      const requests = yield* server.requests
      expect(requests.map((r) => r.query["page[number]"])).toEqual([undefined, "2", "3"])
      expect(requests.every((r) => r.query["filter[updated-at][from]"] === "2024-01-01T00:00:00Z")).toBe(true)
      expect(requests[0]!.headers.authorization).toBe("Token token=tt-key")
      expect(requests[0]!.headers["x-api-version"]).toBe("20240404")
    })
  )

  it.scopedLive("Ashby: cursor in the POST body, final syncToken kept via onPage", () =>
    Effect.gen(function* () {
      const records = ids(11)
      const { client, server } = yield* setup(() => (request) => {
        const body = JSON.parse(request.body) as { limit: number; cursor?: string; syncToken?: string }
        const start = body.cursor === undefined ? 0 : Number(body.cursor.slice(1))
        const end = start + body.limit
        const more = end < records.length
        return {
          body: {
            success: true,
            results: records.slice(start, end),
            moreDataAvailable: more,
            ...(more ? { nextCursor: `c${end}` } : { syncToken: "sync-42" })
          }
        }
      })
      let syncToken: unknown
      const out = yield* collect(
        Paging.bodyCursor(client, {
          path: "/candidate.list",
          body: { limit: 5, syncToken: "sync-41" },
          onPage: (response) => Effect.sync(() => (syncToken = Paging.at(response.body, "syncToken") ?? syncToken))
        })
      )
      expect(out.sizes).toEqual([5, 5, 1])
      expect(syncToken).toBe("sync-42")
      const requests = yield* server.requests
      expect(requests.every((r) => r.method === "POST" && r.headers["content-type"] === "application/json")).toBe(true)
      expect(requests.map((r) => JSON.parse(r.body))).toEqual([
        { limit: 5, syncToken: "sync-41" },
        { limit: 5, syncToken: "sync-41", cursor: "c5" },
        { limit: 5, syncToken: "sync-41", cursor: "c10" }
      ])
    })
  )

  it.scopedLive("a vendor that repeats a token fails the stream instead of looping", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(() => () => ({ body: { data: [{ id: 1 }], hasNext: true, next: "same" } }))
      const error = yield* Effect.flip(Stream.runDrain(Paging.queryToken(client, { path: "/x" })))
      expect(error).toMatchObject({ _tag: "TransportError" })
      expect(error.message).toContain("pagination did not advance")
      expect(yield* server.requests).toHaveLength(2)
    })
  )

  it.scopedLive("a page without the records array is a DecodeError naming where they were expected", () =>
    Effect.gen(function* () {
      const { client } = yield* setup(() => () => ({ body: { data: { not: "an array" } } }))
      const error = yield* Effect.flip(Stream.runDrain(Paging.pageNumber(client, { path: "/x", limit: 10 })))
      expect(error).toMatchObject({ _tag: "DecodeError", field: "data" })
    })
  )

  it.scopedLive("a next link to another host is refused (credentials stay with the vendor)", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(() => () => ({ body: { data: [1], paging: { next: "http://127.0.0.2:9/steal" } } }), "", {
        auth: Auth.bearer(Redacted.make("secret-token"))
      })
      const error = yield* Effect.flip(Stream.runDrain(Paging.nextUrl(client, { path: "/x", items: "data" })))
      expect(error).toMatchObject({ _tag: "ConfigError", field: "url" })
      expect(yield* server.requests).toHaveLength(1)
    })
  )

  it.scopedLive("maxPages bounds a pagination", () =>
    Effect.gen(function* () {
      const { client } = yield* setup(() => (request) => ({ body: { data: [request.query.page] } }))
      const error = yield* Effect.flip(Stream.runDrain(Paging.pageNumber(client, { path: "/x", limit: 1, maxPages: 3 })))
      expect(error.message).toContain("more than 3 pages")
    })
  )
})
