/**
 * Lever webhooks: HMAC-SHA256 over `token + triggeredAt` (valid, tampered, missing), the signed
 * `triggeredAt` held to the tolerance (a replay hours later is stale), and the mapping of Lever's
 * opportunity events to unified profile events.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as Lever from "../../../src/connectors/lever/index.js"
import * as SignedWebhook from "../../../src/http/SignedWebhook.js"

const { sign } = Lever.Webhook
const secret = "lever-signature-token-123"
const triggeredAt = Date.UTC(2024, 1, 2, 3, 4, 5, 678)

/** Parses at a clock one second after the delivery was triggered (the TestClock starts at 1970). */
const parseEvent: typeof Lever.Webhook.parseEvent = (...args) => Effect.zipRight(TestClock.setTime(triggeredAt + 1000), Lever.Webhook.parseEvent(...args))

const delivery = (event: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
  const token = "d9b3a0f2c1e94f6b"
  const body = { event, triggeredAt, token, signature: sign(token, triggeredAt, secret), data, ...overrides }
  return { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
}

const stageChange = delivery("candidateStageChange", { opportunityId: "opp-1", fromStageId: "a", toStageId: "b" })

describe("Lever webhooks", () => {
  it.effect("a validly signed stage change is an updated profile event", () =>
    Effect.gen(function* () {
      const event = yield* parseEvent("profile", stageChange, secret)
      expect(Option.getOrThrow(event)).toEqual({
        resource: "profile",
        type: "updated",
        resource_id: "opp-1",
        origin: "lever",
        event_id: "d9b3a0f2c1e94f6b",
        occurred_at: "2024-02-02T03:04:05.678Z",
        payload: { opportunityId: "opp-1", fromStageId: "a", toStageId: "b" }
      })
    })
  )

  it.effect("tampered token, triggeredAt or signature, and a wrong secret, are rejected", () =>
    Effect.gen(function* () {
      const body = JSON.parse(stageChange.body) as Record<string, unknown>
      const variants = [
        { ...body, token: "another-token" },
        { ...body, triggeredAt: triggeredAt + 1 },
        { ...body, signature: (body.signature as string).replace(/^./, (c) => (c === "0" ? "1" : "0")) },
        { ...body, signature: "short" }
      ]
      for (const variant of variants) {
        const error = yield* Effect.flip(parseEvent("profile", { body: JSON.stringify(variant), headers: {} }, secret))
        expect(error._tag).toBe("WebhookError")
        expect(error.message).not.toContain(secret)
      }
      const wrongKey = yield* Effect.flip(parseEvent("profile", stageChange, "not-the-secret"))
      expect(wrongKey.message).toContain("signature does not match")
    })
  )

  it.effect("an unsigned delivery is rejected when a secret is configured, accepted without one", () =>
    Effect.gen(function* () {
      const { signature: _, ...unsigned } = JSON.parse(stageChange.body) as Record<string, unknown>
      const raw = { body: JSON.stringify(unsigned), headers: {} }
      const error = yield* Effect.flip(parseEvent("profile", raw, secret))
      expect(error.message).toContain("unsigned")
      expect(Option.isSome(yield* parseEvent("profile", raw))).toBe(true)
    })
  )

  it.effect("maps Lever's events; others and job deliveries are not events; malformed bodies are rejected", () =>
    Effect.gen(function* () {
      const typeOf = (event: string, data: Record<string, unknown>) =>
        Effect.map(
          parseEvent("profile", delivery(event, data), secret),
          Option.map((e) => e.type)
        )
      expect(yield* typeOf("applicationCreated", { opportunityId: "o" })).toEqual(Option.some("created"))
      expect(yield* typeOf("candidateHired", { opportunityId: "o" })).toEqual(Option.some("updated"))
      expect(yield* typeOf("candidateArchiveChange", { opportunityId: "o", toArchived: { archivedAt: 1, reason: "r" } })).toEqual(Option.some("archived"))
      expect(yield* typeOf("candidateArchiveChange", { opportunityId: "o", toArchived: null, fromArchived: { reason: "r" } })).toEqual(Option.some("updated"))
      expect(yield* typeOf("candidateDeleted", { opportunityId: "o" })).toEqual(Option.some("deleted"))
      expect(yield* typeOf("candidateDeleted", { candidateId: "legacy" })).toEqual(Option.some("deleted"))
      expect(yield* typeOf("interviewCreated", { opportunityId: "o" })).toEqual(Option.none())
      expect(yield* parseEvent("job", stageChange, secret)).toEqual(Option.none())
      const noId = yield* Effect.flip(parseEvent("profile", delivery("candidateHired", {}), secret))
      expect(noId.message).toContain("data.opportunityId")
      const malformed = yield* Effect.flip(parseEvent("profile", { body: "{not json", headers: {} }))
      expect(malformed._tag).toBe("WebhookError")
    })
  )

  it.effect("a validly signed delivery whose triggeredAt is outside the tolerance, either way, is stale", () =>
    Effect.gen(function* () {
      const at = (offset: Duration.DurationInput, sign: 1 | -1, tolerance = SignedWebhook.defaultTolerance) =>
        Effect.zipRight(
          TestClock.setTime(triggeredAt + sign * Duration.toMillis(offset)),
          Effect.either(Lever.Webhook.parseEvent("profile", stageChange, secret).pipe(Effect.provideService(SignedWebhook.Tolerance, tolerance)))
        )
      expect((yield* at("299 seconds", 1))._tag).toBe("Right")
      expect((yield* at("299 seconds", -1))._tag).toBe("Right")
      for (const [offset, direction, word] of [
        ["301 seconds", 1, "old"],
        ["2 hours", 1, "old"],
        ["301 seconds", -1, "ahead"]
      ] as const) {
        const result = yield* at(offset, direction)
        expect(result._tag, offset).toBe("Left")
        if (result._tag === "Left") {
          expect(result.left.kind).toBe("stale")
          expect(result.left.message).toContain(`triggeredAt is`)
          expect(result.left.message).toContain(word)
        }
      }
      // The tolerance is configurable.
      expect((yield* at("2 hours", 1, Duration.hours(3)))._tag).toBe("Right")
      // Without a secret nothing is verified, so nothing is dated either.
      yield* TestClock.setTime(triggeredAt + Duration.toMillis("2 hours"))
      expect(Option.isSome(yield* Lever.Webhook.parseEvent("profile", stageChange))).toBe(true)
    })
  )
})
