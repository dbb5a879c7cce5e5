/**
 * Warehouse A webhooks: `{ event: "job.updated", job: {...}, occurred_at?, id? }` (or `profile.*` with
 * `profile`), optionally signed with `X-Warehouse-A-Signature: sha256=<hex HMAC-SHA256 of the body>`.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import { WebhookError } from "../../core/ConnectorError.js"
import { EventType } from "../../core/Event.js"
import * as Metadata from "../../core/Metadata.js"
import type { UnifiedEvent } from "../../core/Unified.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"
import * as Schemas from "./Schemas.js"

/** The signature header (lower-cased, as deliveries carry them). */
export const signatureHeader = "x-warehouse-a-signature"

const Delivery = Schema.Struct({
  event: Schema.String,
  id: Schema.optional(Schema.String),
  occurred_at: Schema.optional(Metadata.DateTimeString),
  job: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  profile: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))
const isEventType = Schema.is(EventType)

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

/** The signature of a body, as the header carries it. */
export const sign = (body: string, secret: string): string => `sha256=${SignedWebhook.hmacSha256Hex(secret, body)}`

const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[signatureHeader]
  if (given === undefined) return Either.left(rejected(`missing ${signatureHeader} header`))
  return SignedWebhook.matches(given, sign(delivery.body, secret)) ? Either.void : Either.left(rejected(`${signatureHeader} does not match the body`))
}

/**
 * A delivery as a unified event for `resource`; `None` for another resource's events and event kinds
 * that are not record changes. With a `secret`, unsigned or badly signed deliveries are rejected.
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const { event, id, job, occurred_at, profile } = yield* SignedWebhook.verifiedBody(delivery, secret, {
      connector: Config.name,
      verify,
      decode: decodeDelivery
    })
    const [kind, type] = event.split(".", 2)
    if (kind !== resource || type === undefined || !isEventType(type)) return Option.none()
    const record = resource === "job" ? job : profile
    const idField = Schemas.idField[resource]
    const recordId = record?.[idField]
    if (typeof recordId !== "string" || recordId === "") return yield* malformed(`${event} delivery without ${resource}.${idField}`)
    return Option.some<UnifiedEvent>({
      resource,
      type,
      resource_id: recordId,
      origin: Config.name,
      ...(id !== undefined ? { event_id: id } : {}),
      ...(occurred_at !== undefined ? { occurred_at } : {}),
      payload: record
    })
  })
