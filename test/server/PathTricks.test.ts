/**
 * The request gate against path tricks: for every route of the server, dozens of spellings that a
 * router, a proxy or the WHATWG URL parser may read differently (case, `;` parameters, dot segments,
 * duplicate and encoded slashes, backslashes, percent-encoding, absolute form, fragments), sent byte
 * for byte. Whatever the mode and whether a token is configured, none of them reaches a protected
 * handler without the token, from another Host, or from a cross-site page; the playground-only mode
 * serves no API route under any spelling.
 */
import { describe, expect, it } from "@effect/vitest"
import * as HttpApi from "@effect/platform/HttpApi"
import * as Effect from "effect/Effect"
import { Api } from "../../src/server/Api.js"
import * as Server from "../../src/server/Server.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"
import * as Raw from "./Raw.js"

const token = "test-token-0123456789abcdef"
const webhook = "warehouse_a"

interface Route {
  readonly method: string
  readonly path: string
}

const sample: Record<string, string> = {
  resource: "job",
  connector: "mem_source",
  id: "run_x",
  name: "nightly",
  concurrency_class: "default"
}

/** Every route the server has: the HttpApi endpoints plus the routes served beside it. */
const routes = (): ReadonlyArray<Route> => {
  const out: Array<Route> = []
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => out.push({ method: endpoint.method, path: endpoint.path.replace(/:(\w+)/g, (_, key: string) => sample[key] ?? "x") })
  })
  return [
    ...out,
    { method: "GET", path: "/" },
    { method: "GET", path: "/docs" },
    { method: "GET", path: "/openapi.json" },
    { method: "GET", path: "/playground" },
    { method: "GET", path: "/playground/app.js" },
    { method: "GET", path: "/playground/app.css" },
    { method: "GET", path: "/playground/api/connectors" },
    { method: "POST", path: "/playground/api/run/pull" },
    { method: "GET", path: "/api/webhooks" },
    { method: "POST", path: `/api/webhooks/${webhook}` }
  ]
}

const encodeAll = (text: string, lower = false) =>
  [...text]
    .map((c) => (c === "/" ? c : `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`))
    .map((c) => (lower ? c : c.toUpperCase()))
    .join("")

/** Spellings of a route's path that some parser may take for it, or for a webhook path. */
export const tricks = (path: string): ReadonlyArray<string> => {
  const s = path.split("/").slice(1)
  const [first = "", ...rest] = s
  const tail = rest.join("/")
  const hook = `/api/webhooks/${webhook}`
  const firstHex = first === "" ? "" : `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`
  return [
    path,
    path.toUpperCase(),
    `/${first.charAt(0).toUpperCase()}${first.slice(1)}/${tail}`,
    `${path}/`,
    `/${path}`,
    `//${path}`,
    `/${s.join("//")}`,
    `${path}//`,
    `/${first}/./${tail}`,
    `/./${path.slice(1)}`,
    `${path}/.`,
    `${path}/x/..`,
    `/${first}/x/../${tail}`,
    `/${first}/%2e/${tail}`,
    `/${first}/x/%2e%2e/${tail}`,
    `/${first}/x/%2E%2E/${tail}`,
    `/${first}/x/.%2e/${tail}`,
    `/${first}/x/%2e./${tail}`,
    `/..${path}`,
    `/%2e%2e${path}`,
    `/%c0%ae%c0%ae${path}`,
    `/${s.join("\\")}`,
    `\\${path.slice(1)}`,
    `/${s.join("%2f")}`,
    `/${s.join("%2F")}`,
    `/${s.join("%5c")}`,
    `${path}%2f`,
    `${path};x=1`,
    `${path};`,
    `/${first};x/${tail}`,
    `${path};/../../webhooks/${webhook}`,
    `${path};/../../../api/webhooks/${webhook}`,
    `${path}%3b/../../webhooks/${webhook}`,
    `${path}%3B/..%2f..%2fwebhooks/${webhook}`,
    `${hook}/../../..${path}`,
    `${hook}/..;/..;/..;${path}`,
    `${hook};${path}`,
    `${hook}%2f..%2f..%2f..${path.replace(/\//g, "%2f")}`,
    `/api/webhooks/%2e%2e/%2e%2e${path}`,
    `${hook}?${path}`,
    `${path}?/../../webhooks/${webhook}`,
    `${path}#/../../webhooks/${webhook}`,
    `${path}%23/../../webhooks/${webhook}`,
    `${path}%3f/../webhooks/${webhook}`,
    `/${firstHex}/${tail}`,
    encodeAll(path),
    encodeAll(path, true),
    `/${first.replace(/./, (c) => `%25${c.charCodeAt(0).toString(16)}`)}/${tail}`,
    `${path}%00`,
    `${path}%20`,
    `${path}%09`,
    `${path}%C3%A9`,
    `/%EF%BD%81${first.slice(1)}/${tail}`,
    path.replace(/_/g, "%5F"),
    `${path.slice(0, path.lastIndexOf("/") + 1)}${path.slice(path.lastIndexOf("/") + 1).toUpperCase()}`,
    `http://127.0.0.1${path}`,
    `HTTP://localhost${path}`,
    `http://evil.example${path}`,
    `//127.0.0.1${path}`,
    `/playground/api/../..${path}`,
    `/PLAYGROUND/API/${tail}`,
    `/playground//api/${tail}`,
    `/playground/./api/${tail}`,
    `/playground;x/api/${tail}`,
    `/playground/api;x/${tail}`,
    `/playground/%61pi/${tail}`,
    `/Playground/Api/${tail}`
  ]
}

/** A 400 from Node's HTTP parser (no JSON body): the request never reached the application. */
const parserRefusal = (reply: Raw.RawReply) => reply.status === 400 && reply.json === undefined
const code = (reply: Raw.RawReply): string | undefined => reply.json?.error?.code
/** The webhook route's own answers to an unsigned delivery: it is public and checks signatures itself. */
const webhookAnswer = (reply: Raw.RawReply) => code(reply) === "invalid_signature" || code(reply) === "invalid_delivery"
const nonCanonical = (reply: Raw.RawReply) => reply.status === 400 && code(reply) === "invalid_path"

/** Whether a spelling names the playground, percent-encoded or not. */
const namesPlayground = (target: string) => {
  let decoded = target
  try {
    decoded = decodeURIComponent(target)
  } catch {
    // Not decodable: judged as sent.
  }
  return /playground/i.test(decoded) || /playground/i.test(target)
}

const bodyFor = (method: string) => (method === "GET" || method === "HEAD" || method === "DELETE" ? undefined : "{}")

interface Case {
  readonly route: Route
  readonly target: string
  readonly reply: Raw.RawReply
}

/** Sends every trick of every route (`only` narrows the routes) and returns the cases. */
const sweep = (server: Harness.TestServer, headers: Record<string, string>, only: (route: Route) => boolean = () => true) =>
  Effect.gen(function* () {
    const port = Number(new URL(server.url).port)
    const cases = routes()
      .filter(only)
      .flatMap((route) => tricks(route.path).map((target) => ({ route, target })))
    return yield* Effect.forEach(
      cases,
      ({ route, target }) => {
        const body = bodyFor(route.method)
        return Effect.map(Raw.send(port, { method: route.method, target, headers, ...(body !== undefined ? { body } : {}) }), (reply): Case => ({
          route,
          target,
          reply
        }))
      },
      { concurrency: 16 }
    )
  })

const describeCase = (c: Case) => `${c.route.method} ${c.target} -> ${c.reply.status} ${c.reply.body.slice(0, 160)}`

/** The cases that got past `refused`: each reached a handler it must not reach. */
const leaks = (cases: ReadonlyArray<Case>, refused: (reply: Raw.RawReply) => boolean) =>
  cases.filter((c) => !(refused(c.reply) || nonCanonical(c.reply) || parserRefusal(c.reply) || webhookAnswer(c.reply))).map(describeCase)

const start = (mode: Server.Mode, options: Server.Options = {}) =>
  Effect.gen(function* () {
    const fake = yield* FakeA.start({ apiKey: "wa-key-0123456789" })
    const webhooks =
      mode === "playground"
        ? {}
        : {
            webhooks: { [webhook]: { secret: "whsec-0123456789abcdef", target: "mem_sink", origin_auth: { base_url: fake.url, api_key: "wa-key-0123456789" } } }
          }
    return yield* Harness.start({ mode, ...webhooks, ...options })
  })

/** Nothing was written and no sync defined, whatever got through. */
const untouched = (server: Harness.TestServer, headers: Record<string, string> = {}) =>
  Effect.gen(function* () {
    expect(server.connectors.sink.writes).toEqual([])
    const syncs = yield* server.get("/api/syncs", headers)
    if (syncs.status === 200) expect(syncs.json).toEqual([])
  })

describe("path tricks", () => {
  it("the corpus has at least 50 spellings of every route", () => {
    for (const route of routes()) expect(new Set(tricks(route.path)).size, route.path).toBeGreaterThanOrEqual(50)
    expect(routes().length).toBeGreaterThanOrEqual(30)
  })

  for (const mode of Server.modes) {
    it.scopedLive(`with a token (${mode} mode): no spelling of any route is served without it`, () =>
      Effect.gen(function* () {
        const server = yield* start(mode, { apiToken: token })
        const cases = yield* sweep(server, {})
        expect(leaks(cases, (r) => r.status === 401 && code(r) === "unauthorized")).toEqual([])
        // The canonical spellings still work with the token.
        const authorized = yield* server.get(mode === "playground" ? "/playground/api/connectors" : "/api/connectors", { authorization: `Bearer ${token}` })
        expect(authorized.status).toBe(200)
        yield* untouched(server, { authorization: `Bearer ${token}` })
      })
    )

    it.scopedLive(`without a token (${mode} mode): no spelling of any route is served to another Host name`, () =>
      Effect.gen(function* () {
        const server = yield* start(mode)
        const cases = yield* sweep(server, { host: "evil.example" })
        expect(leaks(cases, (r) => r.status === 403 && code(r) === "host_not_allowed")).toEqual([])
        yield* untouched(server)
      })
    )

    it.scopedLive(`without a token (${mode} mode): no spelling of a state-changing route is served to a cross-site page`, () =>
      Effect.gen(function* () {
        const server = yield* start(mode)
        const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" }
        const cases = yield* sweep(server, crossSite, (route) => route.method !== "GET")
        expect(cases.length).toBeGreaterThan(500)
        expect(leaks(cases, (r) => r.status === 403 && code(r) === "cross_site_request")).toEqual([])
        yield* untouched(server)
      })
    )
  }

  it.scopedLive("playground mode serves no API route, docs or OpenAPI under any spelling (only its /playground/api mirror)", () =>
    Effect.gen(function* () {
      // Without a token, so that every spelling gets past the token check to the mode rule.
      const server = yield* start("playground")
      const cases = yield* sweep(server, {}, (route) => !route.path.startsWith("/playground") && route.path !== "/")
      // Spellings that name the mirror are the playground's own route to the API.
      const direct = cases.filter((c) => !namesPlayground(c.target))
      expect(direct.length).toBeGreaterThan(1000)
      expect(leaks(direct, (r) => r.status === 404 && code(r) === "not_found" && r.json.error.field === undefined)).toEqual([])
    })
  )

  it.scopedLive("api mode serves no playground route under any spelling", () =>
    Effect.gen(function* () {
      const server = yield* start("api")
      const cases = yield* sweep(server, {}, (route) => route.path.startsWith("/playground"))
      expect(leaks(cases, (r) => r.status === 404 && code(r) === "not_found" && r.json.error.field === undefined)).toEqual([])
    })
  )
})
