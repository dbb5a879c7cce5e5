/**
 * Reading a vendor's response body with a size bound, shared by API calls (`VendorHttp`) and OAuth
 * token requests (`Auth`): an oversized answer costs at most the bound in memory.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"

/** Why a body was not read: it is larger than the limit (declared or streamed). */
export type TooLarge = "TooLarge"

/**
 * Reads a body as UTF-8 text, chunk by chunk, stopping (and cancelling the transfer) past `limit`
 * bytes. A response without a body (204, HEAD, an empty reply) reads as empty text.
 */
export const readText = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Either.Either<string, TooLarge>, HttpClientError.ResponseError> => {
  const declared = Number(response.headers["content-length"])
  if (Number.isFinite(declared) && declared > limit) return Effect.succeed(Either.left("TooLarge"))
  const chunks: Array<Uint8Array> = []
  let size = 0
  return response.stream.pipe(
    Stream.runForEachWhile((chunk) =>
      Effect.sync(() => {
        size += chunk.length
        if (size > limit) return false
        chunks.push(chunk)
        return true
      })
    ),
    Effect.map(() => (size > limit ? Either.left("TooLarge" as const) : Either.right(Buffer.concat(chunks, size).toString("utf8")))),
    Effect.catchIf(
      (error) => error.reason === "EmptyBody",
      () => Effect.succeed(Either.right(""))
    )
  )
}
