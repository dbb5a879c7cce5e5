/**
 * An in-memory HttpClient answering from a script, for TestClock tests: it records each request
 * with the (test) clock time it was sent at, and can reset the connection or hang.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** A request the script saw. */
export interface Seen {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** Clock time (ms) when it was sent. */
  readonly at: number
}

/** A scripted answer. */
export type Reply =
  | { readonly status?: number; readonly headers?: Record<string, string>; readonly body?: unknown; readonly text?: string }
  | { readonly reset: true; readonly message?: string }
  | { readonly hang: true }

/** The script: one reply per request (the log so far includes the current request). */
export type Script = (request: Seen, log: ReadonlyArray<Seen>) => Reply | Effect.Effect<Reply>

/** A scripted client layer and its request log. */
export const make = (script: Script): { readonly layer: Layer.Layer<HttpClient.HttpClient>; readonly log: Array<Seen> } => {
  const log: Array<Seen> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      const seen: Seen = { method: request.method, url, headers: { ...request.headers }, body, at: yield* Clock.currentTimeMillis }
      log.push(seen)
      const result = script(seen, log)
      const reply = Effect.isEffect(result) ? yield* result : result
      if ("reset" in reply) {
        return yield* new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error(reply.message ?? "socket hang up (ECONNRESET)") })
      }
      if ("hang" in reply) return yield* Effect.never
      const headers: Record<string, string> = { ...reply.headers }
      let payload: string | null = null
      if (reply.text !== undefined) payload = reply.text
      else if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body)
        headers["content-type"] ??= "application/json"
      }
      return HttpClientResponse.fromWeb(request, new Response(payload, { status: reply.status ?? 200, headers }))
    })
  )
  return { layer: Layer.succeed(HttpClient.HttpClient, client), log }
}

/** Gaps between consecutive requests, in ms. */
export const gaps = (log: ReadonlyArray<Seen>): ReadonlyArray<number> => log.slice(1).map((seen, i) => seen.at - log[i]!.at)
