/**
 * HrFlow.ai webhooks: `{ type, origin, message, job | profile }` with `type` such as
 * `profile.parsing.success` or `job.storing.update`, signed in the `HTTP-HRFLOW-SIGNATURE` header with
 * the hex HMAC-SHA256 of the raw body under the webhook secret [U: the digest's text form].
 *
 * Event types become unified events: `<resource>.(parsing|storing|indexing).success` → `created`
 * (first time), `….update` → `updated`, `<resource>.archive…` → `archived`, `<resource>.delet…` →
 * `deleted`; errors and AI-side notifications (embedding, searching, scoring) are not record changes.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import { WebhookError } from "../../core/ConnectorError.js"
import type { EventType } from "../../core/Event.js"
import type { UnifiedEvent } from "../../core/Unified.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"

/** The signature header (lower-cased, as deliveries carry them). */
export const signatureHeader = "http-hrflow-signature"

const Payload = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const Delivery = Schema.Struct({
  type: Schema.String,
  origin: Schema.optional(Schema.Unknown),
  message: Schema.optional(Schema.NullOr(Schema.String)),
  job: Schema.optional(Payload),
  profile: Schema.optional(Payload)
})

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

/** The error of a connector asked to parse a delivery with no webhook secret configured. */
export const noSecret = rejected(
  `no webhook secret to verify the ${signatureHeader} header: pass webhook_secret in the auth payload or set ${Config.env.webhook_secret}`
)

/** The signature of a body, as the header carries it. */
export const sign = (body: string, secret: string): string => SignedWebhook.hmacSha256Hex(secret, body)

/** Checks the delivery's signature against its raw body, in constant time. */
export const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[signatureHeader]?.trim()
  if (given === undefined || given === "") return Either.left(rejected(`unsigned delivery: missing ${signatureHeader} header`))
  return SignedWebhook.matches(given.toLowerCase(), sign(delivery.body, secret))
    ? Either.void
    : Either.left(rejected(`${signatureHeader} does not match the body`))
}

const recordStages: ReadonlySet<string> = new Set(["parsing", "storing", "indexing"])

/** The unified event type of an HrFlow event's stage and status, if it is a record change. */
export const eventType = (stage: string, status: string): EventType | undefined => {
  if (stage.startsWith("archiv") && status !== "error") return "archived"
  if (stage.startsWith("delet") && status !== "error") return "deleted"
  if (!recordStages.has(stage)) return undefined
  return status === "success" ? "created" : status === "update" ? "updated" : undefined
}

/**
 * Parses a delivery as a unified event for `resource`; `None` for another resource's events and event kinds
 * that are not record changes. With a `secret`, unsigned or badly signed deliveries are rejected; without
 * one the body is only parsed (the connector's `parseEvent` always requires a secret).
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const body = yield* SignedWebhook.verifiedBody(delivery, secret, { connector: Config.name, verify, decode: decodeDelivery })
    const { type } = body
    const [kind, stage, status] = type.split(".")
    if (kind !== resource || stage === undefined || status === undefined) return Option.none()
    const event = eventType(stage, status)
    if (event === undefined) return Option.none()
    const record = body[resource]
    const key = record?.key
    if (typeof key !== "string" || key === "") return yield* malformed(`${type} delivery without ${resource}.key`)
    return Option.some<UnifiedEvent>({ resource, type: event, resource_id: key, origin: Config.name, payload: record })
  })
