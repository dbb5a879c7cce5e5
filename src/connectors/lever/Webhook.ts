/**
 * Lever webhooks: `{ event, triggeredAt, token, signature, data: { opportunityId, ... } }`, with
 * `triggeredAt` in epoch milliseconds. Lever signs each delivery with HMAC-SHA256 keyed by the
 * webhook's signature token over `token + triggeredAt` (hex, in the body's `signature`) — the
 * signature does not cover `data`, so the event's record is always fetched from the API by id rather
 * than trusted from the delivery. (Signing scheme seen in working client code, not in our vendor notes.)
 * The signed `token` is the event id retries are deduplicated on; a signed `triggeredAt` further from
 * now than `SignedWebhook.Tolerance` is refused as stale.
 *
 * Opportunity events become profile events: `applicationCreated` → created; `candidateStageChange`,
 * `candidateHired` → updated; `candidateArchiveChange` → archived (or updated when unarchived);
 * `candidateDeleted` → deleted. Lever sends no posting events, so job deliveries are never events.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { WebhookError } from "../../core/ConnectorError.js"
import type { EventType } from "../../core/Event.js"
import type { UnifiedEvent } from "../../core/Unified.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"

const Delivery = Schema.Struct({
  event: Schema.String,
  triggeredAt: Schema.Number,
  token: Schema.optional(Schema.String),
  signature: Schema.optional(Schema.String),
  data: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
})
type Delivery = typeof Delivery.Type

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

/** The signature Lever sends for a delivery's `token` and `triggeredAt` (hex HMAC-SHA256). */
export const sign = (token: string, triggeredAt: number, signatureToken: string): string =>
  SignedWebhook.hmacSha256Hex(signatureToken, `${token}${triggeredAt}`)

const verify = (delivery: Delivery, signatureToken: string): Either.Either<void, WebhookError> => {
  if (delivery.signature === undefined || delivery.token === undefined) {
    return Either.left(rejected("unsigned delivery: the body has no signature or token"))
  }
  return SignedWebhook.matches(delivery.signature, sign(delivery.token, delivery.triggeredAt, signatureToken))
    ? Either.void
    : Either.left(rejected("signature does not match token + triggeredAt"))
}

/** The unified event type of an opportunity event, or undefined for events that are not profile changes. */
const eventType = (delivery: Delivery): EventType | undefined => {
  switch (delivery.event) {
    case "applicationCreated":
      return "created"
    case "candidateStageChange":
    case "candidateHired":
      return "updated"
    case "candidateArchiveChange":
      return delivery.data?.toArchived != null ? "archived" : "updated"
    case "candidateDeleted":
      return "deleted"
    default:
      return undefined
  }
}

/**
 * A delivery as a unified event for `resource`; `None` for job deliveries and events that are not
 * opportunity changes. With a `secret` (the webhook's signature token), unsigned or badly signed
 * deliveries are rejected.
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const decoded = decodeDelivery(delivery.body)
    if (Either.isLeft(decoded)) {
      // Without a secret nothing vouches for the body; with one, a malformed body is not signed either.
      return yield* malformed(`malformed delivery: ${decoded.left.message}`)
    }
    const body = decoded.right
    if (secret !== undefined) {
      yield* verify(body, secret)
      // The signature covers triggeredAt: an old delivery replayed later is refused by its age.
      yield* SignedWebhook.checkSignedTime(Config.name, "triggeredAt", body.triggeredAt)
    }
    const type = eventType(body)
    if (resource !== "profile" || type === undefined) return Option.none()
    // `candidateId` is Lever's older name of the same id.
    const id = body.data?.opportunityId ?? body.data?.candidateId
    if (typeof id !== "string" || id === "") return yield* malformed(`${body.event} delivery without data.opportunityId`)
    return Option.some<UnifiedEvent>({
      resource: "profile",
      type,
      resource_id: id,
      origin: Config.name,
      ...(body.token !== undefined ? { event_id: body.token } : {}),
      occurred_at: new Date(body.triggeredAt).toISOString(),
      payload: body.data
    })
  })
