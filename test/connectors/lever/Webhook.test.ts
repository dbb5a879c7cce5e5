/**
 * Lever webhooks: HMAC-SHA256 over `token + triggeredAt` (valid, tampered, missing), and the mapping
 * of Lever's opportunity events to unified profile events.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Lever from "../../../src/connectors/lever/index.js"

const { parseEvent, sign } = Lever.Webhook
const secret = "lever-signature-token-123"
const triggeredAt = Date.UTC(2024, 1, 2, 3, 4, 5, 678)

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
        Effect.map(parseEvent("profile", delivery(event, data), secret), Option.map((e) => e.type))
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
})
