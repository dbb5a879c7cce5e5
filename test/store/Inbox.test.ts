/**
 * The webhook inbox contract: a delivery accepted is kept until it is completed, survives reopening
 * the store, is accepted once however often it is retried, and pruning by age never forgets the id
 * of a delivery still pending.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as State from "../../src/core/State.js"
import * as Store from "../../src/store/index.js"
import { type Engine, engines, postgresSkipReason } from "../connectors/sql/Engines.js"

const delivery = (id: string): State.Delivery => ({
  event: { type: "updated", resource: "job", resource_id: id },
  body: JSON.stringify({ event: "job.updated", id }),
  headers: { "content-type": "application/json", "x-signature": `sig-${id}` }
})

const contract = (store: State.StateStoreService) =>
  Effect.gen(function* () {
    expect(yield* store.acceptDelivery("warehouse_a", "evt-1", delivery("job-1"))).toBe(true)
    expect(yield* store.acceptDelivery("warehouse_a", "evt-1", delivery("job-1"))).toBe(false)
    expect(yield* store.acceptDelivery("warehouse_a", "evt-2", delivery("job-2"))).toBe(true)
    expect(yield* store.acceptDelivery("hrflow", "evt-1", delivery("p-1"))).toBe(true)
    const pending = yield* store.pendingDeliveries("warehouse_a")
    expect(pending.map((d) => [d.event_id, d.event, d.body, d.headers])).toEqual([
      ["evt-1", delivery("job-1").event, delivery("job-1").body, delivery("job-1").headers],
      ["evt-2", delivery("job-2").event, delivery("job-2").body, delivery("job-2").headers]
    ])
    yield* store.completeDelivery("warehouse_a", "evt-1")
    expect((yield* store.pendingDeliveries("warehouse_a")).map((d) => d.event_id)).toEqual(["evt-2"])
    // Completed is still remembered: a late retry is a duplicate.
    expect(yield* store.acceptDelivery("warehouse_a", "evt-1", delivery("job-1"))).toBe(false)
    // Concurrent retries of one delivery: exactly one is accepted, one row is pending.
    const firsts = yield* Effect.forEach(Array.from({ length: 20 }), () => store.acceptDelivery("greenhouse", "race", delivery("j")), {
      concurrency: "unbounded"
    })
    expect(firsts.filter((first) => first)).toHaveLength(1)
    expect(yield* store.pendingDeliveries("greenhouse")).toHaveLength(1)
    yield* store.recordFailures([{ pipeline_id: "webhook:warehouse_a", record_id: "job-9", stage: "event", message: "boom" }])
    // Everything is older than a date in the future: pending ids are kept, the rest goes.
    const pruned = yield* store.prune("9999-01-01T00:00:00.000Z")
    // Only warehouse_a's evt-1 is done; the other three are pending.
    expect(pruned).toEqual({ events: 1, failures: 1 })
    expect(yield* store.acceptDelivery("warehouse_a", "evt-2", delivery("job-2"))).toBe(false)
    expect(yield* store.acceptDelivery("greenhouse", "race", delivery("j"))).toBe(false)
    expect(yield* store.acceptDelivery("warehouse_a", "evt-1", delivery("job-1"))).toBe(true)
    expect(yield* store.listFailures()).toEqual([])
    // Nothing is older than the epoch.
    expect(yield* store.prune("1970-01-01T00:00:00.000Z")).toEqual({ events: 0, failures: 0 })
  })

describe("webhook inbox (in-memory store)", () => {
  it.effect("accepts once, keeps until completed, prunes only what is done", () => Effect.flatMap(State.makeMemory, contract))
})

const open = (engine: Engine) => Effect.map(engine.fresh, ({ uri, prefix }) => ({ uri, prefix: `${prefix}state_` }))

for (const engine of engines) {
  describe(`webhook inbox on ${engine.name}`, () => {
    it.scopedLive("accepts once, keeps until completed, prunes only what is done", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* open(engine)
        yield* contract(yield* Store.makeFromUri(uri, { tablePrefix: prefix }))
      })
    )

    it.scopedLive("a pending delivery survives reopening the store", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* open(engine)
        yield* Effect.scoped(Effect.flatMap(Store.makeFromUri(uri, { tablePrefix: prefix }), (store) => store.acceptDelivery("lever", "t-1", delivery("c-1"))))
        const reopened = yield* Store.makeFromUri(uri, { tablePrefix: prefix })
        expect((yield* reopened.pendingDeliveries("lever")).map((d) => d.event_id)).toEqual(["t-1"])
      })
    )
  })
}

if (postgresSkipReason) {
  describe("webhook inbox on postgres", () => {
    it.skip(`skipped: ${postgresSkipReason}`, () => {})
  })
}
