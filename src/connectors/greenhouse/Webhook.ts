/**
 * Greenhouse webhooks: `{ action, payload }`, signed in the `Signature` header as
 * `sha256 <hex HMAC-SHA256 of the raw body>` under the webhook's secret key. The `Greenhouse-Event-ID`
 * header is not signed, so it is not the event id: retries are deduplicated on the signed body's
 * digest, and Greenhouse signs no timestamp.
 *
 * Actions that change a job or a candidate become unified events (see `actions`); the rest
 * (interviews, offers, stage changes, `ping`, ...) are not record changes of a resource read here.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Connector from "../../core/Connector.js"
import { WebhookError } from "../../core/ConnectorError.js"
import type { EventType } from "../../core/Event.js"
import type { Resource } from "../../core/Resource.js"
import type { UnifiedEvent } from "../../core/Unified.js"
import * as Paging from "../../http/Paging.js"
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"

/** The signature header (lower-cased, as deliveries carry them). */
export const signatureHeader = "signature"

/** Record-changing actions: the resource, the unified event type, and where the record is in `payload`. */
export const actions: Readonly<Record<string, { readonly resource: Resource; readonly type: EventType; readonly record: string }>> = {
  job_created: { resource: "job", type: "created", record: "job" },
  job_updated: { resource: "job", type: "updated", record: "job" },
  job_approved: { resource: "job", type: "updated", record: "job" },
  job_deleted: { resource: "job", type: "deleted", record: "job" },
  update_candidate: { resource: "profile", type: "updated", record: "candidate" },
  new_candidate_application: { resource: "profile", type: "upserted", record: "application.candidate" },
  delete_candidate: { resource: "profile", type: "deleted", record: "person" },
  // The merged-away candidate is gone; the survivor gets its own update.
  merge_candidate: { resource: "profile", type: "deleted", record: "person" }
}

const Delivery = Schema.Struct({
  action: Schema.String,
  payload: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
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
export const sign = (body: string, secret: string): string => `sha256 ${SignedWebhook.hmacSha256Hex(secret, body)}`

/** Checks the delivery's signature against its raw body, in constant time. */
export const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[signatureHeader]?.trim()
  if (given === undefined || given === "") return Either.left(rejected(`unsigned delivery: missing ${signatureHeader} header`))
  return SignedWebhook.matches(given.replace(/^sha256\s+/i, "sha256 ").toLowerCase(), sign(delivery.body, secret))
    ? Either.void
    : Either.left(rejected(`${signatureHeader} does not match the body`))
}

/**
 * Parses a delivery as a unified event for `resource`; `None` for another resource's events and actions that
 * are not record changes. With a `secret`, unsigned or badly signed deliveries are rejected; without one
 * the body is only parsed (the connector's `parseEvent` always requires a secret).
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const { action, payload } = yield* SignedWebhook.verifiedBody(delivery, secret, { connector: Config.name, verify, decode: decodeDelivery })
    const known = actions[action]
    if (known === undefined || known.resource !== resource) return Option.none()
    const record = Paging.at(payload, known.record)
    const id = Paging.at(record, "id")
    if (typeof id !== "number" && (typeof id !== "string" || id === "")) {
      return yield* malformed(`${action} delivery without payload.${known.record}.id`)
    }
    return Option.some<UnifiedEvent>({
      resource,
      type: known.type,
      resource_id: String(id),
      origin: Config.name,
      payload: record
    })
  })
