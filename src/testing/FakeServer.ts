/**
 * A throwaway HTTP server for tests: bound to 127.0.0.1 on a random port, answering from a handler,
 * logging every request, and closed when its scope closes.
 */
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"

/** A request as the server received it. */
export interface FakeRequest {
  readonly method: string
  /** The path without the query string. */
  readonly path: string
  /** Query parameters, first value of each key. */
  readonly query: Readonly<Record<string, string>>
  /** Query parameters, every value of each key. */
  readonly queryAll: Readonly<Record<string, ReadonlyArray<string>>>
  /** Headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The raw body text. */
  readonly body: string
}

/** A reply: `body` is sent as JSON, `text` as is. */
export interface FakeReply {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly text?: string
}

/** The raw Node objects, for handlers that misbehave on purpose (resets, slow or truncated replies). */
export interface RawExchange {
  readonly req: Http.IncomingMessage
  readonly res: Http.ServerResponse
}

/** What a handler returns; `undefined` means it answered (or dropped) `raw.res` itself. */
export type HandlerResult = FakeReply | undefined

/** Answers a request. Effects run on the runtime that started the server. */
export type Handler = (request: FakeRequest, raw: RawExchange) => HandlerResult | Promise<HandlerResult> | Effect.Effect<HandlerResult>

/** A running fake server. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  readonly port: number
  /** Requests received so far, oldest first (the last `maxLog`). */
  readonly requests: Effect.Effect<ReadonlyArray<FakeRequest>>
  /** Empties the request log. */
  readonly clearRequests: Effect.Effect<void>
}

/** Server options. */
export interface Options {
  /** Requests kept in the log; default 10,000. */
  readonly maxLog?: number
  /** Largest accepted request body in bytes; default 10 MB (bigger ones get 413). */
  readonly maxBodyBytes?: number
}

const toRequest = (req: Http.IncomingMessage, body: string): FakeRequest => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1")
  const query: Record<string, string> = {}
  const queryAll: Record<string, Array<string>> = {}
  for (const [key, value] of url.searchParams) {
    if (!(key in query)) query[key] = value
    ;(queryAll[key] ??= []).push(value)
  }
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value
  return { method: req.method ?? "GET", path: url.pathname, query, queryAll, headers, body }
}

const send = (res: Http.ServerResponse, reply: FakeReply): void => {
  if (res.headersSent || res.destroyed) return
  const headers: Record<string, string> = { ...reply.headers }
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type")
  let payload = ""
  if (reply.text !== undefined) {
    payload = reply.text
    if (!hasType) headers["content-type"] = "text/plain; charset=utf-8"
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body)
    if (!hasType) headers["content-type"] = "application/json"
  }
  res.writeHead(reply.status ?? 200, headers)
  res.end(payload)
}

/** Starts a server on 127.0.0.1 (random port) answering with `handler`; it closes with the scope. */
export const make = (handler: Handler, options: Options = {}): Effect.Effect<FakeServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>()
    const maxLog = options.maxLog ?? 10_000
    const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024
    const log: Array<FakeRequest> = []
    const sockets = new Set<Net.Socket>()

    const onRequest = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
      const chunks: Array<Buffer> = []
      let size = 0
      let tooLarge = false
      req.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBodyBytes) tooLarge = true
        else chunks.push(chunk)
      })
      req.on("end", () => {
        if (tooLarge) return send(res, { status: 413, body: { error: "request body too large" } })
        const request = toRequest(req, Buffer.concat(chunks).toString("utf8"))
        log.push(request)
        if (log.length > maxLog) log.splice(0, log.length - maxLog)
        const fail = (error: unknown) =>
          send(res, { status: 500, body: { error: `fake server handler failed: ${error instanceof Error ? error.message : String(error)}` } })
        try {
          const result = handler(request, { req, res })
          const settled = Effect.isEffect(result) ? Runtime.runPromise(runtime)(result) : Promise.resolve(result)
          settled.then((reply) => (reply === undefined ? undefined : send(res, reply)), fail)
        } catch (error) {
          fail(error)
        }
      })
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const server = Http.createServer(onRequest)
        server.on("connection", (socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
        })
        server.once("error", (error) => resume(Effect.die(error)))
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          // Keep-alive connections would hold `close` open.
          server.closeAllConnections()
          for (const socket of sockets) socket.destroy()
        })
    )
    const address = server.address() as Net.AddressInfo
    return {
      url: `http://127.0.0.1:${address.port}`,
      port: address.port,
      requests: Effect.sync(() => [...log]),
      clearRequests: Effect.sync(() => {
        log.length = 0
      })
    }
  })
