/**
 * Request-decoding failures, answered as a 400 naming the first offending field. HttpApi hands them
 * over flattened into English messages; to say "expected one of ..." from the schema itself, the part
 * of the request that failed (path, query or body) is decoded again here against its endpoint's
 * schema, which keeps the parse issue tree.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import type { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { Api } from "./Api.js"
import * as Errors from "./Errors.js"

/** A request part's schema, as decoded from what was sent. */
type Decoder = Schema.Schema<never, unknown>

interface Route {
  readonly method: string
  /** Path segments; `:name` matches any one. */
  readonly segments: ReadonlyArray<string>
  readonly path: Option.Option<Decoder>
  readonly query: Option.Option<Decoder>
  readonly body: Option.Option<Decoder>
}

let cached: ReadonlyArray<Route> | undefined
const routes = (): ReadonlyArray<Route> => {
  if (cached !== undefined) return cached
  const out: Array<Route> = []
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) =>
      out.push({
        method: endpoint.method,
        segments: endpoint.path.split("/").filter((s) => s !== ""),
        path: endpoint.pathSchema,
        query: endpoint.urlParamsSchema,
        body: endpoint.payloadSchema
      })
  })
  return (cached = out)
}

/** The route a request goes to, with its path parameters. */
const match = (method: string, segments: ReadonlyArray<string>) => {
  for (const route of routes()) {
    if (route.method !== method || route.segments.length !== segments.length) continue
    const params: Record<string, string> = {}
    if (route.segments.every((s, i) => (s.startsWith(":") ? ((params[s.slice(1)] = segments[i]!), true) : s === segments[i]))) {
      return Option.some({ route, params })
    }
  }
  return Option.none()
}

const failure = (schema: Option.Option<Decoder>, input: unknown): Option.Option<ParseResult.ParseError> =>
  Option.flatMap(schema, (s) => Either.getLeft(Schema.decodeUnknownEither(s)(input)))

/** The 400 for a request HttpApi could not decode; `secrets` are scrubbed from the message. */
export const badRequest = (error: HttpApiDecodeError, secrets: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://localhost")
    const segments = url.pathname
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s))
    const text = yield* Effect.orElseSucceed(request.text, () => "")
    const body = Either.getOrUndefined(Either.try(() => (text === "" ? undefined : (JSON.parse(text) as unknown))))
    const tree = Option.flatMap(match(request.method, segments), ({ route, params }) =>
      failure(route.path, params).pipe(
        Option.orElse(() => failure(route.query, HttpServerRequest.searchParamsFromURL(url))),
        Option.orElse(() => failure(route.body, body))
      )
    )
    return Option.match(tree, {
      onSome: (parseError) => Errors.fromParseError(parseError, { secrets }),
      onNone: () => Errors.fromParseIssues(error.issues, { secrets })
    })
  })
