/**
 * Ashby webhooks: `{ action, data, webhookActionId? }`, signed with `Ashby-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body>` keyed with the webhook's secret token. Actions that
 * change a record (the table below; `ping` and others are not record changes):
 * - `jobCreate` / `jobUpdate` → job created / updated (`data.job.id`);
 * - `candidateDelete` → profile deleted (`data.candidate.id`);
 * - `applicationSubmit` → profile upserted, `applicationUpdate`, `candidateStageChange`,
 *   `candidateHire` → profile updated (`data.application.candidate.id`, or `candidateId`).
 * These shapes come from working client code, not Ashby's reference: the table is the place to adjust.
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
import * as SignedWebhook from "../../http/SignedWebhook.js"
import * as Config from "./Config.js"

/** The signature header (lower-cased, as deliveries carry them). */
export const signatureHeader = "ashby-signature"

/** An action that changes a record: which resource, what happened, and where the record is in `data`. */
export interface ActionMeaning {
  readonly resource: Resource
  readonly type: EventType
  /** Path of the changed record in `data`. */
  readonly record: ReadonlyArray<string>
}

/** Ashby actions that change a job or a candidate. */
export const actions: Readonly<Record<string, ActionMeaning>> = {
  jobCreate: { resource: "job", type: "created", record: ["job"] },
  jobUpdate: { resource: "job", type: "updated", record: ["job"] },
  candidateDelete: { resource: "profile", type: "deleted", record: ["candidate"] },
  applicationSubmit: { resource: "profile", type: "upserted", record: ["application", "candidate"] },
  applicationUpdate: { resource: "profile", type: "updated", record: ["application", "candidate"] },
  candidateStageChange: { resource: "profile", type: "updated", record: ["application", "candidate"] },
  candidateHire: { resource: "profile", type: "updated", record: ["application", "candidate"] }
}

const Delivery = Schema.Struct({
  action: Schema.String,
  data: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  webhookActionId: Schema.optional(Schema.String)
})

const decodeDelivery = Schema.decodeUnknownEither(Schema.parseJson(Delivery))

const rejected = (reason: string) => new WebhookError({ connector: Config.name, reason })
/** Signed, but not a delivery the connector can read: the sender's bug. */
const malformed = (reason: string) => new WebhookError({ connector: Config.name, reason, kind: "payload" })

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The signature of a body, as the header carries it. */
export const sign = (body: string, secret: string): string => `sha256=${SignedWebhook.hmacSha256Hex(secret, body)}`

/** Checks the delivery's signature against the body in constant time. */
export const verify = (delivery: Connector.WebhookDelivery, secret: string): Either.Either<void, WebhookError> => {
  const given = delivery.headers[signatureHeader]
  if (given === undefined || given === "") return Either.left(rejected(`missing ${signatureHeader} header`))
  return SignedWebhook.matches(given.trim(), sign(delivery.body, secret)) ? Either.void : Either.left(rejected(`${signatureHeader} does not match the body`))
}

/** The id of the changed record: `<path>.id`, or for an application its `candidateId`. */
const recordId = (data: Readonly<Record<string, unknown>>, path: ReadonlyArray<string>): string | undefined => {
  let current: unknown = data
  for (const key of path) current = isRecord(current) ? current[key] : undefined
  if (isRecord(current) && typeof current.id === "string" && current.id !== "") return current.id
  const parent = path.length > 1 ? data[path[0]!] : undefined
  return isRecord(parent) && typeof parent.candidateId === "string" && parent.candidateId !== "" ? parent.candidateId : undefined
}

/**
 * A delivery as a unified event for `resource`; `None` for pings, another resource's actions and
 * actions that are not record changes. With a secret (the argument, else the configured one)
 * unsigned or badly signed deliveries are rejected before the body is looked at.
 */
export const parseEvent: SignedWebhook.ParseEvent = (resource, delivery, secret) =>
  Effect.gen(function* () {
    const { action, data, webhookActionId } = yield* SignedWebhook.verifiedBody(delivery, secret, { connector: Config.name, verify, decode: decodeDelivery })
    const meaning = actions[action]
    if (meaning === undefined || meaning.resource !== resource) return Option.none()
    const id = data === undefined ? undefined : recordId(data, meaning.record)
    if (id === undefined) return yield* malformed(`${action} delivery without data.${meaning.record.join(".")}.id`)
    let payload: unknown = data
    for (const key of meaning.record) payload = isRecord(payload) ? payload[key] : undefined
    return Option.some<UnifiedEvent>({
      resource,
      type: meaning.type,
      resource_id: id,
      origin: Config.name,
      ...(webhookActionId !== undefined ? { event_id: webhookActionId } : {}),
      payload: payload ?? data
    })
  })
