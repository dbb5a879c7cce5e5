/**
 * A push reports and stores a bounded number of record errors, whatever the input: every error is
 * counted, the first ones are listed, and stored failures have bounded messages and payloads.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as Push from "../../src/core/Push.js"
import type * as State from "../../src/core/State.js"
import * as Memory from "../../src/testing/Memory.js"

describe("push error bounds", () => {
  it.effect("50,000 undecodable records: 100 listed, all counted, at most 1,000 stored", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ name: "mem_origin" })
      const target = Memory.make({ name: "mem_target" })
      const stored: Array<State.FailedRecord> = []
      // Records without the required id and name: each fails to decode.
      const resources = Array.from({ length: 50_000 }, (_, i) => ({ nonsense: i }))
      const result = yield* Pipeline.push({
        resource: "job",
        origin,
        target,
        mode: "resources",
        resources,
        onFailures: (failures) => Effect.sync(() => void stored.push(...failures))
      })
      expect(result.errors).toHaveLength(Push.maxReportedErrors)
      expect(result.errors_total).toBe(50_000)
      expect(result.errors_truncated).toBe(true)
      expect(stored).toHaveLength(Push.maxStoredFailures)
      // The whole answer stays small: it no longer grows with the input.
      expect(JSON.stringify(result).length).toBeLessThan(64 * 1024)
    })
  )

  it.effect("a few errors are all listed, and the result says nothing was left out", () =>
    Effect.gen(function* () {
      const result = yield* Pipeline.push({
        resource: "job",
        origin: Memory.make({ name: "mem_origin" }),
        target: Memory.make({ name: "mem_target" }),
        mode: "resources",
        resources: [{ nonsense: 1 }, { nonsense: 2 }]
      })
      expect(result.errors).toHaveLength(2)
      expect(result.errors_total).toBe(2)
      expect(result.errors_truncated).toBe(false)
    })
  )

  it("stored messages and payloads are bounded", () => {
    const long = "x".repeat(Push.maxMessageLength * 5)
    expect(Push.boundMessage(long).length).toBeLessThan(Push.maxMessageLength + 40)
    expect(Push.boundMessage("short")).toBe("short")
    const big = { text: "y".repeat(Push.maxPayloadBytes * 2) }
    expect(Push.boundPayload(big)).toEqual({ truncated: true, bytes: JSON.stringify(big).length })
    expect(Push.boundPayload({ id: "1" })).toEqual({ id: "1" })
  })

  it.effect("5,000 events for records the origin lacks: the first skips listed, all counted", () =>
    Effect.gen(function* () {
      const count = Push.maxReportedSkipped * 5
      const events = Array.from({ length: count }, (_, i) => ({ type: "upserted", resource_id: `gone-${i}` }))
      const result = yield* Pipeline.push({
        resource: "job",
        origin: Memory.make({ name: "mem_origin" }),
        target: Memory.make({ name: "mem_target" }),
        mode: "events",
        events
      })
      expect(result.skipped_missing).toBe(count)
      expect(result.skipped).toHaveLength(Push.maxReportedSkipped)
      expect(result.skipped[0]).toEqual({ id: "gone-0", reason: "upserted event: not found in mem_origin" })
      expect(result.skipped_total).toBe(count)
      expect(result.skipped_truncated).toBe(true)
    })
  )

  it.effect("a few skips are all listed, and the result says nothing was left out", () =>
    Effect.gen(function* () {
      const result = yield* Pipeline.push({
        resource: "job",
        origin: Memory.make({ name: "mem_origin" }),
        target: Memory.make({ name: "mem_target" }),
        mode: "events",
        events: [
          { type: "upserted", resource_id: "a" },
          { type: "upserted", resource_id: "b" }
        ]
      })
      expect(result.skipped.map((s) => s.id).sort()).toEqual(["a", "b"])
      expect(result.skipped_total).toBe(2)
      expect(result.skipped_truncated).toBe(false)
    })
  )
})
