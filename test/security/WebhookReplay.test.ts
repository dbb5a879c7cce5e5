/**
 * Webhook deliveries are deduplicated on what the vendor's signature covers, and a vendor-signed
 * timestamp is held to a tolerance: a replay of a valid delivery with another (unsigned) id is a
 * duplicate, a forged id cannot make a real delivery look like one, and an old signed delivery is
 * refused as stale. Through real HTTP requests to a served intake.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import * as Greenhouse from "../../src/connectors/greenhouse/index.js"
import * as Lever from "../../src/connectors/lever/index.js"
import * as Harness from "../server/Harness.js"

const secret = "whsec-replay-secret-0123456789"

/** A server with Greenhouse and Lever webhooks into `mem_sink` (their records are never reachable: only the intake's answers matter). */
const serve = (tolerance?: Duration.Duration) =>
  Harness.start({
    webhooks: {
      greenhouse: {
        secret,
        target: "mem_sink",
        origin_auth: { client_id: "c", client_secret: "s", user_id: "1", base_url: "http://127.0.0.1:9", token_url: "http://127.0.0.1:9/token" }
      },
      lever: { secret, target: "mem_sink", origin_auth: { api_key: "k", base_url: "http://127.0.0.1:9" } }
    },
    webhookIntake: { workers: 1, ...(tolerance === undefined ? {} : { signedTimeTolerance: tolerance }) }
  })

const greenhouseBody = (candidate: number) => JSON.stringify({ action: "update_candidate", payload: { candidate: { id: candidate } } })
const greenhouseHeaders = (body: string, eventId: string) => ({
  signature: Greenhouse.Webhook.sign(body, secret),
  "greenhouse-event-id": eventId
})

const leverBody = (token: string, triggeredAt: number, data: Record<string, unknown>) =>
  JSON.stringify({ event: "candidateStageChange", triggeredAt, token, signature: Lever.Webhook.sign(token, triggeredAt, secret), data })

describe("webhook replay", () => {
  it.scopedLive("Greenhouse: dedup is on the signed body, not on the unsigned Greenhouse-Event-ID", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const post = (body: string, headers: Record<string, string>) => server.request("POST", "/api/webhooks/greenhouse", { raw: body, headers })
      const first = greenhouseBody(101)
      const accepted = yield* post(first, greenhouseHeaders(first, "evt-1"))
      expect(accepted.status, accepted.text).toBe(202)
      expect(accepted.json.event_id).toBe(`sha256:${createHash("sha256").update(first).digest("hex")}`)
      // The same signed delivery replayed with another header id is still the same delivery.
      const replay = yield* post(first, greenhouseHeaders(first, "evt-forged"))
      expect(replay.status).toBe(200)
      expect(replay.json).toEqual({ status: "duplicate", event_id: accepted.json.event_id })
      // An old delivery replayed under the id a real one will carry does not make the real one a duplicate.
      yield* post(first, greenhouseHeaders(first, "evt-2"))
      const real = greenhouseBody(102)
      const next = yield* post(real, greenhouseHeaders(real, "evt-2"))
      expect(next.status, next.text).toBe(202)
      expect(next.json.event_id).not.toBe(accepted.json.event_id)
    })
  )

  it.scopedLive("Lever: dedup is on the signed token (unsigned data changed: still a duplicate); an old or future triggeredAt is 401 stale_delivery", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const post = (body: string) => server.request("POST", "/api/webhooks/lever", { raw: body, headers: {} })
      const now = Date.now()
      const accepted = yield* post(leverBody("tok-1", now, { opportunityId: "opp-1" }))
      expect(accepted.status, accepted.text).toBe(202)
      expect(accepted.json.event_id).toBe("tok-1")
      const altered = yield* post(leverBody("tok-1", now, { opportunityId: "opp-2" }))
      expect(altered.json).toEqual({ status: "duplicate", event_id: "tok-1" })
      for (const at of [now - 10 * 60_000, now + 10 * 60_000]) {
        const stale = yield* post(leverBody(`tok-${at}`, at, { opportunityId: "opp-3" }))
        expect(stale.status, stale.text).toBe(401)
        expect(stale.json.error.code).toBe("stale_delivery")
        expect(stale.json.error.message).toContain("triggeredAt")
        expect(stale.text).not.toContain(secret)
      }
    })
  )

  it.scopedLive("the tolerance is configurable", () =>
    Effect.gen(function* () {
      const server = yield* serve(Duration.hours(1))
      const reply = yield* server.request("POST", "/api/webhooks/lever", {
        raw: leverBody("tok-old", Date.now() - 10 * 60_000, { opportunityId: "opp-1" }),
        headers: {}
      })
      expect(reply.status, reply.text).toBe(202)
    })
  )
})
