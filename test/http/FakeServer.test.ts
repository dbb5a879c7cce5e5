import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FakeServer from "../../src/testing/FakeServer.js"

const call = (url: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() }
  })

describe("FakeServer", () => {
  it.scopedLive("binds 127.0.0.1 on a random port, answers from the handler and logs each request", () =>
    Effect.gen(function* () {
      const server = yield* FakeServer.make((request) =>
        request.path === "/text" ? { status: 202, text: "plain" } : { status: 201, headers: { "X-Seen": request.method }, body: { echo: request.query } }
      )
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(server.port).toBeGreaterThan(0)
      const json = yield* call(`${server.url}/jobs?tag=a&tag=b&q=x`, {
        method: "POST",
        headers: { "X-Api-Key": "k", "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Ada" })
      })
      expect(json).toEqual({ status: 201, type: "application/json", text: JSON.stringify({ echo: { tag: "a", q: "x" } }) })
      expect(yield* call(`${server.url}/text`)).toEqual({ status: 202, type: "text/plain; charset=utf-8", text: "plain" })
      const [first, second] = yield* server.requests
      expect(first).toMatchObject({
        method: "POST",
        path: "/jobs",
        query: { tag: "a", q: "x" },
        queryAll: { tag: ["a", "b"], q: ["x"] },
        body: '{"name":"Ada"}'
      })
      expect(first!.headers["x-api-key"]).toBe("k")
      expect(second).toMatchObject({ method: "GET", path: "/text", body: "" })
      yield* server.clearRequests
      expect(yield* server.requests).toEqual([])
    })
  )

  it.scopedLive("runs Effect and Promise handlers; a throwing handler gives a 500 naming the failure", () =>
    Effect.gen(function* () {
      const server = yield* FakeServer.make((request) => {
        if (request.path === "/effect") return Effect.succeed({ body: { via: "effect" } })
        if (request.path === "/promise") return Promise.resolve({ body: { via: "promise" } })
        throw new Error("boom")
      })
      expect((yield* call(`${server.url}/effect`)).text).toBe('{"via":"effect"}')
      expect((yield* call(`${server.url}/promise`)).text).toBe('{"via":"promise"}')
      const failed = yield* call(`${server.url}/other`)
      expect(failed.status).toBe(500)
      expect(failed.text).toContain("boom")
    })
  )

  it.live("closes with its scope, keep-alive connections included", () =>
    Effect.gen(function* () {
      const url = yield* Effect.scoped(
        Effect.gen(function* () {
          const server = yield* FakeServer.make(() => ({ body: { ok: true } }))
          expect((yield* call(`${server.url}/`)).status).toBe(200)
          return server.url
        })
      )
      const after = yield* Effect.either(Effect.tryPromise(() => fetch(`${url}/`)))
      expect(after._tag).toBe("Left")
    })
  )

  it.scopedLive("keeps only the last maxLog requests", () =>
    Effect.gen(function* () {
      const server = yield* FakeServer.make(() => ({ body: {} }), { maxLog: 3 })
      for (let i = 0; i < 5; i++) yield* call(`${server.url}/r${i}`)
      expect((yield* server.requests).map((r) => r.path)).toEqual(["/r2", "/r3", "/r4"])
    })
  )
})
