/**
 * A raw HTTP/1.1 client for security tests: sends the request target byte for byte (fetch and
 * `http.request` resolve `..`, reject backslashes or re-encode), one request per connection.
 */
import * as Effect from "effect/Effect"
import { connect } from "node:net"

/** An answer as read off the socket. */
export interface RawReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The body as JSON, when it is JSON. */
  readonly json: any
}

/** What to send: the request target is written as given. */
export interface RawRequest {
  readonly method: string
  readonly target: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Bytes written after the head as they are, with no Content-Type or Content-Length added. */
  readonly raw?: string
}

const parse = (raw: string): RawReply => {
  const end = raw.indexOf("\r\n\r\n")
  const head = end === -1 ? raw : raw.slice(0, end)
  let body = end === -1 ? "" : raw.slice(end + 4)
  const [statusLine, ...lines] = head.split("\r\n")
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  if (headers["transfer-encoding"] === "chunked") {
    let out = ""
    let rest = body
    for (;;) {
      const lineEnd = rest.indexOf("\r\n")
      const size = parseInt(rest.slice(0, lineEnd), 16)
      if (!(size > 0)) break
      out += rest.slice(lineEnd + 2, lineEnd + 2 + size)
      rest = rest.slice(lineEnd + 2 + size + 2)
    }
    body = out
  }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    json = undefined
  }
  return { status: Number(statusLine?.split(" ")[1] ?? 0), headers, body, json }
}

/** Sends one request on a fresh connection (`Connection: close`) and reads the whole answer. */
export const send = (port: number, request: RawRequest): Effect.Effect<RawReply> =>
  Effect.async<RawReply>((resume) => {
    const socket = connect({ host: "127.0.0.1", port })
    const chunks: Array<Buffer> = []
    const body = request.body ?? ""
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      connection: "close",
      ...(request.body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}),
      ...request.headers
    }
    const head = [`${request.method} ${request.target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join("\r\n")
    socket.on("connect", () => socket.write(`${head}\r\n\r\n${request.raw ?? body}`))
    socket.on("data", (chunk) => chunks.push(chunk))
    socket.on("close", () => resume(Effect.succeed(parse(Buffer.concat(chunks).toString("utf8")))))
    socket.on("error", () => resume(Effect.succeed({ status: 0, headers: {}, body: "", json: undefined })))
    return Effect.sync(() => socket.destroy())
  })
