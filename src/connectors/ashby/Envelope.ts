/**
 * Ashby's response envelope. Every call answers `{ success: true, results, ... }` or — with HTTP
 * 200 — `{ success: false, errors: [...], errorInfo?: { code, message } }`, where `errors` holds codes
 * (`"invalid_input"`) or objects with a `code`/`message`. A failure becomes a typed error: a
 * `sync_token_expired` code is reported as such (the list falls back to a full read), a not-found
 * code as NotFound, anything else as RequestRejected with the HTTP status it came with (200).
 */
import * as Effect from "effect/Effect"
import { type ConnectorError, DecodeError, NotFound, RequestRejected } from "../../core/ConnectorError.js"
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"

/** The error code of an expired `syncToken`. */
export const syncTokenExpired = "sync_token_expired"

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** What a failed envelope says. */
export interface Failure {
  readonly codes: ReadonlyArray<string>
  readonly message: string
}

/** The failure in a body, or `undefined` when the call succeeded. */
export const failureOf = (body: unknown): Failure | undefined => {
  if (isRecord(body) && body.success === true) return undefined
  const codes: Array<string> = []
  const messages: Array<string> = []
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : []
  for (const error of errors) {
    if (typeof error === "string") codes.push(error)
    else if (isRecord(error)) {
      if (typeof error.code === "string") codes.push(error.code)
      if (typeof error.message === "string") messages.push(error.message)
    }
  }
  const info = isRecord(body) && isRecord(body.errorInfo) ? body.errorInfo : undefined
  if (typeof info?.code === "string" && !codes.includes(info.code)) codes.push(info.code)
  if (typeof info?.message === "string") messages.push(info.message)
  const text = [...codes, ...messages].join(": ")
  return { codes, message: text === "" ? (isRecord(body) ? "success is not true" : "response is not an Ashby envelope") : text }
}

/** Whether a failure says the record does not exist. */
export const isNotFound = (failure: Failure): boolean => failure.codes.some((code) => /not_found/i.test(code)) || /not found/i.test(failure.message)

/** Whether a failure says the sync token has expired. */
export const isSyncTokenExpired = (failure: Failure): boolean => failure.codes.includes(syncTokenExpired)

/** The typed error of a failed envelope. */
export const toError = (path: string, response: VendorHttp.Response, failure: Failure, scrub: (text: string) => string): ConnectorError => {
  const reason = scrub(`POST ${path}: ${failure.message}`)
  if (!isRecord(response.body)) return new DecodeError({ connector: Config.name, reason })
  if (isNotFound(failure)) return new NotFound({ connector: Config.name, what: reason })
  return new RequestRejected({ connector: Config.name, status: response.status, reason })
}

/** Succeeds with the response when its envelope says `success: true`, else fails with the typed error. */
export const ensure =
  (path: string, scrub: (text: string) => string) =>
  (response: VendorHttp.Response): Effect.Effect<VendorHttp.Response, ConnectorError> => {
    const failure = failureOf(response.body)
    return failure === undefined ? Effect.succeed(response) : Effect.fail(toError(path, response, failure, scrub))
  }
