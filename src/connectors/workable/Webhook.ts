/**
 * Workable webhooks: `{ event_type, data, id?, fired_at?, resource_type? }` where `data` is the
 * candidate. Events: `candidate_created` (→ created) and `candidate_moved` (→ updated, a stage
 * change); Workable sends no job events. Deliveries are signed with `X-Workable-Signature`: the hex
 * HMAC-SHA256 of the raw body, keyed with the subscription's token.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import { WebhookError } from "../../core/ConnectorError.js"
import type { EventType } from "../../core/Event.js"
import * as Metadata from "../../core/Metadata.js"
import type { UnifiedEvent } from "../../core/Unified.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"

/** The signature header (lower-cased, as deliveries carry them). */
export const signatureHeader = "x-workable-signature"

/** Workable event types that change a candidate, and what they mean. */
export const events: Readonly<Record<string, EventType>> = {
  candidate_created: "created",
  candidate_moved: "updated"
}

const Delivery = Schema.Struct({
  event_type: Schema.String,
  data: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  id: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  fired_at: Schema.optional(Schema.NullOr(Metadata.DateTimeString)),
  resource_type: Schema.optional(Schema.String)
})

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

/** The signature of a body, as Workable sends it. */
export const sign = (body: string, secret: string): string => SignedWebhook.hmacSha256Hex(secret, body)

/** Checks the delivery's signature against the body in constant time. */
export const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[signatureHeader]
  if (given === undefined || given === "") return Either.left(rejected(`missing ${signatureHeader} header`))
  return SignedWebhook.matches(given.trim().toLowerCase(), sign(delivery.body, secret))
    ? Either.void
    : Either.left(rejected(`${signatureHeader} does not match the body`))
}

/**
 * A delivery as a unified profile event; `None` for job reads and event types that are not candidate
 * changes. With a secret (the argument, else the configured one) unsigned or badly signed
 * deliveries are rejected before the body is looked at.
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const { data, event_type, fired_at, id } = yield* SignedWebhook.verifiedBody(delivery, secret, { connector: Config.name, verify, decode: decodeDelivery })
    const type = events[event_type]
    if (resource !== "profile" || type === undefined) return Option.none()
    const candidateId = data.id
    if (typeof candidateId !== "string" || candidateId === "") return yield* malformed(`${event_type} delivery without data.id`)
    return Option.some<UnifiedEvent>({
      resource: "profile",
      type,
      resource_id: candidateId,
      origin: Config.name,
      ...(id !== undefined ? { event_id: String(id) } : {}),
      ...(fired_at != null ? { occurred_at: fired_at } : {}),
      payload: data
    })
  })
