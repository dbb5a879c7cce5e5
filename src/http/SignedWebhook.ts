/**
 * What the HTTP connectors' webhook parsers share: signatures as hex HMAC-SHA256, a presented
 * signature or token compared in constant time, the decoded JSON body of a delivery that was
 * verified first when a secret is given, the connector's configured secret as the default one, and
 * the freshness check of a vendor-signed timestamp. Where each vendor puts its signature, and what
 * it signs, stays in the connector's `Webhook.ts`.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import type * as Connector from "../core/Connector.js"
import { WebhookError } from "../core/ConnectorError.js"

/** A connector's webhook parser: a delivery as a unified event for `resource`, `None` for other deliveries. */
export type ParseEvent = NonNullable<Connector.Connector["parseEvent"]>

/** The hex HMAC-SHA256 of a text keyed with a secret. */
export const hmacSha256Hex = (secret: string, text: string): string => createHmac("sha256", secret).update(text, "utf8").digest("hex")

/** Whether a presented signature (or token) equals the expected one, compared in constant time. */
export const matches = (presented: string, expected: string): boolean => {
  const actual = Buffer.from(presented, "utf8")
  const wanted = Buffer.from(expected, "utf8")
  return actual.length === wanted.length && timingSafeEqual(actual, wanted)
}

/** How a connector checks and decodes its deliveries. */
export interface BodyOptions<A> {
  /** The connector's registry name, named by every error. */
  readonly connector: string
  /** Checks the delivery against the secret (signature or token). */
  readonly verify: (delivery: Connector.WebhookDelivery, secret: string) => Either.Either<void, WebhookError>
  /** Decodes the raw body. */
  readonly decode: (body: string) => Either.Either<A, ParseResult.ParseError>
}

/**
 * The decoded body of a delivery. With a secret, the delivery is verified before its body is looked at;
 * a body that does not decode is rejected as `malformed delivery`.
 */
export const verifiedBody = <A>(delivery: Connector.WebhookDelivery, secret: string | undefined, options: BodyOptions<A>): Effect.Effect<A, WebhookError> =>
  Effect.gen(function* () {
    if (secret !== undefined) yield* options.verify(delivery, secret)
    const decoded = options.decode(delivery.body)
    if (Either.isLeft(decoded)) {
      return yield* new WebhookError({ connector: options.connector, reason: `malformed delivery: ${decoded.left.message}`, kind: "payload" })
    }
    return decoded.right
  })

/**
 * A connector's `parseEvent` over its configured webhook secret; a secret given with the delivery wins.
 * With `required`, a delivery is refused with that error when neither is set: the vendor always signs,
 * so without a secret to check against no delivery is trusted.
 */
export const withConfiguredSecret = (
  configured: Redacted.Redacted<string> | undefined,
  parse: ParseEvent,
  options: { readonly required?: WebhookError } = {}
): ParseEvent => {
  const fallback = configured === undefined ? undefined : Redacted.value(configured)
  return (resource, delivery, secret) => {
    const key = secret ?? fallback
    return key === undefined && options.required !== undefined ? Effect.fail(options.required) : parse(resource, delivery, key)
  }
}

/** The environment variable of the signed-timestamp tolerance, in seconds. */
export const toleranceEnv = "HRTECH_ETL_WEBHOOK_TOLERANCE_SECONDS"

/** The tolerance when none is configured: 5 minutes. */
export const defaultTolerance: Duration.Duration = Duration.minutes(5)

/**
 * How far a vendor-signed timestamp may be from this machine's clock, either way (clock skew), before
 * the delivery is refused as stale. The server provides its configured value; the default applies elsewhere.
 */
export class Tolerance extends Context.Reference<Tolerance>()("hrtech-etl/SignedWebhook/Tolerance", {
  defaultValue: (): Duration.Duration => defaultTolerance
}) {}

/**
 * Refuses a delivery whose signed timestamp (epoch ms, named `field`) is further from now than the
 * tolerance: an old delivery replayed after its event id was forgotten, or one dated ahead.
 */
export const checkSignedTime = (connector: string, field: string, signedAt: number): Effect.Effect<void, WebhookError> =>
  Effect.gen(function* () {
    const tolerance = Duration.toMillis(yield* Tolerance)
    const skew = (yield* Clock.currentTimeMillis) - signedAt
    if (Math.abs(skew) <= tolerance) return
    const by = Duration.format(Duration.seconds(Math.round(Math.abs(skew) / 1000)))
    return yield* new WebhookError({
      connector,
      kind: "stale",
      reason: `stale delivery: ${field} is ${by} ${skew > 0 ? "old" : "ahead"} (tolerance ${Duration.format(Duration.millis(tolerance))})`
    })
  })
