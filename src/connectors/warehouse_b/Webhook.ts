/**
 * Warehouse B webhooks: `{ type: "job.updated", data: {...}, sent_at? }` (or `candidate.*` for
 * profiles), authenticated by a shared token in `X-Webhook-Token`.
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

/** The shared-token header (lower-cased, as deliveries carry them). */
export const tokenHeader = "x-webhook-token"

/** Warehouse B's name of each resource in event types. */
const kinds = { job: "job", profile: "candidate" } as const

const Delivery = Schema.Struct({
  type: Schema.String,
  data: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  sent_at: Schema.optional(Metadata.DateTimeString),
  delivery_id: Schema.optional(Schema.String)
})

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))
const isEventType = Schema.is(EventType)

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[tokenHeader]
  if (given === undefined) return Either.left(rejected(`missing ${tokenHeader} header`))
  return SignedWebhook.matches(given, secret) ? Either.void : Either.left(rejected(`${tokenHeader} does not match`))
}

/**
 * A delivery as a unified event for `resource`; `None` for the other resource's events and event kinds
 * that are not record changes. With a `secret`, deliveries without the matching token are rejected.
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const { data, delivery_id, sent_at, type } = yield* SignedWebhook.verifiedBody(delivery, secret, { connector: Config.name, verify, decode: decodeDelivery })
    const [kind, change] = type.split(".", 2)
    if (kind !== kinds[resource] || change === undefined || !isEventType(change)) return Option.none()
    const recordId = data[Schemas.idField]
    if (typeof recordId !== "string" || recordId === "") return yield* malformed(`${type} delivery without data.id`)
    const event = {
      type: change,
      resource_id: recordId,
      origin: Config.name,
      ...(delivery_id !== undefined ? { event_id: delivery_id } : {}),
      ...(sent_at !== undefined ? { occurred_at: sent_at } : {}),
      payload: data
    }
    return Option.some<UnifiedEvent>(resource === "job" ? { resource: "job", ...event } : { resource: "profile", ...event })
  })
