/**
 * Who may talk to a worker's cluster port. Workers exchange the cluster's messages over HTTP; with
 * `HRTECH_ETL_CLUSTER_SECRET` set, every request carries `Authorization: Bearer <token>` where the
 * token is derived from the secret (HMAC-SHA256, so the secret itself never travels), and a worker
 * answers 401 to any request without it. Without a secret, a worker binds loopback only.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { createHmac, timingSafeEqual } from "node:crypto"

/** The environment variable of the shared secret. */
export const secretEnv = "HRTECH_ETL_CLUSTER_SECRET"

/** The shortest secret accepted. */
export const minSecretLength = 16

/** A worker configuration that cannot be run safely; `field` names the flag or variable. */
export class WorkerConfigError extends Schema.TaggedError<WorkerConfigError>("hrtech-etl/WorkerConfigError")("WorkerConfigError", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/** Whether an address is reachable from this machine only. */
export const isLoopback = (host: string): boolean => {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h)
}

/** The bearer token of a secret: what workers present, never the secret itself. */
export const tokenOf = (secret: Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.make(createHmac("sha256", Redacted.value(secret)).update("hrtech-etl cluster runner v1", "utf8").digest("base64url"))

/**
 * Checks a worker's settings: a secret, when given, is long enough; without one the worker must bind
 * loopback (anyone reaching the port could otherwise send the cluster's messages).
 */
export const check = (secret: Redacted.Redacted<string> | undefined, listenHost: string): Effect.Effect<void, WorkerConfigError> => {
  if (secret !== undefined && Redacted.value(secret).length < minSecretLength) {
    return Effect.fail(new WorkerConfigError({ field: secretEnv, reason: `must be at least ${minSecretLength} characters` }))
  }
  if (secret === undefined && !isLoopback(listenHost)) {
    return Effect.fail(
      new WorkerConfigError({
        field: "--listen-host",
        reason: `binding ${listenHost} exposes the worker port beyond this machine: set ${secretEnv} (the same value on every worker), or bind 127.0.0.1`
      })
    )
  }
  return Effect.void
}

const matches = (presented: string | undefined, token: Redacted.Redacted<string>): boolean => {
  const match = presented === undefined ? null : /^Bearer\s+(\S+)$/i.exec(presented.trim())
  if (match === null) return false
  const given = Buffer.from(match[1]!, "utf8")
  const wanted = Buffer.from(Redacted.value(token), "utf8")
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

/** Server middleware: without the token, 401 before the cluster's handlers see the request. */
export const requireToken =
  (token: Redacted.Redacted<string> | undefined) =>
  <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
    token === undefined
      ? app
      : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
          matches(request.headers.authorization, token) ? app : Effect.succeed(HttpServerResponse.text("unauthorized", { status: 401 }))
        )

/** The worker's HTTP client, sending the token on every request to other workers. */
export const withToken =
  (token: Redacted.Redacted<string> | undefined) =>
  <E, R>(client: Layer.Layer<HttpClient.HttpClient, E, R>): Layer.Layer<HttpClient.HttpClient, E, R> =>
    token === undefined
      ? client
      : Layer.effect(
          HttpClient.HttpClient,
          Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.bearerToken(Redacted.value(token))))
        ).pipe(Layer.provide(client))
